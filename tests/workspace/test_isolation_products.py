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


def new_product_fields(**overrides) -> dict:
    from oscar.test.factories import ProductClassFactory

    from tests.factories import category

    data = {
        "title": "Chè mới",
        "category": category("Chè").pk,
        "product_class": ProductClassFactory(name="Nông sản").pk,
        "price": "120000",
        "num_in_stock": "10",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ROLES)
def test_creating_a_product_lands_in_ones_own_shop_only(client, market, role):
    """Whoever posts, the new product's stock record is the acting seller's: a
    forged partner or seller field changes nothing, and nobody creates into
    HTX Chè Cẩm Mỹ but its own users (or staff who chose it)."""
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    login(client, role, market)
    cam_my, doan_hung = market["cam_my"], market["doan_hung"]
    url = reverse("workspace:product-create")
    forged = new_product_fields(
        partner=cam_my.partner.pk, seller=cam_my.slug, partner_id=cam_my.partner.pk
    )
    opened = client.get(url)
    response = client.post(url, forged)
    created = Product.objects.filter(title="Chè mới")
    if role == "own":
        assert opened.status_code == 200 and response.status_code == 302
        assert [r.partner for r in created.get().stockrecords.all()] == [cam_my.partner]
    elif role == "other":  # its own new product, never Cẩm Mỹ's
        assert response.status_code == 302
        assert [r.partner for r in created.get().stockrecords.all()] == [
            doan_hung.partner
        ]
    elif role == "staff":  # staff first choose the shop they act for
        assert opened.status_code == 404 and response.status_code == 404
        assert not created.exists()
        response = client.post(f"{url}?seller={cam_my.slug}", forged)
        assert response.status_code == 302
        assert created.get().stockrecords.get().partner == cam_my.partner
    else:
        assert refused(opened) and refused(response)
        assert not created.exists()


def test_a_seller_cannot_edit_a_product_another_seller_created(client, market):
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    client.force_login(market["doan_hung"].partner.users.get())
    client.post(reverse("workspace:product-create"), new_product_fields())
    pomelo_shop_product = Product.objects.get(title="Chè mới")
    client.force_login(market["cam_my"].partner.users.get())
    url = reverse("workspace:product-edit", kwargs={"pk": pomelo_shop_product.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "Của tôi", "description": ""}).status_code == 404
    pomelo_shop_product.refresh_from_db()
    assert pomelo_shop_product.title == "Chè mới"
