"""Reads about batches; seller-facing ones are scoped to the acting seller."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
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

from traceability import gs1
from traceability.models import (
    PUBLIC_TOKEN,
    Batch,
    BatchHousehold,
    BatchStatus,
    ExpiringKind,
    ExpiryAlert,
    Farm,
    Household,
    LineBatch,
    Scan,
    TraceEvent,
)
from vietnam import places

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
Certification = get_model("catalogue", "Certification")
SellerDocument = get_model("partner", "SellerDocument")
User = get_user_model()
ProductImage = get_model("catalogue", "ProductImage")


def batch_for_public(*, token: str) -> Batch:
    """A batch with its records, product, seller and farm (EPCIS document)."""
    if not PUBLIC_TOKEN.fullmatch(token):
        raise Batch.DoesNotExist
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
    if not PUBLIC_TOKEN.fullmatch(token):
        return None
    batches = Batch.objects.select_related(
        "product", "product__parent", "partner", "partner__profile", "farm", "plot"
    ).defer("product__description", "product__parent__description")
    return batches.filter(public_token=token).order_by().first()


def trace_page_details(*, batch: Batch) -> dict:
    """What the trace page shows besides the batch, in four queries whatever
    their number: the records, the product's first picture (the parent's, else
    the variant's), its certificates and the member households who agreed to
    be named."""
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
    growers = Household.objects.filter(
        batch_shares__batch=batch, public_consent=True
    ).only("head_name", "village")
    return {
        "product": product,
        "events": list(events),
        "image": image,
        "growers": list(growers),
    }


def batch_for_digital_link(*, gtin: str, lot: str) -> Batch:
    """By the GTIN frozen on the batch when it was made (one indexed row), so a
    label keeps resolving after the product's record changes."""
    return Batch.objects.select_related("product", "partner").get(
        gtin=gs1.gtin14(gtin), lot_code=lot
    )


def product_for_gtin(*, gtin: str):
    """The public product a GTIN-14 names, however its GTIN was typed (8, 12,
    13 or 14 digits)."""
    short = gtin.lstrip("0")
    variants = {short.zfill(n) for n in (8, 12, 13, 14) if len(short) <= n}
    return (
        Product.objects.filter(gtin__in=variants, is_public=True)
        .select_related("parent")
        .order_by("pk")
        .first()
    )


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


def households_for_seller(*, partner) -> QuerySet:
    return Household.objects.filter(partner=partner).prefetch_related("plots__farm")


def household_shares(*, batch: Batch) -> QuerySet:
    return BatchHousehold.objects.filter(batch=batch).select_related("household")


def household_statement(*, statement: dict) -> list[dict]:
    """Each member household's share of a seller's monthly statement: every
    line filled from a batch is split among the batch's households in
    proportion to the kilograms each put into it (whole đồng)."""
    lines = [row["line"] for row in statement["rows"]]
    links = {
        link.line_id: link
        for link in LineBatch.objects.filter(line__in=lines).select_related("batch")
    }
    shares: dict[int, list[BatchHousehold]] = {}
    for share in BatchHousehold.objects.filter(
        batch_id__in={link.batch_id for link in links.values()}
    ).select_related("household"):
        shares.setdefault(share.batch_id, []).append(share)
    rows: dict[tuple[int, int], dict] = {}
    for row in statement["rows"]:
        link = links.get(row["line"].pk)
        batch_shares = shares.get(link.batch_id, []) if link else []
        total_kg = sum(share.quantity_kg for share in batch_shares)
        for share in batch_shares:
            fraction = share.quantity_kg / total_kg
            entry = rows.setdefault(
                (share.household_id, link.batch_id),
                {
                    "household": share.household,
                    "batch": link.batch,
                    "quantity_kg": share.quantity_kg,
                    "fraction": fraction,
                    "packages": 0,
                    "gross": Decimal(0),
                    "net": Decimal(0),
                },
            )
            entry["packages"] += link.quantity
            entry["gross"] += row["gross"] * fraction
            entry["net"] += row["net"] * fraction
    for entry in rows.values():
        for key in ("gross", "net"):
            entry[key] = entry[key].quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return sorted(
        rows.values(),
        key=lambda e: (
            e["household"].head_name,
            e["household"].pk,
            e["batch"].lot_code,
        ),
    )


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


EXPIRY_LOOKAHEAD_DAYS = max(ExpiryAlert.THRESHOLDS)
EXPIRY_CATCH_UP_DAYS = 7  # a day-of alert the job missed still goes out this late


def expiring_things(*, today) -> list[dict]:
    """Every OCOP certificate, product certification and seller document that
    expires within the alert window, once per seller concerned (a product sold
    by two sellers warns both), in three queries."""
    window = (
        today - timedelta(days=EXPIRY_CATCH_UP_DAYS),
        today + timedelta(days=EXPIRY_LOOKAHEAD_DAYS),
    )
    things = []
    for row in (
        Product.objects.filter(ocop_expiry__range=window, stockrecords__isnull=False)
        .values("pk", "title", "ocop_certificate_number", "ocop_expiry")
        .annotate(partner_id=F("stockrecords__partner_id"))
        .distinct()
    ):
        things.append(
            {
                "partner_id": row["partner_id"],
                "kind": ExpiringKind.OCOP_CERTIFICATE,
                "object_id": row["pk"],
                "label": f"OCOP {row['ocop_certificate_number']} — {row['title']}",
                "expires_on": row["ocop_expiry"],
            }
        )
    certifications = (
        Certification.objects.filter(
            valid_until__range=window, product__stockrecords__isnull=False
        )
        .annotate(partner_id=F("product__stockrecords__partner_id"))
        .select_related("product")
        .distinct()
    )
    for certification in certifications:
        things.append(
            {
                "partner_id": certification.partner_id,
                "kind": ExpiringKind.CERTIFICATION,
                "object_id": certification.pk,
                "label": (
                    f"{certification.get_scheme_display()} {certification.number}"
                    f" — {certification.product.get_title()}"
                ),
                "expires_on": certification.valid_until,
            }
        )
    for document in SellerDocument.objects.filter(
        expires_on__range=window
    ).select_related("profile"):
        things.append(
            {
                "partner_id": document.profile.partner_id,
                "kind": ExpiringKind.SELLER_DOCUMENT,
                "object_id": document.pk,
                "label": str(document),
                "expires_on": document.expires_on,
            }
        )
    return things


def expiry_threshold(*, expires_on, today) -> int | None:
    """The alert due for something expiring on `expires_on`: the nearest
    threshold already reached (a job that missed days sends only that one)."""
    days_left = (expires_on - today).days
    if days_left < -EXPIRY_CATCH_UP_DAYS or days_left > EXPIRY_LOOKAHEAD_DAYS:
        return None
    return min(t for t in ExpiryAlert.THRESHOLDS if t >= max(days_left, 0))


def expiry_alerts_for_home(*, partner, today) -> list[ExpiryAlert]:
    """What the workspace home warns about: each thing's latest alert, while it
    is still to come or expired less than a week ago."""
    alerts = ExpiryAlert.objects.filter(
        expires_on__gte=today - timedelta(days=EXPIRY_CATCH_UP_DAYS)
    ).order_by("expires_on", "threshold_days", "pk")
    if partner is not None:
        alerts = alerts.filter(partner=partner)
    latest = {}
    for alert in alerts:
        latest.setdefault((alert.partner_id, alert.kind, alert.object_id), alert)
    return list(latest.values())


def expiry_alert_recipients(*, alert: ExpiryAlert) -> list[str]:
    """The seller's users and the marketplace's staff, each address once."""
    users = User.objects.filter(is_active=True).filter(
        Q(partners=alert.partner_id) | Q(is_staff=True)
    )
    return sorted({email for email in users.values_list("email", flat=True) if email})


def batch_current_for_product(*, product) -> Batch | None:
    """The batch a shopper buying now most likely receives: the newest active
    one of the product (or of its parent, for a pack size)."""
    products = [product.pk] + ([product.parent_id] if product.parent_id else [])
    return (
        Batch.objects.filter(product__in=products, status=BatchStatus.ACTIVE)
        .order_by("-produced_on", "-pk")
        .first()
    )


def label_sheets_of(*, batch: Batch) -> list:
    """The batch's sheets made by the worker, newest first (a few days' worth)."""
    return list(batch.label_sheets.order_by("-created_at")[:10])
