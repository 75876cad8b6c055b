"""Sellers propose livestreams from their workspace; editors approve or reject
them in Wagtail's moderation; sellers never enter the Wagtail admin."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.test.factories import UserFactory
from wagtail.models import WorkflowState

from marketplace.cms.models import LivestreamPage
from tests.factories import active_seller, seller_product

pytestmark = pytest.mark.django_db
ROLES = ["own", "other", "customer", "anonymous", "staff"]
PROPOSE = reverse("livestream-workspace:propose")
LIST = reverse("livestream-workspace:list")


@pytest.fixture
def shop(cms_tree):
    cam_my = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    doan_hung = active_seller(
        name="HTX Bưởi Đoan Hùng", tax_code="0312345673", email="dh@example.com"
    )
    return {
        "cam_my": cam_my,
        "doan_hung": doan_hung,
        "tea": seller_product(cam_my, title="Chè xanh Cẩm Mỹ"),
        "pomelo": seller_product(doan_hung, title="Bưởi Đoan Hùng"),
        "tree": cms_tree,
    }


def login(client, role, shop):
    users = {
        "own": lambda: shop["cam_my"].partner.users.get(),
        "other": lambda: shop["doan_hung"].partner.users.get(),
        "customer": lambda: UserFactory(),
        "staff": lambda: UserFactory(is_staff=True, is_superuser=True),
    }
    if role != "anonymous":
        user = users[role]()
        client.force_login(user)
        return user


def refused(response) -> bool:
    if response.status_code == 302:
        return "login" in response["Location"]
    return response.status_code in (403, 404)


def proposal(products=(), **fields):
    start = (timezone.localtime() + timedelta(days=2)).replace(
        hour=20, minute=0, second=0, microsecond=0
    )
    return {
        "title": "Livestream chè Cẩm Mỹ",
        "platform": "tiktok",
        "stream_url": "https://www.tiktok.com/@chocammy/live",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "summary": "Pha trà xanh",
        "streamer_name": "Hà Thị Lan",
        "streamer_phone": "0912 345 678",
        "products": [p.pk for p in products],
        **fields,
    }


def test_a_proposal_becomes_a_draft_in_moderation(client, shop):
    login(client, "own", shop)
    response = client.post(PROPOSE, proposal([shop["tea"]]))
    assert response.status_code == 302
    page = LivestreamPage.objects.get()
    assert not page.live and page.host == shop["cam_my"]
    assert page.get_parent().specific == shop["tree"]["livestreams"]
    assert [item.product for item in page.featured_products.all()] == [shop["tea"]]
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert (
        client.get(page.url or "/livestream/livestream-che-cam-my/").status_code == 404
    )
    assert "Đang chờ duyệt" in client.get(LIST).content.decode()


def staff_acts(client, page, action, comment=""):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    task_state = page.current_workflow_state.current_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk)
    )
    return client.post(url, {"comment": comment})


def verify(page):
    """What staff do in the Wagtail admin once they saw the streamer's CCCD."""
    streamer = page.streamers.get().livestreamer
    streamer.document_number, streamer.verified_at = "025190001234", timezone.now()
    streamer.save()


def test_staff_publish_it_and_the_seller_sees_it(client, shop):
    user = login(client, "own", shop)
    client.post(PROPOSE, proposal())
    page = LivestreamPage.objects.get()
    assert page.streamers.get().livestreamer.phone == "0912345678"
    # Approving from the dashboard's modal before the streamer is verified is
    # refused by the model's guard (Wagtail answers with its "no permission").
    response = staff_acts(client, page, "approve")
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    verify(page)
    staff_acts(client, page, "approve")
    page.refresh_from_db()
    assert page.live
    feed = client.get(reverse("cms:calendar-all")).content.decode()
    assert "Livestream chè Cẩm Mỹ" in feed
    client.force_login(user)
    assert "Đã đăng" in client.get(LIST).content.decode()


def test_staff_reject_with_a_reason_the_seller_reads(client, shop):
    user = login(client, "own", shop)
    client.post(PROPOSE, proposal())
    page = LivestreamPage.objects.get()
    staff_acts(client, page, "reject", "Giờ phát trùng với phiên khác")
    page.refresh_from_db()
    assert not page.live
    client.force_login(user)
    html = client.get(LIST).content.decode()
    assert "Chưa được duyệt" in html and "Giờ phát trùng với phiên khác" in html


@pytest.mark.parametrize(
    "fields, field, message",
    [
        (
            {"ends_at": "2026-12-01T19:00", "starts_at": "2026-12-01T20:00"},
            "ends_at",
            "Phiên livestream phải kết thúc sau khi bắt đầu.",
        ),
        (
            {"stream_url": "ftp://example.com/live"},
            "stream_url",
            "Nhập địa chỉ web bắt đầu bằng http:// hoặc https://.",
        ),
    ],
)
def test_bad_input_gets_field_messages(client, shop, fields, field, message):
    login(client, "own", shop)
    response = client.post(PROPOSE, proposal(**fields))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not LivestreamPage.objects.exists()


def test_a_seller_cannot_feature_another_sellers_product(client, shop):
    login(client, "own", shop)
    response = client.post(PROPOSE, proposal([shop["pomelo"]]))
    assert response.status_code == 200 and "products" in response.context["form"].errors
    assert not LivestreamPage.objects.exists()


@pytest.mark.parametrize("how", ["query", "post"])
def test_a_seller_proposing_for_another_seller_is_refused(client, shop, how):
    login(client, "own", shop)
    other = shop["doan_hung"].slug
    if how == "query":
        response = client.post(f"{PROPOSE}?seller={other}", proposal())
    else:
        response = client.post(PROPOSE, proposal(seller=other))
    assert response.status_code == 403
    assert not LivestreamPage.objects.exists()


def test_seller_users_never_enter_the_wagtail_admin(client, shop):
    login(client, "own", shop)
    client.post(PROPOSE, proposal())
    for url in ("/cms/", f"/cms/pages/{LivestreamPage.objects.get().pk}/edit/"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "login" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_isolation_proposal_list(client, shop, role):
    login(client, "own", shop)
    client.post(PROPOSE, proposal(title="Phiên riêng của Cẩm Mỹ"))
    client.logout()
    login(client, role, shop)
    response = client.get(LIST)
    if role == "anonymous" or role == "customer":
        assert refused(response)
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert ("Phiên riêng của Cẩm Mỹ" in html) == (role in ("own", "staff"))
    # Only staff are pointed to the Wagtail editor.
    editor = f"/cms/pages/{LivestreamPage.objects.get().pk}/edit/"
    assert (editor in html) == (role == "staff")


@pytest.mark.parametrize("role", ROLES)
def test_isolation_propose(client, shop, role):
    login(client, role, shop)
    query = f"?seller={shop['cam_my'].slug}" if role == "staff" else ""
    page = client.get(PROPOSE + query)
    response = client.post(PROPOSE + query, proposal())
    created = LivestreamPage.objects.first()
    if role in ("customer", "anonymous"):
        assert refused(page) and refused(response) and created is None
    elif role == "other":
        # Its own proposal, never one for HTX Chè Cẩm Mỹ.
        assert created.host == shop["doan_hung"]
    else:
        assert page.status_code == 200 and created.host == shop["cam_my"]


def test_staff_must_choose_a_seller_to_propose(client, shop):
    login(client, "staff", shop)
    assert client.get(PROPOSE).status_code == 404
