"""Cached pages and fragments that know what they show, and go stale exactly
when one of those things changes.

Bottom layer, like vietnam/: imports nothing of ours. Catalogue code names
what a rendering shows with `depends("product:12", "list:category:3", …)`;
whatever is cached records those names; a change calls `touch(...)` on the
names it affects, and only entries that depend on one of them are missed.

How it stays correct without a lock:
- a cache-wide clock (`fresh:clock`, incremented atomically) orders renders
  and changes: a rendering reads the clock *before* it reads the database, a
  change moves its names to a new clock value *after* it commits; an entry is
  fresh only if none of its names moved past the entry's clock value, so a page
  rendered from rows a commit was replacing can never be served afterwards;
- when the clock is lost (Redis flushed, cold start) it restarts from the wall
  clock in microseconds, above anything stored before, and `fresh:floor` marks
  that restart: entries stamped below the floor are stale, and a name never
  touched since then counts as the floor;
- names are kept without expiry: run Redis with `noeviction` or a `volatile-*`
  policy (the default), so that only entries, never names, are evicted.

Entries are fetched with their names' versions in one `get_many` once this
process has seen the entry (it remembers each key's names), two otherwise.
"""

import contextvars
import re
import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import get_token

CLOCK = "fresh:clock"
FLOOR = "fresh:floor"
EVERYTHING = "fresh:catalogue"  # touched by every change: for pages that cannot say
# What the shop's pages show, by name. Lists change when products join, leave
# or move in them; items when what a card or page shows of them changes.
CATEGORIES = "fresh:categories"  # the category tree: menu, breadcrumbs, chips
ALL_PRODUCTS = "fresh:list:all"  # the catalogue as a list: /catalogue/, home
SEARCH_INDEX = "fresh:search-index"  # which products a query can match
SELLERS = "fresh:sellers"  # seller cards and matches in search
PAGES = "fresh:pages"  # published Wagtail pages
KNOWN_KEYS = 20_000  # names remembered per process, per cached key
# Forms in cached HTML keep working: their CSRF tokens are stored as a
# placeholder and filled in for each visitor.
TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
PLACEHOLDER = b"__csrf_token__"

_recordings: contextvars.ContextVar[tuple] = contextvars.ContextVar(
    "fresh_recordings", default=()
)
_known: OrderedDict[str, tuple] = OrderedDict()


def product(pk) -> str:
    return f"fresh:product:{pk}"


def seller(pk) -> str:
    """A seller by its Partner's pk."""
    return f"fresh:seller:{pk}"


def category_list(pk) -> str:
    """The products listed under a category (its descendants' included)."""
    return f"fresh:list:category:{pk}"


def seller_list(pk) -> str:
    return f"fresh:list:seller:{pk}"


def batch(pk) -> str:
    """A batch as its trace page shows it (records, recall, named households)."""
    return f"fresh:batch:{pk}"


def _restart() -> int:
    """A new clock above every stamp handed out before (wall clock in µs)."""
    start = time.time_ns() // 1000
    if cache.add(CLOCK, start, None):
        cache.set(FLOOR, start, None)
    return cache.get(CLOCK) or start


def now() -> int:
    """The clock, read before a rendering reads the database."""
    _new_epoch_after_an_outage()
    found = cache.get_many([CLOCK, FLOOR])
    if CLOCK not in found or FLOOR not in found:
        if CLOCK in found:  # the floor alone was lost: start a new epoch here
            cache.set(FLOOR, found[CLOCK], None)
            return found[CLOCK]
        return _restart()
    return found[CLOCK]


def _tick() -> int | None:
    """The clock moved on, or None when the cache is away."""
    try:
        return cache.incr(CLOCK)
    except ValueError:
        _restart()
        try:
            return cache.incr(CLOCK)
        except ValueError:
            return None


# A change this process could not record because the cache was away (the
# fail-soft cache drops writes): entries stored before the outage may show
# it, so when the cache answers again they are all made stale.
_unrecorded = False


def _move(names: frozenset) -> None:
    global _unrecorded
    stamp = _tick()
    if stamp is None:
        _unrecorded = True
        return
    cache.set_many(dict.fromkeys(names, stamp), None)


def _new_epoch_after_an_outage() -> None:
    """Moves the floor above every entry once the cache is back, if a change
    was lost meanwhile: a page cached before the outage is never served with
    what changed during it (the whole cache restarts, as after a flush)."""
    global _unrecorded
    if _unrecorded:
        stamp = _tick()
        if stamp is not None:
            cache.set(FLOOR, stamp, None)
            _unrecorded = False


def touch(*names: str) -> None:
    """Mark what a change affects as changed: now, so reads later in the same
    transaction (and tests) see it, and again after commit, so a page rendered
    meanwhile from the rows being replaced is not kept either."""
    names = frozenset(names) | {EVERYTHING}
    _move(names)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(partial(_move, names))


@dataclass
class Recording:
    stamp: int
    names: set = field(default_factory=set)
    complete: bool = False


@contextmanager
def recording():
    """Collects the names a rendering depends on (nested recordings, such as a
    product card inside a page, pass theirs to the enclosing ones)."""
    current = Recording(stamp=now())
    token = _recordings.set(_recordings.get() + (current,))
    try:
        yield current
    finally:
        _recordings.reset(token)


def depends(*names: str, complete: bool = False) -> None:
    """The rendering in progress shows these things. `complete=True` says the
    view has named everything its page shows (its lists as well as its items),
    for every recording open around it (the page cache's, and a view's own
    for the parts it keeps); a page that never says so depends on every
    change."""
    for current in _recordings.get():
        current.names.update(names)
        current.complete = current.complete or complete


def fetch(keys: list[str]) -> dict:
    """The fresh values stored under `keys` (missing and stale ones left out);
    their names are passed on to the rendering in progress."""
    if not keys:
        return {}
    _new_epoch_after_an_outage()
    wanted = {n for key in keys for n in _known.get(key, ())}
    found = cache.get_many([*keys, FLOOR, *wanted])
    entries = {key: found[key] for key in keys if key in found}
    unknown = {n for _s, names, _v in entries.values() for n in names} - found.keys()
    if unknown:
        found.update(cache.get_many(list(unknown)))
    floor = found.get(FLOOR)
    fresh = {}
    for key, (stamp, names, value) in entries.items():
        _remember_names(key, names)
        if floor is None or stamp < floor:
            continue
        if all(found.get(n, floor) <= stamp for n in names):
            fresh[key] = value
            depends(*names)
    return fresh


def store(key: str, value, *, recorded: Recording, seconds: int) -> None:
    names = tuple(sorted(recorded.names))
    _remember_names(key, names)
    cache.set(key, (recorded.stamp, names, value), seconds)


def _remember_names(key: str, names: tuple) -> None:
    _known[key] = names
    _known.move_to_end(key)
    while len(_known) > KNOWN_KEYS:
        _known.popitem(last=False)


def cached(key: str, compute, *, seconds: int):
    """`compute()` once until something it depends on changes."""
    found = fetch([key])
    if key in found:
        return found[key]
    with recording() as recorded:
        value = compute()
    store(key, value, recorded=recorded, seconds=seconds)
    return value


def blank_token(content: bytes) -> bytes:
    return TOKEN.sub(rb"\g<1>" + PLACEHOLDER + rb"\g<2>", content)


def fill_token(request, content: bytes) -> bytes:
    if PLACEHOLDER in content:
        return content.replace(PLACEHOLDER, get_token(request).encode())
    return content
