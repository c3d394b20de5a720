"""Sessions in Redis, with the database standing in while Redis cannot be reached.

Normally a session lives in the ``sessions`` cache (Redis) alone, so a wizard step costs no
database write. When Redis fails, the session is written to the database instead (Django's
database session store), so the referral form keeps working, and every fall-back is counted
(caching.failures). A session that lives in the database stays there: a read that finds
nothing in Redis looks in the database before starting afresh, so a referrer who started
during an outage keeps their draft when Redis returns. A draft held in Redis when it goes away
is out of reach until it comes back: the wizard starts again, as after an idle timeout.
"""

from __future__ import annotations

import redis
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.cache import SessionStore as CacheStore
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

from caching import failures

# Errors from the cache client (refused, timed out, reset), never our own bugs.
CACHE_ERRORS = (redis.RedisError, OSError)


class SessionStore(CacheStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._in_database = False

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except CACHE_ERRORS as error:
            failures.record("sessions", error)
            data = None
        if data is not None:
            return data
        stored = DatabaseStore(self.session_key)
        data = stored.load()
        if stored.session_key is None:  # in neither store: a new session
            self._session_key = None
            return {}
        self._in_database = True
        return data

    def save(self, must_create=False):
        if not self._in_database:
            try:
                return super().save(must_create=must_create)
            except CACHE_ERRORS as error:
                failures.record("sessions", error)
                self._in_database = True
        self._save_in_database(must_create)

    def _save_in_database(self, must_create: bool) -> None:
        stored = DatabaseStore(self.session_key)
        stored._session_cache = self._get_session(no_load=must_create)
        if self.session_key is None:
            stored.create()
            self._session_key = stored.session_key
            self.modified = True
            return
        try:
            stored.save(must_create=must_create)
        except UpdateError:  # it was in Redis until now: this is its first database copy
            stored.save(must_create=True)

    def exists(self, session_key):
        try:
            if super().exists(session_key):
                return True
        except CACHE_ERRORS as error:
            failures.record("sessions", error)
        return DatabaseStore().exists(session_key)

    def delete(self, session_key=None):
        key = session_key or self.session_key
        try:
            super().delete(session_key)
        except CACHE_ERRORS as error:
            failures.record("sessions", error)
        if key:
            DatabaseStore(key).delete(key)

    @classmethod
    def clear_expired(cls):
        DatabaseStore.clear_expired()
