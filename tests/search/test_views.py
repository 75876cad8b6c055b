import pytest

from tests.factories import ocop_product

pytestmark = pytest.mark.django_db


def titles(response) -> str:
    return response.content.decode()


@pytest.fixture
def products():
    return [
        ocop_product(title="Chè xanh Cẩm Mỹ"),
        ocop_product(title="Đặc sản thịt chua Thanh Sơn"),
        ocop_product(title="Bưởi Đoan Hùng"),
        ocop_product(title="Mật ong hoa nhãn"),
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("che xanh", "Chè xanh Cẩm Mỹ"),
        ("Chè xanh", "Chè xanh Cẩm Mỹ"),
        ("cam my", "Chè xanh Cẩm Mỹ"),
        ("dac san", "Đặc sản thịt chua Thanh Sơn"),
        ("ĐẶC SẢN", "Đặc sản thịt chua Thanh Sơn"),
        ("buoi doan hung", "Bưởi Đoan Hùng"),
    ],
)
def test_search_is_accent_insensitive(client, products, query, expected):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    body = titles(response)
    assert expected in body
    others = {p.title for p in products} - {expected}
    assert not any(other in body for other in others)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!!",
        "AND OR NOT",
        '"che',
        "che*" * 100,
        "x" * 5000,
        "%00",
        "' OR 1=1 --",
    ],
)
def test_odd_queries_render_a_normal_page(client, products, query):
    response = client.get("/search/", {"q": query, "page": "99"})
    assert response.status_code == 200


def test_hidden_products_are_not_found(client):
    ocop_product(title="Chè ẩn", is_public=False)
    assert "Chè ẩn" not in titles(client.get("/search/", {"q": "che an"}))
