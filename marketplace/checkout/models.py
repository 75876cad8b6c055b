"""How an order is paid: one record per order, in whole đồng."""

from django.conf import settings
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


class Refund(models.Model):
    """Money returned to the shopper for some lines (and maybe shipping) of a
    paid order, who returned it and when. Card refunds go back through Stripe
    (`reference` is Stripe's refund id); transfer and cash refunds happen
    outside the system and are recorded here with the bank or receipt
    reference. Each refunded line is also one of Oscar's PaymentEvents, so
    Oscar's order pages and the sellers' statements see it."""

    order = models.ForeignKey(
        "order.Order", on_delete=models.PROTECT, related_name="refunds"
    )
    method = models.CharField(
        _("Refunded through"), max_length=16, choices=PaymentMethod.choices
    )
    amount = models.PositiveBigIntegerField(_("Amount (đồng)"))
    shipping = models.PositiveBigIntegerField(
        _("Shipping fee refunded (đồng)"), default=0
    )
    reference = models.CharField(_("Refund reference"), max_length=100, blank=True)
    note = models.TextField(_("Reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Refunded by"),
    )
    created_at = models.DateTimeField(_("Refunded at"), auto_now_add=True)
    request_key = models.UUIDField(
        unique=True,
        help_text=_("One per refund form shown: a form sent twice refunds once."),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Refund")
        verbose_name_plural = _("Refunds")

    def __str__(self):
        return f"{self.order.number}: {self.amount}"


class RefundLine(models.Model):
    """One order line's part of a refund. `event` is Oscar's PaymentEvent for
    the same money (one event per line, so the event's amount is this line's);
    `restocked` says the goods came back and went on sale again."""

    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(
        "order.Line", on_delete=models.PROTECT, related_name="refund_lines"
    )
    event = models.OneToOneField(
        "order.PaymentEvent", on_delete=models.PROTECT, related_name="refund_line"
    )
    quantity = models.PositiveIntegerField(_("Units refunded"), default=0)
    amount = models.PositiveBigIntegerField(_("Amount (đồng)"))
    restocked = models.BooleanField(_("Goods came back to stock"), default=False)

    class Meta:
        verbose_name = _("Refunded line")
        verbose_name_plural = _("Refunded lines")

    def __str__(self):
        return f"{self.line}: {self.amount}"


from oscar.apps.checkout.models import *  # noqa: E402
