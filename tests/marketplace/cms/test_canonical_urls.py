"""What leaves the site carries SITE_URL's origin, whatever Host the request
used: calendars, JSON-LD, emails, Wagtail's Site record."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar
from wagtail.models import Site

from marketplace.checkout import emails as checkout_emails
from tests.factories import active_seller, livestream

pytestmark = pytest.mark.django_db
CANONICAL = "https://cho.example.vn"
OTHER_HOST = "ocop.other-domain.vn"


@pytest.fixture
def canonical(settings):
    settings.SITE_URL = CANONICAL
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, OTHER_HOST]


@pytest.fixture
def stream(cms_tree, canonical):
    seller = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    return livestream(host=seller, title="Hái chè", starts_in=timedelta(days=1))


def test_calendar_events_carry_the_canonical_origin(client, stream):
    response = client.get(reverse("cms:calendar-all"), HTTP_HOST=OTHER_HOST)
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["url"]) == CANONICAL + stream.url
    assert str(event["uid"]).endswith("@cho.example.vn")
    assert OTHER_HOST not in response.content.decode()


def test_livestream_json_ld_carries_the_canonical_origin(client, stream):
    html = client.get(stream.url, HTTP_HOST=OTHER_HOST).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    event = json.loads(block.group(1))["@graph"][0]
    assert event["url"] == CANONICAL + stream.url
    assert event["organizer"]["url"].startswith(CANONICAL + "/sellers/")
    assert OTHER_HOST not in block.group(1)


def test_wagtail_site_record_follows_site_url(cms_tree, canonical):
    from marketplace.cms.services import home_page_install

    home_page_install()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("cho.example.vn", 443)
    assert site.root_url == CANONICAL


def test_order_emails_link_to_the_canonical_origin(
    market, canonical, django_capture_on_commit_callbacks
):
    market["order"].guest_email = "lan@example.com"
    market["order"].save()
    checkout_emails.order_emails_send(order=market["order"])
    shopper = next(m for m in mail.outbox if m.to == ["lan@example.com"])
    assert CANONICAL + "/checkout/don-hang/" in shopper.body
