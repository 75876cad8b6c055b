from django.dispatch import receiver
from oscar.apps.order.signals import order_line_status_changed

from sellers.services import stock_release
from sellers.statuses import LineStatus


@receiver(order_line_status_changed)
def release_stock_of_cancelled_line(sender, line, old_status, new_status, **kwargs):
    """A line cancelled by its seller or by staff (workspace or Oscar's
    dashboard) puts its units back on sale. Cancelling a whole order cascades
    without this signal; checkout's order_cancel releases those lines."""
    if new_status == LineStatus.CANCELLED:
        stock_release(lines=[line])
