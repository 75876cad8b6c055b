"""Reads about batches; seller-facing ones are scoped to the acting seller."""

from datetime import timedelta

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from oscar.core.loading import get_model

from traceability.models import Batch, BatchStatus, Farm, Scan, TraceEvent
from vietnam import places

Order = get_model("order", "Order")
ProductImage = get_model("catalogue", "ProductImage")


def batch_for_public(*, token: str) -> Batch:
    """A batch with its records, product, seller and farm (EPCIS document)."""
    return (
        Batch.objects.select_related(
            "product", "product__parent", "partner", "partner__profile", "farm", "plot"
        )
        .prefetch_related("events")
        .get(public_token=token)
    )


def batch_for_trace(*, token: str) -> Batch | None:
    """The batch behind a trace page with its product, seller and farm in one
    query: it also gives the page's cache version, so a cached view costs no more."""
    batches = Batch.objects.select_related(
        "product", "product__parent", "partner", "partner__profile", "farm", "plot"
    ).defer("product__description", "product__parent__description")
    return batches.filter(public_token=token).order_by().first()


def trace_page_details(*, batch: Batch) -> dict:
    """What the trace page shows besides the batch, in three queries whatever
    their number: the records, the product's first picture (the parent's, else
    the variant's) and its certificates."""
    product = batch.product.parent or batch.product
    events = batch.events.defer(
        "actor", "actor_name", "photo", "previous_hash", "hash", "recorded_at"
    )
    image = (
        ProductImage.objects.filter(product_id__in={product.pk, batch.product_id})
        .order_by(
            Case(When(product_id=product.pk, then=0), default=1),
            "display_order",
            "pk",
        )
        .first()
    )
    prefetch_related_objects([product], "certifications")
    return {"product": product, "events": list(events), "image": image}


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
    counts = with_scan_counts(Batch.objects.filter(pk=batch.pk)).get()
    total = counts.scan_total
    return {
        "total": total,
        "days": [
            {
                "day": since + timedelta(days=n),
                "count": per_day.get(since + timedelta(days=n), 0),
            }
            for n in range(days)
        ],
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
        "signals": signals_of(counts),
    }


def with_scan_counts(batches: QuerySet) -> QuerySet:
    """Annotate each batch with its scans, and its scans long after expiry."""
    late_after = ExpressionWrapper(
        F("expires_on") + timedelta(days=settings.TRACE_LATE_SCAN_DAYS),
        output_field=DateField(),
    )
    late = Q(scans__scanned_at__date__gt=late_after)
    return batches.annotate(
        scan_total=Count("scans"), late_scans=Count("scans", filter=late)
    )


def signals_of(batch: Batch) -> list[str]:
    """The counterfeit rule, on a batch annotated by with_scan_counts."""
    signals = []
    if batch.scan_total > batch.quantity * settings.TRACE_SCANS_PER_PACKAGE_LIMIT:
        signals.append("too_many_scans")
    if batch.late_scans:
        signals.append("scans_after_expiry")
    return signals


def batches_with_signals(*, partner=None) -> list[tuple[Batch, list[str]]]:
    """Batches whose scans look like counterfeits (for the seller, or all for
    staff), in one query."""
    batches = with_scan_counts(Batch.objects.select_related("product", "partner"))
    if partner is not None:
        batches = batches.filter(partner=partner)
    return [
        (batch, signals)
        for batch in batches.filter(scan_total__gt=0)
        if (signals := signals_of(batch))
    ]


def batch_current_for_product(*, product) -> Batch | None:
    """The batch a shopper buying now most likely receives: the newest active
    one of the product (or of its parent, for a pack size)."""
    products = [product.pk] + ([product.parent_id] if product.parent_id else [])
    return (
        Batch.objects.filter(product__in=products, status=BatchStatus.ACTIVE)
        .order_by("-produced_on", "-pk")
        .first()
    )
