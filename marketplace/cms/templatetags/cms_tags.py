from datetime import UTC
from urllib.parse import urlencode

from django import template
from django.utils.safestring import mark_safe
from wagtail.templatetags.wagtailcore_tags import richtext

from marketplace.cms.forms import ComplaintForm
from marketplace.cms.sanitise import html_clean
from vietnam.site import absolute_url

register = template.Library()


@register.filter
def clean_richtext(value):
    """Wagtail's rich text rendering, then cleaned: see marketplace.cms.sanitise."""
    return mark_safe(html_clean(richtext(value)))


@register.simple_tag
def webcal_url(path):
    """The calendar app's subscription link, on the canonical host."""
    return "webcal://" + absolute_url(path).split("://", 1)[1]


@register.simple_tag
def google_calendar_url(page):
    """Google Calendar's "add event" link: the most used calendar on Android."""

    def utc(moment):
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    query = {
        "action": "TEMPLATE",
        "text": page.title,
        "dates": f"{utc(page.starts_at)}/{utc(page.ends_at)}",
        "details": absolute_url(page.get_url()),
        "location": page.stream_url,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


@register.simple_tag
def complaint_form():
    """An empty viewers' complaint form for the live page (which may be cached)."""
    return ComplaintForm()
