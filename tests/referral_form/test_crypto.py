"""Encryption, key rotation, normalisation and look-up hashes (referral_form.crypto)."""

import datetime
import hashlib
import re

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from referral_form import crypto

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


@override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY])
def test_round_trip_and_the_ciphertext_hides_the_text():
    token = crypto.encrypt_text("Ann-Marie O'Neil, 12 Station Road")

    assert token.startswith(crypto.ENCRYPTED_PREFIX)
    assert "Station" not in token
    assert crypto.decrypt_text(token) == "Ann-Marie O'Neil, 12 Station Road"


@override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY])
def test_same_text_encrypts_differently_each_time():
    assert crypto.encrypt_text("same") != crypto.encrypt_text("same")


@override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY])
def test_unicode_and_empty_text_round_trip():
    for text in ["", "Zoë Ó Súilleabháin", "第一", "line one\nline two"]:
        assert crypto.decrypt_text(crypto.encrypt_text(text)) == text


def test_key_rotation_old_key_then_both_then_new_only():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        old_token = crypto.encrypt_text("secret")

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        assert crypto.decrypt_text(old_token) == "secret"
        rotated = crypto.rotate_token(old_token)
        assert rotated.startswith(crypto.ENCRYPTED_PREFIX)
        # New values are made with the first key.
        fresh = crypto.encrypt_text("fresh")

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        assert crypto.decrypt_text(rotated) == "secret"
        assert crypto.decrypt_text(fresh) == "fresh"
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt_text(old_token)


def test_wrong_key_gives_a_clear_error():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        token = crypto.encrypt_text("secret")
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        with pytest.raises(crypto.DecryptionError, match="FIELD_ENCRYPTION_KEYS"):
            crypto.decrypt_text(token)
        with pytest.raises(crypto.DecryptionError):
            crypto.rotate_token(token)


@override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY])
def test_damaged_or_unprefixed_values_are_refused():
    token = crypto.encrypt_text("secret")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(token[:-4] + "AAAA")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text("secret")


@override_settings(FIELD_ENCRYPTION_KEYS=[])
def test_no_keys_is_improperly_configured():
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS"):
        crypto.encrypt_text("x")


def test_an_invalid_key_is_reported_by_position_without_echoing_it():
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, "not-a-real-key"]):
        with pytest.raises(ImproperlyConfigured) as info:
            crypto.encrypt_text("x")
    assert "entry 2" in str(info.value)
    assert "not-a-real-key" not in str(info.value)


def test_is_encrypted():
    assert crypto.is_encrypted("enc1:abc")
    assert not crypto.is_encrypted("plain")
    assert not crypto.is_encrypted(None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Ann-Marie  O'Neil ", "ann marie oneil"),
        ("ANN MARIE O’NEIL", "ann marie oneil"),  # typographic apostrophe
        ("Ann–Marie ONeil", "ann marie oneil"),  # en dash
        ("José Núñez", "jose nunez"),
        ("Zoë\tBrontë\n", "zoe bronte"),
        ("Straße", "strasse"),
        ("Dr. J. R. Smith-Jones", "dr j r smith jones"),
        ("Mary  -  Kate", "mary kate"),
        ("Ｊｏｈｎ", "john"),  # full-width letters
        ("Agent 47", "agent 47"),
        ("", ""),
        (None, ""),
        ("'.,;", ""),
    ],
)
def test_normalise_name(raw, expected):
    assert crypto.normalise_name(raw) == expected


def test_normalise_date():
    assert crypto.normalise_date(datetime.date(1990, 3, 7)) == "1990-03-07"
    assert crypto.normalise_date(datetime.datetime(1990, 3, 7, 23, 59)) == "1990-03-07"
    assert crypto.normalise_date(" 1990-03-07 ") == "1990-03-07"
    with pytest.raises(ValueError):
        crypto.normalise_date("07/03/1990")
    with pytest.raises(ValueError):
        crypto.normalise_date("1990-02-30")


@override_settings(LOOKUP_HASH_KEY="key-one")
def test_lookup_hash_is_stable_hex_and_hides_the_value():
    first = crypto.lookup_hash("person", "ann marie oneil")
    assert first == crypto.lookup_hash("person", "ann marie oneil")
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    # Keyed: not a plain digest of the value (which anyone could recompute), and another key
    # gives another hash.
    plain = {hashlib.sha256(text.encode()).hexdigest()
             for text in ("ann marie oneil", "person ann marie oneil",
                          '["person","ann marie oneil"]')}
    assert first not in plain
    with override_settings(LOOKUP_HASH_KEY="key-two"):
        assert crypto.lookup_hash("person", "ann marie oneil") != first


@override_settings(LOOKUP_HASH_KEY="key-one")
def test_lookup_hash_normalises_case_and_spaces_but_keeps_parts_apart():
    assert crypto.lookup_hash("A  B") == crypto.lookup_hash("a b")
    assert crypto.lookup_hash("ab", "c") != crypto.lookup_hash("a", "bc")
    assert crypto.lookup_hash("person", "x") != crypto.lookup_hash("address", "x")


def test_lookup_hash_depends_on_the_key():
    with override_settings(LOOKUP_HASH_KEY="key-one"):
        one = crypto.lookup_hash("person", "ann")
    with override_settings(LOOKUP_HASH_KEY="key-two"):
        two = crypto.lookup_hash("person", "ann")
    assert one != two


@override_settings(LOOKUP_HASH_KEY="")
def test_lookup_hash_without_a_key_is_improperly_configured():
    with pytest.raises(ImproperlyConfigured, match="LOOKUP_HASH_KEY"):
        crypto.lookup_hash("x")


def test_lookup_hash_needs_a_part():
    with pytest.raises(ValueError):
        crypto.lookup_hash()


@override_settings(LOOKUP_HASH_KEY="key-one")
def test_person_lookup_hash_matches_the_same_person_written_differently():
    dob = datetime.date(1985, 11, 2)
    assert crypto.person_lookup_hash("  Ann-Marie  O'Neil ", dob) == crypto.person_lookup_hash(
        "ann marie oneil", "1985-11-02"
    )
    assert crypto.person_lookup_hash("Ann Marie O'Neil", dob) != crypto.person_lookup_hash(
        "Ann Marie O'Neil", datetime.date(1985, 11, 3)
    )
    assert crypto.person_lookup_hash("Ann", dob) != crypto.person_lookup_hash("Anna", dob)


@override_settings(LOOKUP_HASH_KEY="key-one")
def test_person_lookup_hash_with_unknown_date_of_birth():
    unknown = crypto.person_lookup_hash("Sam Jones", None)
    assert unknown is not None
    assert unknown == crypto.person_lookup_hash("sam  jones", "")
    assert unknown != crypto.person_lookup_hash("Sam Jones", datetime.date(1990, 1, 1))


@override_settings(LOOKUP_HASH_KEY="key-one")
def test_person_lookup_hash_is_none_for_a_blank_name():
    assert crypto.person_lookup_hash("", datetime.date(1990, 1, 1)) is None
    assert crypto.person_lookup_hash("   ", None) is None
    assert crypto.person_lookup_hash(None, None) is None
