"""The shared cache (Redis) for everything that may simply do without it.

Reads answer 'not found' and writes are dropped while Redis cannot be reached, each failure
counted and logged (caching.failures), so Wagtail's own uses of the default cache (site root
paths, for example) and ours never turn an outage into a 500. ``add`` and ``incr`` still raise:
their callers (the rate limiter, the publish generation) decide what failing open means.
Sessions use the plain backend: caching.sessions needs to know when Redis failed.
"""

from __future__ import annotations

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from caching import failures

CACHE_ERRORS = (redis.RedisError, OSError)


class FailOpenRedisCache(RedisCache):
    def _failed(self, error: BaseException) -> None:
        failures.record("shared_cache", error)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except CACHE_ERRORS as error:
            self._failed(error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except CACHE_ERRORS as error:
            self._failed(error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except CACHE_ERRORS as error:
            self._failed(error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except CACHE_ERRORS as error:
            self._failed(error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except CACHE_ERRORS as error:
            self._failed(error)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except CACHE_ERRORS as error:
            self._failed(error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except CACHE_ERRORS as error:
            self._failed(error)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except CACHE_ERRORS as error:
            self._failed(error)
