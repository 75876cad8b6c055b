from django.dispatch import receiver
from oscar.apps.order.signals import order_line_status_changed

from sellers.statuses import LineStatus
from traceability import services


@receiver(order_line_status_changed)
def link_shipped_line_to_its_batch(sender, line, old_status, new_status, **kwargs):
    """A line that ships is filled from a batch, so its customer can trace it."""
    if new_status == LineStatus.SHIPPED:
        services.line_batch_assign(line=line)
