"""Per-address submission limit (referral_form.rate_limit)."""

import logging
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory, override_settings

from referral_form import rate_limit
from referral_form.rate_limit import address_key, client_address, register_submission

HOUR = 3600
START = 1_800_000_000.0  # a fixed moment, 2027-01-15; only its hour bucket matters


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    now = {"t": START - (START % HOUR)}  # the start of an hour window
    monkeypatch.setattr(rate_limit, "_now", lambda: now["t"])
    return now


def request_from(address="203.0.113.5", forwarded=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/referral/submit/", **extra)


# --------------------------------------------------------------------------- client address

def test_remote_addr_is_used_and_forwarded_for_ignored_by_default():
    request = request_from("198.51.100.7", forwarded="1.2.3.4")
    assert client_address(request) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_one_trusted_proxy_means_the_rightmost_forwarded_entry():
    request = request_from("10.0.0.2", forwarded="6.6.6.6, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_two_trusted_proxies_skip_the_last_hop():
    request = request_from("10.0.0.2", forwarded="6.6.6.6,203.0.113.9, 10.0.0.1")
    assert client_address(request) == "203.0.113.9"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_a_short_forwarded_header_falls_back_to_remote_addr():
    request = request_from("10.0.0.2", forwarded="203.0.113.9")
    assert client_address(request) == "10.0.0.2"


def test_a_missing_address_is_unknown():
    request = RequestFactory().post("/")
    request.META.pop("REMOTE_ADDR", None)
    assert client_address(request) == "unknown"


# --------------------------------------------------------------------------- address key

def test_address_key_is_a_keyed_hash_not_the_address():
    key = address_key("203.0.113.5")
    assert len(key) == 64
    assert "203" not in key
    assert key == address_key(" 203.0.113.5 ")
    assert key != address_key("203.0.113.6")
    with override_settings(LOOKUP_HASH_KEY="another-key"):
        assert address_key("203.0.113.5") != key


def test_ipv6_addresses_count_per_64_network():
    assert address_key("2001:db8:1:2::1") == address_key("2001:db8:1:2:ffff::9")
    assert address_key("2001:db8:1:2::1") != address_key("2001:db8:1:3::1")
    assert address_key("::ffff:203.0.113.5") == address_key("203.0.113.5")


# --------------------------------------------------------------------------- counting

def test_within_then_over_the_limit(clock):
    request = request_from()
    results = [register_submission(request, limit=3) for _ in range(5)]
    assert results == [True, True, True, False, False]


@override_settings(REFERRAL_RATE_LIMIT_PER_HOUR=2)
def test_the_default_limit_comes_from_settings(clock):
    request = request_from()
    assert [register_submission(request) for _ in range(3)] == [True, True, False]


def test_addresses_are_counted_separately(clock):
    first, second = request_from("203.0.113.5"), request_from("198.51.100.7")
    assert register_submission(first, limit=1)
    assert not register_submission(first, limit=1)
    assert register_submission(second, limit=1)


def test_a_new_window_starts_a_new_count(clock):
    request = request_from()
    assert register_submission(request, limit=1)
    clock["t"] += HOUR - 1  # still the same window
    assert not register_submission(request, limit=1)
    clock["t"] += 1  # the next window
    assert register_submission(request, limit=1)
    assert not register_submission(request, limit=1)


def test_a_shorter_window_can_be_asked_for(clock):
    request = request_from()
    assert register_submission(request, limit=1, window_seconds=60)
    assert not register_submission(request, limit=1, window_seconds=60)
    clock["t"] += 60
    assert register_submission(request, limit=1, window_seconds=60)


def test_a_limit_of_zero_switches_the_check_off(clock):
    request = request_from()
    assert all(register_submission(request, limit=0) for _ in range(5))


def test_the_cache_never_sees_the_raw_address(clock):
    with mock.patch.object(cache, "add", wraps=cache.add) as add:
        register_submission(request_from("203.0.113.5"), limit=3)
    key = add.call_args.args[0]
    assert "203.0.113.5" not in key
    assert address_key("203.0.113.5") in key


def test_a_key_that_expires_between_add_and_incr_counts_as_new(clock):
    fake = mock.Mock()
    fake.add.side_effect = [False, True]
    fake.incr.side_effect = ValueError("Key not found")
    with mock.patch.object(rate_limit, "_shared_cache", return_value=fake):
        assert register_submission(request_from(), limit=1)


@pytest.mark.parametrize("broken", ["add", "incr"])
def test_a_failing_cache_allows_the_submission(clock, caplog, broken):
    fake = mock.Mock()
    fake.add.return_value = False
    getattr(fake, broken).side_effect = ConnectionError("cache down")
    with mock.patch.object(rate_limit, "_shared_cache", return_value=fake):
        with caplog.at_level(logging.WARNING, logger="referral_form.rate_limit"):
            assert register_submission(request_from("203.0.113.5"), limit=1)
    assert "203.0.113.5" not in caplog.text
    assert "cache unavailable" in caplog.text


DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "test_rate_limit_cache",
    }
}


@override_settings(CACHES=DATABASE_CACHE)
def test_the_shared_database_cache_counts(db, clock):
    call_command("createcachetable", verbosity=0)
    request = request_from()
    assert [register_submission(request, limit=2) for _ in range(3)] == [True, True, False]


@override_settings(
    CACHES={"default": {**DATABASE_CACHE["default"], "LOCATION": "no_such_cache_table"}}
)
def test_a_missing_cache_table_allows_and_leaves_the_transaction_usable(db, clock):
    with transaction.atomic():  # the caller's transaction, as in the wizard's submit
        assert register_submission(request_from(), limit=1)
        # On PostgreSQL a failed statement aborts the surrounding transaction; the savepoint
        # around the cache calls keeps the caller's later writes and reads working.
        get_user_model().objects.create_user("after-the-cache-failure")
        assert get_user_model().objects.filter(username="after-the-cache-failure").exists()
