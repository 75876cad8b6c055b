"""iCalendar (RFC 5545) for livestreams: a feed shoppers subscribe to in their
phone's calendar, and one event to add. Times carry the Asia/Ho_Chi_Minh zone."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from vietnam.site import absolute_url

PRODID = "-//Cho OCOP//Livestream//VI"


def livestream_calendar(*, livestreams, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    for page in livestreams:
        calendar.add_component(livestream_vevent(page=page))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def livestream_vevent(*, page) -> Event:
    """Links and the UID on the canonical host: a calendar keeps them for
    months, whichever address the feed was fetched from."""
    url = absolute_url(page.get_url())
    event = Event()
    event.add("uid", f"livestream-{page.pk}@{urlsplit(settings.SITE_URL).hostname}")
    event.add("summary", page.title)
    event.add("dtstart", timezone.localtime(page.starts_at))
    event.add("dtend", timezone.localtime(page.ends_at))
    event.add("dtstamp", page.last_published_at or timezone.now())
    event.add("url", url)
    event.add("location", page.stream_url)
    details = [
        f"{page.host.partner.name} · {page.get_platform_display()}",
        page.summary,
        url,
    ]
    event.add("description", "\n".join(part for part in details if part))
    return event
