from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from marketplace.checkout.payments import services
from tests.factories import active_seller, seller_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def sellers():
    cam_my = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    doan_hung = active_seller(
        name="HTX Bưởi Đoan Hùng", tax_code="0312345673", email="doanhung@example.com"
    )
    return {
        "cam_my": cam_my,
        "doan_hung": doan_hung,
        "tea": seller_product(cam_my, title="Chè xanh", price=150000, num_in_stock=5),
        "pomelo": seller_product(doan_hung, title="Bưởi", price=80000),
    }


def test_a_seller_marks_cash_collected_only_on_its_own_orders(sellers, place_order):
    own = place_order((sellers["tea"], 1))
    shared = place_order((sellers["tea"], 1), (sellers["pomelo"], 1))
    payment = services.payment_mark_received(
        payment_pk=own.payment.pk, seller=sellers["cam_my"]
    )
    assert payment.status == "paid" and payment.paid_at
    # Cash on delivery is collected per parcel (issue 18): on a shared order a
    # seller collects its own parcel, and the order waits for the other one.
    partly = services.payment_mark_received(
        payment_pk=shared.payment.pk, seller=sellers["cam_my"]
    )
    assert partly.status == "pending"
    with pytest.raises(services.OrderPayment.DoesNotExist):
        services.payment_mark_received(
            payment_pk=own.payment.pk, seller=sellers["doan_hung"]
        )
    assert services.payment_mark_received(payment_pk=shared.payment.pk).status == "paid"
    with pytest.raises(services.PaymentError):
        services.payment_mark_received(payment_pk=own.payment.pk)


def test_a_bank_statement_marks_matching_transfers_and_reports_the_rest(
    sellers, place_order
):
    paid = place_order((sellers["tea"], 1), payment_method="vietqr")
    short = place_order((sellers["tea"], 2), payment_method="vietqr")
    cod = place_order((sellers["pomelo"], 1))
    amount = paid.payment.amount
    statement = "\n".join(
        [
            "date,amount,description,reference",
            f'23/11/2026,"{amount:,}",NGUYEN THI LAN CK DH{paid.number} FT123,FT123',
            f"23/11/2026,1000,CK DH{short.number},FT124",
            f"23/11/2026,{cod.payment.amount},DH{cod.number},FT125",
            "23/11/2026,50000,tien che,FT126",
            f"23/11/2026,{amount},DH{paid.number} again,FT127",
        ]
    )
    result = services.bank_statement_import(csv_text=statement)
    assert [row.number for row in result["matched"]] == [str(paid.number)]
    assert [row.line for row in result["unmatched"]] == [3, 4, 5, 6]
    problems = [row.problem for row in result["unmatched"]]
    assert "khác số tiền" in problems[0] and "Không có mã đơn hàng" in problems[2]
    for order in (paid, short, cod):
        order.payment.refresh_from_db()
    assert paid.payment.status == "paid" and paid.payment.reference == "FT123"
    assert short.payment.status == "pending" and cod.payment.status == "pending"


def test_a_statement_without_the_columns_is_refused(sellers):
    with pytest.raises(services.PaymentError):
        services.bank_statement_import(csv_text="ngay,so tien\n1,2\n")


def test_unpaid_transfers_expire_and_release_their_stock(
    sellers, place_order, settings
):
    settings.PAYMENT_EXPIRY_HOURS = 24
    late = place_order((sellers["tea"], 3), payment_method="vietqr")
    paid = place_order((sellers["tea"], 1), payment_method="vietqr")
    services.payment_mark_received(payment_pk=paid.payment.pk)
    cod = place_order((sellers["tea"], 1))
    record = sellers["tea"].stockrecords.get()
    record.refresh_from_db()
    assert record.num_allocated == 5

    assert services.unpaid_orders_expire(now=timezone.now() + timedelta(hours=23)) == 0
    assert late.payment.expires_at > timezone.now() + timedelta(hours=23)
    late.payment.expires_at = timezone.now() - timedelta(minutes=1)
    late.payment.save()
    call_command("expire_unpaid_orders")

    for order in (late, paid, cod):
        order.refresh_from_db()
        order.payment.refresh_from_db()
    assert late.status == "cancelled" and late.payment.status == "expired"
    assert paid.payment.status == "paid" and cod.payment.status == "pending"
    record.refresh_from_db()
    assert record.num_allocated == 2


def test_nobody_marks_a_card_payment_paid_by_hand(sellers, place_order):
    order = place_order((sellers["tea"], 1), payment_method="card")
    with pytest.raises(services.PaymentError):
        services.payment_mark_received(payment_pk=order.payment.pk)
    order.payment.refresh_from_db()
    assert order.payment.status == "pending"
    assert not services.selectors.payments_awaited().filter(pk=order.payment.pk)
