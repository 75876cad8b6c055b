import os

import pytest
from django.core.management import call_command


@pytest.fixture(params=["embedded", "elasticsearch"])
def search_backend(request, settings, db):
    """Every behaviour test runs on the embedded backend (SQLite or PostgreSQL,
    whichever the suite runs on) and on Elasticsearch when ELASTICSEARCH_URL is
    set. Returns the index: `index.rebuild()` after creating the data set,
    `index.refresh()` after a change, so Elasticsearch shows what was written."""
    if request.param == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL")
        if not url:
            pytest.skip(
                "ELASTICSEARCH_URL is not set: start Elasticsearch with "
                "`docker compose up -d elasticsearch` to run these tests on it"
            )
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {
                **settings.ELASTICSEARCH_SEARCH,
                "URLS": [url],
                "INDEX_PREFIX": "test_ocop_",
            },
            "embedded": settings.EMBEDDED_SEARCH,
        }

    return SearchIndex(request.param)


class SearchIndex:
    def __init__(self, name):
        self.name = name

    def rebuild(self):
        if self.name == "elasticsearch":
            call_command("search_rebuild", backend_name="default", verbosity=0)
            self.refresh()

    def refresh(self):
        if self.name == "elasticsearch":
            from search.backends import backend

            backend().refresh_indexes()
