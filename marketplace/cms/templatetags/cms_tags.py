import json
from datetime import UTC
from urllib.parse import urlencode

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.templatetags.wagtailcore_tags import richtext

from marketplace.cms.forms import ComplaintForm
from marketplace.cms.sanitise import html_clean

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can close the tag.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def clean_richtext(value):
    """Wagtail's rich text rendering, then cleaned: see marketplace.cms.sanitise."""
    return mark_safe(html_clean(richtext(value)))


@register.simple_tag
def jsonld(data):
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(JSON_SCRIPT_ESCAPES)),
    )


@register.simple_tag(takes_context=True)
def google_calendar_url(context, page):
    """Google Calendar's "add event" link: the most used calendar on Android."""

    def utc(moment):
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    request = context["request"]
    query = {
        "action": "TEMPLATE",
        "text": page.title,
        "dates": f"{utc(page.starts_at)}/{utc(page.ends_at)}",
        "details": page.get_full_url(request),
        "location": page.stream_url,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


@register.simple_tag
def complaint_form():
    """An empty viewers' complaint form for the live page (which may be cached)."""
    return ComplaintForm()
