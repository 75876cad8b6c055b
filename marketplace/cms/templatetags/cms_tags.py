from datetime import UTC
from urllib.parse import urlencode

from django import template
from django.utils.safestring import mark_safe
from wagtail.templatetags.wagtailcore_tags import richtext

from marketplace.cms.sanitise import html_clean

register = template.Library()


@register.filter
def clean_richtext(value):
    """Wagtail's rich text rendering, then cleaned: see marketplace.cms.sanitise."""
    return mark_safe(html_clean(richtext(value)))


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
