"""Checkout's side effects, run by the task worker."""

import logging
from datetime import timedelta

from django_tasks import task
from oscar.core.loading import get_model

from marketplace.checkout import services
from ops.periodic import periodic

Order = get_model("order", "Order")
log = logging.getLogger(__name__)


@task()
def order_emails_send(*, order_id: int) -> None:
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        log.info("Order %s is gone; no emails to send", order_id)
        return
    services.order_emails_send(order=order)


@periodic(every=timedelta(hours=1))
@task()
def unpaid_orders_expire_hourly() -> int:
    """Orders whose transfer or card payment never came go back on sale."""
    # Imported here: payments.services imports checkout.services, which
    # imports this module.
    from marketplace.checkout.payments.services import unpaid_orders_expire

    return unpaid_orders_expire()
