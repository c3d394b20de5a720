"""Re-encrypt unfinished referrals (the wizard's drafts in sessions) under the newest key.

Drafts live in the sessions: in the database, in Redis (caching.sessions or Django's cache
sessions), or both (the database stands in while Redis is down). Each draft is one encrypted
blob under ``wizard.SESSION_KEY``; only that blob is rewritten. A draft no key can read is left
alone (the wizard treats it as expired). Counts only are reported, never values.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.backends.cache import KEY_PREFIX
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone

from referral_form import crypto
from referral_form.wizard import SESSION_KEY

CACHE_SESSION_ENGINES = ("caching.sessions", "django.contrib.sessions.backends.cache",
                         "django.contrib.sessions.backends.cached_db")


@dataclass
class DraftCounts:
    rotated: int = 0
    unreadable: int = 0


def _rotated(data: dict, counts: DraftCounts) -> bool:
    blob = data.get(SESSION_KEY) if isinstance(data, dict) else None
    if not crypto.is_encrypted(blob):
        return False
    try:
        data[SESSION_KEY] = crypto.rotate_token(blob)
    except crypto.DecryptionError:
        counts.unreadable += 1
        return False
    counts.rotated += 1
    return True


def rotate_database_drafts(counts: DraftCounts) -> None:
    store = DatabaseStore()
    sessions = Session.objects.filter(expire_date__gt=timezone.now()).order_by("pk")
    for session in sessions.iterator(chunk_size=500):
        data = store.decode(session.session_data)
        if _rotated(data, counts):
            Session.objects.filter(pk=session.pk).update(session_data=store.encode(data))


def rotate_redis_drafts(counts: DraftCounts) -> None:
    if settings.SESSION_ENGINE not in CACHE_SESSION_ENGINES:
        return
    cache = caches[settings.SESSION_CACHE_ALIAS]
    if not isinstance(cache, RedisCache):
        return  # a per-process cache cannot be reached from here (development only)
    client = cache._cache.get_client(write=True)
    serializer = cache._cache._serializer
    for raw_key in client.scan_iter(match=cache.make_key(KEY_PREFIX + "*"), count=500):
        stored = client.get(raw_key)
        if stored is None:
            continue
        data = serializer.loads(stored)
        if _rotated(data, counts):
            # keepttl: the session keeps its expiry; xx: never recreate one deleted meanwhile.
            client.set(raw_key, serializer.dumps(data), keepttl=True, xx=True)


def rotate_drafts() -> DraftCounts:
    counts = DraftCounts()
    rotate_database_drafts(counts)
    rotate_redis_drafts(counts)
    return counts
