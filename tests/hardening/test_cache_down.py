"""Redis unreachable (a closed port) or going away: every public page, the referral form and
the rate limit carry on without it, each failure logged and counted (caching.failures)."""

import socket

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from caching import failures, pagemap
from referral_form.models import Referral
from tests.referral_form.wizard_helpers import step_path, walk_to


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the socket is


def redis_caches(url: str) -> dict:
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    return {
        "default": {"BACKEND": "caching.backends.FailOpenRedisCache", "LOCATION": url,
                    "KEY_PREFIX": "marac-test-down", "OPTIONS": options},
        "sessions": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                     "KEY_PREFIX": "marac-test-down", "OPTIONS": options},
    }


@pytest.fixture
def redis_down(db):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    with override_settings(CACHES=redis_caches(url), PAGE_CACHE_ALIAS="default",
                           SESSION_ENGINE="caching.sessions", SESSION_CACHE_ALIAS="sessions",
                           PAGE_CACHE_SECONDS=300):
        pagemap.forget()
        failures.reset()
        yield
        pagemap.forget()
    failures.reset()


def test_public_pages_answer_with_the_cache_unreachable(redis_down, client, home_page):
    assert client.get("/").status_code == 200
    assert client.get("/search/?query=marac").status_code == 200
    assert client.get(reverse("referral_form:check_criteria")).status_code == 200
    counted = failures.counts()
    assert counted.get("shared_cache", 0) >= 3, counted


def test_a_referral_is_made_and_kept_with_the_cache_unreachable(redis_down, client, site,
                                                               caplog):
    caplog.set_level("WARNING", logger="marac.cache_failures")
    page = walk_to(client, "declaration")
    assert page.status_code == 200
    # The draft lived in the database meanwhile: a session row exists and carries it.
    assert Session.objects.exists()
    confirmation = walk_to(client, "confirmation")
    assert confirmation.status_code == 200
    assert Referral.objects.filter(status=Referral.Status.SUBMITTED).count() == 1
    counted = failures.counts()
    assert counted.get("sessions", 0) >= 1 and counted.get("rate_limit", 0) == 1, counted
    assert "Shared cache unavailable for rate_limit (ConnectionError)" in caplog.text


@pytest.mark.skipif(socket.socket().connect_ex(("127.0.0.1", 6379)) != 0,
                    reason="needs a Redis on 127.0.0.1:6379")
def test_a_draft_started_while_redis_was_down_survives_its_return(db, client, site):
    """Started during the outage (in the database), carried on once Redis answers again."""
    url = f"redis://127.0.0.1:{closed_port()}/0"
    with override_settings(CACHES=redis_caches(url), SESSION_ENGINE="caching.sessions",
                           SESSION_CACHE_ALIAS="sessions", PAGE_CACHE_ALIAS="default"):
        walk_to(client, "person-at-risk")
    with override_settings(CACHES=redis_caches("redis://127.0.0.1:6379/6"),
                           SESSION_ENGINE="caching.sessions", SESSION_CACHE_ALIAS="sessions",
                           PAGE_CACHE_ALIAS="default"):
        caches["sessions"].clear()
        page = client.get(step_path("person-at-risk"))
        assert page.status_code == 200  # not sent back to the start
        assert "Support worker" not in page.content.decode()  # another step's answer
        back = client.get(step_path("about-you"))
        assert "Support worker" in back.content.decode()
        caches["sessions"].clear()
