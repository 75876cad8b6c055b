"""Query budgets of the shopper pages (issue 8): a listing costs the same few
queries whatever its size, a product page stays within its budget. Thumbnails
are generated on a page's first view, so each page is viewed once first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import active_seller, category, seller_product, with_picture

pytestmark = pytest.mark.django_db

LISTING_BUDGET = 12
DETAIL_BUDGET = 15


def queries_of(client, url) -> int:
    client.get(url)  # thumbnails and per-visitor rows are made on the first view
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("size", [3, 24])
def test_category_listing_stays_within_its_budget(client, size):
    tea = category("Chè")
    seller = active_seller()
    for number in range(size):
        product = seller_product(seller, title=f"Chè số {number}", category=tea)
        if number % 2:
            with_picture(product)
    assert queries_of(client, tea.get_absolute_url()) <= LISTING_BUDGET


def test_product_page_stays_within_its_budget(client):
    tea = category("Chè")
    seller = active_seller()
    product = seller_product(seller, title="Chè xanh Cẩm Mỹ", category=tea)
    with_picture(product)
    assert queries_of(client, product.get_absolute_url()) <= DETAIL_BUDGET
