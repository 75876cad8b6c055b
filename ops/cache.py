"""Django's Redis cache, failing soft: when Redis is away every read is a
miss and every write is dropped, so pages are still served (slower), never
a 500. After a failure Redis is left alone for a few seconds, so a request
does not wait on a dead server for each of its cache calls."""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
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


class FailSoftRedisCache(RedisCache):
    _resting_until = 0.0

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
