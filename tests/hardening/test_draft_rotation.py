"""Key rotation re-encrypts unfinished referrals too: a draft started before the rotation is
still there once the old key is removed (sessions in the database and in Redis)."""

import socket
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.cache import caches
from django.core.management import call_command
from django.test import override_settings

from tests.referral_form.wizard_helpers import VALID_ANSWERS, step_path, walk_to

pytestmark = pytest.mark.django_db

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
AGENCY = VALID_ANSWERS["about-you"]["role"]


def rotate_and_drop_the_old_key(client):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        walk_to(client, "person-at-risk")
        assert AGENCY in client.get(step_path("about-you")).content.decode()
    out = StringIO()
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        call_command("rotate_encryption_keys", stdout=out)
    assert "session drafts): 1 re-encrypted" in out.getvalue()
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        page = client.get(step_path("about-you"))
        assert page.status_code == 200, page.get("Location")
        assert AGENCY in page.content.decode()


def test_a_draft_in_the_database_survives_rotation(client, site):
    rotate_and_drop_the_old_key(client)


@pytest.mark.skipif(socket.socket().connect_ex(("127.0.0.1", 6379)) != 0,
                    reason="needs a Redis on 127.0.0.1:6379")
def test_a_draft_in_redis_survives_rotation(client, site):
    caches_config = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                  "LOCATION": "pages"},
        "sessions": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                     "LOCATION": "redis://127.0.0.1:6379/7", "KEY_PREFIX": "marac-rotation"},
    }
    with override_settings(CACHES=caches_config, SESSION_ENGINE="caching.sessions",
                           SESSION_CACHE_ALIAS="sessions"):
        caches["sessions"].clear()
        try:
            rotate_and_drop_the_old_key(client)
        finally:
            caches["sessions"].clear()
