"""`{% cached_card product among products %}…{% endcached_card %}` around a
product card's include: the card's HTML is kept per product and language
until the product changes (freshness), so a page that missed its own cache
re-renders only the cards that changed. All cards of `among` are fetched in
one cache round trip, on the first card."""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

import freshness

register = template.Library()


def card_key(pk) -> str:
    return f"card:{get_language()}:{pk}"


class CachedCardNode(template.Node):
    def __init__(self, nodelist, product, among):
        self.nodelist, self.product, self.among = nodelist, product, among

    def render(self, context):
        seconds = settings.FRAGMENT_CACHE_SECONDS
        product = self.product.resolve(context)
        if seconds <= 0 or getattr(product, "pk", None) is None:
            return self.nodelist.render(context)
        key = card_key(product.pk)
        found = context.render_context.setdefault(self, {})
        if key not in found:
            keys = [card_key(item.pk) for item in self.among.resolve(context) or ()]
            found.update(dict.fromkeys([*keys, key]))
            found.update(freshness.fetch(keys if key in keys else [*keys, key]))
        request = context.get("request")
        if found[key] is not None and request is not None:
            return mark_safe(freshness.fill_token(request, found[key]).decode())
        with freshness.recording() as recorded:
            freshness.depends(freshness.product(product.pk))
            html = self.nodelist.render(context)
        freshness.store(
            key,
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
