"""Cash on delivery per parcel: each seller's parcel is collected and settled
on its own, the order is paid when all its parcels are, statements count COD
per parcel."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model
from oscar.test.factories import UserFactory, create_basket

from marketplace.checkout import services
from marketplace.checkout.models import PaymentMethod, PaymentStatus
from marketplace.checkout.payments import services as payment_services
from sellers import selectors as seller_selectors
from sellers import services as seller_services
from sellers.models import Parcel, ParcelStatus
from tests.factories import DELIVERY_ADDRESS, active_seller, seller_product

pytestmark = pytest.mark.django_db
Selector = get_class("partner.strategy", "Selector")
OrderPayment = get_model("checkout", "OrderPayment")
ADDRESS = DELIVERY_ADDRESS


@pytest.fixture
def two_sellers(db):
    cam_my = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    doan_hung = active_seller(
        name="HTX Bưởi Đoan Hùng", tax_code="0312345673", email="dh@example.com"
    )
    tea = seller_product(cam_my, title="Chè xanh", price=150000)
    pomelo = seller_product(doan_hung, title="Bưởi", price=80000)
    basket = create_basket(empty=True)
    basket.strategy = Selector().strategy()
    basket.add_product(tea, 2)
    basket.add_product(pomelo, 1)
    order = services.order_place(
        basket=basket,
        user=AnonymousUser(),
        payment_method=PaymentMethod.CASH_ON_DELIVERY,
        **ADDRESS,
    )
    return {"cam_my": cam_my, "doan_hung": doan_hung, "order": order}


def parcel_of(order, seller):
    return Parcel.objects.get(order=order, partner=seller.partner)


def test_a_cod_order_has_one_parcel_per_seller_with_its_own_cash(two_sellers):
    order = two_sellers["order"]
    tea = parcel_of(order, two_sellers["cam_my"])
    pomelo = parcel_of(order, two_sellers["doan_hung"])
    assert tea.cod_amount == 300000 + 30000 and pomelo.cod_amount == 80000 + 30000
    assert tea.cod_amount + pomelo.cod_amount == order.payment.amount


def test_each_parcel_is_collected_on_its_own_and_the_order_paid_with_the_last(
    two_sellers,
):
    order, cam_my, doan_hung = (
        two_sellers["order"],
        two_sellers["cam_my"],
        two_sellers["doan_hung"],
    )
    payment = payment_services.payment_mark_received(
        payment_pk=order.payment.pk, seller=cam_my
    )
    assert payment.status == PaymentStatus.PENDING
    assert parcel_of(order, cam_my).status == ParcelStatus.COLLECTED
    assert parcel_of(order, doan_hung).status == ParcelStatus.AWAITING
    with pytest.raises(payment_services.PaymentError, match="đã được thu"):
        payment_services.payment_mark_received(
            payment_pk=order.payment.pk, seller=cam_my
        )
    payment = payment_services.payment_mark_received(
        payment_pk=order.payment.pk, seller=doan_hung
    )
    assert payment.status == PaymentStatus.PAID


def test_a_seller_cannot_collect_a_parcel_of_an_order_it_has_no_part_in(two_sellers):
    stranger = active_seller(
        name="HTX Mật ong", tax_code="0101243150", email="mo@example.com"
    )
    with pytest.raises(OrderPayment.DoesNotExist):
        payment_services.payment_mark_received(
            payment_pk=two_sellers["order"].payment.pk, seller=stranger
        )
    with pytest.raises(Parcel.DoesNotExist):
        seller_services.parcel_collect(
            parcel_pk=parcel_of(two_sellers["order"], two_sellers["cam_my"]).pk,
            seller=two_sellers["doan_hung"],
        )


def test_settled_parcel_by_parcel_and_counted_in_the_statement(two_sellers):
    order, cam_my = two_sellers["order"], two_sellers["cam_my"]
    tea = parcel_of(order, cam_my)
    with pytest.raises(seller_services.ParcelError):
        seller_services.parcel_settle(parcel_pk=tea.pk)
    seller_services.parcel_collect(parcel_pk=tea.pk, seller=cam_my)
    seller_services.parcel_settle(parcel_pk=tea.pk)
    assert parcel_of(order, two_sellers["doan_hung"]).status == ParcelStatus.AWAITING
    today = timezone.localdate()
    cod = seller_selectors.statement(seller=cam_my, year=today.year, month=today.month)[
        "cod"
    ]
    assert cod[ParcelStatus.SETTLED]["parcels"] == 1
    assert cod[ParcelStatus.SETTLED]["amount"] == 330000
    assert cod[ParcelStatus.AWAITING]["parcels"] == 0


def test_the_workspace_button_collects_only_the_sellers_parcel(client, two_sellers):
    order, cam_my = two_sellers["order"], two_sellers["cam_my"]
    client.force_login(cam_my.partner.users.get())
    url = reverse("payments-workspace:received", kwargs={"pk": order.payment.pk})
    assert client.post(url).status_code == 302
    assert parcel_of(order, cam_my).status == ParcelStatus.COLLECTED
    assert parcel_of(order, two_sellers["doan_hung"]).status == ParcelStatus.AWAITING
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.post(url)
    order.payment.refresh_from_db()
    assert order.payment.status == PaymentStatus.PAID
