"""Local development: fake secrets, console email, immediate background tasks, offline reCAPTCHA."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = env.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Template edits show at once; `PAGE_CACHE_SECONDS=300 make run` to try the page cache.
PAGE_CACHE_SECONDS = int(env.get("PAGE_CACHE_SECONDS", "0"))

# Google's published test keys; verification never leaves the machine.
RECAPTCHA_PUBLIC_KEY = "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI"
RECAPTCHA_PRIVATE_KEY = "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe"
RECAPTCHA_VERIFIER = env.get("RECAPTCHA_VERIFIER", "offline")
RECAPTCHA_LOAD_SCRIPT = False
SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]

# Development-only keys: real deployments set their own in the environment.
FIELD_ENCRYPTION_KEYS = [
    k.strip()
    for k in env.get(
        "FIELD_ENCRYPTION_KEYS", "ZGV2LW9ubHkta2V5LWRldi1vbmx5LWtleS1kZXYtMDA="
    ).split(",")
    if k.strip()
]
LOOKUP_HASH_KEY = env.get("LOOKUP_HASH_KEY", "dev-only-lookup-hash-key")
MARAC_NOTIFY_EMAIL = env.get("MARAC_NOTIFY_EMAIL", "marac-coordinators@example.org")
MARAC_NOTIFY_ALLOW_EXAMPLE_ADDRESSES = True  # emails go to the console here
