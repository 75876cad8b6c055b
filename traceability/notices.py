"""Recall notices: one task per buyer, each notice sent once per batch and
address, so a worker killed mid fan-out loses none and repeats none."""

import logging

from django_tasks import task
from oscar.core.loading import get_model

from ops.mail import send_once
from traceability import selectors
from traceability.models import Batch

Order = get_model("order", "Order")
log = logging.getLogger(__name__)


def recall_notice_orders(*, batch: Batch) -> dict[str, int]:
    """One order per buyer's address (Oscar: the account's email, or the
    guest's): a buyer of several orders from the batch gets one notice."""
    buyers = {}
    for order in selectors.orders_with_batch(batch=batch):
        if order.email:
            buyers.setdefault(order.email.lower(), order.pk)
    return buyers


def recall_notice_send_once(*, batch: Batch, order) -> None:
    send_once(
        key=f"recall:{batch.pk}:{order.email.lower()}",
        subject_template="traceability/email/recall_subject.txt",
        body_template="traceability/email/recall_body.txt",
        context={"batch": batch, "order": order},
        to=[order.email],
    )


@task()
def recall_notices_fan_out(*, batch_id: int) -> int:
    """One task per buyer, so a worker killed midway loses no notice and
    sends none twice (each notice is sent once per batch and address)."""
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is None:
        log.info("Batch %s is gone; no recall notices", batch_id)
        return 0
    buyers = recall_notice_orders(batch=batch)
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
    recall_notice_send_once(batch=batch, order=order)
