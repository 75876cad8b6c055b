"""Recall notices, sent by the worker (tasks.py), one per buyer and batch."""

from ops.mail import send_once
from traceability import selectors
from traceability.models import Batch


def recall_notice_orders(*, batch: Batch) -> dict[str, int]:
    """One order per buyer's address (Oscar: the account's email, or the
    guest's): a buyer of several orders from the batch gets one notice."""
    buyers = {}
    for order in selectors.orders_with_batch(batch=batch):
        if order.email:
            buyers.setdefault(order.email.lower(), order.pk)
    return buyers


def recall_notice_send(*, batch: Batch, order) -> None:
    send_once(
        key=f"recall:{batch.pk}:{order.email.lower()}",
        subject_template="traceability/email/recall_subject.txt",
        body_template="traceability/email/recall_body.txt",
        context={"batch": batch, "order": order},
        to=[order.email],
    )
