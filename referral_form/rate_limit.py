"""A per-address limit on referral submissions, kept in the shared cache.

Addresses are never stored: the cache key holds a keyed hash of the address
(``crypto.lookup_hash``). Counting uses ``cache.add`` then ``cache.incr`` in fixed windows (one
cache key per address per window), so several processes sharing one cache count together.

Being over the limit never loses a referral: the caller stores it on the 'suspected spam' list.
A cache that fails is treated as "within the limit", for the same reason.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import router, transaction

from caching import failures

from .crypto import lookup_hash

logger = logging.getLogger(__name__)

UNKNOWN_ADDRESS = "unknown"
CACHE_KEY_PREFIX = "referral-rate"


def _now() -> float:
    return time.time()


def _shared_cache():
    return caches["default"]


def client_address(request) -> str:
    """The address the request came from.

    ``REMOTE_ADDR`` unless ``settings.TRUSTED_PROXY_COUNT`` is above zero. Then the request came
    through that many proxies of our own, each appending the address it saw to
    ``X-Forwarded-For``, so the client is the entry that many places from the right; entries
    further left were written by the client and are ignored. A header shorter than expected falls
    back to ``REMOTE_ADDR``.
    """
    remote = (request.META.get("REMOTE_ADDR") or "").strip()
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted > 0:
        header = request.META.get("HTTP_X_FORWARDED_FOR") or ""
        entries = [entry.strip() for entry in header.split(",") if entry.strip()]
        if len(entries) >= trusted:
            return entries[-trusted]
    return remote or UNKNOWN_ADDRESS


def _address_for_limit(address: str) -> str:
    text = (address or "").strip()
    try:
        parsed = ipaddress.ip_address(text)
    except ValueError:
        return text or UNKNOWN_ADDRESS
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        # One household or device gets a whole /64, so count the network, not the address.
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return str(parsed)


def address_key(address: str) -> str:
    """A keyed hash standing for an address (an IPv6 address stands for its /64 network)."""
    return lookup_hash("address", _address_for_limit(address))


def _window_key(address: str, window_seconds: int) -> str:
    bucket = int(_now() // window_seconds)
    return f"{CACHE_KEY_PREFIX}:{window_seconds}:{bucket}:{address_key(address)}"


def register_submission(request, *, limit: int | None = None, window_seconds: int = 3600) -> bool:
    """Count one submission from this request's address.

    Returns True while the address is within ``limit`` submissions in the current window
    (default ``settings.REFERRAL_RATE_LIMIT_PER_HOUR``), False once it is over. A limit of zero or
    less switches the check off. Never raises: if the cache cannot be used, returns True.
    """
    if limit is None:
        limit = int(getattr(settings, "REFERRAL_RATE_LIMIT_PER_HOUR", 10))
    if limit <= 0:
        return True
    if window_seconds <= 0:
        raise ValueError("window_seconds must be positive.")
    try:
        key = _window_key(client_address(request), window_seconds)
        backend = _shared_cache()
        with _savepoint_for(backend):
            count = _increment(backend, key, timeout=window_seconds + 60)
    except Exception as exc:  # noqa: BLE001 - a broken cache must never block a referral
        failures.record("rate_limit", exc)
        return True
    return count <= limit


def _savepoint_for(backend):
    # The database cache runs SQL: a savepoint keeps a failure from spoiling the caller's
    # transaction (on PostgreSQL a failed statement aborts the whole transaction).
    if isinstance(backend, DatabaseCache):
        return transaction.atomic(using=router.db_for_write(backend.cache_model_class))
    return contextlib.nullcontext()


def _increment(cache, key: str, *, timeout: int) -> int:
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:
        # The key expired between add() and incr(): this is the first count of a new entry.
        if cache.add(key, 1, timeout=timeout):
            return 1
        return int(cache.incr(key))


def register_spam_row(request, *, limit: int | None = None) -> bool:
    """Count one suspected-spam submission from this request's address today.

    True while the address is within ``limit`` stored suspected-spam rows today (default
    ``settings.SPAM_ROWS_PER_ADDRESS_PER_DAY``; zero or less switches the cap off). Never
    raises: if the cache cannot be used the row is stored (True), so nothing real is dropped.
    """
    if limit is None:
        limit = int(getattr(settings, "SPAM_ROWS_PER_ADDRESS_PER_DAY", 20))
    if limit <= 0:
        return True
    day = 24 * 60 * 60
    try:
        key = "spam-rows:" + _window_key(client_address(request), day)
        backend = _shared_cache()
        with _savepoint_for(backend):
            count = _increment(backend, key, timeout=day + 60)
    except Exception as exc:  # noqa: BLE001 - a broken cache must never drop a referral
        failures.record("spam_cap", exc)
        return True
    return count <= limit
