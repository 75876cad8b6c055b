"""Calendar feeds parse with the icalendar library and carry the right times;
the schedule lists livestreams by day and week; JSON-LD is valid schema.org."""

import json
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import active_seller, livestream

pytestmark = pytest.mark.django_db
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def sellers(cms_tree):
    cam_my = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    doan_hung = active_seller(
        name="HTX Bưởi Đoan Hùng", tax_code="0312345673", email="dh@example.com"
    )
    return cam_my, doan_hung


def events(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_holds_every_published_livestream_at_its_times(client, sellers):
    cam_my, doan_hung = sellers
    tea = livestream(host=cam_my, title="Chè Cẩm Mỹ", starts_in=timedelta(days=1))
    livestream(host=doan_hung, title="Bưởi Đoan Hùng", starts_in=timedelta(days=2))
    livestream(host=cam_my, title="Bản nháp", publish=False)
    found = events(client.get(reverse("cms:calendar-all")))
    assert set(found) == {"Chè Cẩm Mỹ", "Bưởi Đoan Hùng"}
    event = found["Chè Cẩm Mỹ"]
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == tea.starts_at and end == tea.ends_at
    assert start.utcoffset() == timedelta(hours=7)  # written in Vietnam time
    assert str(event["url"]).endswith(tea.url)
    assert str(event["location"]) == tea.stream_url


def test_the_calendar_declares_the_vietnam_time_zone(client, sellers):
    livestream(host=sellers[0], title="Chè")
    calendar = Calendar.from_ical(client.get(reverse("cms:calendar-all")).content)
    zones = [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")]
    assert zones == ["Asia/Ho_Chi_Minh"]


def test_a_sellers_feed_holds_only_its_livestreams(client, sellers):
    cam_my, doan_hung = sellers
    livestream(host=cam_my, title="Chè Cẩm Mỹ")
    livestream(host=doan_hung, title="Bưởi Đoan Hùng")
    url = reverse("cms:calendar-seller", kwargs={"slug": cam_my.slug})
    assert set(events(client.get(url))) == {"Chè Cẩm Mỹ"}


def test_unknown_seller_and_unpublished_event_are_404(client, sellers):
    draft = livestream(host=sellers[0], title="Bản nháp", publish=False)
    assert client.get("/calendar/livestreams/khong-co.ics").status_code == 404
    url = reverse("cms:calendar-event", kwargs={"pk": draft.pk})
    assert client.get(url).status_code == 404


def test_add_to_calendar_for_one_event(client, sellers):
    page = livestream(host=sellers[0], title="Chè Cẩm Mỹ")
    html = client.get(page.url).content.decode()
    url = reverse("cms:calendar-event", kwargs={"pk": page.pk})
    assert url in html and "calendar.google.com" in html
    start = page.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert start in html
    response = client.get(url)
    assert "attachment" in response["Content-Disposition"]
    assert list(events(response)) == ["Chè Cẩm Mỹ"]


def test_livestream_page_has_event_json_ld(client, sellers):
    page = livestream(host=sellers[0], title="Chè Cẩm Mỹ <script>")
    html = client.get(page.url).content.decode()
    blocks = re.findall(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S
    )
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    event, broadcast, breadcrumbs = data["@graph"]
    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert event["@type"] == "Event" and broadcast["@type"] == "BroadcastEvent"
    assert event["name"] == "Chè Cẩm Mỹ <script>"
    assert datetime.fromisoformat(event["startDate"]) == page.starts_at
    assert datetime.fromisoformat(event["endDate"]) == page.ends_at
    assert event["startDate"].endswith("+07:00")
    assert event["location"] == {"@type": "VirtualLocation", "url": page.stream_url}
    assert event["organizer"]["name"] == "HTX Chè Cẩm Mỹ"
    assert broadcast["isLiveBroadcast"] is True
    assert broadcast["broadcastOfEvent"] == {"@id": event["@id"]}


def test_schedule_by_day_and_by_week(client, cms_tree, sellers, settings):
    settings.SITE_URL = "https://cho.example.vn"
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    at = datetime.combine(monday, datetime.min.time(), tzinfo=VIETNAM)
    cam_my = sellers[0]
    for day, title in ((0, "Thứ hai chè"), (3, "Thứ năm chè"), (8, "Tuần sau chè")):
        starts_in = at + timedelta(days=day, hours=20) - timezone.now()
        livestream(host=cam_my, title=title, starts_in=starts_in)
    index = cms_tree["livestreams"].url
    week = client.get(index, {"view": "week", "date": monday.isoformat()})
    html = week.content.decode()
    assert "Thứ hai chè" in html and "Thứ năm chè" in html
    assert "Tuần sau chè" not in html
    assert 'href="webcal://cho.example.vn/calendar/livestreams.ics"' in html
    day = client.get(
        index, {"view": "day", "date": (monday + timedelta(days=3)).isoformat()}
    )
    html = day.content.decode()
    assert "Thứ năm chè" in html and "Thứ hai chè" not in html
    following = client.get(
        index, {"view": "week", "date": (monday + timedelta(days=7)).isoformat()}
    )
    assert "Tuần sau chè" in following.content.decode()


@pytest.mark.parametrize(
    "query", [{"date": "2026-13-45"}, {"view": "x", "date": "%00"}]
)
def test_odd_schedule_queries_show_this_week(client, cms_tree, query):
    response = client.get(cms_tree["livestreams"].url, query)
    assert response.status_code == 200
    assert response.context["schedule"].view == "week"


@pytest.mark.parametrize(
    "query",
    [
        {"date": "9999-12-31"},
        {"view": "day", "date": "0001-01-01"},
        {"view": "week", "date": "0001-01-01"},
        {"view": "day", "date": "9999-12-30"},
        {"view": "week", "date": "9999-12-30"},
    ],
)
def test_dates_at_the_ends_of_the_calendar_show_today(client, cms_tree, query):
    """They overflowed the week's arithmetic (OverflowError, a 500)."""
    response = client.get(cms_tree["livestreams"].url, query)
    assert response.status_code == 200
    schedule = response.context["schedule"]
    assert schedule.start <= timezone.localdate() <= schedule.end


def test_an_event_id_beyond_any_database_integer_is_404(client, sellers):
    response = client.get("/calendar/livestreams/event/999999999999999999999.ics")
    assert response.status_code == 404
