"""schema.org data for livestreams: an online Event and the BroadcastEvent that
carries it, so search engines and chat apps show the time and the seller."""

from django.utils import timezone

from reach.jsonld import organization
from vietnam.site import absolute_url


def livestream_event(*, page) -> dict:
    url = absolute_url(page.get_url())
    event = {
        "@type": "Event",
        "@id": f"{url}#event",
        "name": page.title,
        "description": page.summary,
        "url": url,
        "startDate": timezone.localtime(page.starts_at).isoformat(),
        "endDate": timezone.localtime(page.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "inLanguage": "vi",
        "location": {"@type": "VirtualLocation", "url": page.stream_url},
        "organizer": organization(partner=page.host.partner, seller=page.host),
    }
    broadcast = {
        "@type": "BroadcastEvent",
        "name": page.title,
        "isLiveBroadcast": True,
        "startDate": event["startDate"],
        "endDate": event["endDate"],
        "url": page.stream_url,
        "broadcastOfEvent": {"@id": event["@id"]},
    }
    if page.replay_url and page.has_ended:
        broadcast["recordedIn"] = {"@type": "CreativeWork", "url": page.replay_url}
    return {"@context": "https://schema.org", "@graph": [event, broadcast]}
