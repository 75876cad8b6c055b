"""A suspended seller's users read their workspace, with a banner saying why,
and change nothing (products, stock, prices, batches, livestreams, lines,
profile) until staff reinstate the shop. Staff are never held back."""

import pytest
from django.urls import reverse
from oscar.test.factories import UserFactory

from sellers import services
from tests.factories import traced_batch

pytestmark = pytest.mark.django_db
BANNER = "Gian hàng của bạn đang bị tạm ngừng"


@pytest.fixture
def suspended(market, client):
    cam_my = market["cam_my"]
    batch = traced_batch(product=market["tea"])
    services.seller_suspend(profile=cam_my, reason="Hồ sơ VietGAP hết hạn")
    client.force_login(cam_my.partner.users.get())
    return {**market, "batch": batch}


def changes(market):
    """Every kind of change a seller makes, as (url, data)."""
    tea, line, batch = market["tea"], market["line"], market["batch"]
    record = tea.stockrecords.get()
    return {
        "product and price": (
            f"/dashboard/catalogue/products/{tea.pk}/",
            {"title": "Đổi tên", "stockrecords-0-price": "1"},
        ),
        "line status": (
            reverse("workspace:line-status", kwargs={"pk": line.pk}),
            {"status": "confirmed"},
        ),
        "profile": (reverse("workspace:profile"), {"story": "Đổi"}),
        "shipping": (reverse("workspace:shipping"), {"same_province_fee": "1"}),
        "farm": (reverse("trace-workspace:farms"), {"name": "Đồi mới"}),
        "batch": (
            reverse("trace-workspace:batch", kwargs={"pk": batch.pk}),
            {"kind": "harvest", "note": "Hái"},
        ),
        "livestream": (reverse("livestream-workspace:propose"), {"title": "Live"}),
        "new product": (
            reverse("workspace:product-create"),
            {"title": "Chè mới", "price": "120000", "num_in_stock": "5"},
        ),
        "product in the workspace": (
            reverse("workspace:product-edit", kwargs={"pk": tea.pk}),
            {"title": "Đổi tên", "description": ""},
        ),
        "stock": (
            f"/dashboard/catalogue/products/{tea.pk}/",
            {"stockrecords-0-id": record.pk, "stockrecords-0-num_in_stock": "999"},
        ),
    }


def state(market):
    tea, line, batch = market["tea"], market["line"], market["batch"]
    for item in (tea, line, batch, market["cam_my"]):
        item.refresh_from_db()
    record = tea.stockrecords.get()
    return (
        tea.title,
        record.price,
        record.num_in_stock,
        line.status,
        market["cam_my"].story,
        batch.events.count(),
        batch.farm.partner.farms.count(),
        type(tea).objects.count(),
    )


@pytest.mark.parametrize(
    "name",
    [
        "workspace:lines",
        "workspace:profile",
        "trace-workspace:batches",
        "livestream-workspace:list",
    ],
)
def test_a_suspended_seller_reads_its_workspace_with_the_reason(
    client, suspended, name
):
    page = client.get(reverse(name))
    assert page.status_code == 200
    html = page.content.decode()
    assert BANNER in html and "Hồ sơ VietGAP hết hạn" in html


def test_the_product_list_is_readable_too(client, suspended):
    page = client.get("/dashboard/catalogue/")
    assert page.status_code == 200 and BANNER in page.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        "product and price",
        "stock",
        "line status",
        "profile",
        "shipping",
        "farm",
        "batch",
        "livestream",
        "new product",
        "product in the workspace",
    ],
)
def test_a_suspended_seller_changes_nothing(client, suspended, change):
    before = state(suspended)
    url, data = changes(suspended)[change]
    response = client.post(url, data)
    assert response.status_code == 403
    assert BANNER in response.content.decode()
    assert state(suspended) == before


def test_staff_still_act_for_a_suspended_seller_and_reinstating_reopens_it(
    client, suspended
):
    url, data = changes(suspended)["line status"]
    services.seller_reinstate(profile=suspended["cam_my"])
    assert client.post(url, data).status_code == 302
    suspended["line"].refresh_from_db()
    assert suspended["line"].status == "confirmed"

    services.seller_suspend(profile=suspended["cam_my"], reason="Lần hai")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url, data = changes(suspended)["line status"]
    assert client.post(url, {"status": "packed"}).status_code == 302
