"""Middleware for a fast public site: a health check, the page cache, and the staff marker.

Order in settings.MIDDLEWARE (see site/settings/base.py):

    HealthCheckMiddleware        /healthz/ for the front cache's probe: no database, no host check;
                                 warns once if requests come through an uncounted proxy
    SecurityMiddleware           the https redirect comes before anything cached
    WhiteNoiseMiddleware         static files never reach the page cache
    PageCacheMiddleware          answers anonymous GETs of public pages from the cache
    GZipMiddleware               so pages are stored compressed (per encoding)
    ...sessions, CSRF, auth...
    StaffMarkerMiddleware        sets or clears the staff marker cookie
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from caching import failures, generation, pagemap
from caching.routing import site_for_request
from referral_form.checks import warn_if_forwarded_unconfigured

logger = logging.getLogger(__name__)

STAFF_COOKIE = "marac_staff"


def has_staff_marker(request) -> bool:
    return STAFF_COOKIE in request.COOKIES


class HealthCheckMiddleware:
    """200 'ok' at /healthz/: the process answers (the front cache's probe asks every second)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        warn_if_forwarded_unconfigured(request)
        if request.path_info == "/healthz/":
            response = HttpResponse(b"ok", content_type="text/plain")
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


class PageCacheMiddleware:
    """The origin's page cache for public pages, shared by every node through the page cache.

    Public means: a GET answered 200, with no cookie set, no session read (so no `Vary: Cookie`),
    no Cache-Control of its own (the wizard, the self-check, search and the admin all send
    `private`/`no-store`), from a browser without the staff marker. Such a response gets
    `Cache-Control: public, max-age=BROWSER_CACHE_SECONDS, s-maxage=PAGE_CACHE_SECONDS` (so the
    front cache keeps it too) and is stored here per host, path, query and encoding, tagged with
    the publish generation: a publish anywhere retires every stored page on every node at once.

    A cache that cannot be reached is treated as empty: the page is rendered, never a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(settings.STATIC_URL):
            return self.get_response(request)
        try:
            request.get_host()
        except DisallowedHost:
            return self.get_response(request)  # Django answers 400
        seconds = settings.PAGE_CACHE_SECONDS
        key = None
        if seconds > 0 and request.method == "GET" and not has_staff_marker(request):
            key = self._key(request)
        current, stored = self._read(key)
        token = generation.begin_request(current)
        try:
            if stored is not None and stored[0] == current:
                return self._rebuild(*stored[1:])
            request._wagtail_site = site_for_request(request)
            response = self.get_response(request)
            if key is not None and self._is_public(request, response):
                patch_cache_control(response, public=True,
                                    max_age=settings.BROWSER_CACHE_SECONDS, s_maxage=seconds)
                self._store(key, current, response, seconds)
            return response
        finally:
            generation.end_request(token)

    @staticmethod
    def _read(key: str | None) -> tuple[int, tuple | None]:
        """(generation, stored page or None): one round trip when both share a cache."""
        if key is None:
            return generation.read(), None
        cache = pagemap.page_cache()
        try:
            if cache is generation.shared_cache():
                found = cache.get_many([generation.KEY, key])
                return int(found.get(generation.KEY) or 0), found.get(key)
            return generation.read(), cache.get(key)
        except Exception as error:  # noqa: BLE001 - treated as a miss
            failures.record("page_cache", error)
            return 0, None

    @staticmethod
    def _rebuild(status, headers, content):
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response

    @staticmethod
    def stored(request):
        """What the page cache holds for this GET (None when nothing current), for tests."""
        current, found = PageCacheMiddleware._read(PageCacheMiddleware._key(request))
        return found if found is not None and found[0] == current else None

    @staticmethod
    def _key(request) -> str:
        encoding = "gzip" if "gzip" in request.headers.get("Accept-Encoding", "") else "identity"
        raw = "\n".join((request.scheme, request._get_raw_host().lower(),
                         request.get_full_path(), encoding))
        return f"pages:page:{hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()}"

    @staticmethod
    def _is_public(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if response.has_header("Cache-Control"):
            return False
        vary = response.get("Vary", "").lower()
        if "cookie" in vary or "*" in vary:
            return False
        session = getattr(request, "session", None)
        return not (session is not None and session.accessed)

    @staticmethod
    def _store(key: str, current: int, response, seconds: int) -> None:
        headers = [(name, value) for name, value in response.items()
                   if name.lower() not in ("set-cookie", "date")]
        try:
            pagemap.page_cache().set(
                key, (current, response.status_code, headers, response.content),
                timeout=seconds)
        except Exception as error:  # noqa: BLE001
            failures.record("page_cache", error)


class StaffMarkerMiddleware:
    """Keep a `marac_staff` cookie on the browsers of signed-in staff, and only there.

    Public pages read the session (for Wagtail's user bar) only when this cookie is present, so
    an anonymous visitor, even one with a referral in progress, gets the same cached page as
    everyone else; the front cache and the page cache pass any request carrying it. The cookie
    grants nothing: someone who forges it only gets uncached pages and their own session read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or not hasattr(request, "user"):
            return response
        signed_in = request.user.is_authenticated
        if signed_in and not has_staff_marker(request):
            response.set_cookie(STAFF_COOKIE, "1", max_age=settings.SESSION_COOKIE_AGE,
                                secure=settings.SESSION_COOKIE_SECURE, httponly=True,
                                samesite="Lax")
        elif not signed_in and has_staff_marker(request):
            response.delete_cookie(STAFF_COOKIE, samesite="Lax")
        return response
