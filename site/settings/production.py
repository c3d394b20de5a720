"""Production: everything secret or site-specific must come from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

REQUIRED_ENV = [
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "FIELD_ENCRYPTION_KEYS",
    "LOOKUP_HASH_KEY",
    "RECAPTCHA_PUBLIC_KEY",
    "RECAPTCHA_PRIVATE_KEY",
    "EMAIL_HOST",
    "DEFAULT_FROM_EMAIL",
    "WAGTAILADMIN_BASE_URL",
    "MARAC_NOTIFY_EMAIL",
]
# Checked before base.py reads them, so a blank value is reported by name, not by a parser.
_missing = [name for name in REQUIRED_ENV if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(_missing)
    )

from referral_form.addresses import is_placeholder_address  # noqa: E402

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

# New referrals must never be announced to a placeholder: refuse to start with one.
if is_placeholder_address(os.environ["MARAC_NOTIFY_EMAIL"]):
    raise ImproperlyConfigured(
        "MARAC_NOTIFY_EMAIL is a placeholder (an example.org, example.com or example.net "
        "address): set the secure address that receives new-referral notifications."
    )

# Hashed names, with gzip and brotli copies made by collectstatic: WhiteNoise serves them with
# `Cache-Control: max-age=315360000, public, immutable`.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(env.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
