"""/healthz, media without object storage, the database-away page, favicon,
compressed pages."""

import gzip

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_service(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {key: body["checks"][key] for key in ("database", "cache", "storage")} == {
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
    }
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.fixture
def closed_redis():
    from tests.search.test_backends import closed_port

    return f"redis://127.0.0.1:{closed_port()}/1"


def test_healthz_says_degraded_when_the_cache_is_away_and_the_queue_waits(
    client, settings, task_queue, closed_redis
):
    settings.CACHES = {
        "default": {"BACKEND": "ops.cache.FailSoftRedisCache", "LOCATION": closed_redis}
    }
    settings.TASK_STALL_SECONDS = 0
    from tests.ops.test_queue import heartbeat

    heartbeat.enqueue()
    body = client.get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"].startswith("error")
    assert body["checks"]["queue"]["ready"] == 1


def test_healthz_is_503_when_the_database_is_away(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("ops.views._database", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["status"] == "down"


def test_media_is_served_with_long_cache_headers_without_object_storage(client):
    name = default_storage.save("images/products/che.jpg", ContentFile(b"\xff\xd8jpeg"))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8jpeg"
    assert "max-age=31536000" in response["Cache-Control"]
    assert client.get("/media/../manage.py").status_code == 404
    assert client.get("/media/images/khong-co.jpg").status_code == 404


def test_database_away_gives_a_vietnamese_503_page(client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", refuse)
    client.raise_request_exception = False
    client.cookies["sessionid"] = "a" * 32
    response = client.get("/basket/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert "Chợ OCOP đang tạm gián đoạn" in page and "Traceback" not in page


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".ico")
    assert 'rel="icon"' in client.get("/catalogue/").content.decode()


def test_pages_are_compressed_for_browsers_that_accept_gzip(client):
    response = client.get("/catalogue/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assert "<html" in html
    assert len(response.content) < len(html.encode()) / 2


def test_pages_are_served_when_redis_is_away(client, settings, closed_redis):
    settings.CACHES = {
        "default": {
            "BACKEND": "ops.cache.FailSoftRedisCache",
            "LOCATION": closed_redis,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    from django.core.cache import cache

    assert cache.get("anything", "fallback") == "fallback"
    assert cache.get_or_set("search:version", 1, None) == 1
    for _ in range(2):
        assert client.get("/catalogue/").status_code == 200
        assert client.get("/search/", {"q": "che"}).status_code == 200
