"""Order and line statuses and the pipelines Oscar walks them along. Settings
import this module, so it holds enums only (no models)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    """The whole order is only ever cancelled (unpaid, expired, by staff):
    sellers move their own lines; cancelling an order cancels its open lines."""

    NEW = "new", _("New")
    CANCELLED = "cancelled", _("Cancelled")


class LineStatus(models.TextChoices):
    """A seller's fulfilment of its own lines of an order."""

    NEW = "new", _("New")
    CONFIRMED = "confirmed", _("Confirmed")
    PACKED = "packed", _("Packed")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


ORDER_STATUS_PIPELINE = {
    OrderStatus.NEW: (OrderStatus.CANCELLED,),
    OrderStatus.CANCELLED: (),
}
ORDER_STATUS_CASCADE = {OrderStatus.CANCELLED: LineStatus.CANCELLED}
LINE_STATUS_PIPELINE = {
    LineStatus.NEW: (LineStatus.CONFIRMED, LineStatus.CANCELLED),
    LineStatus.CONFIRMED: (LineStatus.PACKED, LineStatus.CANCELLED),
    LineStatus.PACKED: (LineStatus.SHIPPED, LineStatus.CANCELLED),
    LineStatus.SHIPPED: (LineStatus.DELIVERED,),
    LineStatus.DELIVERED: (),
    LineStatus.CANCELLED: (),
}


class PaymentEventCode(models.TextChoices):
    """Codes of Oscar's PaymentEventTypes that we write. A refund is one event
    per refunded line, so an event's amount is that line's money (sellers'
    statements read them without knowing about checkout)."""

    REFUND = "refund", _("Refund")
