"""Failures of the shared cache (Redis) that the site survives: each is logged and counted.

The page cache, the publish generation, cached settings, the rate limiter and the sessions all
call :func:`record` when the cache cannot be reached, then carry on without it (fail open). The
counts are per process (:func:`counts`); each log line carries the running count, so a log
search shows how often and since when. Log lines name the part and the error's type, never a
key or a value (keys can be derived from addresses).
"""

from __future__ import annotations

import logging
import threading
from collections import Counter

logger = logging.getLogger("marac.cache_failures")

_lock = threading.Lock()
_counts: Counter[str] = Counter()


def record(part: str, error: BaseException, *, level: int = logging.WARNING) -> None:
    """Count one failure of ``part`` (for example 'page_cache') and log it without details."""
    with _lock:
        _counts[part] += 1
        total = _counts[part]
    logger.log(level, "Shared cache unavailable for %s (%s); carrying on without it "
               "(%d so far in this process).", part, type(error).__name__, total)


def counts() -> dict[str, int]:
    with _lock:
        return dict(_counts)


def reset() -> None:
    with _lock:
        _counts.clear()
