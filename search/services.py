"""Writes of the search app: the autocomplete prefix index (search.models)."""

from django.db import connection, transaction
from oscar.core.loading import get_model

from search import selectors
from search.models import PREFIX_LENGTH, ProductFacts, TitlePrefix
from vietnam.text import folded_words

Product = get_model("catalogue", "Product")


def title_prefixes(title: str) -> dict[str, int]:
    """Each prefix of the folded title's words → the first word it starts."""
    found: dict[str, int] = {}
    for position, word in enumerate(folded_words(title)):
        for end in range(1, min(len(word), PREFIX_LENGTH) + 1):
            found.setdefault(word[:end], position)
    return found


def _rows(products) -> list[TitlePrefix]:
    return [
        TitlePrefix(prefix=prefix, product_id=product.pk, position=min(position, 255))
        for product in products
        for prefix, position in title_prefixes(product.title).items()
    ]


@transaction.atomic
def title_prefixes_update(*, product_ids) -> None:
    """Index these products' titles again (none for pack sizes: autocomplete
    suggests what a shopper can open, their parent)."""
    ids = set(product_ids) - {None}
    TitlePrefix.objects.filter(product_id__in=ids).delete()
    browsable = Product.objects.filter(pk__in=ids, parent=None).only("pk", "title")
    TitlePrefix.objects.bulk_create(_rows(browsable), batch_size=2000)


@transaction.atomic
def title_prefixes_rebuild(*, chunk: int = 2000) -> int:
    """The whole index again (`search_rebuild`), in chunks of products. Rows
    go in as plain tuples: ~25 a product, and building a model instance for
    each took 26 s of CPU at 20,000 products."""
    TitlePrefix.objects.all().delete()
    table = connection.ops.quote_name(TitlePrefix._meta.db_table)
    insert = f"INSERT INTO {table} (prefix, product_id, position) VALUES (%s, %s, %s)"
    products = Product.objects.filter(parent=None).order_by("pk")
    written, last = 0, 0
    with connection.cursor() as cursor:
        while True:
            page = list(products.filter(pk__gt=last).values_list("pk", "title")[:chunk])
            if not page:
                return written
            rows = [
                (prefix, pk, min(position, 255))
                for pk, title in page
                for prefix, position in title_prefixes(title).items()
            ]
            cursor.executemany(insert, rows)
            written += len(rows)
            last = page[-1][0]


def _browsable_ids(product_ids) -> set[int]:
    """These products, a pack size standing for its parent."""
    ids = set(product_ids) - {None}
    pairs = Product.objects.filter(pk__in=ids).values_list("pk", "parent_id")
    return {parent or pk for pk, parent in pairs}


def _facts_rows(ids) -> list[ProductFacts]:
    return [
        ProductFacts(product_id=pk, **facts._asdict())
        for pk, facts in selectors.facts_computed(ids).items()
    ]


@transaction.atomic
def product_facts_update(*, product_ids) -> None:
    """Recompute the facets' row of these products (or of their parents)."""
    ids = _browsable_ids(product_ids)
    ProductFacts.objects.filter(product_id__in=ids).delete()
    ProductFacts.objects.bulk_create(_facts_rows(ids))


def product_facts_forget(*, product_id: int) -> None:
    """A deleted product's row."""
    ProductFacts.objects.filter(product_id=product_id).delete()


@transaction.atomic
def product_facts_rebuild(*, chunk: int = 2000) -> int:
    """Every browsable product's row again (`search_rebuild`)."""
    ProductFacts.objects.all().delete()
    products = Product.objects.filter(parent=None).order_by("pk")
    written, last = 0, 0
    while True:
        ids = list(products.filter(pk__gt=last).values_list("pk", flat=True)[:chunk])
        if not ids:
            return written
        ProductFacts.objects.bulk_create(_facts_rows(ids))
        written += len(ids)
        last = ids[-1]
