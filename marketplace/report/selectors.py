"""Reads for the marketplace report (staff): sellers by status, products, and
the sales — orders, GMV, refunds and commission — by province, category, seller,
payment method and month. Every figure is one aggregate query grouped in the
database, so a month costs the same few queries at 100 or 100k orders.

What counts is what the sellers' statements count (`sellers.selectors.statement`):
the lines of orders placed in the period, cancelled lines and cancelled orders
left out; GMV is the lines' price after discounts (shipping excluded), before
refunds; refunds count in the period they were made; the commission is the
seller's rate on each line less the rate on each refund, each rounded to whole
đồng."""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Round, Substr, TruncDay, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_model

from marketplace.checkout.models import PaymentMethod
from sellers.models import SellerStatus
from sellers.selectors import partner_can_sell_q
from sellers.statuses import LineStatus, OrderStatus, PaymentEventCode
from vietnam import places

Category = get_model("catalogue", "Category")
Line = get_model("order", "Line")
Partner = get_model("partner", "Partner")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
SellerProfile = get_model("partner", "SellerProfile")
StockRecord = get_model("partner", "StockRecord")

MONEY = DecimalField(max_digits=14, decimal_places=2)


# A month's report shows its days where the report of every month shows months.
DAY = "day"


class Dimension(models.TextChoices):
    """The ways the sales are broken down (also the CSV's first column)."""

    PROVINCE = "province", gettext_lazy("Seller's province")
    CATEGORY = "category", gettext_lazy("Category")
    SELLER = "seller", gettext_lazy("Seller")
    PAYMENT = "payment", gettext_lazy("Payment method")
    MONTH = "month", gettext_lazy("Month")


@dataclass(frozen=True)
class Period:
    """A calendar month in the site's time zone, or every month (`month=None`)."""

    month: date | None = None

    @property
    def start(self) -> datetime | None:
        if self.month is None:
            return None
        return datetime(
            self.month.year, self.month.month, 1, tzinfo=timezone.get_current_timezone()
        )

    @property
    def end(self) -> datetime | None:
        if self.month is None:
            return None
        year, month = divmod(self.month.year * 12 + self.month.month, 12)
        return datetime(year, month + 1, 1, tzinfo=timezone.get_current_timezone())


def sold_lines(*, start: datetime | None = None, end: datetime | None = None):
    """The lines the report counts, of orders placed in [start, end)."""
    lines = Line.objects.exclude(status=LineStatus.CANCELLED).exclude(
        order__status=OrderStatus.CANCELLED
    )
    if start is not None:
        lines = lines.filter(order__date_placed__gte=start)
    if end is not None:
        lines = lines.filter(order__date_placed__lt=end)
    return lines


def commission_per_line(*, amount: str = "line_price_incl_tax", line: str = ""):
    """The statement's rule in SQL: the seller's rate (or the marketplace's),
    rounded half up to whole đồng on each line (or each refund of a line).
    PostgreSQL and SQLite round half away from zero, as ROUND_HALF_UP does."""
    rate = Coalesce(
        F(f"{line}partner__profile__commission_rate"),
        Value(Decimal(str(settings.MARKETPLACE_COMMISSION_RATE))),
        output_field=DecimalField(max_digits=5, decimal_places=2),
    )
    return Round(
        ExpressionWrapper(F(amount) * rate / Value(100), output_field=MONEY),
        output_field=MONEY,
    )


def refunds_made(*, start: datetime | None = None, end: datetime | None = None):
    """Refunds made in [start, end), one row per refunded line (the sellers'
    statements take them off the month the money went back, whatever month
    the order was placed; refunds of cancelled lines never were on one)."""
    refunds = PaymentEventQuantity.objects.filter(
        event__event_type__code=PaymentEventCode.REFUND
    ).exclude(line__status=LineStatus.CANCELLED)
    if start is not None:
        refunds = refunds.filter(event__date_created__gte=start)
    if end is not None:
        refunds = refunds.filter(event__date_created__lt=end)
    return refunds


def _refund_sums() -> dict:
    return {
        "refunds": Sum("event__amount"),
        "commission_back": Sum(
            commission_per_line(amount="event__amount", line="line__")
        ),
    }


def _sums() -> dict:
    return {
        "orders": Count("order_id", distinct=True),
        "units": Sum("quantity"),
        "gmv": Sum("line_price_incl_tax"),
        "commission": Sum(commission_per_line()),
    }


def _whole(row: dict) -> dict:
    """Whole đồng, as the statements and the CSV show them."""
    return {
        **row,
        "orders": row["orders"] or 0,
        "units": row["units"] or 0,
        "gmv": int(row["gmv"] or 0),
        "commission": int(row["commission"] or 0),
        "refunds": int(row.get("refunds") or 0),
    }


def totals_of(*, by_payment: list[dict]) -> dict:
    """The period's totals, added up from the payment-method rows: an order has
    one payment record (or none: the "unknown" row), so every order is in
    exactly one row and the sums are the totals without another pass over the
    lines."""
    return {
        key: sum(row[key] for row in by_payment)
        for key in ("orders", "units", "gmv", "refunds", "commission")
    }


def _first_category_root(line: str = ""):
    """Each line counts once, under the top-level category of its product's
    first category (a pack size's parent holds the categories)."""
    first = (
        ProductCategory.objects.filter(
            product_id=Coalesce(
                OuterRef(f"{line}product__parent_id"), OuterRef(f"{line}product_id")
            )
        )
        .order_by("pk")
        .values("category__path")[:1]
    )
    return Substr(Subquery(first), 1, Category.steplen)


def _group_keys(dimension: str, *, line: str = "", when: str = "order__date_placed"):
    """The grouping key of a breakdown, from a line (`line=""`) or from a
    refund's line (`line="line__"`, dated by the refund: `when`)."""
    if dimension == Dimension.PROVINCE:
        return {"key": F(f"{line}partner__profile__province")}
    if dimension == Dimension.SELLER:
        return {"key": F(f"{line}partner_id")}
    if dimension == Dimension.PAYMENT:
        return {"key": F(f"{line}order__payment__method")}
    if dimension == Dimension.MONTH:
        return {"key": TruncMonth(when)}
    if dimension == DAY:
        return {"key": TruncDay(when)}
    if dimension == Dimension.CATEGORY:
        return {"key": _first_category_root(line)}
    raise ValueError(dimension)


def _refunds_by(dimension: str, period: Period) -> list[dict]:
    return list(
        refunds_made(start=period.start, end=period.end)
        .annotate(**_group_keys(dimension, line="line__", when="event__date_created"))
        .values("key")
        .annotate(**_refund_sums())
        .order_by()
    )


def _dimension_for(dimension: str, period: Period) -> str:
    return DAY if dimension == Dimension.MONTH and period.month else dimension


def sales_by(*, dimension: str, period: Period) -> list[dict]:
    """One row per province/category/seller/payment method/month: key, label,
    orders, units, GMV and commission in whole đồng. Biggest GMV first; months
    in calendar order, and a single month's by day."""
    dimension = _dimension_for(dimension, period)
    rows = (
        sold_lines(start=period.start, end=period.end)
        .annotate(**_group_keys(dimension))
        .values("key")
        .annotate(**_sums())
        .order_by()
    )
    return _finish(dimension, list(rows), _refunds_by(dimension, period))


def sales_breakdowns(*, period: Period) -> dict[str, list[dict]]:
    """Every breakdown of `sales_by`. On PostgreSQL in one pass over the
    period's lines (GROUP BY GROUPING SETS, which the ORM cannot write: the
    ORM's query of the lines, wrapped); elsewhere one grouped query each."""
    if connection.vendor != "postgresql":
        return {d: sales_by(dimension=d, period=period) for d in Dimension}
    dimensions = {d: _dimension_for(d, period) for d in Dimension}
    keys = {f"key_{d}": _group_keys(dimensions[d])["key"] for d in Dimension}
    lines = (
        sold_lines(start=period.start, end=period.end)
        .annotate(**keys, commission=commission_per_line())
        .values("order_id", "quantity", "line_price_incl_tax", "commission", *keys)
    )
    sql, params = lines.query.sql_with_params()
    flags = ", ".join(f"GROUPING({key})" for key in keys)
    sets = ", ".join(f"({key})" for key in keys)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {flags}, {', '.join(keys)}, COUNT(DISTINCT order_id), "
            "SUM(quantity), SUM(line_price_incl_tax), SUM(commission) "
            f"FROM ({sql}) AS sold GROUP BY GROUPING SETS ({sets})",
            params,
        )
        found = cursor.fetchall()
    width = len(keys)
    grouped = {d: [] for d in Dimension}
    for row in found:
        # GROUPING(column) is 0 in the rows grouped by that column.
        index = row[:width].index(0)
        orders, units, gmv, commission = row[2 * width :]
        key = row[width + index]
        if isinstance(key, datetime) and timezone.is_naive(key):
            key = timezone.make_aware(key)  # DATE_TRUNC of the local time, as the ORM
        grouped[list(Dimension)[index]].append(
            {
                "key": key,
                "orders": orders,
                "units": units,
                "gmv": gmv,
                "commission": commission,
            }
        )
    return {
        d: _finish(dimensions[d], rows, _refunds_by(dimensions[d], period))
        for d, rows in grouped.items()
    }


def _finish(dimension: str, rows: list[dict], refunds: list[dict]) -> list[dict]:
    """Refunds joined in by key (a group may have only refunds), commission net
    of what refunds gave back, whole đồng, labels, and the page's order."""
    by_key = {row["key"]: row for row in rows}
    empty = {"orders": 0, "units": 0, "gmv": 0, "commission": 0}
    for refund in refunds:
        row = by_key.setdefault(refund["key"], {"key": refund["key"], **empty})
        row["refunds"] = refund["refunds"]
        row["commission"] = (row["commission"] or 0) - (refund["commission_back"] or 0)
    rows = [_whole(row) for row in by_key.values()]
    labels = _labels(dimension, [row["key"] for row in rows])
    unknown = _("Unknown")
    for row in rows:
        row["label"] = labels.get(row["key"], unknown)
    if dimension in (Dimension.MONTH, DAY):
        return sorted(rows, key=lambda row: row["key"])
    return sorted(rows, key=lambda row: (-row["gmv"], row["label"]))


def _labels(dimension: str, keys: list) -> dict:
    """Names for the keys of one breakdown, in one query at most."""
    if dimension == Dimension.PROVINCE:
        return {key: places.province_names().get(key, str(key)) for key in keys if key}
    if dimension == Dimension.SELLER:
        return dict(Partner.objects.filter(pk__in=keys).values_list("pk", "name"))
    if dimension == Dimension.PAYMENT:
        return dict(PaymentMethod.choices)
    if dimension in (Dimension.MONTH, DAY):
        shape = "%m/%Y" if dimension == Dimension.MONTH else "%d/%m/%Y"
        return {key: timezone.localtime(key).strftime(shape) for key in keys}
    if dimension == Dimension.CATEGORY:
        return dict(
            Category.objects.filter(
                depth=1, path__in=[k for k in keys if k]
            ).values_list("path", "name")
        )
    raise ValueError(dimension)


def sellers_by_status() -> list[dict]:
    """Sellers per status, in the statuses' order, plus partners staff made by
    hand in Oscar's dashboard (no profile: they may sell)."""
    counts = dict(
        SellerProfile.objects.values("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
        .order_by()
    )
    rows = [
        {"status": status, "label": label, "count": counts.get(status, 0)}
        for status, label in SellerStatus.choices
    ]
    rows.append(
        {
            "status": "",
            "label": _("Without a profile (created by staff)"),
            "count": Partner.objects.filter(profile__isnull=True).count(),
        }
    )
    return rows


def product_counts() -> dict:
    """Catalogue products (pack sizes count with their parent): all, public,
    and public ones offered by a seller who may sell. The last is one pass
    over the stock records (hash joins), not the listings' per-product EXISTS,
    which cost 0.3–0.6 s over 20k products on PostgreSQL."""
    counts = Product.objects.filter(parent=None).aggregate(
        total=Count("pk"), public=Count("pk", filter=Q(is_public=True))
    )
    offered = (
        StockRecord.objects.filter(partner_can_sell_q("partner__"))
        .filter(
            Q(product__parent__isnull=True, product__is_public=True)
            | Q(product__parent__is_public=True)
        )
        .aggregate(
            count=Count(Coalesce("product__parent_id", "product_id"), distinct=True)
        )
    )
    return {**counts, "offered": offered["count"]}


@contextmanager
def _without_jit():
    """PostgreSQL compiles queries it estimates as costly (`jit_above_cost`);
    the report's grouped queries cross that line yet run in tens of
    milliseconds, and compiling them took 0.4 s each on the bench machine.
    Off for these queries only (SET LOCAL ends with the transaction)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield


def marketplace_report(*, period: Period) -> dict:
    """Everything the report page and its CSV show, for one period."""
    with _without_jit():
        return _report(period=period)


def _report(*, period: Period) -> dict:
    rows = sales_breakdowns(period=period)
    breakdowns = [
        {
            "dimension": dimension,
            "label": _("Day")
            if dimension == Dimension.MONTH and period.month
            else dimension.label,
            "rows": rows[dimension],
        }
        for dimension in Dimension
    ]
    by_payment = next(
        b["rows"] for b in breakdowns if b["dimension"] == Dimension.PAYMENT
    )
    return {
        "period": period,
        "sellers": sellers_by_status(),
        "products": product_counts(),
        "totals": totals_of(by_payment=by_payment),
        "breakdowns": breakdowns,
    }
