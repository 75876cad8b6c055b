"""Search results: relevance order from the backend, then filters, facets with
counts and sorting over the matched products, in a fixed number of queries."""

import hashlib
from collections import Counter
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone
from oscar.core.loading import get_model

import freshness
from catalog import selectors as catalog_selectors
from catalog.models import CertificationScheme
from search.models import ProductFacts
from vietnam import places
from vietnam.text import folded, nfc

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Certification = get_model("catalogue", "Certification")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")

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


def stock_of(ids) -> list[tuple]:
    """(product, price, seller code, seller name) of every stock record of
    these products, a pack size's counted for its parent: prices and the
    seller facet both read these rows. Two queries on indexed columns rather
    than one with an OR across a join."""
    rows = []
    for owner, where in (
        ("product_id", "product__in"),
        ("product__parent_id", "product__parent__in"),
    ):
        rows += StockRecord.objects.filter(**{where: ids}).values_list(
            owner, "price", "partner__code", "partner__name"
        )
    return rows


def lowest_prices(stock: list[tuple]) -> dict[int, Decimal]:
    """A product's price is its own stock record's, or its cheapest pack size's."""
    prices: dict[int, Decimal] = {}
    for pk, price, _code, _name in stock:
        if price is not None and (pk not in prices or price < prices[pk]):
            prices[pk] = price
    return prices


def band_of(price) -> str | None:
    for code, low, high in PRICE_BANDS:
        if price is not None and price >= low and (high is None or price < high):
            return code
    return None


class Facts(NamedTuple):
    """A product's row of search.ProductFacts, as the facets read it."""

    ocop_stars: int | None
    ocop_expiry: date | None
    origin_province: int | None
    categories: list
    certifications: list


FACT_FIELDS = Facts._fields


def facts_computed(ids) -> dict[int, Facts]:
    """The facets' rows of these browsable products, read from the catalogue
    (to store them, or for products whose row is not there yet)."""
    facts = {
        pk: Facts(stars, expiry, province, [], [])
        for pk, stars, expiry, province in Product.objects.filter(
            pk__in=ids, parent=None
        ).values_list("pk", "ocop_stars", "ocop_expiry", "origin_province")
    }
    for pk, scheme, valid_from, valid_until in Certification.objects.filter(
        product__in=facts
    ).values_list("product_id", "scheme", "valid_from", "valid_until"):
        facts[pk].certifications.append(
            [scheme, valid_from.isoformat(), valid_until.isoformat()]
        )
    for pk, category in ProductCategory.objects.filter(product__in=facts).values_list(
        "product_id", "category_id"
    ):
        facts[pk].categories.append(category)
    return facts


def facts_of(ids) -> dict[int, Facts]:
    """The stored facets' rows of these products in one query (tuples: no
    model instances); any missing (a product saved behind the signals' back,
    or before `search_rebuild` built them) read from the catalogue."""
    found = {
        pk: Facts(*row)
        for pk, *row in ProductFacts.objects.filter(product_id__in=ids).values_list(
            "product_id", *FACT_FIELDS
        )
    }
    missing = set(ids) - found.keys()
    if missing:
        found.update(facts_computed(missing))
    return found


def search(
    *, ids: list[int], filters: dict, seller: str | None, price: str | None, sort: str
):
    """The filtered, sorted product ids and the facet counts of that result.
    `ids` are products a shopper can buy (`backends.product_ids_matching`), so
    without filters they are the result as they are."""
    result = list(ids)
    if filters or seller:
        matched = catalog_selectors.products_for_listing(**filters, among=ids)
        if seller:
            matched = matched.filter(
                Q(stockrecords__partner__code=seller)
                | Q(children__stockrecords__partner__code=seller)
            )
        kept = set(matched.values_list("pk", flat=True))
        result = [pk for pk in ids if pk in kept]
    stock = stock_of(result)
    prices = lowest_prices(stock)
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
    return result, facets(result, prices, stock, facts_of(result))


def _counted(pairs) -> Counter:
    """How many distinct products each value has, from (product, value) rows."""
    return Counter(value for _pk, value in set(pairs))


def facets(ids: list[int], prices: dict, stock: list[tuple], facts: dict) -> dict:
    """Counts over the matched products, from their facets' rows (one read)
    counted here; certificates and OCOP stars count while in force today."""
    today = timezone.localdate()
    kept = set(ids)
    stars, provinces = Counter(), Counter()
    certifications, categories = set(), set()
    for pk in ids:
        row = facts.get(pk)
        if row is None:
            continue
        expiry = row.ocop_expiry
        if row.ocop_stars is not None and expiry is not None and expiry >= today:
            stars[row.ocop_stars] += 1
        if row.origin_province is not None:
            provinces[row.origin_province] += 1
        for scheme, valid_from, valid_until in row.certifications:
            if valid_from <= today.isoformat() <= valid_until:
                certifications.add((pk, scheme))
        categories.update((pk, category) for category in row.categories)
    public = dict(
        Category.objects.filter(
            pk__in={category for _pk, category in categories}, is_public=True
        ).values_list("pk", "name")
    )
    certifications = _counted(certifications)
    categories = _counted(
        (pk, (category, public[category]))
        for pk, category in categories
        if category in public
    )
    sellers = _counted(
        (pk, (code, name)) for pk, _price, code, name in stock if pk in kept
    )
    bands = Counter(filter(None, (band_of(prices.get(pk)) for pk in ids)))
    names = places.province_names()
    return {
        "category": [
            (category, name, n)
            for (category, name), n in sorted(
                categories.items(), key=lambda item: (-item[1], item[0][1])
            )
        ],
        "stars": sorted(stars.items(), reverse=True),
        "province": [
            (code, names.get(code, ""), n)
            for code, n in sorted(
                provinces.items(), key=lambda item: (-item[1], item[0])
            )
        ],
        "certification": [
            (scheme, CertificationScheme(scheme).label, n)
            for scheme, n in sorted(certifications.items())
        ],
        "seller": [
            (code, name, n)
            for (code, name), n in sorted(
                sellers.items(), key=lambda item: (-item[1], item[0][1])
            )[:TOP_SELLERS]
        ],
        "price": [
            (code, bands[code]) for code, _low, _high in PRICE_BANDS if code in bands
        ],
    }


RESULTS_SECONDS = 300


def cached(parts: list, compute):
    """`compute()` once for the same question until something it read
    changes (freshness): popular queries and prefixes repeat."""
    digest = hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()
    return freshness.cached(f"search:{digest}", compute, seconds=RESULTS_SECONDS)


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
