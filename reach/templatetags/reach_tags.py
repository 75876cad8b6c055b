"""Head tags for shopper pages: `{% product_head product %}`,
`{% seller_head seller %}`, `{% page_head page picture=… %}`, each rendering
reach/head.html inside the layout's `{% block extrahead %}`."""

from django import template

from reach import heads, jsonld

register = template.Library()


def _nonce(context) -> str:
    request = context.get("request")
    return str(getattr(request, "csp_nonce", "") or "")


@register.inclusion_tag("reach/head.html", takes_context=True)
def product_head(context, product):
    strategy = context["request"].strategy
    return {
        "head": heads.product_head(product=product, strategy=strategy),
        "nonce": _nonce(context),
    }


@register.inclusion_tag("reach/head.html", takes_context=True)
def seller_head(context, seller):
    return {"head": heads.seller_head(seller=seller), "nonce": _nonce(context)}


@register.inclusion_tag("reach/head.html", takes_context=True)
def page_head(context, page, picture=None, extra=None, lead=""):
    return {
        "head": heads.page_head(page=page, picture=picture, extra=extra, lead=lead),
        "nonce": _nonce(context),
    }


@register.simple_tag
def jsonld_script(data, nonce=""):
    return jsonld.script(data, nonce=nonce)
