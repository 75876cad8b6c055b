"""`{% cached_card product among products %}…{% endcached_card %}` around a
product card's include: the card's HTML is kept per product and language
until the product changes (freshness), so a page that missed its own cache
re-renders only the cards that changed. On the first card, all cards of
`among` are fetched in one cache round trip, and the data of those to render
(stock, prices, pictures, pack sizes) in a fixed number of queries."""

from django import template
from django.conf import settings
from django.db.models import prefetch_related_objects
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

import freshness
from catalog.selectors import card_prefetches

register = template.Library()


def card_key(pk) -> str:
    return f"card:{get_language()}:{pk}"


class CachedCardNode(template.Node):
    def __init__(self, nodelist, product, among):
        self.nodelist, self.product, self.among = nodelist, product, among

    def cards(self, context, product) -> dict:
        """The cached cards of this render, looked up (and the data of the
        others fetched) when `product` is met for the first time."""
        found = context.render_context.setdefault(self, {})
        if card_key(product.pk) in found:
            return found
        among = list(self.among.resolve(context) or ())
        if product not in among:
            among.append(product)
        keys = [card_key(item.pk) for item in among]
        found.update(dict.fromkeys(keys))
        if settings.FRAGMENT_CACHE_SECONDS > 0:
            found.update(freshness.fetch(keys))
        missed = [item for item in among if found[card_key(item.pk)] is None]
        prefetch_related_objects(missed, *card_prefetches())
        return found

    def render(self, context):
        seconds = settings.FRAGMENT_CACHE_SECONDS
        product = self.product.resolve(context)
        if getattr(product, "pk", None) is None:
            return self.nodelist.render(context)
        html = self.cards(context, product)[card_key(product.pk)]
        request = context.get("request")
        if seconds <= 0 or request is None:
            return self.nodelist.render(context)
        if html is not None:
            if freshness.PLACEHOLDER in html:
                token = context.render_context.get("csrf_token") or get_token(request)
                context.render_context["csrf_token"] = token
                html = html.replace(freshness.PLACEHOLDER, token.encode())
            return mark_safe(html.decode())
        with freshness.recording() as recorded:
            freshness.depends(freshness.product(product.pk))
            html = self.nodelist.render(context)
        freshness.store(
            card_key(product.pk),
            freshness.blank_token(html.encode()),
            recorded=recorded,
            seconds=seconds,
        )
        return html


@register.tag
def cached_card(parser, token):
    bits = token.split_contents()
    if len(bits) != 4 or bits[2] != "among":
        raise template.TemplateSyntaxError(
            "usage: {% cached_card product among products %}"
        )
    nodelist = parser.parse(("endcached_card",))
    parser.delete_first_token()
    return CachedCardNode(
        nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[3])
    )
