"""Checks that the site knows which proxies stand in front of it.

Behind proxies, every request arrives from the proxy's address; the rate limit then counts every
referrer as one (and files real referrals as suspected spam) unless TRUSTED_PROXY_COUNT says how
many proxies of our own append to X-Forwarded-For. Two warnings:

* ``check --deploy`` (marac.W001): the production settings trust X-Forwarded-Proto from a proxy
  (SECURE_PROXY_SSL_HEADER) while TRUSTED_PROXY_COUNT is 0;
* at run time, once per process: a request carries X-Forwarded-For while TRUSTED_PROXY_COUNT is 0
  (see :func:`warn_if_forwarded_unconfigured`, called by the first middleware).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import checks

logger = logging.getLogger("marac.proxies")

_warned = False


@checks.register(checks.Tags.security, deploy=True)
def trusted_proxies_counted(app_configs, **kwargs):
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.TRUSTED_PROXY_COUNT:
        return [checks.Warning(
            "TRUSTED_PROXY_COUNT is 0 but the site runs behind a proxy (SECURE_PROXY_SSL_HEADER "
            "is set): every referrer will seem to come from the proxy's address and share one "
            "rate limit.",
            hint="Set TRUSTED_PROXY_COUNT to the number of proxies of your own that append to "
                 "X-Forwarded-For (for example 2 for a TLS proxy in front of Varnish).",
            id="marac.W001",
        )]
    return []


def warn_if_forwarded_unconfigured(request) -> None:
    """Log once per process when a request came through a proxy that is not counted."""
    global _warned
    if _warned or settings.TRUSTED_PROXY_COUNT or "HTTP_X_FORWARDED_FOR" not in request.META:
        return
    _warned = True
    logger.warning("Requests carry X-Forwarded-For but TRUSTED_PROXY_COUNT is 0: every referrer "
                   "is counted as the proxy's address by the rate limit. Set TRUSTED_PROXY_COUNT "
                   "to the number of your own proxies (README, 'Running in production').")


def reset_warning() -> None:
    global _warned
    _warned = False
