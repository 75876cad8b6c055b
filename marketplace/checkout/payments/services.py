"""Writes about payments: money received, bank statements, unpaid expiry."""

import csv
import io
import re
import uuid
from dataclasses import dataclass
from functools import partial

import stripe
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_model

from marketplace.checkout import tasks
from marketplace.checkout.models import (
    OrderPayment,
    PaymentMethod,
    PaymentStatus,
    Refund,
    RefundLine,
    StripeEvent,
)
from marketplace.checkout.payments import selectors
from marketplace.checkout.services import order_cancel
from sellers import services as seller_services
from sellers.models import ParcelStatus
from sellers.statuses import LineStatus, PaymentEventCode

PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")


class PaymentError(Exception):
    """This payment cannot change that way; the message says why."""


@transaction.atomic
def payment_mark_received(
    *, payment_pk: int, seller=None, reference: str = ""
) -> OrderPayment:
    """Cash collected or a transfer seen on the account. Cash on delivery is
    collected parcel by parcel: a seller marks its own parcel, staff (None)
    every parcel left, and the order is paid when its last parcel is. A
    transfer is marked by staff, or by a seller whose lines make the whole order."""
    payment = (
        OrderPayment.objects.select_for_update()
        .select_related("order")
        .get(pk=payment_pk)
    )
    if payment.method == PaymentMethod.CARD:
        raise PaymentError(_("Card payments are confirmed by Stripe only."))
    parcels = payment.order.parcels.all()
    if seller is not None and not (
        parcels.filter(partner=seller.partner).exists()
        if parcels.exists()
        else set(payment.order.lines.values_list("partner_id", flat=True))
        == {seller.partner_id}
    ):
        raise OrderPayment.DoesNotExist
    if payment.status != PaymentStatus.PENDING:
        raise PaymentError(
            _("Order %(number)s is not awaiting payment (%(status)s).")
            % {"number": payment.order.number, "status": payment.get_status_display()}
        )
    if parcels.exists():
        mine = parcels.filter(status=ParcelStatus.AWAITING)
        if seller is not None:
            mine = mine.filter(partner=seller.partner)
        if not mine.exists():
            raise PaymentError(
                _(
                    "Your parcel of order %(number)s is already collected; the "
                    "order is paid when the other sellers' parcels are."
                )
                % {"number": payment.order.number}
            )
        for parcel in mine:
            seller_services.parcel_collect(parcel_pk=parcel.pk)
        if parcels.filter(status=ParcelStatus.AWAITING).exists():
            return payment
    payment.status = PaymentStatus.PAID
    payment.paid_at = timezone.now()
    payment.reference = reference[:100]
    payment.full_clean()
    payment.save()
    return payment


ORDER_IN_MESSAGE = re.compile(r"DH\s*-?\s*(\d+)", re.IGNORECASE)


@dataclass
class StatementRow:
    line: int
    amount: str
    description: str
    number: str = ""
    problem: str = ""


def bank_statement_import(*, csv_text: str) -> dict:
    """Match a bank statement (CSV: date, amount, description[, reference])
    to transfers awaited, by order number in the description AND the exact
    amount. Matched rows mark their order paid; any other row is reported and
    changes nothing."""
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    fields = {name.strip().lower() for name in reader.fieldnames or []}
    if not {"amount", "description"} <= fields:
        raise PaymentError(_("The statement needs the columns amount and description."))
    matched, unmatched = [], []
    for index, raw in enumerate(reader, start=2):
        row = {key.strip().lower(): (value or "").strip() for key, value in raw.items()}
        found = StatementRow(
            line=index, amount=row["amount"], description=row["description"]
        )
        number = ORDER_IN_MESSAGE.search(row["description"])
        amount = re.sub(r"[.,\s₫đ]|VND", "", row["amount"], flags=re.IGNORECASE)
        if not number:
            found.problem = _("No order number in the description.")
        elif not amount.isdigit():
            found.problem = _("The amount is not a number.")
        else:
            found.number = number.group(1)
            payment = (
                OrderPayment.objects.filter(
                    order__number=found.number, method=PaymentMethod.BANK_TRANSFER
                )
                .select_related("order")
                .first()
            )
            if payment is None:
                found.problem = _("No bank transfer order with this number.")
            elif payment.status != PaymentStatus.PENDING:
                found.problem = _("The order is not awaiting payment.")
            elif payment.amount != int(amount):
                found.problem = _(
                    "The amount differs from the order's %(amount)s đồng."
                ) % {"amount": payment.amount}
            else:
                payment_mark_received(
                    payment_pk=payment.pk, reference=row.get("reference", "")
                )
        (unmatched if found.problem else matched).append(found)
    return {"matched": matched, "unmatched": unmatched}


def unpaid_orders_expire(*, now=None) -> int:
    """Cancel orders whose transfer or card payment never came, putting their
    units back on sale; returns how many."""
    count = 0
    expired = selectors.payments_expired(now=now or timezone.now())
    for pk in expired.values_list("pk", flat=True):
        with transaction.atomic():
            # Re-read under the lock: the money may have arrived meanwhile.
            payment = OrderPayment.objects.select_for_update().get(pk=pk)
            if payment.status != PaymentStatus.PENDING:
                continue
            order_cancel(order=payment.order, payment_status=PaymentStatus.EXPIRED)
            count += 1
    return count


def stripe_sdk():
    """The real stripe SDK pointed at the configured API: Stripe in
    production, localstripe in tests and development."""
    stripe.api_key = settings.STRIPE_SECRET_KEY
    stripe.api_base = settings.STRIPE_API_BASE
    return stripe


DECLINE_MESSAGES = {
    "card_declined": gettext_lazy("Your bank declined the card."),
    "insufficient_funds": gettext_lazy("The card has not enough funds."),
    "expired_card": gettext_lazy("The card has expired."),
    "incorrect_cvc": gettext_lazy("The security code (CVC) is wrong."),
    "incorrect_number": gettext_lazy("The card number is wrong."),
    "payment_intent_authentication_failure": gettext_lazy(
        "The 3-D Secure check with your bank did not succeed."
    ),
}


def decline_message(code: str | None) -> str:
    return str(
        DECLINE_MESSAGES.get(
            code or "", gettext_lazy("The card payment did not succeed.")
        )
    )


class CardDeclined(PaymentError):
    """The card or its 3-D Secure check failed; the message says why."""


def _card_payment_locked(*, payment_pk: int) -> OrderPayment:
    return (
        OrderPayment.objects.select_for_update()
        .select_related("order")
        .get(pk=payment_pk, method=PaymentMethod.CARD)
    )


def card_payment_attempt(*, payment_pk: int, card: str):
    """Create and confirm a PaymentIntent for the order's exact amount in VND
    (zero-decimal: the amount is whole đồng). Each attempt has its own
    idempotency key, so a retried request cannot charge twice. Returns the
    intent; `requires_action` means Stripe.js must run 3-D Secure."""
    with transaction.atomic():
        payment = _card_payment_locked(payment_pk=payment_pk)
        if payment.status != PaymentStatus.PENDING:
            raise PaymentError(_("This order is not awaiting a card payment."))
        payment.attempts += 1
        payment.save(update_fields=["attempts"])
    sdk = stripe_sdk()
    number = str(payment.order.number)
    try:
        intent = sdk.PaymentIntent.create(
            amount=payment.amount,
            currency="vnd",
            payment_method=card,
            payment_method_types=["card"],
            confirm=True,
            metadata={"order_number": number},
            idempotency_key=f"order-{number}-card-{payment.attempts}",
        )
    except sdk.CardError as error:
        raise CardDeclined(decline_message(error.code)) from None
    except sdk.StripeError:
        raise PaymentError(
            _("Card payments are unavailable right now. Please try again later.")
        ) from None
    with transaction.atomic():
        payment = _card_payment_locked(payment_pk=payment_pk)
        payment.reference = intent.id
        payment.save(update_fields=["reference"])
    card_payment_sync(intent=intent)
    return intent


def card_payment_sync(*, intent) -> OrderPayment | None:
    """Bring the order's payment in line with the intent as Stripe has it
    now: paid once it succeeded for the exact amount, never otherwise."""
    number = (intent.metadata.to_dict() if intent.metadata else {}).get("order_number")
    with transaction.atomic():
        payment = (
            OrderPayment.objects.select_for_update()
            .filter(order__number=number, method=PaymentMethod.CARD)
            .first()
        )
        if (
            payment is not None
            and payment.status == PaymentStatus.PENDING
            and intent.status == "succeeded"
            and intent.currency == "vnd"
            and intent.amount == payment.amount
        ):
            payment.status = PaymentStatus.PAID
            payment.paid_at = timezone.now()
            payment.reference = intent.id
            payment.full_clean()
            payment.save()
    return payment


def card_payment_refresh(*, payment_pk: int):
    """Re-fetch the order's intent (after 3-D Secure) and sync; returns it."""
    payment = OrderPayment.objects.get(pk=payment_pk, method=PaymentMethod.CARD)
    if not payment.reference:
        return None
    try:
        intent = stripe_sdk().PaymentIntent.retrieve(payment.reference)
    except stripe.StripeError:
        raise PaymentError(
            _("Card payments are unavailable right now. Please try again later.")
        ) from None
    card_payment_sync(intent=intent)
    return intent


def card_payment_fail(*, payment_pk: int) -> OrderPayment:
    """The shopper's card failed: cancel the order (its stock goes back on
    sale); it is never marked paid."""
    payment = OrderPayment.objects.select_related("order").get(pk=payment_pk)
    if payment.status == PaymentStatus.PENDING:
        order_cancel(order=payment.order, payment_status=PaymentStatus.FAILED)
        payment.refresh_from_db()
    return payment


@transaction.atomic
def stripe_event_handle(*, event_id: str, kind: str, object_id: str | None) -> bool:
    """Handle a verified webhook event once. The event's own copy of the
    intent may be stale or arrive out of order, so the intent is fetched
    again and that is what counts. False for a replayed event."""
    _event, created = StripeEvent.objects.get_or_create(
        event_id=event_id, defaults={"kind": kind[:100]}
    )
    if not created:
        return False
    if kind.startswith("payment_intent.") and object_id:
        card_payment_sync(intent=stripe_sdk().PaymentIntent.retrieve(object_id))
    return True


def card_payment_refund(*, payment_pk: int, actor) -> Refund:
    """Staff refund what is left of a paid card payment in one go: every
    line's remaining money and the shipping fee, nothing restocked."""
    payment = OrderPayment.objects.select_related("order").get(
        pk=payment_pk, method=PaymentMethod.CARD
    )
    left = selectors.refundable(order=payment.order)
    return refund_create(
        order_pk=payment.order_id,
        asks=[
            LineRefundAsk(line_pk=row["line"].pk, amount=row["amount_left"])
            for row in left["lines"]
            if row["amount_left"]
        ],
        shipping=left["shipping_left"],
        actor=actor,
        request_key=uuid.uuid4(),
    )


@dataclass(frozen=True)
class LineRefundAsk:
    """What staff ask to refund on one line: money, and the units it covers
    (0 for money only, e.g. a damaged item the shopper keeps); `restock` when
    those units came back and can be sold again."""

    line_pk: int
    amount: int
    quantity: int = 0
    restock: bool = False


class RefundRefused(PaymentError):
    """Every reason at once, each for a (line pk or None, field or None)."""

    def __init__(self, reasons: list[tuple[int | None, str | None, str]]):
        self.reasons = reasons
        super().__init__(" ".join(message for _line, _field, message in reasons))


def _refused_lines(*, order, asks, left_by_line) -> list:
    reasons = []
    pks = [ask.line_pk for ask in asks]
    if len(pks) != len(set(pks)):
        # Each ask is checked against what is left of its line on its own.
        return [(None, None, _("Each line may appear once in a refund."))]
    for ask in asks:
        row = left_by_line.get(ask.line_pk)
        if row is None:
            reasons.append((None, None, _("This line is not part of the order.")))
            continue
        line = row["line"]
        if ask.amount < 0 or ask.quantity < 0:
            reasons.append((line.pk, "amount", _("Enter a positive amount.")))
        elif ask.amount > row["amount_left"]:
            reasons.append(
                (
                    line.pk,
                    "amount",
                    _(
                        "At most %(left)s đồng of this line can still be refunded "
                        "(paid %(paid)s, refunded %(refunded)s)."
                    )
                    % {
                        "left": row["amount_left"],
                        "paid": row["paid"],
                        "refunded": row["amount_refunded"],
                    },
                )
            )
        if ask.quantity > row["units_left"]:
            reasons.append(
                (
                    line.pk,
                    "quantity",
                    _("At most %(left)s units of this line can still be refunded.")
                    % {"left": row["units_left"]},
                )
            )
        if ask.restock and not ask.quantity:
            reasons.append(
                (line.pk, "restock", _("Say how many units came back to restock."))
            )
        elif ask.restock and line.status == LineStatus.CANCELLED:
            reasons.append(
                (
                    line.pk,
                    "restock",
                    _("This line was cancelled: its units are already back on sale."),
                )
            )
    return reasons


@transaction.atomic
def refund_create(
    *,
    order_pk: int,
    asks: list[LineRefundAsk],
    actor,
    request_key: uuid.UUID,
    shipping: int = 0,
    reference: str = "",
    note: str = "",
) -> Refund:
    """Refund part of a paid order, line by line. Nothing may exceed what was
    paid, per line and in total, counting earlier refunds: the payment's row
    lock makes refunds of one order wait for each other, so two at once (or a
    form sent twice) cannot both take the same money. A card refund goes back
    through Stripe; a transfer or cash refund is money already returned
    outside the system and needs its reference. The form's `request_key`
    makes a repeated submission return the first refund."""
    payment = (
        OrderPayment.objects.select_for_update()
        .select_related("order")
        .get(order_id=order_pk)
    )
    repeated = Refund.objects.filter(request_key=request_key).first()
    if repeated is not None:
        return repeated
    order = payment.order
    if payment.status not in (PaymentStatus.PAID, PaymentStatus.REFUNDED):
        raise RefundRefused(
            [
                (
                    None,
                    None,
                    _("Order %(number)s is not paid (%(status)s): nothing to refund.")
                    % {"number": order.number, "status": payment.get_status_display()},
                )
            ]
        )
    # Lines too, so a seller cancelling one waits (its units are restocked once).
    list(order.lines.select_for_update().order_by("pk"))
    left = selectors.refundable(order=order)
    by_line = {row["line"].pk: row for row in left["lines"]}
    reasons = _refused_lines(order=order, asks=asks, left_by_line=by_line)
    if shipping < 0 or shipping > left["shipping_left"]:
        reasons.append(
            (
                None,
                "shipping",
                _("At most %(left)s đồng of shipping can still be refunded.")
                % {"left": left["shipping_left"]},
            )
        )
    total = sum(max(ask.amount, 0) for ask in asks) + max(shipping, 0)
    if not reasons and total == 0:
        reasons.append((None, None, _("Enter an amount to refund.")))
    if total > payment.amount - left["refunded"]:
        reasons.append(
            (
                None,
                None,
                _(
                    "The refund (%(total)s đồng) is more than is left of the "
                    "%(paid)s đồng paid (%(refunded)s đồng already refunded)."
                )
                % {
                    "total": total,
                    "paid": payment.amount,
                    "refunded": left["refunded"],
                },
            )
        )
    if payment.method != PaymentMethod.CARD and not reference.strip():
        reasons.append(
            (
                None,
                "reference",
                _(
                    "Enter the bank transaction or receipt number the money went "
                    "back with."
                ),
            )
        )
    if reasons:
        raise RefundRefused(reasons)
    if payment.method == PaymentMethod.CARD:
        reference = _stripe_refund(payment=payment, amount=total, key=request_key)
    refund = Refund(
        order=order,
        method=payment.method,
        amount=total,
        shipping=shipping,
        reference=reference.strip()[:100],
        note=note.strip(),
        created_by=actor,
        request_key=request_key,
    )
    refund.full_clean()
    refund.save()
    event_type, _created = PaymentEventType.objects.get_or_create(
        # Oscar shows the type's name; stored in English, like Oscar's own.
        code=PaymentEventCode.REFUND,
        defaults={"name": PaymentEventCode.REFUND.name.capitalize()},
    )
    returned = {}
    for ask in asks:
        if not (ask.amount or ask.quantity):
            continue
        line = by_line[ask.line_pk]["line"]
        event = PaymentEvent.objects.create(
            order=order,
            amount=ask.amount,
            reference=refund.reference,
            event_type=event_type,
        )
        PaymentEventQuantity.objects.create(
            event=event, line=line, quantity=ask.quantity
        )
        RefundLine.objects.create(
            refund=refund,
            line=line,
            event=event,
            quantity=ask.quantity,
            amount=ask.amount,
            restocked=ask.restock,
        )
        if ask.restock:
            returned[line] = ask.quantity
    seller_services.stock_return(units=returned)
    if left["refunded"] + total >= payment.amount:
        payment.status = PaymentStatus.REFUNDED
        payment.save(update_fields=["status"])
    transaction.on_commit(
        partial(tasks.refund_email_send.enqueue, refund_id=refund.pk), robust=True
    )
    return refund


def _stripe_refund(*, payment: OrderPayment, amount: int, key) -> str:
    """A partial refund of the card payment in VND (whole đồng), keyed by the
    form so a retried request cannot refund twice; Stripe's refund id."""
    if not payment.reference:
        raise RefundRefused([(None, None, _("This card payment has no Stripe id."))])
    try:
        refund = stripe_sdk().Refund.create(
            payment_intent=payment.reference,
            amount=amount,
            metadata={"order_number": str(payment.order.number)},
            idempotency_key=f"refund-{key}",
        )
    except stripe.StripeError as error:
        raise RefundRefused(
            [
                (
                    None,
                    None,
                    _("Stripe refused the refund: %(reason)s")
                    % {"reason": error.user_message or error.code or ""},
                )
            ]
        ) from None
    return refund.id
