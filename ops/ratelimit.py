"""Counting requests in the cache, for forms anyone may post. A limit is a
courtesy to the staff who read what comes in, not a security boundary: when
the cache is away nothing is counted and every request is let through."""

import logging

from django.core.cache import cache

log = logging.getLogger(__name__)


def over_limit(keys: list[str], *, limit: int, seconds: int) -> bool:
    """Count one hit on each key (a window of `seconds` starting at its first
    hit); True when any key has now been hit more than `limit` times."""
    over = False
    for key in keys:
        try:
            cache.add(key, 0, timeout=seconds)
            count = cache.incr(key)
        except ValueError:
            # Expired between add and incr, or a fail-soft cache that is away.
            continue
        except Exception as error:  # noqa: BLE001 -- any cache failure lets it through
            log.warning("Rate limit not counted, cache unavailable: %s", error)
            return False
        over = over or count > limit
    return over
