"""Model fields whose values are encrypted at rest (see ``referral_form.crypto``).

* ``EncryptedTextField``: Python value ``str``. The empty string is stored as ``''`` (so optional
  blank answers cost nothing and say nothing beyond "blank"); every non-empty value is stored
  encrypted, never as plain text. ``None`` is stored as NULL when the field allows it.
* ``EncryptedJSONField``: Python value any JSON value (usually a dict or list), or ``None`` stored
  as NULL. Serialised with ``DjangoJSONEncoder``, so dates, datetimes, decimals and UUIDs are
  accepted on the way in but come back as ISO strings (dates) or strings: convert them yourself.
The database column is ``text`` for both, so the database never sees the plain value and
cannot compare, sort or search it. Filtering on these fields is refused with a clear error, except
``__isnull``: store a keyed look-up hash beside the value (``crypto.lookup_hash`` /
``person_lookup_hash``) and filter on that instead. ``unique``, ``db_index`` and ``primary_key``
are refused by a system check for the same reason.

Values read from the database that lack the ``enc1:`` prefix are treated as legacy plain text and
returned as they are; ``manage.py rotate_encryption_keys`` encrypts them. Serialisation
(``dumpdata``) writes text and JSON values as ciphertext, and loading it (``loaddata``) decrypts
them again. Django's serialiser passes dates and bare numbers through untouched, so there is
deliberately no encrypted date field (dates of birth live inside encrypted JSON), and a JSON field
must hold an object or list, never a bare number: even so, treat every dump as personal data.
Loading needs a key that decrypts the dump: without one, JSON is refused, and text is kept as the
(still encrypted) token it was.
"""

from __future__ import annotations

import json

from django import forms
from django.core import checks, exceptions
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from . import crypto


class EncryptedFieldMixin:
    """Shared behaviour: registry, refused look-ups, checks, serialisation as ciphertext."""

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only=private_only)
        # Abstract models hand copies of their fields to each concrete subclass, which calls
        # this again; proxies share their concrete model's table and fields.
        if not cls._meta.abstract and not cls._meta.proxy:
            crypto.register_encrypted_field(cls, name)

    # -- look-ups --------------------------------------------------------------------------

    def _refuse(self, what: str):
        model = getattr(self, "model", None)
        where = f"{model._meta.label}.{self.name}" if model is not None else self.name
        raise exceptions.FieldError(
            f"{where} is encrypted, so the database cannot {what}. Only '__isnull' is allowed: "
            "filter on a look-up hash field (referral_form.crypto.lookup_hash) instead."
        )

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        self._refuse(f"match it with '__{lookup_name}'")

    def get_transform(self, lookup_name):
        self._refuse(f"apply '__{lookup_name}' to it")

    # -- checks ----------------------------------------------------------------------------

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        for option in ("unique", "db_index", "primary_key"):
            if getattr(self, option, False):
                errors.append(
                    checks.Error(
                        f"An encrypted field cannot use {option}=True: the stored ciphertext "
                        "differs every time, so the database cannot compare values.",
                        hint="Add a separate look-up hash field and index that instead.",
                        obj=self,
                        id="referral_form.E901",
                    )
                )
        return errors

    # -- storage ---------------------------------------------------------------------------

    def get_internal_type(self):
        return "TextField"

    def _encrypt_python(self, value) -> str | None:
        """Turn a non-empty Python value into ciphertext (subclasses say how to serialise)."""
        raise NotImplementedError

    def _decode_plain(self, plain: str):
        """Turn decrypted (or legacy plain) text back into the Python value."""
        raise NotImplementedError

    def get_prep_value(self, value):
        if isinstance(value, crypto.Ciphertext):
            return str(value)
        value = self.to_python(value)
        if value is None:
            return None
        return self._encrypt_python(value)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        if crypto.is_encrypted(value):
            value = crypto.decrypt_text(value)
        return self._decode_plain(value)

    def _from_serialised(self, value: str):
        # Serialised data (fixtures, dumps) carries ciphertext: decrypt it on the way back in.
        try:
            plain = crypto.decrypt_text(value)
        except crypto.DecryptionError as exc:
            raise exceptions.ValidationError(
                "This value could not be decrypted with the configured keys.",
                code="undecryptable",
            ) from exc
        return self._decode_plain(plain)

    def value_to_string(self, obj):
        value = self.get_prep_value(self.value_from_object(obj))
        return value


class EncryptedTextField(EncryptedFieldMixin, models.TextField):
    """Text stored encrypted; ``''`` is stored as ``''`` and everything else as ciphertext."""

    description = "Text (encrypted at rest)"

    def to_python(self, value):
        if value is None or isinstance(value, crypto.Ciphertext):
            return value
        if crypto.is_encrypted(value):
            try:
                return crypto.decrypt_text(value)
            except crypto.DecryptionError:
                # Not one of our tokens: someone typed text that happens to start with the
                # prefix. It is ordinary text and will be encrypted like any other.
                return value
        return value if isinstance(value, str) else str(value)

    def _encrypt_python(self, value):
        return crypto.encrypt_text(value) if value != "" else ""

    def _decode_plain(self, plain):
        return plain


class EncryptedJSONField(EncryptedFieldMixin, models.TextField):
    """Any JSON value stored as encrypted JSON text; ``None`` is stored as NULL."""

    description = "JSON (encrypted at rest)"
    empty_strings_allowed = False

    def to_python(self, value):
        if isinstance(value, crypto.Ciphertext):
            return value
        if crypto.is_encrypted(value):
            return self._from_serialised(value)
        return value

    def _encrypt_python(self, value):
        try:
            text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
        except TypeError as exc:
            raise exceptions.ValidationError(
                "This value cannot be stored as JSON.", code="invalid"
            ) from exc
        return crypto.encrypt_text(text)

    def _decode_plain(self, plain):
        if plain == "":
            return None
        return json.loads(plain)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        try:
            json.dumps(value, cls=DjangoJSONEncoder)
        except TypeError as exc:
            raise exceptions.ValidationError(
                "This value cannot be stored as JSON.", code="invalid"
            ) from exc

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.JSONField, "encoder": DjangoJSONEncoder,
                                    **kwargs})
