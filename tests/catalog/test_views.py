import sys
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import PHU_THO, category, certify, ocop_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def tea():
    return category("Chè")


def page_text(response) -> str:
    return response.content.decode().replace("\xa0", " ")


def test_category_page_lists_its_products_with_badge_origin_and_vnd_price(client, tea):
    ocop_product(title="Chè xanh Cẩm Mỹ", price=150000, stars=4, category=tea)
    response = client.get(tea.get_absolute_url())
    text = page_text(response)
    assert response.status_code == 200
    assert "Chè xanh Cẩm Mỹ" in text
    assert "OCOP" in text and "★★★★" in text
    assert "Xã Đoan Hùng, Phú Thọ" in text
    assert "150.000 ₫" in text
    assert 'lang="vi"' in text


def test_category_includes_products_of_subcategories(client, tea):
    green = category("Chè xanh", parent=tea)
    ocop_product(title="Chè búp", category=green)
    assert "Chè búp" in page_text(client.get(tea.get_absolute_url()))


def test_filters_by_stars_province_and_certification(client, tea):
    five = ocop_product(title="Chè năm sao", stars=5, category=tea)
    ocop_product(title="Chè ba sao", stars=3, category=tea)
    ocop_product(title="Chè Hà Nội", stars=5, province=1, ward=None, category=tea)
    certify(five, scheme="vietgap")
    url = tea.get_absolute_url()

    text = page_text(client.get(url, {"stars": 5}))
    assert "Chè năm sao" in text and "Chè Hà Nội" in text and "Chè ba sao" not in text

    text = page_text(client.get(url, {"stars": 5, "province": PHU_THO}))
    assert "Chè năm sao" in text and "Chè Hà Nội" not in text

    text = page_text(client.get(url, {"certification": "vietgap"}))
    assert "Chè năm sao" in text and "Chè ba sao" not in text


def test_expired_certificates_do_not_count_in_filters_or_badges(client, tea):
    old = ocop_product(
        title="Chè hết hạn",
        stars=5,
        category=tea,
        decided=timezone.localdate() - timedelta(days=40 * 31),
    )
    certify(old, valid_until=timezone.localdate() - timedelta(days=1))
    url = tea.get_absolute_url()
    assert "Chè hết hạn" not in page_text(client.get(url, {"stars": 5}))
    assert "Chè hết hạn" not in page_text(client.get(url, {"certification": "vietgap"}))
    listing = page_text(client.get(url))
    assert "Chè hết hạn" in listing and "ocop-badge" not in listing


@pytest.mark.parametrize(
    "query",
    [
        {"stars": "9"},
        {"stars": "abc", "province": "x"},
        {"certification": "<script>"},
        {"page": "999"},
        {"page": "-1"},
        {"page": "abc"},
    ],
)
def test_bad_query_strings_are_ignored_not_errors(client, tea, query):
    ocop_product(title="Chè xanh", category=tea)
    response = client.get(tea.get_absolute_url(), query)
    assert response.status_code == 200
    assert "Chè xanh" in page_text(response)


def test_invalid_filter_tells_the_shopper(client, tea):
    response = client.get(tea.get_absolute_url(), {"stars": "9"}, follow=True)
    assert "không hợp lệ" in page_text(response)


@pytest.mark.parametrize(
    "path",
    [
        "/catalogue/khong-co_999999/",
        "/catalogue/category/khong-co_999999/",
        "/trang-khong-ton-tai/",
        "/catalogue/category/../../etc_1/",
    ],
)
def test_unknown_urls_get_a_vietnamese_404(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page_text(response)


def test_wrong_slug_redirects_to_the_canonical_product_url(client):
    product = ocop_product(title="Mật ong bạc hà")
    response = client.get(f"/catalogue/sai-ten_{product.pk}/")
    assert response.status_code == 301
    assert response["Location"] == product.get_absolute_url()


def test_product_page_shows_ocop_certificate_origin_and_certifications(client):
    product = ocop_product(title="Chè xanh Cẩm Mỹ", stars=5, storage="Nơi khô ráo")
    certify(product, scheme="vietgap")
    text = page_text(client.get(product.get_absolute_url()))
    assert product.ocop_certificate_number in text
    assert "VietGAP" in text
    assert "Nơi khô ráo" in text
    assert "Xuất xứ" in text
    assert "Thêm vào giỏ hàng" in text


def test_hidden_product_is_404_for_shoppers(client):
    product = ocop_product(title="Chè ẩn", is_public=False)
    assert client.get(product.get_absolute_url()).status_code == 404


def render_count(client, url) -> int:
    client.get(url)  # warm the thumbnail store and per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_category_page_queries_do_not_grow_with_products(client, settings, tea):
    settings.OSCAR_PRODUCTS_PER_PAGE = 50
    for index in range(10):
        ocop_product(title=f"Chè số {index}", category=tea)
    ten = render_count(client, tea.get_absolute_url())
    for index in range(10, 40):
        ocop_product(title=f"Chè số {index}", category=tea)
    forty = render_count(client, tea.get_absolute_url())
    assert "Chè số 39" in page_text(client.get(tea.get_absolute_url()))
    assert ten == forty


def test_pages_never_import_haystack(client, tea, home_page):
    ocop_product(category=tea)
    for url in [
        "/",
        tea.get_absolute_url(),
        reverse("catalogue:index"),
        "/search/?q=che",
    ]:
        assert client.get(url).status_code == 200
    assert "haystack" not in sys.modules


def test_english_switch(client, tea):
    ocop_product(title="Chè xanh", category=tea)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/catalogue/"}
    )
    assert response.status_code == 302
    text = page_text(client.get(tea.get_absolute_url()))
    assert 'lang="en"' in text
    assert "Add to cart" in text and "Thêm vào giỏ hàng" not in text


def test_vietnamese_is_the_default_whatever_the_browser_says(client, tea):
    response = client.get(tea.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in page_text(response)
    assert response["Content-Language"] == "vi"
