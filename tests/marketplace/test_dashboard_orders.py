"""Cancelling in Oscar's dashboard puts stock back on sale, like checkout."""

import pytest
from oscar.test.factories import UserFactory

from tests.factories import active_seller, seller_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def tea():
    return seller_product(active_seller(), title="Chè xanh", num_in_stock=5)


def allocated(product):
    return product.stockrecords.get().num_allocated


def test_staff_cancel_an_order_and_its_units_come_back(staff_client, tea, place_order):
    order = place_order((tea, 3))
    assert allocated(tea) == 3
    response = staff_client.post(
        f"/dashboard/orders/{order.number}/",
        {"order_action": "change_order_status", "new_status": "cancelled"},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "cancelled" and allocated(tea) == 0


def test_a_shipped_order_stays_as_it_is(staff_client, tea, place_order):
    order = place_order((tea, 2))
    order.lines.update(status="shipped")
    staff_client.post(
        f"/dashboard/orders/{order.number}/",
        {"order_action": "change_order_status", "new_status": "cancelled"},
    )
    order.refresh_from_db()
    assert order.status == "new" and allocated(tea) == 2


def test_staff_cancel_a_line_and_its_units_come_back(staff_client, tea, place_order):
    order = place_order((tea, 2))
    line = order.lines.get()
    staff_client.post(
        f"/dashboard/orders/{order.number}/",
        {
            "line_action": "change_line_statuses",
            "new_status": "cancelled",
            "selected_line": [line.pk],
            f"selected_line_qty_{line.pk}": 2,
        },
    )
    line.refresh_from_db()
    assert line.status == "cancelled" and allocated(tea) == 0
