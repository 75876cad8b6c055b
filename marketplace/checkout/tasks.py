"""Checkout's side effects, run by the task worker."""

import logging

from django_tasks import task
from oscar.core.loading import get_model

from marketplace.checkout import emails

Order = get_model("order", "Order")
Refund = get_model("checkout", "Refund")
log = logging.getLogger(__name__)


@task()
def order_emails_send(*, order_id: int) -> None:
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        log.info("Order %s is gone; no emails to send", order_id)
        return
    emails.order_emails_send(order=order)


@task()
def refund_email_send(*, refund_id: int) -> None:
    refund = Refund.objects.filter(pk=refund_id).select_related("order").first()
    if refund is None:
        log.info("Refund %s is gone; no email to send", refund_id)
        return
    emails.refund_email_send(refund=refund)
