"""Misses of the shopper pages, in-process, with the page cache off: before
(cards and listing order rendered on every view) and after (kept until what
they show changes), on the catalogue `make bench-search` seeded.

    python -m tests.perf.bench_pages --products 10000 [--views 20]

Each page is viewed once, then `--views` times; a search is asked once per
query after the caches are emptied (first time asked). Wall time on a shared
machine swings with its load, so the process's CPU time per view is given
beside it. Writes the table into docs/PERFORMANCE.md (smoke figures)."""

import argparse
import os
import statistics
import time
from pathlib import Path
from urllib.parse import urlencode

from tests.perf.bench import machine
from tests.perf.bench_search import QUERIES, percentile

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- pages-smoke:start -->", "<!-- pages-smoke:end -->"


def timed(client, paths, views) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(views):
        for path in paths:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            assert response.status_code == 200, (path, response.status_code)
    return walls, cpus


def in_process(products: int, **env: str) -> None:
    """Django in this process on the seeded catalogue, as production serves
    pages but with the page cache off (DATABASE_URL wins when set)."""
    database = ROOT / "var" / f"bench-{products}.sqlite3"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{database}")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings.base",
        DEBUG="false",
        ALLOWED_HOSTS="testserver",
        ELASTICSEARCH_URL="",
        PAGE_CACHE_SECONDS="0",
        **env,
    )
    import django

    django.setup()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--views", type=int, default=20)
    options = parser.parse_args()
    in_process(options.products)
    from django.core.cache import cache
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import override_settings
    from oscar.core.loading import get_model

    from catalog import selectors

    Category = get_model("catalogue", "Category")
    shelf = Category.objects.annotate(n=Count("product")).order_by("-n").first()
    listed = selectors.products_for_listing(category=shelf)
    pages = {
        "Home": ["/"],
        "Category listing, page 1": [shelf.get_absolute_url()],
        "Category listing, page 10": [f"{shelf.get_absolute_url()}?page=10"],
        "Product detail (10 products)": [p.get_absolute_url() for p in listed[:10]],
    }
    searches = [f"/search/?{urlencode({'q': q})}" for q in QUERIES]
    rows = []
    for label, seconds in (("before", 0), ("after", 3600)):
        with override_settings(FRAGMENT_CACHE_SECONDS=seconds):
            cache.clear()
            client = Client()
            for name, paths in pages.items():
                timed(client, paths, 1)
                walls, cpus = timed(client, paths, max(1, options.views // len(paths)))
                rows.append((name, label, walls, cpus))
            cache.clear()
            walls, cpus = timed(client, searches, 1)
            rows.append(("Search, first time asked (30 queries)", label, walls, cpus))
    table = [
        START,
        f"Smoke, shared machine: measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} "
        f"on {machine()}, with other developers' test runs on the same cores; "
        f"{options.products:,} products, SQLite, one process, page cache off "
        "(`python -m tests.perf.bench_pages`). Before: cards and listing order "
        "rendered on every view; after: kept until what they show changes.",
        "",
        "| Page | | Views | p50 ms | p95 ms | CPU ms per view (median) |",
        "|---|---|---|---|---|---|",
    ]
    for name, label, walls, cpus in sorted(rows, key=lambda row: row[0]):
        table.append(
            f"| {name} | {label} | {len(walls)} | {statistics.median(walls):.1f} "
            f"| {percentile(walls, 95):.1f} | {statistics.median(cpus):.1f} |"
        )
    table.append(END)
    text = DOC.read_text(encoding="utf-8")
    block = "\n".join(table)
    if START in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip() + "\n\n## Page misses (smoke)\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")
    print(block)


if __name__ == "__main__":
    main()
