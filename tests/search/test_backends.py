import logging
import socket

import pytest
from django.core.management import call_command

from search import backends
from tests.factories import active_seller, seller_product

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A loopback port nothing listens on: Elasticsearch "down"."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def elasticsearch_down(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            **settings.ELASTICSEARCH_SEARCH,
            "URLS": [f"http://127.0.0.1:{closed_port()}"],
            "TIMEOUT": 1,
        },
        "embedded": settings.EMBEDDED_SEARCH,
    }


def test_saves_still_work_and_search_falls_back_when_elasticsearch_is_down(
    client, elasticsearch_down, caplog
):
    seller = active_seller(name="HTX Chè Cẩm Mỹ")
    seller_product(seller, title="Chè xanh Cẩm Mỹ")  # indexed into the embedded one
    with caplog.at_level(logging.WARNING, logger="search.backends"):
        response = client.get("/search/", {"q": "che xanh"})
        suggest = client.get("/search/suggest/", {"q": "che"})
    assert response.status_code == 200
    assert [p.title for p in response.context["products"]] == ["Chè xanh Cẩm Mỹ"]
    assert suggest.json()["products"][0]["title"] == "Chè xanh Cẩm Mỹ"
    assert "using the embedded one" in caplog.text


def test_without_elasticsearch_only_the_embedded_backend_is_configured(settings):
    assert list(settings.WAGTAILSEARCH_BACKENDS) == ["default"]
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "search.embedded"


def test_rebuild_reports_progress_and_restores_a_wiped_index(client, capsys):
    seller = active_seller(name="HTX Chè Cẩm Mỹ")
    seller_product(seller, title="Chè xanh Cẩm Mỹ")
    backends.backend().reset_indexes()
    assert client.get("/search/", {"q": "che"}).context["products"] == []
    call_command("search_rebuild")
    output = capsys.readouterr().out
    assert "1/1" in output and "rows" in output  # tqdm's bar for the products
    assert [
        p.title for p in client.get("/search/", {"q": "che"}).context["products"]
    ] == ["Chè xanh Cẩm Mỹ"]
