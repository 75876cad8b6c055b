"""Reads about payments: what to transfer, what is still unpaid."""

from django.conf import settings
from django.db.models import QuerySet
from vietnam_qr_pay import QRPay

from marketplace.checkout.models import OrderPayment, PaymentMethod, PaymentStatus


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
