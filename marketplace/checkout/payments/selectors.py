"""Reads about payments: what to transfer, what is still unpaid."""

from django.conf import settings
from django.db.models import QuerySet, Sum
from vietnam_qr_pay import QRPay

from marketplace.checkout.models import (
    OrderPayment,
    PaymentMethod,
    PaymentStatus,
    Refund,
    RefundLine,
)
from marketplace.checkout.selectors import to_dong


def vietqr_payload(*, amount: int, message: str) -> str:
    """NAPAS VietQR (EMVCo) text for a transfer of exactly `amount` đồng to
    the marketplace's account with `message` as the transfer content."""
    return QRPay.init_viet_qr(
        bank_bin=settings.VIETQR_BANK_BIN,
        bank_number=settings.VIETQR_ACCOUNT_NUMBER,
        amount=str(amount),
        purpose=message,
    ).build()


def transfer_for(*, payment: OrderPayment) -> dict | None:
    """What the confirmation page shows for a transfer still awaited."""
    if (
        payment.method != PaymentMethod.BANK_TRANSFER
        or payment.status != PaymentStatus.PENDING
    ):
        return None
    return {
        "bank": settings.VIETQR_BANK_NAME,
        "account_number": settings.VIETQR_ACCOUNT_NUMBER,
        "account_name": settings.VIETQR_ACCOUNT_NAME,
        "amount": payment.amount,
        "message": payment.transfer_message,
        "payload": vietqr_payload(
            amount=payment.amount, message=payment.transfer_message
        ),
        "expires_at": payment.expires_at,
    }


def payments_awaited(*, seller=None) -> QuerySet:
    """Unpaid cash and transfer orders, oldest first (Stripe confirms cards);
    a seller sees only orders with its lines."""
    payments = (
        OrderPayment.objects.filter(status=PaymentStatus.PENDING)
        .exclude(method=PaymentMethod.CARD)
        .select_related("order", "order__shipping_address")
        .order_by("created_at")
    )
    if seller is not None:
        payments = payments.filter(order__lines__partner=seller.partner).distinct()
    return payments


def payments_expired(*, now) -> QuerySet:
    return OrderPayment.objects.filter(
        status=PaymentStatus.PENDING, expires_at__lt=now
    ).select_related("order")


def card_payments_refundable(*, limit: int = 50) -> QuerySet:
    """Paid card payments, newest first, for staff refunds."""
    return (
        OrderPayment.objects.filter(
            method=PaymentMethod.CARD, status=PaymentStatus.PAID
        )
        .select_related("order")
        .order_by("-paid_at")[:limit]
    )


def refundable(*, order) -> dict:
    """What each line of the order was paid, what was refunded and what is
    left (money and units), the same for shipping, and all refunded so far.
    A line's money is its price after discounts, in whole đồng."""
    done = {
        row["line"]: row
        for row in RefundLine.objects.filter(line__order=order)
        .values("line")
        .annotate(amount=Sum("amount"), units=Sum("quantity"))
    }
    lines = []
    for line in order.lines.select_related("partner").order_by("pk"):
        paid = to_dong(line.line_price_incl_tax)
        refunded = done.get(line.pk, {}).get("amount") or 0
        units = done.get(line.pk, {}).get("units") or 0
        lines.append(
            {
                "line": line,
                "paid": paid,
                "amount_refunded": refunded,
                "amount_left": max(paid - refunded, 0),
                "units_refunded": units,
                "units_left": max(line.quantity - units, 0),
            }
        )
    totals = Refund.objects.filter(order=order).aggregate(
        amount=Sum("amount"), shipping=Sum("shipping")
    )
    shipping_paid = to_dong(order.shipping_incl_tax)
    return {
        "lines": lines,
        "shipping_paid": shipping_paid,
        "shipping_left": max(shipping_paid - (totals["shipping"] or 0), 0),
        "refunded": totals["amount"] or 0,
    }


def payment_for_refund(*, pk: int) -> OrderPayment:
    """A paid (or partly refunded) payment, for the staff refund page."""
    return OrderPayment.objects.select_related("order").get(
        pk=pk, status__in=[PaymentStatus.PAID, PaymentStatus.REFUNDED]
    )


def payment_of_order(*, number: str) -> OrderPayment | None:
    return OrderPayment.objects.filter(order__number=number.strip()).first()


def refunds_for(*, seller=None, limit: int = 100) -> QuerySet:
    """Refunded lines, newest first; a seller sees only its own lines (staff,
    None, see every seller's)."""
    lines = RefundLine.objects.select_related(
        "refund",
        "refund__order",
        "refund__order__payment",
        "refund__created_by",
        "line",
        "line__partner",
    ).order_by("-refund__created_at", "-pk")
    if seller is not None:
        lines = lines.filter(line__partner=seller.partner)
    return lines[:limit]
