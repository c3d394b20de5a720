"""Referral references: short, unguessable and easy to read aloud over the phone."""

import secrets

# No 0/O, 1/I/L or U/V confusion: 28 characters that survive being read aloud.
ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
GROUPS = 2
GROUP_LENGTH = 4
PREFIX = "MRC"


def new_reference() -> str:
    """For example 'MRC-7KQ4-XB2D': about 39 bits of randomness from the OS generator."""
    groups = ["".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH))
              for _ in range(GROUPS)]
    return "-".join([PREFIX, *groups])


def normalise_reference(value: str) -> str:
    """Accept references typed with spaces, lower case or without dashes."""
    compact = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if compact.startswith(PREFIX):
        compact = compact[len(PREFIX):]
    if len(compact) != GROUPS * GROUP_LENGTH:
        return (value or "").strip().upper()
    return "-".join([PREFIX, compact[:GROUP_LENGTH], compact[GROUP_LENGTH:]])
