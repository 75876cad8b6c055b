"""Product search over Wagtail's search framework (embedded database backend by
default, Elasticsearch when configured). Text is ASCII-folded on both sides so
"che xanh" finds "Chè xanh" and "dac san" finds "Đặc sản"."""

import logging
import re

from wagtail.search.backends import get_search_backend

from catalog import selectors
from catalog.slugs import fold

logger = logging.getLogger(__name__)
MAX_RESULTS = 1000
WORD = re.compile(r"\w+")


def normalise_query(query: str) -> str:
    """Folded words only: punctuation and operators carry no meaning to shoppers."""
    return " ".join(WORD.findall(fold(query).lower()))


def product_ids_matching(query: str) -> list[int]:
    terms = normalise_query(query)
    if not terms:
        return []
    backend = get_search_backend()
    results = backend.search(terms, selectors.products_visible(), operator="and")
    return [product.pk for product in results[:MAX_RESULTS]]
