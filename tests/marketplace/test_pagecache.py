"""Whole-page cache for visitors with no session or basket (issue 8): served
without touching the database, yet a price or stock change shows at once, the
forms on a cached page still post, and nobody sees another visitor's page."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import active_seller, category, seller_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def product():
    return seller_product(active_seller(), title="Chè xanh Cẩm Mỹ", price=150000)


def view(url, client=None):
    client = client or Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def test_a_second_visitor_gets_the_page_without_queries(product):
    first, first_queries = view(product.get_absolute_url())
    second, second_queries = view(product.get_absolute_url())
    assert first_queries > 5
    assert second_queries == 0
    assert "150.000" in second
    statuses = [Client().get(product.get_absolute_url())["X-Page-Cache"]]
    product.stockrecords.get().save()  # a save that changes nothing shown
    statuses.append(Client().get(product.get_absolute_url())["X-Page-Cache"])
    assert statuses == ["hit", "hit"]


@pytest.mark.parametrize("change", ["price", "stock"])
def test_a_price_or_stock_change_shows_at_once(product, change):
    view(product.get_absolute_url())
    record = product.stockrecords.get()
    if change == "price":
        record.price = 175000
    else:
        record.num_in_stock = 0
    record.save()
    page, queries = view(product.get_absolute_url())
    assert queries > 0
    if change == "price":
        assert "175.000" in page and "150.000" not in page
    else:
        assert "Hết hàng" in page


def test_a_listing_follows_a_new_product():
    tea = category("Chè")
    seller = active_seller()
    seller_product(seller, title="Chè xanh Cẩm Mỹ", category=tea)
    page, _ = view(tea.get_absolute_url())
    assert "Chè xanh Cẩm Mỹ" in page
    seller_product(seller, title="Trà hoa vàng Tam Đảo", category=tea)
    page, _ = view(tea.get_absolute_url())
    assert "Trà hoa vàng Tam Đảo" in page


def test_the_add_button_of_a_cached_page_posts_for_its_own_visitor(product):
    view(product.get_absolute_url())
    visitor = Client(enforce_csrf_checks=True)
    page, queries = view(product.get_absolute_url(), visitor)
    assert queries == 0
    assert "__csrf_token__" not in page
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = visitor.post(
        f"/basket/add/{product.pk}/", {"quantity": 1, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    basket = visitor.get("/basket/").context["basket"]
    assert [line.product for line in basket.all_lines()] == [product]


def test_shoppers_with_a_basket_or_an_account_get_their_own_page(product):
    view(product.get_absolute_url())
    shopper = Client()
    shopper.post(f"/basket/add/{product.pk}/", {"quantity": 2})
    page, queries = view(product.get_absolute_url(), shopper)
    assert queries > 0
    member = Client()
    member.force_login(
        get_user_model().objects.create_user("lan", "lan@example.com", "x")
    )
    page, queries = view(product.get_absolute_url(), member)
    assert queries > 0


def test_each_language_has_its_own_page(product):
    vietnamese, _ = view(product.get_absolute_url())
    english_visitor = Client()
    english_visitor.cookies["django_language"] = "en"
    english, _ = view(product.get_absolute_url(), english_visitor)
    assert '<html lang="vi"' in vietnamese and "Thêm vào giỏ hàng" in vietnamese
    assert '<html lang="en"' in english and "Thêm vào giỏ hàng" not in english


def test_orders_keep_cached_pages_until_the_last_unit_is_sold(product):
    record = product.stockrecords.get()
    record.num_in_stock, record.num_allocated = 3, 0
    record.save()
    view(product.get_absolute_url())
    record.allocate(2)
    _, queries = view(product.get_absolute_url())
    assert queries == 0
    record.allocate(1)
    page, queries = view(product.get_absolute_url())
    assert queries > 0 and "Hết hàng" in page
