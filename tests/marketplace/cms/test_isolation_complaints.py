"""Every tenant stays in its room: (own seller, other seller, customer,
anonymous, staff) × the livestream complaint pages. A seller reads the
complaints about its own livestreams only; the staff queue and the records
are staff-only."""

from datetime import timedelta

import pytest
from django.urls import reverse

from marketplace.cms import services
from tests.factories import livestream
from tests.sellers.test_isolation import login, refused

pytestmark = pytest.mark.django_db
ROLES = ["own", "other", "customer", "anonymous", "staff"]


@pytest.fixture
def complaints(market, cms_tree):
    cam_my = livestream(host=market["cam_my"], starts_in=timedelta(minutes=-5))
    doan_hung = livestream(
        host=market["doan_hung"], title="Bưởi Đoan Hùng", starts_in=timedelta(0)
    )
    services.complaint_file(livestream=cam_my, message="Chè nói sai xuất xứ")
    services.complaint_file(livestream=doan_hung, message="Bưởi sai giá")
    return market


@pytest.mark.parametrize("role", ROLES)
def test_the_seller_reads_complaints_about_its_own_streams_only(
    client, complaints, role
):
    login(client, role, complaints)
    response = client.get(reverse("livestream-workspace:complaints"))
    if role in ("customer", "anonymous"):
        assert refused(response)
        return
    body = response.content.decode()
    assert response.status_code == 200
    assert ("Chè nói sai xuất xứ" in body) == (role in ("own", "staff"))
    assert ("Bưởi sai giá" in body) == (role in ("other", "staff"))


@pytest.mark.parametrize("role", ["own", "other"])
def test_a_seller_naming_another_seller_is_refused(client, complaints, role):
    login(client, role, complaints)
    other = complaints["doan_hung" if role == "own" else "cam_my"]
    response = client.get(
        reverse("livestream-workspace:complaints"), {"seller": other.slug}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name",
    [
        "wagtailsnippets_cms_livestreamcomplaint:list",
        "wagtailsnippets_cms_livestreamer:list",
        "cms_livestream_records",
    ],
)
def test_the_queue_identities_and_records_are_staff_only(
    client, complaints, role, name
):
    login(client, role, complaints)
    response = client.get(reverse(name))
    if role == "staff":
        assert response.status_code == 200
    else:
        assert refused(response)
        assert "Bưởi sai giá" not in response.content.decode()


@pytest.mark.parametrize("role", ["own", "other", "customer", "anonymous"])
def test_no_one_but_staff_changes_a_complaint(client, complaints, role):
    from marketplace.cms.models import LivestreamComplaint

    login(client, role, complaints)
    complaint = LivestreamComplaint.objects.get(message="Chè nói sai xuất xứ")
    url = reverse("wagtailsnippets_cms_livestreamcomplaint:edit", args=[complaint.pk])
    client.post(url, {"status": "resolved", "reply": "Xong"})
    complaint.refresh_from_db()
    assert complaint.status == "new" and complaint.reply == ""
