"""`{% shared_part "content" %}…{% endshared_part %}` around the parts of the
product page that every visitor without an account sees alike. The view
(catalog.views.ProductDetailView) keeps them per product and language until
the product changes (freshness), so a page that missed the whole-page cache
(a shopper with a basket, or the page cache off) costs its layout, not the
product's queries and templates. Without `shared_parts` in the context (a
signed-in shopper: their alerts and reviews differ) the part renders as is."""

from dataclasses import dataclass, field

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@dataclass
class SharedParts:
    """Filled in by the parts while the page renders (`stored` False), or
    read back from the cache (`stored` True, tokens and nonce renewed)."""

    html: dict[str, str] = field(default_factory=dict)
    stored: bool = False


class SharedPartNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        parts = context.get("shared_parts")
        if parts is None:
            return self.nodelist.render(context)
        if parts.stored:
            return mark_safe(parts.html.get(self.name, ""))
        html = parts.html[self.name] = self.nodelist.render(context)
        return html


@register.tag
def shared_part(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('usage: {% shared_part "name" %}')
    nodelist = parser.parse(("endshared_part",))
    parser.delete_first_token()
    return SharedPartNode(nodelist, bits[1][1:-1])
