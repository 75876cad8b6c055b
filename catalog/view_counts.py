"""Product page views counted in Redis between the request and Oscar's
analytics rows (ProductRecord.num_views): a view costs one HINCRBY instead of
an UPDATE and its commit, and the worker adds each product's views up at
once (`flush`, every 30 s, one transaction), as trace scans wait
(traceability/scan_buffer.py).

A flush first renames the waiting counts to "being written" (one step), writes
them, then deletes them; a flush that died between the two leaves them there,
and the next flush writes them again: a view may then be counted twice, never
lost. Without Redis a view is counted in the request."""

import logging

from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from oscar.core.loading import get_model
from redis.exceptions import RedisError

from ops.cache import redis_client

ProductRecord = get_model("analytics", "ProductRecord")
Product = get_model("catalogue", "Product")
log = logging.getLogger(__name__)
WAITING = "catalogue:views:waiting"
WRITING = "catalogue:views:writing"
# The counts being written: those a dead flush left, else the waiting ones.
CLAIM = """
if redis.call('EXISTS', KEYS[2]) == 0 then
  if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
  redis.call('RENAME', KEYS[1], KEYS[2])
end
return redis.call('HGETALL', KEYS[2])
"""


def _keys() -> tuple[str, str]:
    backend = caches["default"]
    return backend.make_key(WAITING), backend.make_key(WRITING)


def add(product_id: int) -> None:
    """Count one view: in Redis, or without it here, as Oscar does (one
    UPDATE, and an INSERT for a product's first view)."""
    client = redis_client()
    if client is not None:
        try:
            client.hincrby(_keys()[0], str(product_id), 1)
            return
        except RedisError as error:
            log.warning("View counts unavailable, counting in the request: %s", error)
    views = ProductRecord.objects.filter(product_id=product_id)
    if not views.update(num_views=F("num_views") + 1):
        first = ProductRecord(product_id=product_id, num_views=1)
        ProductRecord.objects.bulk_create([first], ignore_conflicts=True)


def claimed() -> dict[int, int]:
    """{product id: views} to write; empty without Redis or views."""
    client = redis_client()
    if client is None:
        return {}
    flat = client.eval(CLAIM, 2, *_keys())
    return {int(pk): int(n) for pk, n in zip(flat[::2], flat[1::2], strict=True)}


def release() -> None:
    """Written and committed: the counts being written are done."""
    client = redis_client()
    if client is not None:
        client.delete(_keys()[1])


def flush() -> int:
    """Add the waiting views to Oscar's analytics rows; the number of views."""
    counts = claimed()
    if counts:
        write(counts)
        release()
    return sum(counts.values())


@transaction.atomic
def write(counts: dict[int, int]) -> None:
    """Add {product id: views} to Oscar's analytics rows: one UPDATE per
    product, a row created for a product's first views; a product deleted
    while its views waited takes them with it."""
    new = [
        pk
        for pk, views in counts.items()
        if not ProductRecord.objects.filter(product_id=pk).update(
            num_views=F("num_views") + views
        )
    ]
    ProductRecord.objects.bulk_create(
        [
            ProductRecord(product_id=pk, num_views=counts[pk])
            for pk in Product.objects.filter(pk__in=new).values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )
