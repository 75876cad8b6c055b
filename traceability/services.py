"""Writes about farms, batches and their records."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from traceability.models import Batch, BatchStatus, EventKind, Farm, TraceEvent


@transaction.atomic
def farm_create(*, partner, **fields) -> Farm:
    farm = Farm(partner=partner, **fields)
    farm.full_clean()
    farm.save()
    return farm


def lot_code_next(*, partner, prefix: str, year: int) -> str:
    """E.g. CM-2026-031: the seller's prefix, the year and a running number."""
    taken = Batch.objects.filter(
        partner=partner, lot_code__startswith=f"{prefix}-{year}-"
    ).count()
    return f"{prefix}-{year}-{taken + 1:03d}"


@transaction.atomic
def batch_create(
    *, partner, product, produced_on, quantity: int, lot_code: str = "", **fields
) -> Batch:
    if not lot_code:
        # "htx-che-cam-my" → "CM": the place or brand usually ends the name.
        prefix = "".join(w[:1] for w in partner.code.split("-")[-2:]).upper() or "LO"
        lot_code = lot_code_next(partner=partner, prefix=prefix, year=produced_on.year)
    batch = Batch(
        partner=partner,
        product=product,
        produced_on=produced_on,
        quantity=quantity,
        lot_code=lot_code,
        **fields,
    )
    batch.full_clean()
    batch.save()
    return batch


@transaction.atomic
def trace_event_append(
    *, batch: Batch, kind: str, occurred_at: datetime, actor=None, **fields
) -> TraceEvent:
    """Append to the batch's record; the chain hash makes later edits visible.
    The batch row is locked so two records cannot claim the same predecessor."""
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    previous = batch.events.order_by("-recorded_at", "-pk").first()
    event = TraceEvent(
        batch=batch,
        kind=kind,
        occurred_at=occurred_at,
        actor=actor,
        actor_name=fields.pop("actor_name", "")
        or (actor.get_full_name() or actor.get_username() if actor else ""),
        previous_hash=previous.hash if previous else "",
        **fields,
    )
    event.full_clean(exclude=["hash"])
    event.hash = event.compute_hash()
    event.save()
    Batch.objects.filter(pk=batch.pk).update(changed_at=timezone.now())
    return event


def harvest_inside_preharvest_interval(
    *, batch: Batch, harvest_at: datetime
) -> list[TraceEvent]:
    """Input records whose pre-harvest interval a harvest at `harvest_at` would break."""
    inputs = batch.events.filter(
        kind=EventKind.INPUT, preharvest_interval_days__isnull=False
    )
    return [
        event
        for event in inputs
        if (harvest_at - event.occurred_at).days < event.preharvest_interval_days
    ]


@transaction.atomic
def batch_recall(*, batch: Batch, reason: str, actor=None) -> Batch:
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    batch.status = BatchStatus.RECALLED
    batch.recall_reason = reason
    batch.recalled_at = batch.changed_at = timezone.now()
    batch.full_clean()
    batch.save(update_fields=["status", "recall_reason", "recalled_at", "changed_at"])
    return batch
