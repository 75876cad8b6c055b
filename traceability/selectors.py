"""Reads about batches; seller-facing ones are scoped to the acting seller."""

from django.db.models import QuerySet
from oscar.core.loading import get_model

from traceability.models import Batch, Farm, TraceEvent

Order = get_model("order", "Order")


def batch_for_public(*, token: str) -> Batch:
    """Everything the public trace page shows, in a fixed number of queries."""
    return (
        Batch.objects.select_related(
            "product", "product__parent", "partner", "partner__profile", "farm", "plot"
        )
        .prefetch_related("events", "product__images", "product__certifications")
        .get(public_token=token)
    )


def batch_for_digital_link(*, gtin: str, lot: str) -> Batch:
    gtins = {gtin, gtin.lstrip("0")} | {
        gtin.lstrip("0").zfill(n) for n in (8, 12, 13, 14)
    }
    return Batch.objects.get(product__gtin__in=gtins, lot_code=lot)


def batches_for_seller(*, partner) -> QuerySet:
    return Batch.objects.filter(partner=partner).select_related("product", "farm")


def chain_breaks(*, batch: Batch) -> list[TraceEvent]:
    """Records whose stored hash or link to the previous record no longer holds."""
    broken, previous_hash = [], ""
    events = TraceEvent.objects.filter(batch=batch).select_related("batch", "corrects")
    for event in events.order_by("recorded_at", "pk"):
        if event.previous_hash != previous_hash or event.compute_hash() != event.hash:
            broken.append(event)
        previous_hash = event.hash
    return broken


def farms_for_seller(*, partner) -> QuerySet:
    return Farm.objects.filter(partner=partner).prefetch_related("plots")


def batch_for_seller(*, seller, pk: int) -> Batch:
    """Raises Batch.DoesNotExist for another seller's batch; staff (None) see all."""
    batches = Batch.objects.select_related("product", "farm", "plot", "partner")
    if seller is not None:
        batches = batches.filter(partner=seller.partner)
    return batches.get(pk=pk)


def orders_with_batch(*, batch: Batch) -> QuerySet:
    """Orders (and so customers) that received packages of this batch."""
    return (
        Order.objects.filter(lines__batch_link__batch=batch)
        .select_related("user")
        .distinct()
    )
