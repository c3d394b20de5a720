"""Encryption at rest and keyed look-up hashes for personal data.

Two separate secrets, neither stored in the database:

* ``settings.FIELD_ENCRYPTION_KEYS``: Fernet keys, newest first. The first key encrypts; every
  key decrypts, so a new key can be put in front, ``manage.py rotate_encryption_keys`` run, and
  the old key removed afterwards.
* ``settings.LOOKUP_HASH_KEY``: the HMAC key for exact-match look-ups (repeat detection,
  coordinator search). A look-up hash says "same normalised value" without revealing the value.

Encrypted values carry a version prefix (``enc1:``) so stored text can be told apart from legacy
plain text, and so a future format can live beside this one.

The module also keeps the registry of encrypted model fields: every encrypted field in
``referral_form.fields`` registers ``(model, field name)`` here when its model class is built, and
the key-rotation command walks that registry.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import threading
import unicodedata

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ENCRYPTED_PREFIX = "enc1:"
UNKNOWN_DATE_MARKER = "unknown"


class DecryptionError(ValueError):
    """A stored value could not be decrypted with any configured key."""


class Ciphertext(str):
    """A value that is already encrypted and must be stored exactly as it is.

    Only the key-rotation command uses this, to write re-encrypted tokens without the field
    encrypting them a second time. Application code works with plain values.
    """


# --------------------------------------------------------------------------- keys and tokens

_fernet_lock = threading.Lock()
_fernet_cache: tuple[tuple[str, ...], MultiFernet] | None = None


def _configured_keys() -> tuple[str, ...]:
    raw = getattr(settings, "FIELD_ENCRYPTION_KEYS", None) or []
    if isinstance(raw, (str, bytes)):
        raw = [raw]
    keys = []
    for key in raw:
        if isinstance(key, bytes):
            key = key.decode("ascii", errors="replace")
        key = str(key).strip()
        if key:
            keys.append(key)
    return tuple(keys)


def _multi_fernet() -> MultiFernet:
    """The MultiFernet for the current settings, rebuilt whenever the key list changes."""
    global _fernet_cache
    keys = _configured_keys()
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is empty: set it to one or more Fernet keys (newest first), "
            "e.g. from `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`."
        )
    cached = _fernet_cache
    if cached is not None and cached[0] == keys:
        return cached[1]
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except (ValueError, TypeError) as exc:
            # Never echo the key itself.
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS entry {position} is not a valid Fernet key "
                "(32 url-safe base64-encoded bytes)."
            ) from exc
    built = MultiFernet(fernets)
    with _fernet_lock:
        _fernet_cache = (keys, built)
    return built


def is_encrypted(value: object) -> bool:
    """True when ``value`` is text in this module's encrypted format."""
    return isinstance(value, str) and value.startswith(ENCRYPTED_PREFIX)


def encrypt_text(plain: str) -> str:
    """Encrypt ``plain`` under the first configured key; returns ``enc1:<fernet token>``."""
    if not isinstance(plain, str):
        raise TypeError(f"encrypt_text() needs a str, not {type(plain).__name__}")
    token = _multi_fernet().encrypt(plain.encode("utf-8"))
    return ENCRYPTED_PREFIX + token.decode("ascii")


def _fernet_token(token: str) -> bytes:
    if not is_encrypted(token):
        raise DecryptionError("The value is not in the encrypted format (no 'enc1:' prefix).")
    return token[len(ENCRYPTED_PREFIX):].encode("ascii", errors="replace")


def decrypt_text(token: str) -> str:
    """Decrypt a value made by :func:`encrypt_text` with whichever configured key fits."""
    try:
        plain = _multi_fernet().decrypt(_fernet_token(token))
    except InvalidToken as exc:
        raise DecryptionError(
            "An encrypted value could not be decrypted with any key in FIELD_ENCRYPTION_KEYS: "
            "the key that encrypted it is missing from the setting, or the value is damaged."
        ) from exc
    return plain.decode("utf-8")


def rotate_token(token: str) -> str:
    """Re-encrypt an encrypted value under the first configured key."""
    try:
        rotated = _multi_fernet().rotate(_fernet_token(token))
    except InvalidToken as exc:
        raise DecryptionError(
            "An encrypted value could not be re-encrypted: no key in FIELD_ENCRYPTION_KEYS "
            "decrypts it."
        ) from exc
    return ENCRYPTED_PREFIX + rotated.decode("ascii")


# --------------------------------------------------------------------------- normalisation

def _strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_name(value: str | None) -> str:
    """A person's name reduced to the form used for exact matching.

    Case-folded, accents removed, hyphens and other dashes read as spaces, every other
    character that is not a letter, digit or space dropped (so apostrophes and full stops
    vanish), and runs of whitespace collapsed: ``"  Ann-Marie  O'Neil "`` becomes
    ``"ann marie oneil"``.
    """
    if not value:
        return ""
    text = _strip_accents(str(value).casefold()).casefold()
    kept = []
    for ch in text:
        if ch.isalnum():
            kept.append(ch)
        elif ch.isspace() or unicodedata.category(ch) == "Pd":
            kept.append(" ")
        # Anything else (apostrophes, full stops, commas, symbols) is dropped.
    return " ".join("".join(kept).split())


def normalise_date(value: datetime.date | str) -> str:
    """A date as ISO ``YYYY-MM-DD``; strings must already be ISO dates."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = datetime.date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError("Dates must be given as YYYY-MM-DD.") from exc
        return parsed.isoformat()
    raise TypeError(f"normalise_date() needs a date or an ISO string, not {type(value).__name__}")


def _normalise_part(value: str) -> str:
    # Generic, lossless-enough normalisation for any hashed part: Unicode compatibility form,
    # case-folded, whitespace collapsed. Callers apply domain rules (names, dates) first.
    return " ".join(unicodedata.normalize("NFKC", str(value)).casefold().split())


# --------------------------------------------------------------------------- look-up hashes

def _lookup_key() -> bytes:
    key = getattr(settings, "LOOKUP_HASH_KEY", "") or ""
    if isinstance(key, str):
        key = key.encode("utf-8")
    if not key:
        raise ImproperlyConfigured(
            "LOOKUP_HASH_KEY is empty: set it to a long random secret (not stored in the database)."
        )
    return key


def lookup_hash(*parts: str) -> str:
    """HMAC-SHA256 (keyed by ``settings.LOOKUP_HASH_KEY``) of the normalised parts, as hex.

    Each part is NFKC-normalised, case-folded and whitespace-collapsed; the parts are joined as a
    JSON list, so ``("ab", "c")`` and ``("a", "bc")`` never collide. Start the parts with a purpose
    word (``"person"``, ``"address"``) so hashes made for different things never match.
    """
    if not parts:
        raise ValueError("lookup_hash() needs at least one part.")
    normalised = [_normalise_part(part) for part in parts]
    message = json.dumps(normalised, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hmac.new(_lookup_key(), message, hashlib.sha256).hexdigest()


def person_lookup_hash(name: str | None, date_of_birth: datetime.date | str | None) -> str | None:
    """The look-up hash of a person: normalised name plus date of birth.

    Returns None when the name is blank (nothing to match on). An unknown date of birth is hashed
    as an explicit 'unknown' marker, so "name, dob unknown" matches only another record with the
    same name and an unknown date of birth, never one with a known date.
    """
    normalised = normalise_name(name)
    if not normalised:
        return None
    if date_of_birth in (None, ""):
        dob = UNKNOWN_DATE_MARKER
    else:
        dob = normalise_date(date_of_birth)
    return lookup_hash("person", normalised, dob)


# --------------------------------------------------------------------------- field registry

_registry_lock = threading.Lock()
_encrypted_fields: dict[type, list[str]] = {}


def register_encrypted_field(model: type, field_name: str) -> None:
    """Record that ``model.field_name`` holds encrypted values (idempotent)."""
    with _registry_lock:
        names = _encrypted_fields.setdefault(model, [])
        if field_name not in names:
            names.append(field_name)


def unregister_encrypted_model(model: type) -> None:
    """Forget a model (used by tests that build throwaway models)."""
    with _registry_lock:
        _encrypted_fields.pop(model, None)


def encrypted_field_registry() -> list[tuple[type, list[str]]]:
    """Every registered concrete model with the names of its encrypted fields, in a stable order."""
    with _registry_lock:
        items = [(model, list(names)) for model, names in _encrypted_fields.items()]
    return sorted(items, key=lambda item: item[0]._meta.label)
