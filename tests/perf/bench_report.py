"""The marketplace report (/dashboard/report/) at 100k orders.

    make bench-report                                   # PostgreSQL, 100k orders
    make bench-report BENCH_ARGS="--orders 20000 --database sqlite"

Seeds its own database (PostgreSQL `bench_report`, or var/bench-report.sqlite3;
kept between runs, topped up when asked for more orders): `seed_scale` sellers
and products (no batches: the report does not read them), then orders over 24
months (2025–2026, Asia/Ho_Chi_Minh) with 1–4 lines each from random stock
records, a payment method each, about 5 % cancelled orders and 3 % cancelled
lines, written with PostgreSQL `COPY` (bulk inserts on SQLite). Then times one
month's report — every selector (`marketplace_report`) and its CSV — the median
of 3 runs, and writes the figure into docs/PERFORMANCE.md."""

import argparse
import io
import os
import random
import statistics
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.perf.bench import POSTGRES, machine, manage, postgres_database, write_doc

ROOT = Path(__file__).resolve().parents[2]
START, END = "<!-- report-bench:start -->", "<!-- report-bench:end -->"
TARGET_SECONDS = 1.0
CHUNK = 5000
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_DAY = datetime(2025, 1, 1, tzinfo=LOCAL)
DAYS = 730  # 2025 and 2026


def database_url(options) -> str:
    if options.database == "postgres":
        return f"{POSTGRES}/bench_report"
    return f"sqlite:///{ROOT / 'var' / 'bench-report.sqlite3'}"


def rows_for(model, values: dict) -> list:
    """A row in the model's concrete field order: given values, else the
    field's default (so a new field with a default needs no change here)."""
    return [
        values[field.attname] if field.attname in values else field.get_default()
        for field in model._meta.concrete_fields
    ]


def write(model, rows: list[list]) -> None:
    """COPY on PostgreSQL (ids included), bulk inserts elsewhere."""
    from django.db import connection

    fields = model._meta.concrete_fields
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            [
                model(**dict(zip((f.attname for f in fields), row, strict=True)))
                for row in rows
            ],
            batch_size=1000,
        )
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def sequences_reset(*models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def orders_seed(*, count: int, seed: int) -> None:
    """`count` more orders with their lines and payments, in chunks."""
    from django.db import transaction
    from django.db.models import Max
    from oscar.core.loading import get_model
    from tqdm import tqdm

    from marketplace.checkout.models import OrderPayment, PaymentMethod, PaymentStatus
    from sellers.statuses import LineStatus, OrderStatus

    Order = get_model("order", "Order")
    Line = get_model("order", "Line")
    StockRecord = get_model("partner", "StockRecord")

    rng = random.Random(seed + Order.objects.count())
    stock = list(
        StockRecord.objects.filter(price__isnull=False).values_list(
            "pk",
            "partner_id",
            "partner__name",
            "partner_sku",
            "product_id",
            "product__title",
            "price",
        )
    )
    methods = [PaymentMethod.CASH_ON_DELIVERY] * 6 + [PaymentMethod.BANK_TRANSFER] * 3
    methods += [PaymentMethod.CARD]
    next_order = (Order.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    next_line = (Line.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    next_payment = (OrderPayment.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    with tqdm(total=count, desc="orders", unit=" orders") as bar:
        for start in range(0, count, CHUNK):
            orders, lines, payments = [], [], []
            for _ in range(min(CHUNK, count - start)):
                placed = FIRST_DAY + timedelta(seconds=rng.randrange(DAYS * 86400))
                cancelled = rng.random() < 0.05
                total = Decimal(0)
                for _line in range(rng.choice((1, 1, 2, 2, 3, 4))):
                    pk, partner, name, sku, product, title, price = rng.choice(stock)
                    quantity = rng.choice((1, 1, 1, 2, 3))
                    amount = price * quantity
                    total += amount
                    status = LineStatus.DELIVERED
                    if cancelled or rng.random() < 0.03:
                        status = LineStatus.CANCELLED
                    lines.append(
                        rows_for(
                            Line,
                            {
                                "id": next_line,
                                "order_id": next_order,
                                "partner_id": partner,
                                "partner_name": name,
                                "partner_sku": sku,
                                "stockrecord_id": pk,
                                "product_id": product,
                                "title": title,
                                "upc": None,
                                "quantity": quantity,
                                "line_price_incl_tax": amount,
                                "line_price_excl_tax": amount,
                                "line_price_before_discounts_incl_tax": amount,
                                "line_price_before_discounts_excl_tax": amount,
                                "unit_price_incl_tax": price,
                                "unit_price_excl_tax": price,
                                "status": status.value,
                                "num_allocated": quantity,
                            },
                        )
                    )
                    next_line += 1
                orders.append(
                    rows_for(
                        Order,
                        {
                            "id": next_order,
                            "number": f"B{next_order:08d}",
                            "currency": "VND",
                            "total_incl_tax": total + 30000,
                            "total_excl_tax": total + 30000,
                            "shipping_incl_tax": Decimal(30000),
                            "shipping_excl_tax": Decimal(30000),
                            "shipping_method": "Giao hàng",
                            "status": (
                                OrderStatus.CANCELLED if cancelled else OrderStatus.NEW
                            ).value,
                            "date_placed": placed,
                        },
                    )
                )
                payments.append(
                    rows_for(
                        OrderPayment,
                        {
                            "id": next_payment,
                            "order_id": next_order,
                            "method": rng.choice(methods).value,
                            "status": (
                                PaymentStatus.CANCELLED
                                if cancelled
                                else PaymentStatus.PAID
                            ).value,
                            "amount": int(total) + 30000,
                            "created_at": placed,
                            "paid_at": None if cancelled else placed,
                        },
                    )
                )
                next_order += 1
                next_payment += 1
            with transaction.atomic():
                write(Order, orders)
                write(Line, lines)
                write(OrderPayment, payments)
            bar.update(len(orders))
    sequences_reset(Order, Line, OrderPayment)


def refunds_seed() -> int:
    """A refund of one unit on every 50th line still sold, made 3 days after
    the order (the statements' and the report's refund rows), once."""
    from django.db import transaction
    from django.db.models import F, Max
    from oscar.core.loading import get_model

    from sellers.statuses import LineStatus, PaymentEventCode

    Line = get_model("order", "Line")
    PaymentEvent = get_model("order", "PaymentEvent")
    PaymentEventType = get_model("order", "PaymentEventType")
    PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
    if PaymentEvent.objects.filter(event_type__code=PaymentEventCode.REFUND).exists():
        return 0
    kind, _created = PaymentEventType.objects.get_or_create(
        code=PaymentEventCode.REFUND, defaults={"name": "Refund"}
    )
    lines = (
        Line.objects.exclude(status=LineStatus.CANCELLED)
        .annotate(placed=F("order__date_placed"))
        .filter(
            pk__in=Line.objects.annotate(step=F("pk") % 50).filter(step=0).values("pk")
        )
        .values_list("pk", "order_id", "unit_price_incl_tax", "placed")
    )
    first = (PaymentEvent.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    events, quantities = [], []
    for number, (line, order, price, placed) in enumerate(lines, start=first):
        events.append(
            rows_for(
                PaymentEvent,
                {
                    "id": number,
                    "order_id": order,
                    "amount": price,
                    "reference": "",
                    "event_type_id": kind.pk,
                    "date_created": placed + timedelta(days=3),
                },
            )
        )
        quantities.append(
            rows_for(
                PaymentEventQuantity,
                {"id": number, "event_id": number, "line_id": line, "quantity": 1},
            )
        )
    with transaction.atomic():
        write(PaymentEvent, events)
        write(PaymentEventQuantity, quantities)
    sequences_reset(PaymentEvent, PaymentEventQuantity)
    return len(events)


def timed(month) -> tuple[float, int, dict]:
    """One month's report and its CSV: seconds, SQL queries, the report."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marketplace.report import selectors
    from marketplace.report.views import write_report_csv

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        report = selectors.marketplace_report(period=selectors.Period(month=month))
        out = io.StringIO()
        write_report_csv(out, report)
    return time.perf_counter() - started, len(queries), report


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--sellers", type=int, default=2_000)
    parser.add_argument("--month", default="2026-06", help="YYYY-MM")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--database", choices=["postgres", "sqlite"], default="postgres"
    )
    options = parser.parse_args()

    url = database_url(options)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.base",
        "DEBUG": "false",
        "ELASTICSEARCH_URL": "",
    }
    if options.database == "postgres":
        postgres_database(url, fresh=False)
    else:
        (ROOT / "var").mkdir(exist_ok=True)
    manage("migrate", "--noinput", "-v0", env=env)
    os.environ.update(env)
    import django

    django.setup()
    from datetime import date

    from django.db import connection
    from django.utils import translation
    from oscar.core.loading import get_model

    Order = get_model("order", "Order")
    SellerProfile = get_model("partner", "SellerProfile")
    if SellerProfile.objects.count() < options.sellers:
        manage(
            "seed_scale",
            f"--products={options.products}",
            f"--sellers={options.sellers}",
            "--batches=0",
            f"--seed={options.seed}",
            env=env,
        )
    missing = options.orders - Order.objects.count()
    if missing > 0:
        seeding = time.monotonic()
        orders_seed(count=missing, seed=options.seed)
        print(f"seeded {missing:,} orders in {time.monotonic() - seeding:.0f} s")
    refunded = refunds_seed()
    if refunded:
        print(f"seeded {refunded:,} refunds")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    year, month = (int(part) for part in options.month.split("-"))
    month = date(year, month, 1)
    translation.activate("vi")
    load_before = uptime()
    timed(month)  # warm-up: connection, translations, the planner's caches
    runs = [timed(month) for _ in range(options.runs)]
    seconds = statistics.median(run[0] for run in runs)
    queries, report = runs[0][1], runs[0][2]
    every_seconds, every_queries, _every = timed(None)
    load_after = uptime()
    totals = report["totals"]
    sellers_with_sales = len(report["breakdowns"][2]["rows"])
    lines = get_model("order", "Line").objects.count()
    server = ""
    if connection.vendor == "postgresql":
        server = f", PostgreSQL {connection.pg_version // 10000}"
    verdict = "met" if seconds <= TARGET_SECONDS else "**missed**"
    each = ", ".join(f"{run[0] * 1000:.0f}" for run in runs)
    gmv = f"{totals['gmv']:,}".replace(",", ".")
    refunded = f"{totals['refunds']:,}".replace(",", ".")
    args = "" if options.database == "postgres" else " BENCH_ARGS=--database sqlite"
    section = "\n".join(
        [
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
            f"{machine()}{server}; database `{url.rsplit('/', 1)[1]}` "
            f"({options.database}) with {Order.objects.count():,} orders "
            f"({lines:,} lines, a refund on every 50th) placed over 2025–2026, "
            f"{options.sellers:,} "
            f"generated sellers, {options.products:,} products "
            f"(`make bench-report{args}`). Timed: `marketplace_report` (every "
            "table of the page) and its CSV written to memory, after one warm-up.",
            "",
            "| Report | Median of runs | Runs (ms) | SQL statements | Target |",
            "|---|---|---|---|---|",
            f"| {month:%m/%Y}: {totals['orders']:,} orders, GMV {gmv} ₫, "
            f"{refunded} ₫ refunded, {sellers_with_sales:,} sellers with sales | {seconds * 1000:.0f} ms "
            f"| {each} | {queries} | ≤ {TARGET_SECONDS * 1000:.0f} ms: {verdict} |",
            f"| every month (one run, for scale) | {every_seconds * 1000:.0f} ms "
            f"| — | {every_queries} | — |",
            "",
            f"Machine load (`uptime`) before timing: {load_before}; after: "
            f"{load_after}, on {os.cpu_count()} cores shared with other "
            "developers' work: the figures are upper bounds for an idle server.",
        ]
    )
    write_doc(
        section,
        start=START,
        end=END,
        heading="## Marketplace report (`make bench-report`)",
    )
    print(section)


def uptime() -> str:
    import subprocess

    found = subprocess.run(["uptime"], capture_output=True, text=True, check=False)
    return f"load average {found.stdout.split('load average:')[-1].strip()}"


if __name__ == "__main__":
    main()
