"""Every tenant stays in its room on refunds: (own seller, other seller,
customer, anonymous, staff) × the refund page, refunding, the refunds list
and the statement. Only staff refund (refunds move the marketplace's money);
a seller reads refunds of its own lines only."""

import uuid

import pytest
from django.urls import reverse
from oscar.test.factories import UserFactory

from marketplace.checkout.models import Refund
from marketplace.checkout.payments import services
from marketplace.checkout.payments.services import LineRefundAsk
from tests.sellers.test_isolation import ROLES, login, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def refunded(market, place_order):
    """A paid transfer order across both sellers, each line refunded once."""
    order = place_order(
        (market["tea"], 2), (market["pomelo_product"], 1), payment_method="vietqr"
    )
    services.payment_mark_received(payment_pk=order.payment.pk)
    staff = UserFactory(is_staff=True)
    for line, reference in zip(
        order.lines.order_by("pk"), ["CK-TEA-1", "CK-POMELO-1"], strict=True
    ):
        services.refund_create(
            order_pk=order.pk,
            asks=[LineRefundAsk(line_pk=line.pk, amount=10000)],
            actor=staff,
            request_key=uuid.uuid4(),
            reference=reference,
        )
    return {**market, "paid": order}


@pytest.fixture
def market(market):
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    market["pomelo_product"] = Product.objects.get(title="Bưởi Đoan Hùng")
    return market


def refund_url(order):
    return reverse("payments-workspace:refund-lines", kwargs={"pk": order.payment.pk})


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_open_the_refund_page(client, refunded, role):
    login(client, role, refunded)
    response = client.get(refund_url(refunded["paid"]))
    if role == "staff":
        body = response.content.decode()
        assert response.status_code == 200
        assert "CK-TEA-1" in body and "CK-POMELO-1" in body
    else:
        assert refused(response)
        assert "CK-POMELO-1" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_refund(client, refunded, role):
    order = refunded["paid"]
    tea = order.lines.get(partner=refunded["cam_my"].partner)
    record = refunded["tea"].stockrecords.get()
    allocated = record.num_allocated
    login(client, role, refunded)
    data = {
        "request_key": str(uuid.uuid4()),
        "reference": "CK-2",
        f"amount_{tea.pk}": "5000",
        f"quantity_{tea.pk}": "1",
        f"restock_{tea.pk}": "on",
    }
    for line in order.lines.exclude(pk=tea.pk):
        data.update({f"amount_{line.pk}": "", f"quantity_{line.pk}": ""})
    response = client.post(refund_url(order), data)
    record.refresh_from_db()
    if role == "staff":
        assert response.status_code == 302 and Refund.objects.count() == 3
        assert record.num_allocated == allocated - 1
    else:
        assert refused(response)
        assert Refund.objects.count() == 2 and record.num_allocated == allocated


@pytest.mark.parametrize("role", ROLES)
def test_the_refunds_list_shows_a_seller_its_own_lines_only(client, refunded, role):
    login(client, role, refunded)
    # A seller naming another seller is still shown its own lines (staff
    # name none: they see every seller's).
    query = {} if role == "staff" else {"seller": refunded["doan_hung"].slug}
    response = client.get(reverse("payments-workspace:refunds"), query)
    if role in ("customer", "anonymous"):
        assert refused(response)
        return
    body = response.content.decode()
    assert response.status_code == 200
    assert ("CK-TEA-1" in body) == (role in ("own", "staff"))
    assert ("CK-POMELO-1" in body) == (role in ("other", "staff"))


@pytest.mark.parametrize("role", ["own", "other"])
def test_a_seller_cannot_find_an_order_to_refund(client, refunded, role):
    login(client, role, refunded)
    response = client.get(
        reverse("payments-workspace:refunds"), {"number": refunded["paid"].number}
    )
    assert response.status_code == 200  # the list, not the refund page


@pytest.mark.parametrize("role", ["own", "other"])
def test_the_statement_shows_refunds_of_the_sellers_own_lines(client, refunded, role):
    login(client, role, refunded)
    placed = refunded["paid"].date_placed
    response = client.get(
        reverse("workspace:statement-csv"), {"year": placed.year, "month": placed.month}
    )
    rows = response.content.decode("utf-8-sig").splitlines()
    refunds = [row for row in rows if "Hoàn tiền" in row]
    assert len(refunds) == 1
    mine = "Chè xanh Cẩm Mỹ" if role == "own" else "Bưởi Đoan Hùng"
    theirs = "Bưởi Đoan Hùng" if role == "own" else "Chè xanh Cẩm Mỹ"
    assert mine in refunds[0] and theirs not in response.content.decode()
    assert refunds[0].endswith(",-10000,-800,-9200")
