"""Writes about farms, batches and their records."""

from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from traceability import tasks
from traceability.models import (
    Batch,
    BatchStatus,
    DeviceClass,
    EventKind,
    Farm,
    LineBatch,
    Scan,
    TraceEvent,
)


@transaction.atomic
def farm_create(*, partner, **fields) -> Farm:
    farm = Farm(partner=partner, **fields)
    farm.full_clean()
    farm.save()
    return farm


def lot_code_prefix(*, partner) -> str:
    """ "htx-che-cam-my" → "CM": the place or brand usually ends the code."""
    return "".join(w[:1] for w in partner.code.split("-")[-2:]).upper() or "LO"


def lot_code_format(*, prefix: str, year: int, number: int) -> str:
    """E.g. CM-2026-031: the seller's prefix, the year and a running number."""
    return f"{prefix}-{year}-{number:03d}"


def lot_code_next(*, partner, prefix: str, year: int) -> str:
    taken = Batch.objects.filter(
        partner=partner, lot_code__startswith=f"{prefix}-{year}-"
    ).count()
    return lot_code_format(prefix=prefix, year=year, number=taken + 1)


@transaction.atomic
def batch_create(
    *, partner, product, produced_on, quantity: int, lot_code: str = "", **fields
) -> Batch:
    if not lot_code:
        prefix = lot_code_prefix(partner=partner)
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
    """Recall the batch; the worker then emails every customer whose order was
    filled from it (recall_notices_fan_out)."""
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    batch.status = BatchStatus.RECALLED
    batch.recall_reason = reason
    batch.recalled_at = batch.changed_at = timezone.now()
    batch.full_clean()
    batch.save(update_fields=["status", "recall_reason", "recalled_at", "changed_at"])
    transaction.on_commit(
        partial(tasks.recall_notices_fan_out.enqueue, batch_id=batch.pk)
    )
    return batch


def batch_pick_for_line(*, line) -> Batch | None:
    """Default batch for a shipped line: the seller's oldest active batch of that
    product (or pack size) with enough packages left."""
    used = Coalesce(Sum("line_links__quantity"), 0)
    return (
        Batch.objects.filter(
            partner_id=line.partner_id,
            product_id__in=[
                pid
                for pid in (line.product_id, getattr(line.product, "parent_id", None))
                if pid
            ],
            status=BatchStatus.ACTIVE,
        )
        .annotate(used=used)
        .filter(quantity__gte=F("used") + line.quantity)
        .order_by("produced_on", "pk")
        .first()
    )


@transaction.atomic
def line_batch_assign(*, line, batch: Batch | None = None) -> LineBatch | None:
    """Link a shipped line to the batch it was filled from (the default pick, or
    the seller's choice); nothing when the seller keeps no batches for it."""
    batch = batch or batch_pick_for_line(line=line)
    if batch is None:
        return None
    link, _created = LineBatch.objects.update_or_create(
        line=line, defaults={"batch": batch, "quantity": line.quantity}
    )
    return link


def device_class_of(user_agent: str) -> str:
    agent = user_agent.lower()
    if any(word in agent for word in ("bot", "crawl", "spider", "preview")):
        return DeviceClass.BOT
    if "ipad" in agent or "tablet" in agent:
        return DeviceClass.TABLET
    if any(word in agent for word in ("mobi", "android", "iphone")):
        return DeviceClass.PHONE
    return DeviceClass.DESKTOP


def scan_record(*, batch_id: int, user_agent: str, province: int | None = None) -> Scan:
    return Scan.objects.create(
        batch_id=batch_id, device_class=device_class_of(user_agent), province=province
    )
