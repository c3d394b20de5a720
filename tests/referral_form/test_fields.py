"""Encrypted model fields, round-tripped through the real test database (SQLite or PostgreSQL).

The model below is test-only: its table is created with the schema editor for this module and
dropped afterwards, so no migration is involved.
"""

import datetime
import json
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django import forms
from django.core import serializers
from django.core.exceptions import FieldError, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.test import override_settings
from django.test.utils import isolate_apps

from referral_form import crypto
from referral_form.fields import EncryptedJSONField, EncryptedTextField

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()
FIELD_NAMES = ["name", "notes", "details"]


class SecretRecord(models.Model):
    name = EncryptedTextField(blank=True)
    notes = EncryptedTextField(null=True, blank=True)
    details = EncryptedJSONField(null=True, blank=True)

    class Meta:
        app_label = "tests_crypto"

    def __str__(self):
        return f"SecretRecord {self.pk}"


REGISTERED_AT_IMPORT = dict(crypto.encrypted_field_registry()).get(SecretRecord)
# Keep this throwaway model out of the registry other tests (and the real command) walk.
crypto.unregister_encrypted_model(SecretRecord)


@pytest.fixture(scope="module")
def secret_table(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(SecretRecord)
    yield SecretRecord
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.delete_model(SecretRecord)


@pytest.fixture
def records(db, secret_table):
    return SecretRecord


@pytest.fixture
def only_secret_record_registered(monkeypatch):
    monkeypatch.setattr(crypto, "_encrypted_fields", {SecretRecord: list(FIELD_NAMES)})


def raw_row(pk):
    table = connection.ops.quote_name(SecretRecord._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in FIELD_NAMES)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE id = %s", [pk])
        return dict(zip(FIELD_NAMES, cursor.fetchone(), strict=True))


def write_raw(pk, **values):
    table = connection.ops.quote_name(SecretRecord._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} WHERE id = %s", [*values.values(), pk]
        )


def test_fields_register_their_model_when_the_class_is_built():
    assert REGISTERED_AT_IMPORT == FIELD_NAMES


# --------------------------------------------------------------------------- database round trip

def test_values_round_trip_through_the_database(records):
    record = records.objects.create(
        name="Ann-Marie O'Neil",
        notes="Lives at 12 Station Road",
        details={
            "phones": ["07700 900123"],
            "safe_to_call": True,
            "since": datetime.date(2024, 5, 1),
        },
    )

    fresh = records.objects.get(pk=record.pk)

    assert fresh.name == "Ann-Marie O'Neil"
    assert fresh.notes == "Lives at 12 Station Road"
    # Dates inside JSON come back as ISO strings (documented behaviour).
    assert fresh.details == {
        "phones": ["07700 900123"],
        "safe_to_call": True,
        "since": "2024-05-01",
    }
    assert records.objects.values_list("name", flat=True).get(pk=record.pk) == "Ann-Marie O'Neil"


def test_the_database_holds_only_ciphertext(records):
    record = records.objects.create(
        name="Ann-Marie O'Neil",
        notes="Lives at 12 Station Road",
        details={"phone": "07700 900123", "date_of_birth": datetime.date(1985, 11, 2)},
    )

    stored = raw_row(record.pk)

    for name in FIELD_NAMES:
        assert stored[name].startswith("enc1:"), name
    joined = " ".join(stored.values())
    for plain in ["Ann", "Neil", "Station", "07700", "1985", "phone"]:
        assert plain not in joined


def test_blank_text_is_stored_blank_and_none_as_null(records):
    record = records.objects.create(name="", notes=None, details=None)

    assert raw_row(record.pk) == {"name": "", "notes": None, "details": None}
    fresh = records.objects.get(pk=record.pk)
    assert (fresh.name, fresh.notes, fresh.details) == ("", None, None)


def test_empty_json_containers_are_encrypted_and_come_back(records):
    record = records.objects.create(name="x", details=[])

    assert raw_row(record.pk)["details"].startswith("enc1:")
    assert records.objects.get(pk=record.pk).details == []


def test_updates_are_encrypted_too(records):
    record = records.objects.create(name="First")
    records.objects.filter(pk=record.pk).update(name="Second name")

    assert "Second" not in raw_row(record.pk)["name"]
    assert records.objects.get(pk=record.pk).name == "Second name"


def test_legacy_plain_text_is_read_as_it_is(records):
    record = records.objects.create(name="placeholder")
    write_raw(record.pk, name="Legacy Name")

    fresh = records.objects.get(pk=record.pk)

    assert fresh.name == "Legacy Name"


def test_values_written_under_an_old_key_still_read_after_a_new_key_is_added(records):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        record = records.objects.create(name="Old key name")
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        assert records.objects.get(pk=record.pk).name == "Old key name"
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        with pytest.raises(crypto.DecryptionError):
            records.objects.get(pk=record.pk)


# --------------------------------------------------------------------------- look-ups

@pytest.mark.parametrize(
    "lookup",
    [
        {"name": "Ann"},
        {"name__iexact": "ann"},
        {"name__icontains": "Ann"},
        {"name__in": ["Ann"]},
        {"notes__startswith": "Lives"},
        {"details__phone": "07700 900123"},
    ],
)
def test_look_ups_on_encrypted_fields_are_refused(records, lookup):
    with pytest.raises(FieldError, match="encrypted"):
        list(records.objects.filter(**lookup))


def test_isnull_look_ups_work(records):
    with_notes = records.objects.create(name="a", notes="something")
    without_notes = records.objects.create(name="b", notes=None)

    assert list(records.objects.filter(notes__isnull=True)) == [without_notes]
    assert list(records.objects.filter(notes__isnull=False)) == [with_notes]


# --------------------------------------------------------------------------- python-level API

def test_text_field_prep_and_read_directly():
    field = SecretRecord._meta.get_field("name")

    token = field.get_prep_value("Sam")
    assert token.startswith("enc1:")
    assert field.from_db_value(token, None, connection) == "Sam"
    assert field.get_prep_value("") == ""
    assert field.get_prep_value(None) is None
    assert field.get_prep_value(crypto.Ciphertext("enc1:as-is")) == "enc1:as-is"
    assert field.to_python(token) == "Sam"
    # Text that merely starts like a token is ordinary text and gets encrypted.
    assert field.to_python("enc1:not a token") == "enc1:not a token"
    assert field.get_prep_value("enc1:not a token").startswith("enc1:")
    assert field.get_prep_value("enc1:not a token") != "enc1:not a token"


def test_json_field_refuses_values_json_cannot_hold():
    field = SecretRecord._meta.get_field("details")
    with pytest.raises(ValidationError):
        field.get_prep_value({"a": {1, 2}})
    with pytest.raises(ValidationError):
        field.clean({"a": object()}, None)


def test_form_fields_behave_like_the_plain_types():
    assert isinstance(SecretRecord._meta.get_field("name").formfield().widget, forms.Textarea)
    assert isinstance(SecretRecord._meta.get_field("details").formfield(), forms.JSONField)


@pytest.mark.parametrize(
    "field_class", [EncryptedTextField, EncryptedJSONField]
)
def test_fields_deconstruct_for_migrations(field_class):
    field = field_class(null=True, blank=True, help_text="Kept secret")
    name, path, args, kwargs = field.deconstruct()

    assert path == f"referral_form.fields.{field_class.__name__}"
    rebuilt = field_class(*args, **kwargs)
    assert rebuilt.null and rebuilt.blank and rebuilt.help_text == "Kept secret"


@isolate_apps("referral_form")
def test_system_check_refuses_unique_and_indexed_encrypted_fields():
    # isolate_apps keeps this model in a throwaway registry, out of the real app.
    class BadRecord(models.Model):
        name = EncryptedTextField(unique=True)
        other = EncryptedTextField(db_index=True)

        class Meta:
            app_label = "referral_form"

        def __str__(self):
            return "BadRecord"

    crypto.unregister_encrypted_model(BadRecord)
    ids = [error.id for error in BadRecord.check()]
    assert ids.count("referral_form.E901") == 2


def test_serialised_text_and_json_carry_ciphertext_and_read_back(records):
    record = records.objects.create(
        name="Ann-Marie",
        details={"phone": "07700 900123", "date_of_birth": datetime.date(1985, 11, 2)},
    )

    dumped = serializers.serialize("json", [record])
    assert "Ann-Marie" not in dumped and "07700" not in dumped
    fields = json.loads(dumped)[0]["fields"]
    assert fields["name"].startswith("enc1:")
    assert fields["details"].startswith("enc1:")

    # What loaddata does with each value (the test model's app is not installed, so the
    # deserialiser itself cannot look the model up).
    meta = SecretRecord._meta
    assert meta.get_field("name").to_python(fields["name"]) == "Ann-Marie"
    assert meta.get_field("details").to_python(fields["details"]) == {
        "phone": "07700 900123", "date_of_birth": "1985-11-02"}
    assert "1985" not in dumped


def test_serialised_json_ciphertext_under_a_missing_key_is_refused():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        json_token = SecretRecord._meta.get_field("details").get_prep_value({"a": 1})
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        with pytest.raises(ValidationError):
            SecretRecord._meta.get_field("details").to_python(json_token)


# --------------------------------------------------------------------------- rotation command

def test_rotate_command_re_encrypts_every_row_under_the_first_key(
    records, only_secret_record_registered
):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        pks = [
            records.objects.create(
                name=f"Person {n}",
                notes=None if n % 2 else f"Note {n}",
                details={"n": n, "date_of_birth": datetime.date(1980, 1, n + 1)},
            ).pk
            for n in range(5)
        ]
        legacy = records.objects.create(name="placeholder").pk
    write_raw(legacy, name="Legacy plain")
    before = {pk: raw_row(pk) for pk in pks}

    out = StringIO()
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        call_command("rotate_encryption_keys", "--batch-size", "2", stdout=out)

    report = out.getvalue()
    assert "tests_crypto.SecretRecord.name: 5 re-encrypted, 1 plain values encrypted, 0 empty" in (
        report
    )
    assert "tests_crypto.SecretRecord.notes: 3 re-encrypted, 0 plain values encrypted, 3 empty" in (
        report
    )
    assert "6 rows checked" in report
    assert "Person" not in report and "Legacy" not in report

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        for n, pk in enumerate(pks):
            after = raw_row(pk)
            assert after["name"] != before[pk]["name"]
            record = records.objects.get(pk=pk)
            assert record.name == f"Person {n}"
            assert record.notes == (None if n % 2 else f"Note {n}")
            assert record.details == {"n": n, "date_of_birth": f"1980-01-{n + 1:02d}"}
        assert raw_row(legacy)["name"].startswith("enc1:")
        assert records.objects.get(pk=legacy).name == "Legacy plain"


def test_rotate_command_stops_clearly_on_a_value_no_key_opens(
    records, only_secret_record_registered
):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        record = records.objects.create(name="Lost key")

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        with pytest.raises(CommandError, match=f"pk={record.pk}"):
            call_command("rotate_encryption_keys", stdout=StringIO())


def test_rotate_command_with_nothing_registered(monkeypatch):
    monkeypatch.setattr(crypto, "_encrypted_fields", {})
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "nothing to do" in out.getvalue()
