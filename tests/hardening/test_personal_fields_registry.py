"""The registry of personal fields: every one is encrypted, and no raw database row shows its
value. Turning any of them into a plain field fails these tests (not only makemigrations)."""

import json

import pytest
from django.db import connection

from referral_form import crypto
from referral_form.models import StatusChange
from tests.referral_form.factories import (
    CHECKLIST_COMMENTS,
    CHILD,
    NARRATIVE,
    PERSON_AT_RISK,
    PERSON_CAUSING_HARM,
    REFERRER,
    submit_referral,
)

pytestmark = pytest.mark.django_db

# Every field that holds personal data or free text, by model: the answers, the people, what
# happened, and the coordinators' notes.
PERSONAL_FIELDS = {
    "referral_form.Referral": {"checklist_answers", "stalking_answers", "checklist_comments",
                               "risk_level", "criteria_evidence", "referrer", "person_at_risk",
                               "narrative", "closed_marac_reasons"},
    "referral_form.PersonCausingHarm": {"details"},
    "referral_form.ChildDependant": {"details"},
    "referral_form.StatusChange": {"note"},
    # The meeting record (issue 9): what was said at the meeting and what was agreed.
    "referral_form.Hearing": {"risks_noted"},
    "referral_form.AgreedAction": {"action"},
    "referral_form.MeetingRecord": {"agencies_present"},
}
# The rows the raw-row test below writes and reads back.
REFERRAL_ROWS = ("referral_form.Referral", "referral_form.PersonCausingHarm",
                 "referral_form.ChildDependant", "referral_form.StatusChange")


def test_every_personal_field_is_registered_as_encrypted():
    registered = {model._meta.label: set(names)
                  for model, names in crypto.encrypted_field_registry()}
    assert registered == PERSONAL_FIELDS


def plain_values():
    values = [PERSON_AT_RISK["first_name"], PERSON_AT_RISK["last_name"],
              PERSON_AT_RISK["address"], PERSON_AT_RISK["phone"], REFERRER["name"],
              REFERRER["email"], PERSON_CAUSING_HARM["name"], CHILD["name"], "1988-04-17",
              CHECKLIST_COMMENTS]
    values += [text for text in NARRATIVE.values() if isinstance(text, str) and len(text) > 8]
    return values


def raw(model, field_name, pk):
    field = model._meta.get_field(field_name)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{field.column}" FROM "{model._meta.db_table}" '  # noqa: S608
                       f'WHERE "{model._meta.pk.column}" = %s', [pk])
        (value,) = cursor.fetchone()
    return value if isinstance(value, str) else json.dumps(value)


def test_no_raw_row_shows_a_personal_value(site):
    referral = submit_referral(closed_marac_requested=True,
                               closed_marac_reasons="Rosalind works at the police station")
    note = StatusChange.objects.create(referral=referral, status="returned",
                                       note="Spoke to Rosalind Achterberg")
    rows = {"referral_form.Referral": [referral.pk],
            "referral_form.PersonCausingHarm": list(
                referral.people_causing_harm.values_list("pk", flat=True)),
            "referral_form.ChildDependant": list(referral.children.values_list("pk", flat=True)),
            "referral_form.StatusChange": [note.pk]}
    models = {model._meta.label: model for model, _ in crypto.encrypted_field_registry()}
    checked = 0
    for label in REFERRAL_ROWS:
        names = PERSONAL_FIELDS[label]
        assert rows[label], f"no {label} row to check"
        for name in names:
            for pk in rows[label]:
                stored = raw(models[label], name, pk)
                assert stored.startswith(crypto.ENCRYPTED_PREFIX), f"{label}.{name} is plain"
                for value in plain_values():
                    assert value.casefold() not in stored.casefold(), f"{label}.{name}"
                checked += 1
    assert checked >= 10
