"""Search results: relevance order from the backend, then filters, facets with
counts and sorting over the matched products, in a fixed number of queries."""

import hashlib
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from oscar.core.loading import get_model

from catalog import selectors as catalog_selectors
from catalog.models import CertificationScheme
from vietnam import places
from vietnam.text import folded, nfc

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Certification = get_model("catalogue", "Certification")
ProductCategory = get_model("catalogue", "ProductCategory")

# The seller facet lists the sellers with most matches; at marketplace scale a
# common word matches hundreds of sellers, which no phone screen can show.
TOP_SELLERS = 12

# Price bands in đồng: (code, low, high); the last is open-ended.
PRICE_BANDS = [
    ("0-100000", Decimal(0), Decimal(100_000)),
    ("100000-200000", Decimal(100_000), Decimal(200_000)),
    ("200000-500000", Decimal(200_000), Decimal(500_000)),
    ("500000-", Decimal(500_000), None),
]


def rank(ids: list[int], query: str) -> list[int]:
    """Closest titles first, then the backend's order: the words as typed (accents
    and all) in sequence, then as typed in any order, then the folded words in
    sequence ("che xanh" → "Chè xanh Cẩm Mỹ" before "Trà xanh … chè")."""
    typed = nfc(query).split()
    phrase = " ".join(typed)
    folded_phrase = folded(query)
    titles = dict(Product.objects.filter(pk__in=ids).values_list("pk", "title"))

    def closeness(pk):
        title = " ".join(nfc(titles.get(pk, "")).split())
        return (
            phrase not in title,
            not all(word in title for word in typed),
            f" {folded_phrase} " not in f" {folded(title)} ",
        )

    return sorted(ids, key=closeness)


def lowest_prices(ids) -> dict[int, Decimal]:
    """A product's price is its own stock record's, or its cheapest pack size's."""
    prices: dict[int, Decimal] = {}
    # Two queries on indexed columns rather than one with an OR across a join.
    for owner, where in (
        ("product_id", "product__in"),
        ("product__parent_id", "product__parent__in"),
    ):
        rows = (
            StockRecord.objects.filter(**{where: ids})
            .values(owner)
            .annotate(low=Min("price"))
        )
        for row in rows:
            pk, low = row[owner], row["low"]
            if low is not None and (pk not in prices or low < prices[pk]):
                prices[pk] = low
    return prices


def band_of(price) -> str | None:
    for code, low, high in PRICE_BANDS:
        if price is not None and price >= low and (high is None or price < high):
            return code
    return None


def search(
    *, ids: list[int], filters: dict, seller: str | None, price: str | None, sort: str
):
    """The filtered, sorted product ids and the facet counts of that result."""
    matched = catalog_selectors.products_for_listing(**filters, among=ids)
    if seller:
        matched = matched.filter(
            Q(stockrecords__partner__code=seller)
            | Q(children__stockrecords__partner__code=seller)
        )
    kept = set(matched.values_list("pk", flat=True))
    result = [pk for pk in ids if pk in kept]
    prices = lowest_prices(result)
    if price:
        result = [pk for pk in result if band_of(prices.get(pk)) == price]
    if sort in ("price_asc", "price_desc"):
        result.sort(
            key=lambda pk: prices.get(pk) or Decimal(0), reverse=sort == "price_desc"
        )
    elif sort in ("newest", "rating"):
        field = "-date_created" if sort == "newest" else "-rating"
        ordered = Product.objects.filter(pk__in=result).order_by(field, "pk")
        result = list(ordered.values_list("pk", flat=True))
    return result, facets(result, prices)


def facets(ids: list[int], prices: dict) -> dict:
    products = Product.objects.filter(pk__in=ids)
    today = timezone.localdate()
    stars = products.filter(ocop_stars__isnull=False, ocop_expiry__gte=today)
    certification_rows = (
        Certification.objects.filter(
            product__in=ids, valid_from__lte=today, valid_until__gte=today
        )
        .values("scheme")
        .annotate(n=Count("product", distinct=True))
        .order_by("scheme")
    )
    category_rows = (
        ProductCategory.objects.filter(product__in=ids, category__is_public=True)
        .values("category_id", "category__name")
        .annotate(n=Count("product", distinct=True))
        .order_by("-n", "category__name")
    )
    seller_rows = (
        StockRecord.objects.filter(Q(product__in=ids) | Q(product__parent__in=ids))
        .values("partner__code", "partner__name")
        .annotate(n=Count(Coalesce("product__parent_id", "product_id"), distinct=True))
        .order_by("-n", "partner__name")[:TOP_SELLERS]
    )
    bands: dict[str, int] = {}
    for pk in ids:
        code = band_of(prices.get(pk))
        if code:
            bands[code] = bands.get(code, 0) + 1
    names = places.province_names()
    return {
        "category": [
            (row["category_id"], row["category__name"], row["n"])
            for row in category_rows
        ],
        "stars": list(
            stars.values_list("ocop_stars")
            .annotate(n=Count("pk"))
            .order_by("-ocop_stars")
        ),
        "province": [
            (code, names.get(code, ""), n)
            for code, n in products.exclude(origin_province=None)
            .values_list("origin_province")
            .annotate(n=Count("pk"))
            .order_by("-n")
        ],
        "certification": [
            (row["scheme"], CertificationScheme(row["scheme"]).label, row["n"])
            for row in certification_rows
        ],
        "seller": [
            (row["partner__code"], row["partner__name"], row["n"])
            for row in seller_rows
        ],
        "price": [
            (code, bands[code]) for code, _low, _high in PRICE_BANDS if code in bands
        ],
    }


VERSION_KEY = "search:version"
RESULTS_SECONDS = 300


def version() -> int:
    """Bumped by search/receivers.py whenever a product, its stock, price,
    categories, certificates or seller change: cached results are then unused."""
    return cache.get_or_set(VERSION_KEY, 1, None)


def version_bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(VERSION_KEY, 2, None)


def cached(parts: list, compute):
    """`compute()` once per catalogue version for the same question: popular
    queries and prefixes repeat, and any change starts a new version."""
    digest = hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()
    key = f"search:{version()}:{digest}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, RESULTS_SECONDS)
    return found


def results(*, query: str, filters: dict, seller, price, sort: str):
    """`search()` over the backend's matches for `query`, ranked."""
    from search import backends

    def compute():
        ids = rank(backends.product_ids_matching(query), query)
        return search(ids=ids, filters=filters, seller=seller, price=price, sort=sort)

    asked = ["results", nfc(query)]
    asked += [
        f"{name}={getattr(value, 'pk', value)}"
        for name, value in sorted(filters.items())
    ]
    return cached(asked + [seller, price, sort], compute)
