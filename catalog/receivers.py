"""A stock record that can sell again wakes the product's stock alerts (by a
task after commit; Oscar's own eager receiver mailed inside the save)."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save
from oscar.core.loading import get_model

from catalog import services, tasks

StockRecord = get_model("partner", "StockRecord")


def stock_record_saved(sender, instance, raw=False, **kwargs):
    if raw or (instance.num_in_stock or 0) <= (instance.num_allocated or 0):
        return
    if services.stock_alerts_due(product_id=instance.product_id) or (
        instance.product.parent_id
        and services.stock_alerts_due(product_id=instance.product.parent_id)
    ):
        transaction.on_commit(
            partial(tasks.stock_alerts_send.enqueue, product_id=instance.product_id)
        )


def connect():
    post_save.connect(stock_record_saved, sender=StockRecord)
