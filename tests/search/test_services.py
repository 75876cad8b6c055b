"""The autocomplete prefix index (search/models.py, search/services.py): folded
like the rest of search, kept up to date when a title changes, rebuilt by
`search_rebuild`, and one lookup whatever the catalogue's size."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import services
from search.models import TitlePrefix
from tests.factories import active_seller, seller_product

pytestmark = pytest.mark.django_db


def suggested(client, typed: str) -> list[str]:
    response = client.get("/search/suggest/", {"q": typed})
    assert response.status_code == 200
    return [product["title"] for product in response.json()["products"]]


@pytest.fixture
def seller():
    return active_seller(name="HTX Chè Cẩm Mỹ")


def test_prefixes_are_folded_and_remember_the_first_word_holding_them():
    prefixes = services.title_prefixes("Đặc sản Cẩm Mỹ đặc biệt")
    assert prefixes["d"] == 0 and prefixes["dac"] == 0
    assert prefixes["cam"] == 2 and prefixes["my"] == 3
    assert prefixes["bi"] == 5
    assert "đ" not in "".join(prefixes)
    # Each prefix of each word, once: d, da, dac, s, sa, san, c, ca, cam, m, my,
    # b, bi, bie, biet ("dac" again in "đặc biệt" adds nothing).
    assert len(prefixes) == 15


def test_suggestions_ignore_accents_and_case_and_match_word_starts(client, seller):
    seller_product(seller, title="Chè xanh Cẩm Mỹ")
    seller_product(seller, title="Đặc sản miến dong")
    seller_product(seller, title="Mật ong rừng")
    assert suggested(client, "cam m") == ["Chè xanh Cẩm Mỹ"]
    assert suggested(client, "CẨM MỸ") == ["Chè xanh Cẩm Mỹ"]
    assert suggested(client, "dac s") == ["Đặc sản miến dong"]
    assert suggested(client, "đặc") == ["Đặc sản miến dong"]
    # "ong" starts a word of "Mật ong rừng" only, not "dong" in the other.
    assert suggested(client, "ong") == ["Mật ong rừng"]
    assert suggested(client, "xanh mi") == []


def test_titles_starting_with_the_first_word_come_first(client, seller):
    seller_product(seller, title="Trà xanh Thái Nguyên")
    seller_product(seller, title="Xanh mướt đồi chè")
    assert suggested(client, "xa") == ["Xanh mướt đồi chè", "Trà xanh Thái Nguyên"]


def test_a_word_longer_than_the_indexed_prefix_is_checked_against_the_title(
    client, seller
):
    seller_product(seller, title="Chè Shantuyetcothu Hà Giang")
    seller_product(seller, title="Chè Shantuyetcoxanh Hà Giang")
    assert suggested(client, "shantuyetcoth") == ["Chè Shantuyetcothu Hà Giang"]


def test_the_index_follows_a_renamed_or_deleted_product(client, seller):
    pomelo = seller_product(seller, title="Bưởi Đoan Hùng")
    honey = seller_product(seller, title="Mật ong bạc hà")
    assert suggested(client, "buoi") == ["Bưởi Đoan Hùng"]
    pomelo.title = "Bưởi da xanh"
    pomelo.save()
    assert suggested(client, "buoi d") == ["Bưởi da xanh"]
    assert suggested(client, "doan") == []
    honey.delete()
    assert suggested(client, "mat") == []
    assert not TitlePrefix.objects.filter(product_id=honey.pk).exists()


@pytest.mark.parametrize("derived_only", [False, True])
def test_search_rebuild_rebuilds_the_prefix_index(client, seller, derived_only):
    seller_product(seller, title="Gạo ST25 Sóc Trăng")
    TitlePrefix.objects.all().delete()
    assert suggested(client, "gao") == []
    call_command("search_rebuild", verbosity=0, derived_only=derived_only)
    assert suggested(client, "gao st") == ["Gạo ST25 Sóc Trăng"]
    assert TitlePrefix.objects.count() == len(
        services.title_prefixes("Gạo ST25 Sóc Trăng")
    )


def suggest_queries(client, typed: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/suggest/", {"q": typed}).status_code == 200
    return len(queries)


def test_suggestions_cost_the_same_queries_for_3_or_30_products(client, seller):
    for n in range(3):
        seller_product(seller, title=f"Chè búp số {n}")
    few = suggest_queries(client, "che b")
    for n in range(3, 30):
        seller_product(seller, title=f"Chè búp số {n}")
    assert suggest_queries(client, "che bu") == few
