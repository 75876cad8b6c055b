"""Reads about batches; seller-facing ones are scoped to the acting seller."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from oscar.core.loading import get_model

from catalog import places
from traceability.models import Batch, Farm, Scan, TraceEvent

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
    """A seller's batches; None (staff) means every seller's."""
    batches = Batch.objects.select_related("product", "farm", "partner")
    return batches if partner is None else batches.filter(partner=partner)


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


def scan_summary(*, batch: Batch, days: int = 30) -> dict:
    """Scans over time and the counterfeit signals a seller and staff should see:
    far more scans than packages, or scans long after the expiry date."""
    today = timezone.localdate()
    since = today - timedelta(days=days - 1)
    scans = Scan.objects.filter(batch=batch)
    per_day = dict(
        scans.filter(scanned_at__date__gte=since)
        .annotate(day=TruncDate("scanned_at"))
        .values_list("day")
        .annotate(count=Count("pk"))
        .values_list("day", "count")
    )
    total = scans.count()
    signals = []
    if total > batch.quantity * settings.TRACE_SCANS_PER_PACKAGE_LIMIT:
        signals.append("too_many_scans")
    if batch.expires_on:
        late = batch.expires_on + timedelta(days=settings.TRACE_LATE_SCAN_DAYS)
        if scans.filter(scanned_at__date__gt=late).exists():
            signals.append("scans_after_expiry")
    return {
        "total": total,
        "days": [
            {
                "day": since + timedelta(days=n),
                "count": per_day.get(since + timedelta(days=n), 0),
            }
            for n in range(days)
        ],
        "devices": dict(
            scans.values_list("device_class")
            .annotate(n=Count("pk"))
            .values_list("device_class", "n")
        ),
        "provinces": [
            {
                "province": places.province_names().get(row["province"], ""),
                "n": row["n"],
            }
            for row in scans.exclude(province=None)
            .values("province")
            .annotate(n=Count("pk"))
            .order_by("-n")[:5]
        ],
        "signals": signals,
    }


def batches_with_signals(*, partner=None) -> list[tuple[Batch, list[str]]]:
    """Batches whose scans look like counterfeits (for the seller, or all for staff)."""
    batches = Batch.objects.select_related("product", "partner").annotate(
        n=Count("scans")
    )
    if partner is not None:
        batches = batches.filter(partner=partner)
    flagged = []
    for batch in batches.filter(n__gt=0):
        signals = scan_summary(batch=batch, days=1)["signals"]
        if signals:
            flagged.append((batch, signals))
    return flagged
