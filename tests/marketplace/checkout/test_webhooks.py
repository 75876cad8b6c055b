"""Stripe webhooks: signed on the raw body, each event once, the intent
re-fetched so duplicates and out-of-order deliveries change nothing more."""

import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request

import pytest
from django.urls import reverse

from marketplace.checkout.models import StripeEvent
from marketplace.checkout.payments import services
from tests.factories import active_seller, seller_product

URL = "/checkout/stripe/webhook/"


@pytest.fixture
def card_order(localstripe, place_order):
    seller = active_seller()
    tea = seller_product(seller, title="Chè xanh Cẩm Mỹ", price=150000)
    return place_order((tea, 1), payment_method="card")


def intent_for(order, payment_method="pm_card_visa"):
    """An intent paid straight through the SDK: only a webhook can tell the
    marketplace about it."""
    return services.stripe_sdk().PaymentIntent.create(
        amount=order.payment.amount,
        currency="vnd",
        payment_method=payment_method,
        payment_method_types=["card"],
        confirm=True,
        metadata={"order_number": str(order.number)},
    )


def deliver(client, settings, *, event_id, kind, intent_id, status, age=0, secret=None):
    body = json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": kind,
            "created": int(time.time()),
            "data": {
                "object": {
                    "id": intent_id,
                    "object": "payment_intent",
                    "status": status,
                }
            },
        }
    )
    stamp = int(time.time()) - age
    signature = hmac.new(
        (secret or settings.STRIPE_WEBHOOK_SECRET).encode(),
        f"{stamp}.{body}".encode(),
        hashlib.sha256,
    ).hexdigest()
    return client.post(
        URL,
        body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=f"t={stamp},v1={signature}",
    )


@pytest.mark.django_db
def test_a_signed_event_marks_the_order_paid_once(client, settings, card_order):
    intent = intent_for(card_order)
    event = {
        "event_id": "evt_paid_1",
        "kind": "payment_intent.succeeded",
        "intent_id": intent.id,
        "status": "succeeded",
    }
    assert deliver(client, settings, **event).status_code == 200
    card_order.payment.refresh_from_db()
    paid_at = card_order.payment.paid_at
    assert card_order.payment.status == "paid" and paid_at

    assert deliver(client, settings, **event).status_code == 200
    card_order.payment.refresh_from_db()
    assert card_order.payment.paid_at == paid_at
    assert StripeEvent.objects.filter(event_id="evt_paid_1").count() == 1
    assert (
        services.stripe_event_handle(
            event_id="evt_paid_1", kind="payment_intent.succeeded", object_id=intent.id
        )
        is False
    )


@pytest.mark.django_db
def test_out_of_order_events_follow_the_intent_as_stripe_has_it(
    client, settings, card_order
):
    intent = intent_for(card_order)
    # A late "failed" event, then a stale "requires_action" one: the intent
    # is fetched again and it has succeeded.
    for event_id, kind, status in (
        ("evt_late_failed", "payment_intent.payment_failed", "requires_payment_method"),
        ("evt_stale_action", "payment_intent.requires_action", "requires_action"),
    ):
        response = deliver(
            client,
            settings,
            event_id=event_id,
            kind=kind,
            intent_id=intent.id,
            status=status,
        )
        assert response.status_code == 200
    card_order.payment.refresh_from_db()
    assert card_order.payment.status == "paid"


@pytest.mark.django_db
def test_an_event_claiming_success_for_an_unpaid_intent_changes_nothing(
    client, settings, card_order
):
    declined = services.stripe_sdk().PaymentIntent.create(
        amount=card_order.payment.amount,
        currency="vnd",
        payment_method_types=["card"],
        metadata={"order_number": str(card_order.number)},
    )
    response = deliver(
        client,
        settings,
        event_id="evt_lie",
        kind="payment_intent.succeeded",
        intent_id=declined.id,
        status="succeeded",
    )
    assert response.status_code == 200
    card_order.payment.refresh_from_db()
    assert card_order.payment.status == "pending"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tamper", [{"secret": "whsec_forged"}, {"age": 3600}], ids=["forged", "stale"]
)
def test_a_forged_or_stale_event_is_refused_and_changes_nothing(
    client, settings, card_order, tamper
):
    intent = intent_for(card_order)
    response = deliver(
        client,
        settings,
        event_id="evt_bad",
        kind="payment_intent.succeeded",
        intent_id=intent.id,
        status="succeeded",
        **tamper,
    )
    assert response.status_code == 400
    card_order.payment.refresh_from_db()
    assert card_order.payment.status == "pending"
    assert not StripeEvent.objects.exists()


@pytest.mark.django_db
def test_an_unsigned_body_is_refused(client):
    response = client.post(URL, "{}", content_type="application/json")
    assert response.status_code == 400


def webhook_register(localstripe, url):
    from django.conf import settings

    hook = urllib.request.Request(
        f"{localstripe}/_config/webhooks/marketplace",
        data=urllib.parse.urlencode(
            {
                "url": url,
                "secret": settings.STRIPE_WEBHOOK_SECRET,
                "events[]": "payment_intent.succeeded",
            }
        ).encode(),
        method="POST",
    )
    urllib.request.urlopen(hook).read()


@pytest.mark.django_db(transaction=True)
def test_localstripe_itself_delivers_the_signed_event(
    live_server, localstripe, place_order
):
    seller = active_seller()
    order = place_order(
        (seller_product(seller, title="Bưởi Đoan Hùng", price=80000), 1),
        payment_method="card",
    )
    time.sleep(1.5)  # localstripe sends 1 s late: let earlier tests' events pass
    webhook_register(localstripe, live_server.url + reverse("checkout:stripe-webhook"))
    try:
        intent_for(order)
        for _attempt in range(50):
            order.payment.refresh_from_db()
            if order.payment.status == "paid":
                break
            time.sleep(0.2)
    finally:
        # The live server outlives this test: later tests' events go nowhere.
        time.sleep(1.5)
        webhook_register(localstripe, "http://127.0.0.1:9/")
    assert order.payment.status == "paid"
    assert StripeEvent.objects.filter(kind="payment_intent.succeeded").count() == 1
