"""Production settings keep one definition of search: Elasticsearch first and
the embedded index beside it, so search answers when Elasticsearch is down."""

import json
import logging
import subprocess
import sys

import pytest

from tests.factories import active_seller, seller_product
from tests.marketplace.test_settings import ROOT, deployment_env
from tests.search.test_backends import closed_port

SECRET = "prod-" + "k3y-Zq9xW2vL8mN4bR7tY1uI6oP0aS5dF3gH" * 2


def production_setting(name: str, tmp_path, **variables):
    """The value of one setting as `marketplace.settings.production` computes
    it from these environment variables, read in a fresh interpreter."""
    code = (
        "import json, django; from django.conf import settings; "
        f"print(json.dumps(settings.{name}, default=str))"
    )
    env = deployment_env(
        SECRET_KEY=SECRET,
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        MARKETPLACE_VAR_DIR=str(tmp_path),
        **variables,
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_keeps_the_embedded_fallback_and_the_folding_analyzer(tmp_path):
    backends = production_setting(
        "WAGTAILSEARCH_BACKENDS", tmp_path, ELASTICSEARCH_URL="http://es.internal:9200"
    )
    assert list(backends) == ["default", "embedded"]
    elastic = backends["default"]
    assert elastic["BACKEND"] == "wagtail.search.backends.elasticsearch9"
    assert elastic["URLS"] == ["http://es.internal:9200"]
    analyzer = elastic["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]
    assert "asciifolding" in analyzer["default"]["filter"]
    assert backends["embedded"]["BACKEND"] == "search.embedded"


@pytest.mark.django_db
def test_search_under_production_settings_falls_back_when_elasticsearch_is_down(
    client, settings, tmp_path, caplog
):
    settings.WAGTAILSEARCH_BACKENDS = production_setting(
        "WAGTAILSEARCH_BACKENDS",
        tmp_path,
        ELASTICSEARCH_URL=f"http://127.0.0.1:{closed_port()}",
    )
    seller_product(active_seller(name="HTX Chè Cẩm Mỹ"), title="Chè xanh Cẩm Mỹ")
    with caplog.at_level(logging.WARNING, logger="search.backends"):
        response = client.get("/search/", {"q": "che xanh"})
    assert response.status_code == 200
    assert [p.title for p in response.context["products"]] == ["Chè xanh Cẩm Mỹ"]
    assert "using the embedded one" in caplog.text
