"""The workspace's products and stock pages, tenant by tenant: (own seller,
other seller, customer, anonymous, staff) × reading and writing HTX Chè Cẩm
Mỹ's product and stock."""

import pytest
from django.urls import reverse

from tests.sellers.test_isolation import ALLOWED, ROLES, login, refused, snapshot

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_the_stock_list_shows_only_ones_own(client, market, role):
    login(client, role, market)
    response = client.get(reverse("workspace:products"))
    if role in ALLOWED:
        assert "Chè xanh Cẩm Mỹ" in response.content.decode()
        if role == "own":
            assert "Bưởi" not in response.content.decode()
    elif role == "other":
        assert "Chè xanh Cẩm Mỹ" not in response.content.decode()
    else:
        assert refused(response)


@pytest.mark.parametrize("role", ROLES)
def test_receiving_stock(client, market, role):
    login(client, role, market)
    before = snapshot(market)
    record = market["tea"].stockrecords.get()
    response = client.post(
        reverse("workspace:products"),
        {"record": record.pk, f"s{record.pk}-units": 20, f"s{record.pk}-price": 160000},
    )
    record.refresh_from_db()
    if role in ALLOWED:
        assert response.status_code == 302
        assert record.num_in_stock == before[3] + 20 and record.price == 160000
    else:
        assert refused(response)
        assert snapshot(market) == before


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_product(client, market, role):
    login(client, role, market)
    before = snapshot(market)
    url = reverse("workspace:product-edit", kwargs={"pk": market["tea"].pk})
    opened = client.get(url)
    response = client.post(url, {"title": "Chè đổi tên", "description": "x"})
    market["tea"].refresh_from_db()
    if role in ALLOWED:
        assert opened.status_code == 200 and response.status_code == 302
        assert market["tea"].title == "Chè đổi tên"
    else:
        assert refused(opened) and refused(response)
        assert snapshot(market) == before


def test_bad_stock_input_is_a_message_not_an_error(client, market):
    login(client, "own", market)
    record = market["tea"].stockrecords.get()
    before = record.num_in_stock
    response = client.post(
        reverse("workspace:products"),
        {"record": record.pk, f"s{record.pk}-units": "-5"},
        follow=True,
    )
    record.refresh_from_db()
    assert response.status_code == 200 and record.num_in_stock == before
    assert "kiểm tra số lượng" in response.content.decode()


def test_a_forged_record_number_is_not_found(client, market):
    login(client, "own", market)
    response = client.post(reverse("workspace:products"), {"record": "abc"})
    assert response.status_code == 404
