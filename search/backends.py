"""Product search over Wagtail's search framework (embedded database backend by
default, Elasticsearch when configured). Text is ASCII-folded on both sides so
"che xanh" finds "Chè xanh" and "dac san" finds "Đặc sản"."""

import re

from oscar.core.loading import get_model
from wagtail.search.backends import get_search_backend

from catalog import selectors
from catalog.slugs import fold

Product = get_model("catalogue", "Product")
Product = get_model("catalogue", "Product")
MAX_RESULTS = 1000
WORD = re.compile(r"\w+")


def normalise_query(query: str) -> str:
    """Folded words only: punctuation and operators carry no meaning to shoppers."""
    return " ".join(WORD.findall(fold(query).lower()))


def product_ids_matching(query: str) -> list[int]:
    """Matching browsable products, best first. The backend filters only on
    indexed fields; who may sell is then checked against the database."""
    terms = normalise_query(query)
    if not terms:
        return []
    candidates = Product.objects.filter(parent_id=None, is_public=True)
    results = get_search_backend().search(terms, candidates, operator="and")
    ids = [product.pk for product in results[:MAX_RESULTS]]
    visible = set(
        selectors.products_visible().filter(pk__in=ids).values_list("pk", flat=True)
    )
    return [pk for pk in ids if pk in visible]
