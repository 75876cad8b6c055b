"""Query budgets of the shopper pages (issues 8 and 15): a listing costs the
same few queries whatever its size, a product page the same whatever its pack
sizes, pictures and certificates. Thumbnails are generated on a page's first
view, so each page is viewed once first."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from tests.factories import (
    active_seller,
    category,
    certify,
    seller_product,
    with_picture,
)

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")

LISTING_BUDGET = 12
# 15 until the product page linked its current batch's trace page (one query,
# whatever the pack sizes).
DETAIL_BUDGET = 16


def queries_of(url) -> int:
    client = Client()
    client.get(url)  # thumbnails and per-visitor rows are made on the first view
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def listing_of(size: int, name: str):
    shelf = category(name)
    seller = active_seller(
        name=f"HTX {name}", tax_code="0312345673" if size > 5 else "0100109106"
    )
    for number in range(size):
        product = seller_product(seller, title=f"{name} số {number}", category=shelf)
        if number % 2:
            with_picture(product)
    return shelf


def test_a_category_listing_costs_the_same_at_any_size():
    few, many = listing_of(3, "Chè"), listing_of(24, "Mật ong")
    few_queries = queries_of(few.get_absolute_url())
    assert few_queries <= LISTING_BUDGET
    assert queries_of(many.get_absolute_url()) == few_queries


def product_with_packs(title: str, packs: int):
    parent = create_product(title=title, structure="parent")
    with_picture(parent)
    for number in range(packs):
        create_product(parent=parent, title=f"Gói {number}", price=90000 + number)
        certify(parent, scheme=("vietgap", "haccp", "organic_vn")[number % 3])
    return parent


def test_a_product_page_costs_the_same_whatever_it_shows():
    tea = category("Chè")
    plain = seller_product(active_seller(), title="Chè xanh Cẩm Mỹ", category=tea)
    with_picture(plain)
    assert queries_of(plain.get_absolute_url()) <= DETAIL_BUDGET
    one = queries_of(product_with_packs("Chè Shan tuyết", 1).get_absolute_url())
    four = queries_of(product_with_packs("Trà hoa vàng", 4).get_absolute_url())
    assert one <= DETAIL_BUDGET
    assert four == one


def test_a_product_page_shows_no_visitor_history(client):
    """Its HTML is shared by every visitor without a session (page cache)."""
    seller = active_seller()
    seen = seller_product(seller, title="Bưởi Đoan Hùng")
    client.get(seen.get_absolute_url())
    page = client.get(seller_product(seller, title="Cam Cao Phong").get_absolute_url())
    assert "Bưởi Đoan Hùng" not in page.content.decode()


def test_a_pack_size_product_page_names_its_seller(client):
    """The trust box reads a parent's seller from its packs' stock records."""
    parent = product_with_packs("Chè Shan tuyết", 2)
    seller = active_seller(name="HTX Chè Suối Giàng")
    StockRecord.objects.filter(product__parent=parent).update(partner=seller.partner)
    seller_name = seller.partner.name
    page = client.get(parent.get_absolute_url()).content.decode()
    assert 'id="seller-title"' in page
    assert seller_name in page
