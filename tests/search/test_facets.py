import pytest

from sellers import services as seller_services
from tests.factories import active_seller, certify, seller_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    """A known data set: 4 teas from 2 sellers, stars 5/5/4/none, 2 VietGAP."""
    cam_my = active_seller(name="HTX Chè Cẩm Mỹ", email="a@example.com")
    long_coc = active_seller(
        name="HTX Chè Long Cốc", tax_code="0312345673", email="b@example.com"
    )
    teas = {
        "xanh": seller_product(cam_my, title="Chè xanh Cẩm Mỹ", price=150000, stars=5),
        "den": seller_product(cam_my, title="Chè đen Cẩm Mỹ", price=90000, stars=5),
        "shan": seller_product(
            long_coc, title="Chè Shan Long Cốc", price=450000, stars=4
        ),
        "che": seller_product(long_coc, title="Bánh che lam", price=60000, stars=None),
    }
    certify(teas["xanh"])
    certify(teas["shan"])
    return {"cam_my": cam_my, "long_coc": long_coc, **teas}


def titles(response) -> list[str]:
    return [product.title for product in response.context["products"]]


def test_exact_accents_rank_first(client, shelf):
    ranked = titles(client.get("/search/", {"q": "chè"}))
    assert ranked[-1] == "Bánh che lam"  # matches "che" only without its accent
    assert set(ranked[:3]) == {"Chè xanh Cẩm Mỹ", "Chè đen Cẩm Mỹ", "Chè Shan Long Cốc"}


def test_facet_counts_match_the_known_data_set(client, shelf):
    facets = client.get("/search/", {"q": "che"}).context["facets"]
    assert facets["stars"] == [(5, 2), (4, 1)]
    assert facets["certification"] == [("vietgap", "VietGAP", 2)]
    assert {(name, n) for _code, name, n in facets["seller"]} == {
        ("HTX Chè Cẩm Mỹ", 2),
        ("HTX Chè Long Cốc", 2),
    }
    assert dict(facets["price"]) == {
        "0-100000": 2,
        "100000-200000": 1,
        "200000-500000": 1,
    }
    assert facets["province"][0][1:] == ("Phú Thọ", 4)


def test_filters_combine(client, shelf):
    response = client.get(
        "/search/",
        {
            "q": "che",
            "stars": 5,
            "seller": shelf["cam_my"].partner.code,
            "price": "100000-200000",
        },
    )
    assert titles(response) == ["Chè xanh Cẩm Mỹ"]
    assert (
        client.get("/search/", {"q": "che", "certification": "vietgap", "stars": 4})
        .context["products"][0]
        .title
        == "Chè Shan Long Cốc"
    )


@pytest.mark.parametrize(
    "sort, first", [("price_asc", "Bánh che lam"), ("price_desc", "Chè Shan Long Cốc")]
)
def test_sorting_by_price(client, shelf, sort, first):
    assert titles(client.get("/search/", {"q": "che", "sort": sort}))[0] == first


@pytest.mark.parametrize(
    "query",
    [
        {"stars": "9"},
        {"price": "free"},
        {"seller": "<b>"},
        {"sort": "random"},
        {"province": "x"},
    ],
)
def test_unknown_facet_values_are_ignored_with_a_message(client, shelf, query):
    response = client.get("/search/", {"q": "che", **query}, follow=True)
    assert response.status_code == 200 and len(titles(response)) == 4
    assert "không hợp lệ" in response.content.decode()


def test_an_over_long_query_says_it_was_shortened(client, shelf):
    response = client.get("/search/", {"q": "chè " * 100})
    assert response.status_code == 200
    assert "200" in response.content.decode() and "rút gọn" in response.content.decode()


def test_a_suspended_sellers_products_are_not_found(client, shelf):
    seller_services.seller_suspend(profile=shelf["long_coc"], reason="Vi phạm")
    assert "Chè Shan Long Cốc" not in titles(client.get("/search/", {"q": "che"}))
