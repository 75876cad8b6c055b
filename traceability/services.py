"""Writes about farms, batches and their records."""

import logging
import uuid
from datetime import datetime
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation

import freshness
from ops.mail import delivery_connection
from traceability import gs1, label_sheets, notices, scan_buffer, selectors
from traceability.models import (
    Batch,
    BatchHousehold,
    BatchStatus,
    DeviceClass,
    EventKind,
    ExpiryAlert,
    Farm,
    Household,
    LabelSheet,
    LineBatch,
    Plot,
    Scan,
    TraceEvent,
)
from vietnam.site import absolute_url

logger = logging.getLogger(__name__)


@transaction.atomic
def farm_create(*, partner, **fields) -> Farm:
    farm = Farm(partner=partner, **fields)
    farm.full_clean()
    farm.save()
    return farm


@transaction.atomic
def household_create(*, partner, **fields) -> Household:
    household = Household(partner=partner, **fields)
    household.full_clean()
    household.save()
    return household


@transaction.atomic
def plot_create(*, farm: Farm, name: str, household=None, area_hectares=None) -> Plot:
    plot = Plot(farm=farm, name=name, household=household, area_hectares=area_hectares)
    plot.full_clean()
    plot.save()
    return plot


@transaction.atomic
def batch_household_set(
    *, batch: Batch, household: Household, quantity_kg
) -> BatchHousehold:
    """Credit a household with its harvest in a batch (again: the new amount)."""
    share = BatchHousehold.objects.filter(batch=batch, household=household).first()
    share = share or BatchHousehold(batch=batch, household=household)
    share.quantity_kg = quantity_kg
    share.full_clean()
    share.save()
    # The trace page names the households.
    batch_changed(batch_pk=batch.pk)
    return share


def batch_changed(*, batch_pk: int) -> None:
    """What the trace page shows of a batch changed: its cached pages go stale
    (now, and again after commit: see freshness)."""
    Batch.objects.filter(pk=batch_pk).update(changed_at=timezone.now())
    freshness.touch(freshness.batch(batch_pk))


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
        gtin=gs1.batch_gtin(product_gtin=product.gtin or "", lot=lot_code),
        **fields,
    )
    batch.full_clean()
    batch.save()
    # The product's page links to its current batch.
    freshness.touch(freshness.product(product.pk))
    return batch


@transaction.atomic
def trace_event_append(
    *,
    batch: Batch,
    kind: str,
    occurred_at: datetime,
    actor=None,
    client_id=None,
    **fields,
) -> TraceEvent:
    """Append to the batch's record; the chain hash makes later edits visible.
    The batch row is locked so two records cannot claim the same predecessor,
    and a record the phone already sent (same client_id) is returned, not
    chained a second time."""
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if client_id:
        sent = TraceEvent.objects.filter(client_id=client_id, batch=batch).first()
        if sent is not None:
            return sent
    previous = batch.events.order_by("-recorded_at", "-pk").first()
    event = TraceEvent(
        batch=batch,
        kind=kind,
        occurred_at=occurred_at,
        actor=actor,
        actor_name=fields.pop("actor_name", "")
        or (actor.get_full_name() or actor.get_username() if actor else ""),
        previous_hash=previous.hash if previous else "",
        client_id=client_id,
        **fields,
    )
    event.full_clean(exclude=["hash"])
    event.hash = event.compute_hash()
    event.save()
    batch_changed(batch_pk=batch.pk)
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
    freshness.touch(freshness.batch(batch.pk), freshness.product(batch.product_id))
    transaction.on_commit(
        partial(notices.recall_notices_fan_out.enqueue, batch_id=batch.pk)
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


def scan_record(*, batch_id: int, user_agent: str, province: int | None = None) -> None:
    """Count one view of a trace page: it waits in the scan buffer for the
    worker (`scans_flush`), or is written at once when there is no buffer or
    the buffer is down (a scan is never lost to a Redis outage)."""
    scan = {
        "key": uuid.uuid4().hex,
        "batch": batch_id,
        "device": device_class_of(user_agent),
        "province": province,
        "at": timezone.now().isoformat(),
    }
    if not scan_buffer.push(scan):
        Scan.objects.bulk_create([_scan_row(scan)], ignore_conflicts=True)


def _scan_row(scan: dict) -> Scan:
    return Scan(
        key=uuid.UUID(scan["key"]),
        batch_id=scan["batch"],
        device_class=scan["device"],
        province=scan["province"],
        scanned_at=datetime.fromisoformat(scan["at"]),
    )


SCANS_PER_WRITE = 1000


def scans_flush(*, size: int = SCANS_PER_WRITE, rounds: int = 100) -> int:
    """Write the buffered scans, `size` per transaction, at most `rounds`
    batches per call (the worker calls again). A batch leaves the buffer only
    after its rows are committed; a batch written twice (a flush that died
    before releasing it) is written once, thanks to the scans' unique keys."""
    written = 0
    for _round in range(rounds):
        scans = scan_buffer.claimed(size=size)
        if not scans:
            break
        _scans_write(scans)
        scan_buffer.release(scans)
        written += len(scans)
    return written


@transaction.atomic
def _scans_write(scans: list[dict]) -> None:
    # A batch deleted while its scans waited takes them with it, as a delete
    # would have (its foreign key cascades).
    batch_ids = {scan["batch"] for scan in scans}
    existing = set(Batch.objects.filter(pk__in=batch_ids).values_list("pk", flat=True))
    Scan.objects.bulk_create(
        [_scan_row(scan) for scan in scans if scan["batch"] in existing],
        ignore_conflicts=True,
        batch_size=500,
    )


def expiry_alerts_raise(*, today) -> list[ExpiryAlert]:
    """Record the alerts due today, each (thing, expiry, threshold) once; the
    new ones are returned for the caller to email (tasks.expiry_alerts_send)."""
    raised = []
    for thing in selectors.expiring_things(today=today):
        threshold = selectors.expiry_threshold(
            expires_on=thing["expires_on"], today=today
        )
        if threshold is None:
            continue
        with transaction.atomic():
            alert, created = ExpiryAlert.objects.get_or_create(
                partner_id=thing["partner_id"],
                kind=thing["kind"],
                object_id=thing["object_id"],
                expires_on=thing["expires_on"],
                threshold_days=threshold,
                defaults={"label": thing["label"][:255]},
            )
            if created:
                raised.append(alert)
    return raised


def expiry_alert_email_send(*, alert_id: int) -> bool:
    """Email one alert to the seller's users and staff, at most once: the row is
    claimed before sending and released if sending fails, so a retry resends
    only what never left."""
    claimed = ExpiryAlert.objects.filter(pk=alert_id, emailed_at=None).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        logger.info("Expiry alert %s: gone or already emailed", alert_id)
        return False
    alert = ExpiryAlert.objects.select_related("partner").get(pk=alert_id)
    recipients = selectors.expiry_alert_recipients(alert=alert)
    if not recipients:
        return False
    context = {"alert": alert, "site_url": absolute_url("/")}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("traceability/email/expiry_subject.txt", context)
        body = render_to_string("traceability/email/expiry_body.txt", context)
    try:
        send_mail(
            subject.strip(), body, None, recipients, connection=delivery_connection()
        )
    except Exception:
        ExpiryAlert.objects.filter(pk=alert_id).update(emailed_at=None)
        raise
    return True


@transaction.atomic
def label_sheet_request(
    *, batch: Batch, width_mm: float, height_mm: float, copies: int
) -> LabelSheet:
    """A sheet too large to make inside the request: the worker makes it
    once this row is committed (sizes already checked by `labels.validate`)."""
    sheet = LabelSheet.objects.create(
        batch=batch, width_mm=width_mm, height_mm=height_mm, copies=copies
    )
    transaction.on_commit(
        partial(label_sheets.label_sheet_make.enqueue, sheet_id=sheet.pk)
    )
    return sheet
