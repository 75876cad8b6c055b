"""Stock is allocated under row locks at order placement and released on cancel."""

import pytest
from django.db import connection
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_basket

from marketplace.checkout import services
from sellers import services as seller_services
from tests.factories import DELIVERY_ADDRESS, active_seller, race, seller_product

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")
ADDRESS = DELIVERY_ADDRESS


def basket_with(product, quantity=1):
    basket = create_basket(empty=True)
    basket.strategy = Selector().strategy()
    basket.add_product(product, quantity)
    return basket


def place(basket, user=None):
    from django.contrib.auth.models import AnonymousUser

    return services.order_place(basket=basket, user=user or AnonymousUser(), **ADDRESS)


def stock(product):
    return StockRecord.objects.get(product=product)


@pytest.fixture
def tea(db):
    seller = active_seller()
    return seller_product(seller, title="Chè xanh Cẩm Mỹ", num_in_stock=3)


@pytest.mark.django_db
def test_placing_allocates_and_refuses_more_than_is_left(tea):
    place(basket_with(tea, 2))
    assert stock(tea).num_allocated == 2
    late = basket_with(tea, 2)
    with pytest.raises(services.CheckoutError, match="Chè xanh Cẩm Mỹ"):
        place(late)
    assert Order.objects.count() == 1 and stock(tea).num_allocated == 2
    assert not late.is_submitted


@pytest.mark.django_db
def test_cancelling_an_order_puts_its_units_back_on_sale(tea):
    order = place(basket_with(tea, 3))
    services.order_cancel(order=order)
    order.refresh_from_db()
    assert order.status == "cancelled" and order.payment.status == "cancelled"
    assert set(order.lines.values_list("status", flat=True)) == {"cancelled"}
    assert stock(tea).num_allocated == 0
    services.order_cancel(order=order)
    assert stock(tea).num_allocated == 0


@pytest.mark.django_db
def test_a_seller_cancelling_a_line_releases_it_once(tea):
    order = place(basket_with(tea, 2))
    line = order.lines.get()
    seller = tea.stockrecords.get().partner.profile
    seller_services.line_status_set(seller=seller, line_pk=line.pk, status="cancelled")
    assert stock(tea).num_allocated == 0
    services.order_cancel(order=order)
    assert stock(tea).num_allocated == 0


@pytest.mark.django_db
def test_a_shipped_order_cannot_be_cancelled(tea):
    order = place(basket_with(tea))
    order.lines.update(status="shipped")
    with pytest.raises(services.CheckoutError):
        services.order_cancel(order=order)
    assert stock(tea).num_allocated == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks (it serialises whole-database writes); "
    "the oversell race runs on PostgreSQL (set DATABASE_URL)",
)
@pytest.mark.django_db(transaction=True)
def test_thirty_buyers_racing_for_ten_units_make_exactly_ten_orders():
    seller = active_seller()
    honey = seller_product(seller, title="Mật ong bạc hà", num_in_stock=10)
    baskets = [basket_with(honey) for _ in range(30)]
    placed, refused, errors = race(
        lambda basket: place(basket).number, baskets, refusal=services.CheckoutError
    )

    assert errors == []
    assert len(placed) == 10 and len(refused) == 20
    assert Order.objects.count() == 10
    record = stock(honey)
    assert record.num_allocated == 10
    assert record.num_in_stock - record.num_allocated == 0
