from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, key: str, value) -> str:
    """The current query string with `key` set to `value` (or removed when it
    already has that value: a second tap undoes a facet), and no page number."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    if query.get(key) == str(value):
        query.pop(key)
    else:
        query[key] = value
    return "?" + query.urlencode()
