"""Django's Redis cache, failing soft: when Redis is away every read is a
miss and every write is dropped, so pages are still served (slower), never
a 500. After a failure Redis is left alone for a few seconds, so a request
does not wait on a dead server for each of its cache calls."""

import functools
import logging
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
RESTING_SECONDS = 5.0


def _soft(default=None):
    def wrap(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            if time.monotonic() < self._resting_until:
                return default(args, kwargs) if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                self._resting_until = time.monotonic() + RESTING_SECONDS
                log.warning("Cache unavailable, serving without it: %s", error)
                return default(args, kwargs) if callable(default) else default

        return call

    return wrap


def _the_default(args, kwargs):
    """get(key, default=None): a miss returns the caller's default."""
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class KeptClients(RedisCacheClient):
    """One `redis.Redis` per connection pool for the life of the process.
    Django builds a new one for every cache call, and with redis-py 8 that
    costs ~0.4 ms (its table of response callbacks), more than the round trip
    itself: two thirds of a cached trace page's time went there. A client is
    only a handle on its pool, safe to share between threads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class FailSoftRedisCache(RedisCache):
    _resting_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClients

    get = _soft(_the_default)(RedisCache.get)
    add = _soft(False)(RedisCache.add)
    set = _soft(None)(RedisCache.set)
    touch = _soft(False)(RedisCache.touch)
    delete = _soft(False)(RedisCache.delete)
    get_many = _soft(lambda args, kwargs: {})(RedisCache.get_many)
    set_many = _soft(lambda args, kwargs: [])(RedisCache.set_many)
    delete_many = _soft(None)(RedisCache.delete_many)
    has_key = _soft(False)(RedisCache.has_key)
    clear = _soft(False)(RedisCache.clear)

    def incr(self, key, delta=1, version=None):
        """Nothing to count from: callers already handle a missing key."""
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            self._resting_until = time.monotonic() + RESTING_SECONDS
            log.warning("Cache unavailable, serving without it: %s", error)
            raise ValueError(f"Key '{key}' not found") from error


def redis_client():
    """Redis behind the default cache, for lists and counters that wait there
    for the worker (trace scans, product views); None when the cache is not
    Redis or has just failed (it is then rested a few seconds)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    if time.monotonic() < getattr(backend, "_resting_until", 0.0):
        return None
    return backend._cache.get_client(write=True)
