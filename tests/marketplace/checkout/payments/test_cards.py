"""Card payments with the real stripe SDK against localstripe: PaymentIntents
in VND, 3-D Secure, declines, idempotency keys and refunds."""

import json
import urllib.request

import pytest
from oscar.test.factories import UserFactory

from marketplace.checkout.payments import services
from tests.factories import active_seller, seller_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def card_order(localstripe, place_order, settings):
    settings.MARKETPLACE_SHIPPING_FEE_PER_SELLER = "30000"
    seller = active_seller()
    tea = seller_product(seller, title="Chè xanh Cẩm Mỹ", price=150000, num_in_stock=5)
    return place_order((tea, 2), payment_method="card")


def card(number: str) -> str:
    """A card as Stripe.js would hand it over (a PaymentMethod id)."""
    method = services.stripe_sdk().PaymentMethod.create(
        type="card",
        card={"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"},
    )
    return method.id


def authenticate(localstripe, intent, *, success: bool):
    """What localstripe's Stripe.js does when the shopper answers 3-D Secure."""
    request = urllib.request.Request(
        f"{localstripe}/v1/payment_intents/{intent.id}/_authenticate"
        f"?success={'true' if success else 'false'}",
        data=json.dumps(
            {"key": "pk_test_localstripe", "client_secret": intent.client_secret}
        ).encode(),
        method="POST",
    )
    urllib.request.urlopen(request).read()


def test_a_card_pays_the_exact_amount_in_whole_dong(card_order):
    payment = card_order.payment
    intent = services.card_payment_attempt(payment_pk=payment.pk, card="pm_card_visa")
    assert intent.status == "succeeded"
    assert intent.currency == "vnd" and intent.amount == 330000
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.reference == intent.id
    fetched = services.stripe_sdk().PaymentIntent.retrieve(intent.id)
    assert fetched.metadata["order_number"] == str(card_order.number)


def test_a_declined_card_never_marks_the_order_paid(card_order):
    with pytest.raises(services.CardDeclined, match="ngân hàng từ chối"):
        services.card_payment_attempt(
            payment_pk=card_order.payment.pk, card="pm_card_chargeCustomerFail"
        )
    card_order.payment.refresh_from_db()
    assert card_order.payment.status == "pending"
    services.card_payment_fail(payment_pk=card_order.payment.pk)
    card_order.refresh_from_db()
    card_order.payment.refresh_from_db()
    assert card_order.status == "cancelled" and card_order.payment.status == "failed"
    assert card_order.lines.get().stockrecord.num_allocated == 0


def test_three_d_secure_completes_with_the_bank(card_order, localstripe):
    payment = card_order.payment
    intent = services.card_payment_attempt(
        payment_pk=payment.pk, card=card("4000002760003184")
    )
    assert intent.status == "requires_action"
    payment.refresh_from_db()
    assert payment.status == "pending"
    authenticate(localstripe, intent, success=True)
    assert services.card_payment_refresh(payment_pk=payment.pk).status == "succeeded"
    payment.refresh_from_db()
    assert payment.status == "paid"


def test_a_failed_three_d_secure_leaves_the_order_unpaid(card_order, localstripe):
    payment = card_order.payment
    intent = services.card_payment_attempt(
        payment_pk=payment.pk, card=card("4000002760003184")
    )
    authenticate(localstripe, intent, success=False)
    intent = services.card_payment_refresh(payment_pk=payment.pk)
    assert intent.status == "requires_payment_method"
    assert "3-D Secure" in services.decline_message(intent.last_payment_error.code)
    payment.refresh_from_db()
    assert payment.status == "pending"


def test_a_new_attempt_after_3ds_is_a_new_intent_and_paid_orders_refuse_more(
    card_order, localstripe
):
    """Attempts are counted: each sends its own idempotency key
    (order-<number>-card-<attempt>). localstripe ignores the header, so the
    replay itself is Stripe's promise, not tested here."""
    payment = card_order.payment
    first = services.card_payment_attempt(
        payment_pk=payment.pk, card=card("4000002760003184")
    )
    second = services.card_payment_attempt(payment_pk=payment.pk, card="pm_card_visa")
    assert first.id != second.id
    payment.refresh_from_db()
    assert payment.attempts == 2 and payment.status == "paid"
    with pytest.raises(services.PaymentError):
        services.card_payment_attempt(payment_pk=payment.pk, card="pm_card_visa")


def test_staff_refund_a_paid_card_payment(card_order):
    staff = UserFactory(is_staff=True)
    payment = card_order.payment
    intent = services.card_payment_attempt(payment_pk=payment.pk, card="pm_card_visa")
    services.card_payment_refund(payment_pk=payment.pk, actor=staff)
    payment.refresh_from_db()
    assert payment.status == "refunded"
    refunds = services.stripe_sdk().Refund.list(payment_intent=intent.id)
    assert [refund.amount for refund in refunds.data] == [330000]
    with pytest.raises(services.PaymentError):
        services.card_payment_refund(payment_pk=payment.pk, actor=staff)


def test_only_the_card_page_lets_stripe_js_in(card_order, client, localstripe):
    from marketplace.checkout.selectors import card_payment_url

    card_page = client.get(card_payment_url(order=card_order))
    policy = card_page["Content-Security-Policy"]
    assert card_page.status_code == 200
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert localstripe in script_src and "'nonce-" in script_src
    assert (
        f'<script src="{localstripe}/js.stripe.com/v3/"' in card_page.content.decode()
    )
    assert localstripe not in client.get("/basket/")["Content-Security-Policy"]
