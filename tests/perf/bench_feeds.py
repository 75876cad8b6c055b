"""Merchant feed build at marketplace scale.

    make bench-feeds                                  # 100k products, 2k sellers
    make bench-feeds BENCH_ARGS="--products 10000 --sellers 200"

Builds its own SQLite database (var/bench-feeds-<N>.sqlite3, kept between
runs), seeds it with `seed_scale` (no batches: feeds do not read them), gives
every product a picture row (generated products have none, and the feed leaves
out items without one), then times `feeds_rebuild` (RSS and CSV of the whole
marketplace, built one after the other) and records queries, peak memory,
items and bytes in docs/PERFORMANCE.md."""

import argparse
import os
import resource
import time
from pathlib import Path

from tests.perf.bench import machine, manage, write_doc

ROOT = Path(__file__).resolve().parents[2]
START, END = "<!-- feed-bench:start -->", "<!-- feed-bench:end -->"


def pictures_give() -> None:
    """One stored JPEG, referenced by a picture row for each product without one."""
    from io import BytesIO

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from oscar.core.loading import get_model
    from PIL import Image

    Product = get_model("catalogue", "Product")
    ProductImage = get_model("catalogue", "ProductImage")
    buffer = BytesIO()
    Image.new("RGB", (600, 600), (46, 125, 80)).save(buffer, format="JPEG")
    name = default_storage.save(
        "images/products/bench.jpg", ContentFile(buffer.getvalue())
    )
    missing = Product.objects.filter(parent=None, images=None).values_list(
        "pk", flat=True
    )
    ProductImage.objects.bulk_create(
        (ProductImage(product_id=pk, original=name, display_order=0) for pk in missing),
        batch_size=5000,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--sellers", type=int, default=2_000)
    options = parser.parse_args()

    database = ROOT / "var" / f"bench-feeds-{options.products}.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.base",
        "DEBUG": "false",
        "MEDIA_ROOT": str(ROOT / "var" / "bench-feeds-media"),
        "SITE_URL": "https://cho-ocop.example.vn",
    }
    database.parent.mkdir(exist_ok=True)
    manage("migrate", "--noinput", "-v0", env=env)
    os.environ.update(env)
    import django

    django.setup()
    from oscar.core.loading import get_model

    if get_model("catalogue", "Product").objects.count() < options.products:
        manage(
            "seed_scale",
            f"--products={options.products}",
            f"--sellers={options.sellers}",
            "--batches=0",
            env=env,
        )
    pictures_give()

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reach import feeds

    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        built = feeds.feeds_write()
    seconds = time.monotonic() - started
    load = os.getloadavg()[0]
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss, csv_feed = built
    table = "\n".join(
        [
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
            f"{machine()}; {options.products:,} generated products, "
            f"{options.sellers:,} sellers (`make bench-feeds "
            f'BENCH_ARGS="--products {options.products} --sellers {options.sellers}"`).',
            "",
            "| Feed | Items | Left out | Size |",
            "|---|---|---|---|",
            f"| RSS 2.0 + g: | {rss.items:,} | {rss.skipped:,} | {rss.file.size / 1e6:.1f} MB |",
            f"| CSV | {csv_feed.items:,} | {csv_feed.skipped:,} | {csv_feed.file.size / 1e6:.1f} MB |",
            "",
            f"Both feeds built in one pass in {seconds:.1f} s "
            f"({seconds / max(rss.items, 1) * 1000:.2f} ms per item) with "
            f"{len(queries)} SQL queries; peak memory of the process "
            f"{peak_mib:.0f} MiB. Load average while measuring: {load:.1f} on "
            f"{os.cpu_count()} cores (other work on the machine slows every "
            "figure). Serving a built feed reads one row and streams the stored file.",
        ]
    )
    write_doc(
        table,
        start=START,
        end=END,
        heading="## Merchant feeds (`make bench-feeds`)",
    )
    print(table)


if __name__ == "__main__":
    main()
