"""Bot checks for the referral submit step: reCAPTCHA v3 verification and the honeypot.

This module is the one seam between the site and Google's reCAPTCHA service. Its answers are
evidence for the coordinators, never a reason to lose a referral: whatever ``verify_recaptcha``
says, the caller stores the referral (flagging it 'unverified' unless the verdict is PASSED).

``settings.RECAPTCHA_VERIFIER`` picks how tokens are checked:

* ``"google"`` (production, and tests with the HTTP call mocked): the token is sent to Google with
  ``django_recaptcha.client.submit``; that call honours ``RECAPTCHA_VERIFY_REQUEST_TIMEOUT``.
  An empty token (JavaScript off or blocked) gives NO_TOKEN without any call.
* ``"offline"`` (development): nothing leaves the machine and every call, with or without a token,
  is PASSED with score 1.0, because the check has been switched off by configuration. Pages do
  not render the reCAPTCHA widget at all in this mode.

``settings.RECAPTCHA_LOAD_SCRIPT`` decides only whether pages include Google's script (off in
development and tests so browsers never fetch it); it does not change how tokens are verified.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.db import models
from django_recaptcha import client as recaptcha_client
from django_recaptcha.widgets import ReCaptchaV3

logger = logging.getLogger(__name__)

RECAPTCHA_ACTION = "referral"
OFFLINE = "offline"
GOOGLE = "google"
# Real tokens are around two thousand characters; anything far longer is not worth sending.
MAX_TOKEN_LENGTH = 10_000
# Google's error codes that mean our request or secret is wrong, not the visitor's token.
_OUR_SIDE_ERRORS = frozenset({"missing-input-secret", "invalid-input-secret", "bad-request"})


class Verdict(models.TextChoices):
    PASSED = "passed", "Passed"
    LOW_SCORE = "low_score", "Score below the threshold"
    NO_TOKEN = "no_token", "No token sent (JavaScript off or blocked)"
    UNREACHABLE = "unreachable", "Verification service could not be reached"
    INVALID = "invalid", "Token rejected"


@dataclass(frozen=True)
class BotCheckResult:
    verdict: Verdict
    score: float | None
    detail: str

    @property
    def verified(self) -> bool:
        return self.verdict == Verdict.PASSED


def _required_score() -> float:
    return float(getattr(settings, "RECAPTCHA_REQUIRED_SCORE", 0.5))


def verify_recaptcha(
    token: str | None, *, remote_ip: str | None = None, action: str = RECAPTCHA_ACTION
) -> BotCheckResult:
    """Check a reCAPTCHA v3 token. Never raises; never logs the token or personal data."""
    verifier = getattr(settings, "RECAPTCHA_VERIFIER", GOOGLE)
    if verifier == OFFLINE:
        return BotCheckResult(
            Verdict.PASSED, 1.0, "reCAPTCHA checks are switched off (RECAPTCHA_VERIFIER=offline)."
        )
    if verifier != GOOGLE:
        logger.error("Unknown RECAPTCHA_VERIFIER setting; reCAPTCHA tokens cannot be checked.")
        return BotCheckResult(
            Verdict.UNREACHABLE, None, "The site's reCAPTCHA setting is not recognised."
        )

    token = (token or "").strip()
    if not token:
        return BotCheckResult(Verdict.NO_TOKEN, None, "No reCAPTCHA token was sent.")
    if len(token) > MAX_TOKEN_LENGTH:
        return BotCheckResult(Verdict.INVALID, None, "The reCAPTCHA token was far too long.")

    try:
        # Looked up on the module at call time, so tests can patch django_recaptcha.client.submit.
        response = recaptcha_client.submit(
            recaptcha_response=token,
            private_key=settings.RECAPTCHA_PRIVATE_KEY,
            remoteip=remote_ip or "",
        )
    except Exception as exc:  # noqa: BLE001 - any failure to reach Google must not lose a referral
        logger.warning("reCAPTCHA verification service unreachable (%s).", type(exc).__name__)
        return BotCheckResult(
            Verdict.UNREACHABLE, None, "The reCAPTCHA service could not be reached."
        )

    try:
        return _judge(response, action)
    except Exception as exc:  # noqa: BLE001 - a malformed answer is treated as no answer
        logger.warning("reCAPTCHA verification gave an unreadable answer (%s).", type(exc).__name__)
        return BotCheckResult(
            Verdict.UNREACHABLE, None, "The reCAPTCHA service gave an unreadable answer."
        )


def _judge(response, action: str) -> BotCheckResult:
    error_codes = [str(code) for code in (getattr(response, "error_codes", None) or [])]
    if not response.is_valid:
        if _OUR_SIDE_ERRORS.intersection(error_codes):
            logger.error(
                "reCAPTCHA verification refused the site's request (%s): check the keys.",
                ", ".join(sorted(_OUR_SIDE_ERRORS.intersection(error_codes))),
            )
            return BotCheckResult(
                Verdict.UNREACHABLE, None, "The site's reCAPTCHA keys were refused."
            )
        reasons = ", ".join(error_codes) or "no reason given"
        return BotCheckResult(Verdict.INVALID, None, f"The token was rejected ({reasons}).")

    if response.action != action:
        return BotCheckResult(
            Verdict.INVALID, None, "The token was made for a different form action."
        )

    raw_score = (response.extra_data or {}).get("score")
    if isinstance(raw_score, bool) or not isinstance(raw_score, (int, float)):
        return BotCheckResult(Verdict.INVALID, None, "The answer carried no score.")
    score = float(raw_score)
    required = _required_score()
    if score < required:
        return BotCheckResult(
            Verdict.LOW_SCORE, score, f"Score {score:.1f} is below the required {required:.1f}."
        )
    return BotCheckResult(Verdict.PASSED, score, f"Score {score:.1f}.")


def honeypot_tripped(value: str | None) -> bool:
    """True when the hidden honeypot field holds anything other than whitespace."""
    return bool(value and str(value).strip())


class RecaptchaTokenWidget(ReCaptchaV3):
    """django-recaptcha's v3 widget, rendered only when it can do something useful.

    * RECAPTCHA_VERIFIER "offline": renders nothing (no script, no input).
    * RECAPTCHA_LOAD_SCRIPT False: renders the hidden input only, without Google's script, so the
      form posts an empty token.
    * Otherwise: django-recaptcha's own markup, which loads Google's script and puts the token in
      the hidden input when the form is submitted. Its script re-submits the form with
      ``form.submit()``, so the name of the button pressed is not sent.
    """

    def __init__(self, action: str = RECAPTCHA_ACTION, **kwargs):
        super().__init__(action=action, **kwargs)

    def get_context(self, name, value, attrs):
        # Read the key when rendering so settings changes (and tests) take effect.
        self.attrs["data-sitekey"] = getattr(settings, "RECAPTCHA_PUBLIC_KEY", "")
        context = super().get_context(name, value, attrs)
        context["widget"]["type"] = self.input_type  # used by Django's hidden-input template
        return context

    def render(self, name, value, attrs=None, renderer=None):
        if getattr(settings, "RECAPTCHA_VERIFIER", GOOGLE) == OFFLINE:
            return ""
        if not getattr(settings, "RECAPTCHA_LOAD_SCRIPT", True):
            self.template_name = "django/forms/widgets/hidden.html"
        else:
            self.template_name = ReCaptchaV3.template_name
        return super().render(name, "", attrs, renderer)


def recaptcha_widget_field(action: str = RECAPTCHA_ACTION) -> forms.CharField:
    """A form field for the final wizard step that carries the reCAPTCHA token.

    It never fails validation and never calls Google: pass its cleaned value to
    :func:`verify_recaptcha` in the view or service and record the verdict.
    """
    return forms.CharField(
        required=False,
        label="",
        strip=True,
        widget=RecaptchaTokenWidget(action=action),
    )
