"""Search facets from precomputed rows (search.models.ProductFacts): the same
counts as reading the catalogue, kept right when a product, its categories or
its certificates change, and a fixed number of queries whatever the number of
matches."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from search import selectors
from search.models import ProductFacts
from tests.factories import active_seller, category, certify, seller_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def teas():
    cam_my = active_seller(name="HTX Chè Cẩm Mỹ", email="a@example.com")
    long_coc = active_seller(
        name="HTX Chè Long Cốc", tax_code="0312345673", email="b@example.com"
    )
    green = category("Chè xanh")
    products = {
        "xanh": seller_product(
            cam_my, title="Chè xanh Cẩm Mỹ", price=150000, stars=5, category=green
        ),
        "den": seller_product(cam_my, title="Chè đen Cẩm Mỹ", price=90000, stars=5),
        "shan": seller_product(
            long_coc, title="Chè Shan Long Cốc", price=450000, stars=4, category=green
        ),
        "lam": seller_product(long_coc, title="Bánh che lam", price=60000, stars=None),
    }
    certify(products["xanh"])
    certify(products["shan"])
    return {"green": green, **products}


def facets_for(client, query="che") -> dict:
    return client.get("/search/", {"q": query}).context["facets"]


def counts(facets) -> dict:
    return {
        "stars": facets["stars"],
        "certification": [(scheme, n) for scheme, _label, n in facets["certification"]],
        "category": [(name, n) for _pk, name, n in facets["category"]],
        "province": [n for _code, _name, n in facets["province"]],
        "seller": sorted((name, n) for _code, name, n in facets["seller"]),
        "price": facets["price"],
    }


EXPECTED = {
    "stars": [(5, 2), (4, 1)],
    "certification": [("vietgap", 2)],
    "category": [("Chè xanh", 2)],
    "province": [4],
    "seller": [("HTX Chè Cẩm Mỹ", 2), ("HTX Chè Long Cốc", 2)],
    "price": [("0-100000", 2), ("100000-200000", 1), ("200000-500000", 1)],
}


def test_stored_rows_give_the_same_counts_as_the_catalogue(client, teas):
    ids = [teas[name].pk for name in ("xanh", "den", "shan", "lam")]
    assert ProductFacts.objects.filter(product_id__in=ids).count() == 4
    with CaptureQueriesContext(connection) as queries:
        stored = selectors.facts_of(ids)
    assert len(queries) == 1
    assert stored == selectors.facts_computed(ids)
    assert counts(facets_for(client)) == EXPECTED

    ProductFacts.objects.all().delete()  # read from the catalogue instead
    assert counts(facets_for(client, "chè")) == EXPECTED


def test_rows_follow_stars_categories_and_certificates(client, teas):
    assert counts(facets_for(client)) == EXPECTED
    teas["lam"].ocop_stars = 3
    teas["lam"].ocop_certificate_number = "QĐ-3"
    teas["lam"].ocop_decision_date = timezone.localdate() - timedelta(days=10)
    teas["lam"].full_clean(exclude=["upc", "slug"])
    teas["lam"].save()
    teas["den"].categories.add(teas["green"])
    certify(teas["den"], scheme="haccp")
    facets = counts(facets_for(client))
    assert facets["stars"] == [(5, 2), (4, 1), (3, 1)]
    assert facets["category"] == [("Chè xanh", 3)]
    assert facets["certification"] == [("haccp", 1), ("vietgap", 2)]

    teas["shan"].certifications.all().delete()
    teas["green"].name = "Chè xanh Phú Thọ"  # names are read at query time
    teas["green"].save()
    facets = counts(facets_for(client))
    assert facets["certification"] == [("haccp", 1), ("vietgap", 1)]
    assert facets["category"] == [("Chè xanh Phú Thọ", 3)]


def test_an_expired_certificate_stops_counting_without_a_rewrite(client, teas):
    certification = teas["xanh"].certifications.get()
    certification.valid_from = timezone.localdate() - timedelta(days=400)
    certification.valid_until = timezone.localdate() - timedelta(days=1)
    certification.save()
    assert counts(facets_for(client))["certification"] == [("vietgap", 1)]


def search_queries(client, query) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/", {"q": query}).status_code == 200
    return len(queries)


def test_a_first_time_search_costs_the_same_queries_for_4_or_40_matches(client, teas):
    search_queries(client, "xanh")  # the first view of a process reads settings
    few = search_queries(client, "che")
    seller = active_seller(
        name="HTX Chè Tân Sơn", tax_code="0101243150", email="c@example.com"
    )
    for n in range(36):
        product = seller_product(
            seller, title=f"Chè búp số {n}", price=100000 + n, stars=4
        )
        certify(product)
    assert search_queries(client, "chè") == few  # another query: not cached
