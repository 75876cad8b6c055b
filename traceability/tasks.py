"""Traceability's side effects, run by the task worker."""

import logging

from django_tasks import task
from oscar.core.loading import get_model

from traceability import emails
from traceability.models import Batch

Order = get_model("order", "Order")
log = logging.getLogger(__name__)


@task()
def recall_notices_fan_out(*, batch_id: int) -> int:
    """One task per buyer, so a worker killed midway loses no notice and
    sends none twice (each notice is sent once per batch and address)."""
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is None:
        log.info("Batch %s is gone; no recall notices", batch_id)
        return 0
    buyers = emails.recall_notice_orders(batch=batch)
    for order_id in buyers.values():
        recall_notice_send.enqueue(batch_id=batch_id, order_id=order_id)
    return len(buyers)


@task()
def recall_notice_send(*, batch_id: int, order_id: int) -> None:
    batch = Batch.objects.filter(pk=batch_id).first()
    order = Order.objects.filter(pk=order_id).first()
    if batch is None or order is None:
        log.info("Batch %s or order %s is gone; no recall notice", batch_id, order_id)
        return
    emails.recall_notice_send(batch=batch, order=order)
