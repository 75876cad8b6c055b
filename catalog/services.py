"""Writes of the catalogue: stock alerts ("Báo tôi khi có hàng") on Oscar's
ProductAlert, with every email sent by a task after commit, and product page
views."""

import json
from functools import partial

from django.db import transaction
from oscar.core.loading import get_class, get_model

from catalog import tasks, view_counts

ProductAlert = get_model("customer", "ProductAlert")
History = get_class("customer.history", "CustomerHistoryManager")


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


def product_view_record(*, product_id: int, request, response) -> None:
    """A visitor without an account viewed a product page: Oscar's
    recently-viewed cookie, and one view for its analytics, waiting in Redis
    for the worker (view_counts). A signed-in
    shopper's view goes through Oscar's product_viewed instead, which also
    keeps their own history rows."""
    ids = History.add(History.extract(request, response), product_id)
    response.set_cookie(History.cookie_name, json.dumps(ids), **History.cookie_kwargs)
    view_counts.add(product_id)
