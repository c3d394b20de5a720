"""Test settings: fast hashing, local memory cache, immediate tasks, never any network."""

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
PAGE_CACHE_ALIAS = "pages"
SESSION_ENGINE = "django.contrib.sessions.backends.db"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
RECAPTCHA_VERIFIER = "google"  # the HTTP call itself is mocked in tests, never made
RECAPTCHA_LOAD_SCRIPT = False  # browsers in tests never fetch Google's script
WAGTAILADMIN_BASE_URL = "http://testserver"
