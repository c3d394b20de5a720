"""Behind proxies that are not counted, the operator is warned (check --deploy and the log)."""

import pytest
from django.core import checks
from django.test import override_settings

from referral_form import checks as proxy_checks
from tests.test_settings import production_env, run


def test_check_deploy_warns_when_behind_a_proxy_that_is_not_counted(tmp_path):
    env = {**production_env(tmp_path), "TRUSTED_PROXY_COUNT": "0"}
    result = run(["manage.py", "check", "--deploy", "--settings=marac_site.settings.production"],
                 env)
    assert "marac.W001" in result.stdout + result.stderr
    assert "TRUSTED_PROXY_COUNT is 0" in result.stdout + result.stderr


def test_the_check_is_quiet_once_the_proxies_are_counted():
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
                           TRUSTED_PROXY_COUNT=1):
        assert proxy_checks.trusted_proxies_counted(None) == []
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
                           TRUSTED_PROXY_COUNT=0):
        assert [w.id for w in proxy_checks.trusted_proxies_counted(None)] == ["marac.W001"]
    assert proxy_checks.trusted_proxies_counted in checks.registry.registry.get_checks(
        include_deployment_checks=True)


@pytest.fixture
def fresh_warning():
    proxy_checks.reset_warning()
    yield
    proxy_checks.reset_warning()


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_a_forwarded_request_is_warned_about_once(client, fresh_warning, caplog, db):
    caplog.set_level("WARNING", logger="marac.proxies")
    client.get("/healthz/")
    assert caplog.records == []
    client.get("/healthz/", HTTP_X_FORWARDED_FOR="203.0.113.9")
    client.get("/healthz/", HTTP_X_FORWARDED_FOR="203.0.113.10")
    warnings = [r for r in caplog.records if "TRUSTED_PROXY_COUNT is 0" in r.getMessage()]
    assert len(warnings) == 1
    assert "203.0.113" not in caplog.text  # addresses are never logged


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_no_warning_when_the_proxy_is_counted(client, fresh_warning, caplog, db):
    caplog.set_level("WARNING", logger="marac.proxies")
    client.get("/healthz/", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert caplog.records == []
