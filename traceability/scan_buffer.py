"""Where trace-page scans wait between the request and their rows: a Redis
list when the cache is Redis, so a view costs one RPUSH instead of a database
write (SQLite serialised those writes of every web worker). The task worker
writes them in batches (`services.scans_flush`).

Each scan carries its own random key (`Scan.key`, unique), so writing a batch
twice is harmless: a flush first moves a batch to a "being written" list in
one step (a Lua script), writes it, then removes it from there; a flush that
died between the two leaves the batch in that list, and the next flush writes
it again, the duplicates ignored by the unique key.

Without Redis (local-memory or file cache: one machine, the embedded default)
there is no shared list to wait in, and the scan is written in the request as
before; `push` returns False and the caller writes."""

import json
import logging

from django.core.cache import caches
from redis.exceptions import RedisError

from ops.cache import redis_client

log = logging.getLogger(__name__)
WAITING = "trace:scans:waiting"
WRITING = "trace:scans:writing"
# Move up to ARGV[1] scans from the waiting list to the list being written, in
# one step: a crash leaves each scan in one list or the other, never in none.
CLAIM = """
local scans = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #scans > 0 then
  redis.call('LTRIM', KEYS[1], #scans, -1)
  redis.call('RPUSH', KEYS[2], unpack(scans))
end
return scans
"""


def _keys() -> tuple[str, str]:
    backend = caches["default"]
    return backend.make_key(WAITING), backend.make_key(WRITING)


def push(scan: dict) -> bool:
    """Queue one scan (JSON-able); False when it could not wait in Redis."""
    client = redis_client()
    if client is None:
        return False
    try:
        client.rpush(_keys()[0], json.dumps(scan, separators=(",", ":")))
    except RedisError as error:
        log.warning("Scan buffer unavailable, writing the scan directly: %s", error)
        return False
    return True


def claimed(*, size: int) -> list[dict]:
    """Scans a dead flush left half-written, else the next `size` waiting ones
    (moved to the list being written). Empty without Redis."""
    client = redis_client()
    if client is None:
        return []
    waiting, writing = _keys()
    raw = client.lrange(writing, 0, size - 1) or client.eval(
        CLAIM, 2, waiting, writing, size
    )
    return [json.loads(item) | {"raw": item} for item in raw]


def release(scans: list[dict]) -> None:
    """Written and committed: out of the list being written."""
    client = redis_client()
    if client is None or not scans:
        return
    writing = _keys()[1]
    with client.pipeline(transaction=False) as pipe:
        for scan in scans:
            pipe.lrem(writing, 1, scan["raw"])
        pipe.execute()


def waiting_count() -> int:
    client = redis_client()
    if client is None:
        return 0
    waiting, writing = _keys()
    return client.llen(waiting) + client.llen(writing)
