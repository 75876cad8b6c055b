"""Where a page's miss goes: the listing, product and search pages rendered
in-process with the page cache off, profiled with pyinstrument.

    python -m tests.perf.profile_pages --products 10000 [--fragments off]

Uses the catalogue `make bench-search` / `make bench` seeded in
var/bench-<N>.sqlite3 (or DATABASE_URL when set). Each page is viewed once
first (thumbnails, cards), then profiled over a few views; the text report
goes to stdout, the top of it is what to remove next."""

import argparse
import time

from tests.perf.bench_pages import in_process


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--fragments", choices=["on", "off"], default="on")
    parser.add_argument("--views", type=int, default=10)
    parser.add_argument("--page", action="append", help="paths (default: 3 pages)")
    options = parser.parse_args()
    in_process(
        options.products,
        FRAGMENT_CACHE_SECONDS="3600" if options.fragments == "on" else "0",
    )
    from django.db.models import Count
    from django.test import Client
    from oscar.core.loading import get_model
    from pyinstrument import Profiler

    from catalog import selectors

    Category = get_model("catalogue", "Category")
    shelf = Category.objects.annotate(n=Count("product")).order_by("-n").first()
    product = selectors.products_for_listing(category=shelf).first()
    paths = options.page or [
        shelf.get_absolute_url(),
        product.get_absolute_url(),
        "/search/?q=che",
    ]
    client = Client()
    for path in paths:
        assert client.get(path).status_code == 200, path
        profiler = Profiler()
        started = time.perf_counter()
        with profiler:
            for _ in range(options.views):
                client.get(path)
        took = (time.perf_counter() - started) * 1000 / options.views
        print(f"==== {path}: {took:.1f} ms per view (fragments {options.fragments})")
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
