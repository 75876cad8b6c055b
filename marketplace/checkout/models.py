"""How an order is paid: one record per order, in whole đồng."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentMethod(models.TextChoices):
    CASH_ON_DELIVERY = "cod", _("Cash on delivery (COD)")
    BANK_TRANSFER = "vietqr", _("Bank transfer (scan the VietQR code)")
    CARD = "card", _("Card payment (Visa, Mastercard, JCB)")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting payment")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Payment failed")
    REFUNDED = "refunded", _("Refunded")
    EXPIRED = "expired", _("Expired unpaid")
    CANCELLED = "cancelled", _("Cancelled")


class OrderPayment(models.Model):
    """Oscar's payment sources count money moved; this says what the shopper
    chose and whether the money has arrived, which drives pages and emails."""

    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="payment"
    )
    method = models.CharField(
        _("Payment method"),
        max_length=16,
        choices=PaymentMethod.choices,
        default=PaymentMethod.CASH_ON_DELIVERY,
    )
    status = models.CharField(
        _("Payment status"),
        max_length=16,
        choices=PaymentStatus.choices,
        default=PaymentStatus.PENDING,
        db_index=True,
    )
    amount = models.PositiveBigIntegerField(_("Amount (đồng)"))
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    paid_at = models.DateTimeField(_("Paid at"), null=True, blank=True)
    expires_at = models.DateTimeField(
        _("Unpaid order expires at"), null=True, blank=True, db_index=True
    )
    reference = models.CharField(
        _("Payment reference"),
        max_length=100,
        blank=True,
        help_text=_("Bank transaction or card payment the money came with."),
    )

    attempts = models.PositiveSmallIntegerField(
        _("Card payment attempts"),
        default=0,
        help_text=_("Each attempt has its own Stripe idempotency key."),
    )

    class Meta:
        verbose_name = _("Order payment")
        verbose_name_plural = _("Order payments")

    def __str__(self):
        return f"{self.order.number}: {self.get_method_display()}"

    @property
    def transfer_message(self) -> str:
        """What the shopper types as "Nội dung chuyển khoản": the order number
        with a prefix, so statement lines are matched without guessing."""
        return f"DH{self.order.number}"


class StripeEvent(models.Model):
    """Stripe webhook events already handled: Stripe delivers at least once,
    so a replay must find its id here and change nothing."""

    event_id = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=100)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self):
        return f"{self.event_id} ({self.kind})"


from oscar.apps.checkout.models import *  # noqa: E402
