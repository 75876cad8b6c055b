"""The Redis cache keeps one client per connection pool (issue 15): building a
redis-py 8 client for every call cost more than the round trip. Needs Redis
on 127.0.0.1:6379 (db 12, keys prefixed per process); skipped without it."""

import pytest
import redis
from django.core.cache import caches

from tests.traceability.test_scan_buffer import REDIS_URL, on_redis  # noqa: F401


@pytest.fixture
def redis_cache(on_redis):  # noqa: F811
    yield caches["default"]
    caches["default"].delete_many(["giá", "số"])


def test_every_call_goes_through_the_same_client(redis_cache, monkeypatch):
    built = []
    real = redis.Redis.__init__

    def counted(self, *args, **kwargs):
        built.append(self)
        real(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counted)
    redis_cache.set("giá", 150_000)
    for _ in range(5):
        assert redis_cache.get("giá") == 150_000
    assert redis_cache.get_many(["giá", "số"]) == {"giá": 150_000}
    assert len(built) <= 1  # none when an earlier test of this process built it


def test_the_kept_client_reconnects_after_redis_drops_its_connection(redis_cache):
    redis_cache.set("số", 1)
    client = redis_cache._cache.get_client(write=True)
    mine = client.client_id()
    redis.Redis.from_url(REDIS_URL).client_kill_filter(_id=mine)
    assert redis_cache.get("số") == 1
    assert redis_cache.incr("số") == 2
    assert client.client_id() != mine
