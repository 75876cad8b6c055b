"""What shoppers get from search, run against every backend available
(the `search_backend` fixture: embedded always, Elasticsearch when configured)."""

import unicodedata

import pytest
from django.db import connection

from sellers import services as seller_services
from tests.factories import active_seller, category, certify, seller_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(search_backend):
    cam_my = active_seller(name="HTX Chè Cẩm Mỹ", email="a@example.com")
    doan_hung = active_seller(
        name="HTX Bưởi Đoan Hùng", tax_code="0312345673", email="b@example.com"
    )
    products = {
        "xanh": seller_product(cam_my, title="Chè xanh Cẩm Mỹ", price=150000),
        "tra": seller_product(
            cam_my, title="Trà hoa vàng Thanh Sơn", price=250000, stars=5
        ),
        "scattered": seller_product(
            cam_my,
            title="Xanh mướt đồi chè",
            price=120000,
            description="<p>Quà tặng</p>",
        ),
        "pomelo": seller_product(doan_hung, title="Bưởi Đoan Hùng", price=80000),
        "dac_san": seller_product(
            doan_hung, title="Đặc sản thịt chua Thanh Sơn", price=90000
        ),
    }
    certify(products["tra"])
    search_backend.rebuild()
    return {
        "cam_my": cam_my,
        "doan_hung": doan_hung,
        "index": search_backend,
        **products,
    }


def found(client, query, **params) -> list[str]:
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return [product.title for product in response.context["products"]]


@pytest.mark.parametrize(
    "query, title",
    [
        ("che xanh", "Chè xanh Cẩm Mỹ"),
        ("CHÈ XANH", "Chè xanh Cẩm Mỹ"),
        ("cam my", "Chè xanh Cẩm Mỹ"),
        ("dac san", "Đặc sản thịt chua Thanh Sơn"),
        ("đặc sản", "Đặc sản thịt chua Thanh Sơn"),
        ("buoi doan hung", "Bưởi Đoan Hùng"),
        # Decomposed input (NFD, as some phone keyboards send it) is normalised.
        (unicodedata.normalize("NFD", "bưởi đoan hùng"), "Bưởi Đoan Hùng"),
    ],
)
def test_accents_and_d_fold_in_both_directions(client, shelf, query, title):
    assert title in found(client, query)


def test_typed_accents_rank_first(client, shelf):
    # Both titles hold "chè" and "xanh"; the one with the words in sequence wins.
    assert found(client, "chè xanh")[:2] == ["Chè xanh Cẩm Mỹ", "Xanh mướt đồi chè"]


def test_phrase_ranks_above_scattered_syllables(client, shelf):
    assert found(client, "che xanh")[:2] == ["Chè xanh Cẩm Mỹ", "Xanh mướt đồi chè"]
    assert found(client, "xanh muot doi")[0] == "Xanh mướt đồi chè"
    # Words in another order still find both, scattered or not.
    assert set(found(client, "xanh che")) >= {"Chè xanh Cẩm Mỹ", "Xanh mướt đồi chè"}


@pytest.mark.parametrize(
    "query, title",
    [
        ("trà xanh", "Chè xanh Cẩm Mỹ"),
        ("che hoa vang", "Trà hoa vàng Thanh Sơn"),
        ("bong doan hung", "Bưởi Đoan Hùng"),
    ],
)
def test_synonyms_from_the_data_file(client, shelf, query, title):
    assert title in found(client, query)


def test_sellers_are_found_by_name_and_place(client, shelf):
    def sellers(query):
        response = client.get("/search/", {"q": query})
        return response, [seller.partner.name for seller in response.context["sellers"]]

    response, names = sellers("htx buoi")
    assert names == ["HTX Bưởi Đoan Hùng"]
    assert shelf["doan_hung"].get_absolute_url() in response.content.decode()
    # Both factories' sellers are registered in Xã Đoan Hùng, Phú Thọ.
    assert set(sellers("doan hung phu tho")[1]) == {
        "HTX Bưởi Đoan Hùng",
        "HTX Chè Cẩm Mỹ",
    }


def test_suggestions_as_one_types(client, shelf):
    body = client.get("/search/suggest/", {"q": "che x"}).json()
    assert [p["title"] for p in body["products"]] == [
        "Chè xanh Cẩm Mỹ",  # the title starts with what was typed
        "Xanh mướt đồi chè",
    ]
    assert body["products"][0]["url"] == shelf["xanh"].get_absolute_url()
    assert client.get("/search/suggest/", {"q": "buoi do"}).json()["products"] == [
        {"title": "Bưởi Đoan Hùng", "url": shelf["pomelo"].get_absolute_url()}
    ]
    body = client.get("/search/suggest/", {"q": "htx bu"}).json()
    assert [s["name"] for s in body["sellers"]] == ["HTX Bưởi Đoan Hùng"]
    assert client.get("/search/suggest/", {"q": "!!!"}).json()["products"] == []


def test_upkeep_category_certification_and_seller_name(
    client, shelf, django_capture_on_commit_callbacks
):
    gifts = category(name="Quà biếu Tết")
    shelf["pomelo"].categories.add(gifts)
    with django_capture_on_commit_callbacks(execute=True):  # the reindex task
        shelf["doan_hung"].partner.name = "HTX Nông sản Sông Lô"
        shelf["doan_hung"].partner.save()
    shelf["index"].refresh()
    assert found(client, "qua bieu tet") == ["Bưởi Đoan Hùng"]
    assert "Đặc sản thịt chua Thanh Sơn" in found(client, "song lo")


def test_upkeep_stock_price_status_and_delete(client, shelf):
    # Each query runs once before the change too: cached results must not hide it.
    assert "Chè xanh Cẩm Mỹ" in found(client, "che")
    assert found(client, "buoi") == ["Bưởi Đoan Hùng"]
    assert "Xanh mướt đồi chè" in found(client, "xanh")
    record = shelf["xanh"].stockrecords.get()
    record.num_in_stock = 0
    record.save()
    shelf["index"].refresh()
    assert "Chè xanh Cẩm Mỹ" not in found(client, "che")

    record = shelf["tra"].stockrecords.get()
    record.price = 550000
    record.save()
    facets = client.get("/search/", {"q": "tra hoa vang"}).context["facets"]
    assert facets["price"] == [("500000-", 1)]

    seller_services.seller_suspend(profile=shelf["doan_hung"], reason="Hết hạn GCN")
    shelf["index"].refresh()
    assert found(client, "buoi") == []
    assert client.get("/search/suggest/", {"q": "buoi"}).json()["products"] == []

    shelf["scattered"].delete()
    shelf["index"].refresh()
    assert "Xanh mướt đồi chè" not in found(client, "xanh")


def test_typo_tolerance_where_the_backend_has_it(client, shelf, search_backend):
    if search_backend.name == "embedded" and connection.vendor == "sqlite":
        pytest.skip("SQLite FTS5 has no fuzzy matching; PostgreSQL and ES do")
    assert "Bưởi Đoan Hùng" in found(client, "buoii doan hungg")


def test_campaign_and_livestream_pages_are_found(client, shelf):
    from tests.factories import campaign, livestream

    campaign(title="Chợ phiên OCOP – Về miền Đất Tổ")
    livestream(host=shelf["cam_my"], title="Livestream hái chè Cẩm Mỹ")
    livestream(host=shelf["cam_my"], title="Phiên nháp", publish=False)
    shelf["index"].rebuild()

    def pages(query):
        response = client.get("/search/", {"q": query})
        return [page.title for page in response.context["pages"]]

    assert pages("cho phien dat to") == ["Chợ phiên OCOP – Về miền Đất Tổ"]
    assert pages("hai che") == ["Livestream hái chè Cẩm Mỹ"]
    assert pages("phien nhap") == []  # drafts stay out
    assert (
        "Livestream hái chè Cẩm Mỹ"
        in client.get("/search/", {"q": "hai che"}).content.decode()
    )


def test_typo_tolerance_gives_up_after_its_budget_on_postgresql(
    client, shelf, monkeypatch
):
    """word_similarity reads every row: past its budget a query that matched
    nothing gets no suggestions, quickly, and the request goes on."""
    if connection.vendor != "postgresql":
        pytest.skip("the budget is PostgreSQL's statement_timeout")
    from modelsearch.backends.database.postgres import postgres

    from search import backends

    original = postgres.TrigramWordSimilarity.template
    monkeypatch.setattr(
        postgres.TrigramWordSimilarity,
        "template",
        "(SELECT %(function)s(%(expressions)s) FROM pg_sleep(0.4))",
        raising=False,
    )
    monkeypatch.setattr(backends, "FUZZY_BUDGET_MS", 100)
    assert found(client, "buoii doan hungg") == []
    monkeypatch.setattr(postgres.TrigramWordSimilarity, "template", original)
    assert "Bưởi Đoan Hùng" in found(client, "buoii doan hung")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
