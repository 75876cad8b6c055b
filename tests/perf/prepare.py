"""The benchmark's in-process half, run by tests/perf/bench.py with its settings:
picks the pages to load (the same products and categories for stock Oscar),
counts each page's SQL queries, and writes the trace page's bytes where
whitenoise serves them as the static upper bound.

    python -m tests.perf.prepare OUT.json   (DJANGO_SETTINGS_MODULE=tests.perf.settings)
"""

import json
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlencode

import django

SAMPLES = 200
SEED = 2026


def _count(client, path) -> dict:
    """Queries of an uncached view (page caches emptied; thumbnails already
    made by a first view) and of the view after it."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    cache.clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts.append(len(queries))
    return {"uncached": counts[0], "cached": counts[1]}


def _address(places) -> dict:
    """A guest's checkout form, delivered to the first commune of the first province."""
    province = places.province_choices()[0][0]
    return {
        "full_name": "Nguyễn Thị Bench",
        "phone": "0912345678",
        "email": "bench@example.com",
        "province": province,
        "ward": places.ward_choices(province)[0][0],
        "street": "Số 1, đường Hùng Vương",
    }


def main(out: Path):
    django.setup()
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client
    from oscar.core.loading import get_model

    from catalog import selectors
    from fixtures.scale import batch_tokens_sample
    from tests.perf import bench_search
    from vietnam import places

    Category = get_model("catalogue", "Category")
    rng = random.Random(SEED)
    listed = selectors.products_for_listing().filter(
        stockrecords__num_in_stock__gte=100
    )
    product_ids = list(listed.values_list("pk", flat=True).order_by("pk")[:20_000])
    products = [
        p.get_absolute_url()
        for p in selectors.products_for_listing(among=rng.sample(product_ids, SAMPLES))
    ]
    category = (
        Category.objects.annotate(size=Count("product")).order_by("-size", "pk").first()
    )
    traces = [f"/t/{token}" for token in batch_tokens_sample(count=SAMPLES, seed=SEED)]
    searches = [f"/search/?{urlencode({'q': q})}" for q in bench_search.QUERIES]
    # Page 50, or the last page of a small catalogue (stock Oscar answers a
    # page past the end with a redirect).
    listed_in = selectors.products_for_listing(category=category).count()
    deep = min(50, max(1, -(-listed_in // settings.OSCAR_PRODUCTS_PER_PAGE)))
    pages = {
        "home": ["/"],
        "category_p1": [category.get_absolute_url()],
        "category_p50": [f"{category.get_absolute_url()}?page={deep}"],
        "product": products,
        "search": searches,
        "trace": traces,
    }
    client = Client()
    queries = {name: _count(client, paths[0]) for name, paths in pages.items()}

    static_root = Path(os.environ["BENCH_STATIC_ROOT"])
    static_root.mkdir(parents=True, exist_ok=True)
    (static_root / "trace-static.html").write_bytes(client.get(traces[0]).content)
    out.write_text(
        json.dumps(
            {
                "pages": pages,
                "queries": queries,
                "basket_products": rng.sample(product_ids, SAMPLES),
                "address": _address(places),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
