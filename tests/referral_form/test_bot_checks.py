"""reCAPTCHA verification seam and honeypot (referral_form.bot_checks).

Google is never called: the HTTP call (django_recaptcha.client.submit) is mocked, and every test
runs with socket connections blocked, so an accidental real call fails the test.
"""

import logging
import socket
import urllib.error
from unittest import mock

import pytest
from django import forms
from django.test import override_settings
from django_recaptcha.client import RecaptchaResponse

from referral_form import bot_checks
from referral_form.bot_checks import Verdict, honeypot_tripped, verify_recaptcha

TOKEN = "03AFcWeA-test-token-value"


@pytest.fixture(autouse=True)
def network_guard(monkeypatch):
    """Refuse and record every outgoing connection attempt."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args[0] if args else kwargs.get("address"))
        raise OSError("network access is blocked in tests")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: refuse(address))
    yield attempts


@pytest.fixture
def no_network(network_guard):
    yield
    assert network_guard == [], "a test tried to open a network connection"


def google_answer(*, valid=True, action="referral", score=0.9, error_codes=None):
    extra = {} if score is None else {"score": score}
    return RecaptchaResponse(
        is_valid=valid, action=action, extra_data=extra, error_codes=error_codes
    )


@pytest.fixture
def submit(no_network):
    with mock.patch("django_recaptcha.client.submit") as patched:
        yield patched


def test_a_good_token_passes(submit, settings):
    submit.return_value = google_answer(score=0.9)

    result = verify_recaptcha(TOKEN, remote_ip="203.0.113.5")

    assert result.verdict == Verdict.PASSED
    assert result.verified
    assert result.score == 0.9
    submit.assert_called_once_with(
        recaptcha_response=TOKEN,
        private_key=settings.RECAPTCHA_PRIVATE_KEY,
        remoteip="203.0.113.5",
    )


def test_patching_through_django_recaptcha_fields_works_too(no_network):
    # STACK-NOTES patches the name the library's own field uses; it is the same module.
    with mock.patch("django_recaptcha.fields.client.submit") as patched:
        patched.return_value = google_answer()
        assert verify_recaptcha(TOKEN).verdict == Verdict.PASSED
        patched.assert_called_once()


def test_a_score_below_the_threshold_is_low_score(submit):
    submit.return_value = google_answer(score=0.3)

    result = verify_recaptcha(TOKEN)

    assert result.verdict == Verdict.LOW_SCORE
    assert not result.verified
    assert result.score == 0.3


@override_settings(RECAPTCHA_REQUIRED_SCORE=0.7)
def test_the_threshold_comes_from_settings_and_is_inclusive(submit):
    submit.return_value = google_answer(score=0.7)
    assert verify_recaptcha(TOKEN).verdict == Verdict.PASSED
    submit.return_value = google_answer(score=0.6)
    assert verify_recaptcha(TOKEN).verdict == Verdict.LOW_SCORE


@pytest.mark.parametrize("token", [None, "", "   "])
def test_no_token_means_no_call(submit, token):
    result = verify_recaptcha(token)

    assert result.verdict == Verdict.NO_TOKEN
    assert not result.verified
    submit.assert_not_called()


@pytest.mark.parametrize(
    "error",
    [
        urllib.error.URLError("no route to host"),
        TimeoutError("timed out"),  # socket.timeout is this class since Python 3.10
        urllib.error.HTTPError("https://www.google.com", 503, "Unavailable", {}, None),
        ConnectionResetError(),
        OSError("network is unreachable"),
        ValueError("Expecting value: line 1 column 1"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_an_unreachable_service_never_raises(submit, caplog, error):
    submit.side_effect = error

    with caplog.at_level(logging.WARNING, logger="referral_form.bot_checks"):
        result = verify_recaptcha(TOKEN, remote_ip="203.0.113.5")

    assert result.verdict == Verdict.UNREACHABLE
    assert not result.verified
    assert caplog.records, "the failure should be logged"
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert TOKEN not in logged and "203.0.113.5" not in logged


def test_the_real_client_with_no_network_gives_unreachable(network_guard, caplog):
    # No mock here: django-recaptcha's own client runs, and the blocked socket stands in for a
    # machine with no internet. The attempt is refused before anything leaves the process.
    with caplog.at_level(logging.WARNING, logger="referral_form.bot_checks"):
        result = verify_recaptcha(TOKEN)

    assert result.verdict == Verdict.UNREACHABLE
    assert network_guard, "the client should have tried (and been refused) a connection"
    assert TOKEN not in caplog.text


@pytest.mark.parametrize("codes", [["invalid-input-response"], ["timeout-or-duplicate"], []])
def test_a_rejected_token_is_invalid(submit, codes):
    submit.return_value = google_answer(valid=False, score=None, error_codes=codes)

    result = verify_recaptcha(TOKEN)

    assert result.verdict == Verdict.INVALID
    assert not result.verified


@pytest.mark.parametrize("codes", [["invalid-input-secret"], ["missing-input-secret"]])
def test_our_own_bad_keys_are_not_blamed_on_the_visitor(submit, codes):
    submit.return_value = google_answer(valid=False, score=None, error_codes=codes)

    assert verify_recaptcha(TOKEN).verdict == Verdict.UNREACHABLE


@pytest.mark.parametrize("action", ["login", None, ""])
def test_a_token_for_another_action_is_invalid(submit, action):
    submit.return_value = google_answer(action=action, score=0.9)

    assert verify_recaptcha(TOKEN).verdict == Verdict.INVALID


def test_the_expected_action_can_be_chosen(submit):
    submit.return_value = google_answer(action="self_check", score=0.9)

    assert verify_recaptcha(TOKEN, action="self_check").verdict == Verdict.PASSED
    assert verify_recaptcha(TOKEN).verdict == Verdict.INVALID


@pytest.mark.parametrize("score", [None, "0.9", True])
def test_an_answer_without_a_usable_score_is_invalid(submit, score):
    submit.return_value = google_answer(score=score)

    assert verify_recaptcha(TOKEN).verdict == Verdict.INVALID


def test_an_unreadable_answer_never_raises(submit):
    submit.return_value = object()

    assert verify_recaptcha(TOKEN).verdict == Verdict.UNREACHABLE


def test_an_absurdly_long_token_is_not_sent(submit):
    assert verify_recaptcha("x" * 20_000).verdict == Verdict.INVALID
    submit.assert_not_called()


@override_settings(RECAPTCHA_VERIFIER="offline")
@pytest.mark.parametrize("token", [TOKEN, "", None])
def test_offline_mode_passes_everything_without_a_call(submit, token):
    result = verify_recaptcha(token)

    assert result.verdict == Verdict.PASSED
    assert result.score == 1.0
    submit.assert_not_called()


@override_settings(RECAPTCHA_VERIFIER="gogle")
def test_an_unknown_verifier_setting_is_unverified_not_an_error(submit):
    assert verify_recaptcha(TOKEN).verdict == Verdict.UNREACHABLE
    submit.assert_not_called()


@pytest.mark.parametrize(
    ("value", "tripped"),
    [(None, False), ("", False), ("   ", False), ("x", True), ("http://spam.example", True)],
)
def test_honeypot(value, tripped):
    assert honeypot_tripped(value) is tripped


# --------------------------------------------------------------------------- form field and widget

class SubmitForm(forms.Form):
    captcha = bot_checks.recaptcha_widget_field()


def test_the_field_never_fails_and_never_calls_out(submit):
    empty = SubmitForm(data={})
    assert empty.is_valid()
    assert empty.cleaned_data["captcha"] == ""

    with_token = SubmitForm(data={"captcha": TOKEN})
    assert with_token.is_valid()
    assert with_token.cleaned_data["captcha"] == TOKEN
    submit.assert_not_called()


@override_settings(RECAPTCHA_VERIFIER="offline", RECAPTCHA_LOAD_SCRIPT=True)
def test_offline_mode_renders_nothing(no_network):
    html = str(SubmitForm()["captcha"])
    assert html == ""


@override_settings(RECAPTCHA_VERIFIER="google", RECAPTCHA_LOAD_SCRIPT=False)
def test_without_the_script_only_a_hidden_input_is_rendered(no_network):
    html = str(SubmitForm()["captcha"])

    assert '<input type="hidden" name="captcha"' in html
    assert "<script" not in html
    assert "google" not in html
    assert SubmitForm()["captcha"].is_hidden


@override_settings(
    RECAPTCHA_VERIFIER="google", RECAPTCHA_LOAD_SCRIPT=True, RECAPTCHA_PUBLIC_KEY="site-key-123"
)
def test_with_the_script_the_v3_widget_is_rendered(no_network):
    html = str(SubmitForm(data={"captcha": "stale"})["captcha"])

    assert "recaptcha/api.js?render=site-key-123" in html
    assert "action: 'referral'" in html
    assert 'name="captcha"' in html
    # A token from an earlier post is never echoed back into the page.
    assert "stale" not in html
