"""Trace-page scans leave the request (issue 15): with Redis as the cache they
wait in a Redis list and the worker writes them in batches, every scan once
even when a flush dies half-way; with Redis down they are written at once.
Needs Redis on 127.0.0.1:6379 (db 12, keys prefixed per process); skipped
without it."""

import os
import socket

import pytest
import redis
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ops import periodic
from tests.factories import ocop_product, traced_batch
from traceability import scan_buffer, services, tasks
from traceability.models import Scan

pytestmark = pytest.mark.django_db
PHONE_UA = "Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36"
REDIS_URL = "redis://127.0.0.1:6379/12"


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def on_redis(settings):
    if not redis_answers():
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "ops.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"scan-test-{os.getpid()}",
        }
    }
    caches["default"].delete_many([scan_buffer.WAITING, scan_buffer.WRITING])
    yield
    caches["default"].delete_many([scan_buffer.WAITING, scan_buffer.WRITING])


def view(client, batch, **params):
    response = client.get(f"/t/{batch.public_token}", params, HTTP_USER_AGENT=PHONE_UA)
    assert response.status_code == 200
    return response


def test_views_wait_in_redis_and_one_flush_writes_each_exactly_once(client, on_redis):
    batch = traced_batch(records=1)
    for _ in range(6):
        view(client, batch)
    view(client, batch, province=25)
    assert Scan.objects.count() == 0
    assert scan_buffer.waiting_count() == 7

    assert services.scans_flush(size=3) == 7  # three batches of at most 3
    assert scan_buffer.waiting_count() == 0
    assert Scan.objects.filter(batch=batch, device_class="phone").count() == 7
    assert Scan.objects.filter(province=25).count() == 1
    assert services.scans_flush() == 0
    assert Scan.objects.count() == 7


def test_a_flush_that_dies_before_releasing_writes_nothing_twice(
    client, on_redis, monkeypatch
):
    batch = traced_batch(records=1)
    for _ in range(5):
        view(client, batch)
    release = scan_buffer.release

    def crash(scans):
        raise ConnectionError("worker killed after its commit")

    monkeypatch.setattr(scan_buffer, "release", crash)
    with pytest.raises(ConnectionError):
        services.scans_flush(size=2)
    assert Scan.objects.count() == 2  # the first batch was committed
    assert scan_buffer.waiting_count() == 5  # 2 being written, 3 waiting

    monkeypatch.setattr(scan_buffer, "release", release)
    view(client, batch)
    assert services.scans_flush(size=2) == 6  # the 2 again, then the rest
    assert Scan.objects.count() == 6
    assert Scan.objects.values("key").distinct().count() == 6
    assert scan_buffer.waiting_count() == 0


def test_scans_of_a_batch_deleted_while_they_waited_are_dropped(client, on_redis):
    kept = traced_batch(records=1, lot_code="CM-2026-020")
    gone = traced_batch(
        product=ocop_product(title="Chè đen"), records=0, lot_code="CM-2026-021"
    )
    view(client, kept)
    view(client, gone)
    gone.delete()  # a batch with no records yet may be deleted
    assert services.scans_flush() == 2
    assert list(Scan.objects.values_list("batch_id", flat=True)) == [kept.pk]


def test_a_cached_trace_page_is_one_cache_round_trip_and_no_query(
    client, on_redis, monkeypatch
):
    batch = traced_batch(records=2)
    view(client, batch)  # renders and stores the page, learns its names
    commands = []
    execute = redis.Redis.execute_command

    def counted(self, *args, **options):
        commands.append(args[0])
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)
    with CaptureQueriesContext(connection) as queries:
        response = view(client, batch)
    assert len(queries) == 0
    # The page and its names' versions in one MGET; the scan in one RPUSH.
    assert commands == ["MGET", "RPUSH"]
    assert batch.lot_code in response.content.decode()


def test_a_new_record_replaces_the_cached_page_at_once(client, on_redis):
    batch = traced_batch(records=1)
    assert "Ghi chép mới" not in view(client, batch).content.decode()
    services.trace_event_append(
        batch=batch, kind="shipment", occurred_at=timezone.now(), note="Ghi chép mới"
    )
    assert "Ghi chép mới" in view(client, batch).content.decode()
    services.batch_recall(batch=batch, reason="Nghi nhiễm khuẩn")
    assert "Nghi nhiễm khuẩn" in view(client, batch).content.decode()


def test_with_redis_down_the_page_answers_and_the_scan_is_written_at_once(
    client, settings
):
    batch = traced_batch(records=1)
    settings.CACHES = {
        "default": {
            "BACKEND": "ops.cache.FailSoftRedisCache",
            "LOCATION": "redis://127.0.0.1:8419/0",  # nothing listens here
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    view(client, batch)
    view(client, batch, province=25)
    assert Scan.objects.filter(batch=batch).count() == 2


def test_the_worker_flushes_the_buffer_every_half_minute():
    job = periodic.registry[tasks.scans_flush.module_path]
    assert job.every.total_seconds() == 30
