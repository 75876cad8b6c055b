"""Writes of the catalogue: stock alerts ("Báo tôi khi có hàng") on Oscar's
ProductAlert, with every email sent by a task after commit."""

from functools import partial

from django.db import transaction
from oscar.core.loading import get_model

from catalog import tasks

ProductAlert = get_model("customer", "ProductAlert")


@transaction.atomic
def stock_alert_create(*, form) -> ProductAlert:
    """Save Oscar's alert form: an account's alert is active at once; an email
    alone must be confirmed from the link sent to it (nobody signs up someone
    else's address)."""
    alert = form.save()
    if alert.is_anonymous:
        transaction.on_commit(
            partial(tasks.stock_alert_confirmation_send.enqueue, alert_id=alert.pk)
        )
    return alert


def stock_alerts_due(*, product_id: int) -> bool:
    return ProductAlert.objects.filter(
        product_id=product_id, status=ProductAlert.ACTIVE
    ).exists()
