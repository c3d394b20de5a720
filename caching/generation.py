"""The publish generation: one counter in the shared cache, bumped whenever anything a public
page shows changes (a page published, moved or deleted, a privacy setting, a site, the area
settings, a meeting). Every cached page, fragment and page map carries the generation it was
made under, so one bump retires them all on every node at once.

The counter lives in the `default` cache, which is shared by all processes (Redis, or the
database cache when REDIS_URL is unset): a per-process cache could not tell the other nodes.
"""

from __future__ import annotations

import contextvars
import logging

from django.core.cache import caches

from caching import failures

logger = logging.getLogger(__name__)

KEY = "pages:generation"
# The generation this request started with, set by the page cache middleware, so that the
# fragments, the page map and rich text links of one response agree (and it is read once).
_current: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "page_generation", default=None)


def shared_cache():
    return caches["default"]


def read() -> int:
    """The current generation, from the shared cache (0 when unset or unreachable)."""
    try:
        value = shared_cache().get(KEY)
    except Exception as error:  # noqa: BLE001 - an unreachable cache means 'no cache', not 500
        failures.record("page_generation", error)
        return 0
    return int(value or 0)


def current() -> int:
    """The generation for this request (read once), or a fresh read outside a request."""
    value = _current.get()
    return read() if value is None else value


def begin_request(value: int | None = None) -> contextvars.Token:
    return _current.set(read() if value is None else value)


def end_request(token: contextvars.Token) -> None:
    _current.reset(token)


def bump() -> None:
    """Retire every cached page, fragment and page map, on every node."""
    cache = shared_cache()
    try:
        if cache.add(KEY, 1, timeout=None):
            return
        cache.incr(KEY)
    except ValueError:  # expired between add() and incr()
        cache.add(KEY, 1, timeout=None)
    except Exception as error:  # noqa: BLE001
        failures.record("page_generation_bump", error, level=logging.ERROR)
        logger.error("Page generation not bumped (%s): cached pages may be stale until "
                     "they expire", type(error).__name__)
    _current.set(None)
