"""Reads about sellers, for storefronts, the directory and the review queue."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from oscar.core.loading import get_model

from sellers.models import (
    Parcel,
    ParcelStatus,
    SellerDocument,
    SellerProfile,
    SellerStatus,
    ShippingRule,
)
from sellers.statuses import LineStatus, PaymentEventCode

StockRecord = get_model("partner", "StockRecord")
Line = get_model("order", "Line")
PaymentEvent = get_model("order", "PaymentEvent")


def partner_can_sell_q(prefix: str = "") -> Q:
    """Partners whose sales are open: an active profile, or no profile at all
    (partners created before profiles existed, e.g. by staff in the dashboard)."""
    return Q(**{f"{prefix}profile__status": SellerStatus.ACTIVE}) | Q(
        **{f"{prefix}profile__isnull": True}
    )


def partner_may_sell(partner) -> bool:
    """The same rule as partner_can_sell_q, for a partner already in memory."""
    profile = getattr(partner, "profile", None)
    return profile is None or profile.status == SellerStatus.ACTIVE


def _sellable_records(*, in_stock: bool) -> QuerySet:
    rows = StockRecord.objects.filter(partner_can_sell_q("partner__"))
    if in_stock:
        rows = rows.filter(
            Q(num_in_stock__gt=Coalesce("num_allocated", 0))
            | Q(product__product_class__track_stock=False)
            | Q(product__parent__product_class__track_stock=False)
        )
    return rows


def sellable_stock_exists(*, in_stock: bool = False) -> Q:
    """A product (or one of its pack sizes) has stock records from a seller who
    may sell; with `in_stock`, units left to sell too (or stock not tracked).
    Two EXISTS, not one with an OR: each can use its index, which keeps this
    cheap at 100k products."""
    rows = _sellable_records(in_stock=in_stock)
    return Exists(rows.filter(product=OuterRef("pk"))) | Exists(
        rows.filter(product__parent=OuterRef("pk"))
    )


def products_with_sellable_stock(ids, *, in_stock: bool = False) -> set[int]:
    """Which of these products `sellable_stock_exists` holds for, read from
    their own and their pack sizes' stock records (two indexed queries): for
    a few hundred search candidates PostgreSQL planned the EXISTS as a hash
    over every stock record of the marketplace (~200 ms at 100k)."""
    found = set()
    for owner in ("product_id", "product__parent_id"):
        rows = _sellable_records(in_stock=in_stock).filter(**{f"{owner}__in": ids})
        found.update(rows.values_list(owner, flat=True))
    return found


def sellers_active(
    *, province: int | None = None, ocop_group: str | None = None
) -> QuerySet:
    sellers = SellerProfile.objects.filter(status=SellerStatus.ACTIVE).select_related(
        "partner"
    )
    if province:
        sellers = sellers.filter(province=province)
    if ocop_group:
        sellers = sellers.filter(
            Exists(
                StockRecord.objects.filter(
                    partner=OuterRef("partner"),
                    product__is_public=True,
                ).filter(
                    Q(product__ocop_group=ocop_group)
                    | Q(product__parent__ocop_group=ocop_group)
                )
            )
        )
    return sellers.order_by("partner__name")


def seller_for_storefront(*, slug: str) -> SellerProfile:
    return (
        SellerProfile.objects.select_related("partner")
        .prefetch_related("documents")
        .get(slug=slug, status=SellerStatus.ACTIVE)
    )


def applications_to_review() -> QuerySet:
    return (
        SellerProfile.objects.filter(
            status__in=[SellerStatus.APPLIED, SellerStatus.CHANGES_REQUESTED]
        )
        .select_related("partner")
        .prefetch_related("documents")
        .order_by("applied_at")
    )


def seller_for_user(*, user) -> SellerProfile | None:
    """The seller whose workspace this user works in (None for shoppers)."""
    if not user.is_authenticated:
        return None
    return (
        SellerProfile.objects.select_related("partner")
        .filter(partner__users=user)
        .order_by("pk")
        .first()
    )


def document_for_user(*, user, pk: int) -> SellerDocument:
    """A seller document for staff or one of that seller's users; anyone else
    gets DoesNotExist, as for a missing one."""
    documents = SellerDocument.objects.select_related("profile")
    if not user.is_staff:
        documents = documents.filter(profile__partner__users=user)
    return documents.get(pk=pk)


def lines_for_seller(
    *, seller: SellerProfile | None, status: str | None = None
) -> QuerySet:
    """A seller's order lines, newest first; None (staff) means every seller's."""
    lines = Line.objects.select_related(
        "order", "order__shipping_address", "partner", "product"
    ).order_by("-order__date_placed", "pk")
    if seller is not None:
        lines = lines.filter(partner=seller.partner)
    if status:
        lines = lines.filter(status=status)
    return lines


def sales_summary(*, seller: SellerProfile | None, days: int = 30, today=None) -> dict:
    """Orders, revenue and top products over the last `days`, per day for the chart."""
    today = today or timezone.localdate()
    since = today - timedelta(days=days - 1)
    lines = (
        lines_for_seller(seller=seller)
        .exclude(status=LineStatus.CANCELLED)
        .filter(order__date_placed__date__gte=since)
    )
    per_day = {
        since + timedelta(days=n): {"orders": set(), "revenue": Decimal(0)}
        for n in range(days)
    }
    top: dict[str, dict] = {}
    for line in lines:
        day = timezone.localtime(line.order.date_placed).date()
        if day in per_day:
            per_day[day]["orders"].add(line.order_id)
            per_day[day]["revenue"] += line.line_price_incl_tax
        item = top.setdefault(
            line.title, {"title": line.title, "quantity": 0, "revenue": Decimal(0)}
        )
        item["quantity"] += line.quantity
        item["revenue"] += line.line_price_incl_tax
    days_list = [
        {"day": day, "orders": len(v["orders"]), "revenue": v["revenue"]}
        for day, v in per_day.items()
    ]
    return {
        "days": days_list,
        "orders": len({line.order_id for line in lines}),
        "revenue": sum((d["revenue"] for d in days_list), Decimal(0)),
        "top_products": sorted(top.values(), key=lambda i: i["revenue"], reverse=True)[
            :5
        ],
    }


def statement(*, seller: SellerProfile, year: int, month: int) -> dict:
    """A month's lines (cancelled ones left out) and the month's refunds of
    the seller's lines (negative rows): gross, commission and net payable."""
    rate = seller.effective_commission_rate
    lines = (
        lines_for_seller(seller=seller)
        .exclude(status=LineStatus.CANCELLED)
        .filter(order__date_placed__year=year, order__date_placed__month=month)
        .order_by("order__date_placed", "pk")
    )
    rows = []
    for line in lines:
        gross = line.line_price_incl_tax
        commission = (gross * rate / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        rows.append(
            {
                "line": line,
                "quantity": line.quantity,
                "gross": gross,
                "commission": commission,
                "net": gross - commission,
                "refund": None,
            }
        )
    for event in refunds_in_month(seller=seller, year=year, month=month):
        # The commission goes back with the money: it is charged on what the
        # shopper kept.
        item = event.line_quantities.all()[0]
        gross = -event.amount
        commission = (gross * rate / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        rows.append(
            {
                "line": item.line,
                "quantity": item.quantity,
                "gross": gross,
                "commission": commission,
                "net": gross - commission,
                "refund": event,
            }
        )
    totals = {
        key: sum((row[key] for row in rows), Decimal(0))
        for key in ("gross", "commission", "net")
    }
    return {
        "seller": seller,
        "year": year,
        "month": month,
        "rate": rate,
        "rows": rows,
        "totals": totals,
        "cod": cod_parcels(seller=seller, year=year, month=month),
    }


def refunds_in_month(*, seller: SellerProfile, year: int, month: int) -> QuerySet:
    """Refunds of the seller's lines made in that month, whatever month the
    order was placed: a statement already paid out stays as it was, and the
    money comes off the month it went back. Each is one of Oscar's
    PaymentEvents for one line; lines cancelled were never on a statement."""
    return (
        PaymentEvent.objects.filter(
            event_type__code=PaymentEventCode.REFUND,
            date_created__year=year,
            date_created__month=month,
            line_quantities__line__partner=seller.partner,
        )
        .exclude(line_quantities__line__status=LineStatus.CANCELLED)
        .select_related("order")
        .prefetch_related("line_quantities__line__order")
        .order_by("date_created", "pk")
    )


def cod_parcels(*, seller: SellerProfile, year: int, month: int) -> dict:
    """Cash on delivery counted per parcel, for the month's orders: how many of
    the seller's parcels, and how much cash, await collection, are collected,
    are settled."""
    rows = (
        Parcel.objects.filter(
            partner=seller.partner,
            order__date_placed__year=year,
            order__date_placed__month=month,
        )
        .values("status")
        .annotate(parcels=Count("pk"), amount=Sum("cod_amount"))
    )
    found = {row["status"]: row for row in rows}
    return {
        status: {
            "label": label,
            "parcels": found.get(status, {}).get("parcels", 0),
            "amount": found.get(status, {}).get("amount") or 0,
        }
        for status, label in ParcelStatus.choices
    }


def shipping_rule_for(*, seller: SellerProfile) -> ShippingRule:
    """The seller's rule, or a new unsaved one with the marketplace's defaults."""
    rule = ShippingRule.objects.filter(partner=seller.partner).first()
    return rule or _default_shipping_rule(seller.partner)


def shipping_rule_of(*, partner) -> ShippingRule:
    """The rule loaded with the partner (`select_related("shipping_rule")`, no
    query of its own), or the marketplace's defaults."""
    return getattr(partner, "shipping_rule", None) or _default_shipping_rule(partner)


def _default_shipping_rule(partner) -> ShippingRule:
    fee = int(settings.MARKETPLACE_SHIPPING_FEE_PER_SELLER)
    return ShippingRule(partner=partner, same_province_fee=fee, other_province_fee=fee)


def stock_for_seller(*, seller: SellerProfile | None) -> QuerySet:
    """A seller's stock records with their products; None (staff) means every
    seller's."""
    stock = StockRecord.objects.select_related(
        "product", "product__parent", "partner"
    ).order_by("product__title", "pk")
    return stock if seller is None else stock.filter(partner=seller.partner)


def sellers_chosen(*, ids: list[int]) -> list[SellerProfile]:
    """Chosen sellers in the editor's order; a seller no longer active drops out."""

    sellers = SellerProfile.objects.filter(
        pk__in=ids, status=SellerStatus.ACTIVE
    ).select_related("partner")
    by_id = {seller.pk: seller for seller in sellers}
    return [by_id[pk] for pk in dict.fromkeys(ids) if pk in by_id]
