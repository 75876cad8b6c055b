"""One search interface over Wagtail's search backends: the embedded database
backend (SQLite FTS5 / PostgreSQL full text) by default, Elasticsearch when
`ELASTICSEARCH_URL` is set. Text is folded on both sides ("che xanh" finds
"Chè xanh"); if Elasticsearch cannot answer, the embedded index — kept up to
date alongside it — answers instead and a warning is logged."""

import logging
from functools import cache

import elastic_transport
import elasticsearch
from django.conf import settings
from django.core.signals import setting_changed
from django.db import (
    NotSupportedError,
    OperationalError,
    ProgrammingError,
    connection,
    transaction,
)
from django.dispatch import receiver
from oscar.core.loading import get_model
from wagtail.models import get_page_models
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Fuzzy

import freshness
from catalog import selectors
from search.models import PREFIX_LENGTH, TitlePrefix
from sellers.models import SellerStatus
from vietnam.text import folded, folded_words

Product = get_model("catalogue", "Product")
SellerProfile = get_model("partner", "SellerProfile")

EMBEDDED = "embedded"
MAX_RESULTS = 500  # 25 pages of 20; facets count among these
FUZZY_BUDGET_MS = 300
UNAVAILABLE = (elastic_transport.TransportError, elasticsearch.ApiError)
log = logging.getLogger(__name__)


@cache
def backend(alias: str = "default"):
    """One backend object per process: an Elasticsearch client keeps its
    connections instead of opening new ones for every query."""
    return get_search_backend(alias)


@receiver(setting_changed)
def _forget_backends(setting, **kwargs):
    if setting == "WAGTAILSEARCH_BACKENDS":
        backend.cache_clear()


def with_fallback(run):
    """`run(backend)` on the configured backend, or on the embedded one when
    Elasticsearch is down or misconfigured: shoppers get results, staff a log line."""
    try:
        return run(backend())
    except UNAVAILABLE as error:
        if EMBEDDED not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        log.warning("Search backend unavailable, using the embedded one: %s", error)
        return run(backend(EMBEDDED))


def _fuzzy(engine, terms, queryset) -> list:
    """Typo tolerance where the backend has it (Elasticsearch; PostgreSQL with
    pg_trgm); SQLite FTS5 has none, so no results stay no results there. On
    PostgreSQL pg_trgm's word_similarity reads every index row (no index
    serves it: ~3 s at 100k products, for any query that matched nothing), so
    it gets FUZZY_BUDGET_MS and gives up after that: no suggestions rather
    than a core busy for seconds per nonsense query."""
    try:
        with transaction.atomic():  # a missing extension must not break the request
            postgres = connection.vendor == "postgresql"
            if postgres:
                _statement_timeout(f"{FUZZY_BUDGET_MS}ms")
            found = list(
                engine.search(Fuzzy(terms, operator="and"), queryset)[:MAX_RESULTS]
            )
            if postgres:
                _statement_timeout(None)
            return found
    except (NotImplementedError, NotSupportedError, ProgrammingError):
        return []
    except OperationalError as error:  # the budget ran out
        log.info("Fuzzy search gave up after %s ms: %s", FUZZY_BUDGET_MS, error)
        return []


def _statement_timeout(value: str | None) -> None:
    """For the rest of this transaction (None: back to the session's)."""
    with connection.cursor() as cursor:
        if value is None:
            cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
        else:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [value])


def matched_ids(results, *, limit: int = MAX_RESULTS) -> list[int]:
    """The first `limit` matches' primary keys in the backend's order, without
    a model instance for each: building up to 500 products (and sending their
    post_init signals) was half of a first-time search of a common word."""
    results = results[:limit]
    if not hasattr(results, "get_queryset"):  # Elasticsearch: its hits
        return [item.pk for item in results]
    queryset = results.get_queryset()  # the embedded (database) backends
    ranked = getattr(results.query_compiler, "ranked_page", None)
    if ranked is not None:  # our SQLite ranking (search/sqlite_ranked.py)
        return list(ranked)
    return list(queryset.values_list("pk", flat=True))


def product_ids_matching(query: str) -> list[int]:
    """Matching products a shopper can buy, best first. The backend filters only
    on indexed fields; stock and seller status are then checked against the
    database, so those changes show at once without reindexing."""
    terms = folded(query)
    if not terms:
        return []

    def run(engine):
        candidates = Product.objects.filter(parent_id=None, is_public=True).only("pk")
        found = matched_ids(engine.search(terms, candidates, operator="and"))
        return found or [product.pk for product in _fuzzy(engine, terms, candidates)]

    ids = with_fallback(run)
    # The matches depend on the index; which of them show, on each product.
    freshness.depends(freshness.SEARCH_INDEX, *map(freshness.product, ids))
    in_stock = selectors.products_visible_among(ids, in_stock=True)
    visible = set(in_stock.values_list("pk", flat=True))
    return [pk for pk in ids if pk in visible]


def sellers_matching(query: str, *, limit: int = 6) -> list:
    """Active sellers whose name, address or story match."""
    terms = folded(query)
    if not terms:
        return []

    def run(engine):
        active = SellerProfile.objects.filter(
            status=SellerStatus.ACTIVE
        ).select_related("partner")
        return list(engine.search(terms, active, operator="and")[:limit])

    freshness.depends(freshness.SELLERS)
    return with_fallback(run)


def product_ids_starting(text: str, *, limit: int) -> list[int]:
    """Products with a title word starting with each word typed (folded, so
    "cam m" finds "Cẩm Mỹ"), those whose title starts with the first word
    first: one query on the prefix index, whatever the catalogue's size."""
    keys = list(dict.fromkeys(word[:PREFIX_LENGTH] for word in folded_words(text)))
    if not keys:
        return []
    first, *others = keys
    rows = TitlePrefix.objects.filter(prefix=first)
    for key in others:
        rows = rows.filter(
            product_id__in=TitlePrefix.objects.filter(prefix=key).values("product_id")
        )
    ordered = rows.order_by("position", "product_id")
    return list(ordered.values_list("product_id", flat=True)[:limit])


def title_starts_words(title: str, words: list[str]) -> bool:
    """Each typed word starts a word of the title (the index holds only the
    first PREFIX_LENGTH letters of a word)."""
    title_words = folded_words(title)
    return all(any(w.startswith(word) for w in title_words) for word in words)


def suggestions(query: str, *, limit: int = 8) -> dict:
    """Products and sellers whose names start with what has been typed so far."""
    terms = folded(query)
    if not terms:
        return {"products": [], "sellers": []}

    def run(engine):
        sellers = engine.autocomplete(
            terms, SellerProfile.objects.filter(status=SellerStatus.ACTIVE).only("pk")
        )
        return [s.pk for s in sellers[:3]]

    # Products from our prefix index (search/models.py), the same on every
    # backend; sellers (a few thousand) from the backend's own prefix search.
    product_ids = product_ids_starting(terms, limit=limit * 3)
    seller_ids = with_fallback(run)
    freshness.depends(freshness.SEARCH_INDEX, freshness.SELLERS)
    freshness.depends(*map(freshness.product, product_ids))
    visible = {
        product.pk: product
        for product in selectors.products_visible()
        .filter(pk__in=product_ids)
        .only("pk", "title", "slug")
    }
    words = terms.split()
    products = [
        visible[pk]
        for pk in product_ids
        if pk in visible and title_starts_words(visible[pk].title, words)
    ]
    # Titles that begin with what was typed come first ("che x" → "Chè xanh …").
    products.sort(key=lambda product: not folded(product.title).startswith(terms))
    return {
        "products": products[:limit],
        "sellers": list(
            SellerProfile.objects.filter(pk__in=seller_ids).select_related("partner")
        ),
    }


def searchable_page_models() -> list:
    """Wagtail page types that index folded text (campaigns, livestreams, …)."""
    return [
        model
        for model in get_page_models()
        if any(
            getattr(field, "field_name", None) == "search_text"
            for field in model.search_fields
        )
    ]


def pages_matching(query: str, *, limit: int = 6) -> list:
    """Live public pages whose folded text matches, per page type in turn."""
    terms = folded(query)
    if not terms:
        return []

    def run(engine):
        found = []
        for model in searchable_page_models():
            pages = model.objects.live().public()
            found.extend(engine.search(terms, pages, operator="and")[:limit])
        return found[:limit]

    freshness.depends(freshness.PAGES)
    return with_fallback(run)
