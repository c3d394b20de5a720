"""Read-only queries for the coordinators' review area.

Searching never decrypts the table: a reference is matched on its plain column, and a person
by the keyed hash of their normalised name and date of birth.
"""

import datetime

from django.db.models import Q, QuerySet, Sum

from referral_form import crypto
from referral_form.fields import EncryptedFieldMixin
from referral_form.models import Referral, SpamTally
from referral_form.references import normalise_reference

# The encrypted columns (names, addresses, answers, narrative). No list shows them, so a list
# neither fetches nor decrypts them: only the record does.
ENCRYPTED_FIELDS = tuple(field.name for field in Referral._meta.concrete_fields
                         if isinstance(field, EncryptedFieldMixin))


def referral_list(*, include_spam: bool = False) -> QuerySet[Referral]:
    """Referrals newest first, with what the list shows fetched in the same query and the
    encrypted columns left in the database.

    Suspected spam is left out unless asked for: it has its own list.
    """
    referrals = (Referral.objects.select_related("meeting").defer(*ENCRYPTED_FIELDS)
                 .order_by("-received_at", "-pk"))
    if not include_spam:
        referrals = referrals.exclude(status=Referral.Status.SUSPECTED_SPAM)
    return referrals


def spam_list() -> QuerySet[Referral]:
    """Referrals caught by the honeypot or the rate limit, newest first."""
    return referral_list(include_spam=True).filter(status=Referral.Status.SUSPECTED_SPAM)


def spam_dropped_count() -> int:
    """Suspected spam counted but not stored (over the per-address daily cap), still on record."""
    return SpamTally.objects.aggregate(total=Sum("dropped"))["total"] or 0


def referral_search_reference(referrals: QuerySet[Referral], term: str) -> QuerySet[Referral]:
    """Referrals whose reference is the one typed (spaces, case and dashes do not matter)."""
    term = (term or "").strip()
    if not term:
        return referrals
    return referrals.filter(reference=normalise_reference(term))


def referral_search_person(referrals: QuerySet[Referral], *, name: str,
                           date_of_birth: datetime.date | None) -> QuerySet[Referral]:
    """Referrals naming this exact person, as the person at risk or a person causing harm."""
    lookup = crypto.person_lookup_hash(name, date_of_birth)
    if not lookup:
        return referrals.none()
    matching = Referral.objects.filter(
        Q(person_at_risk_lookup=lookup) | Q(people_causing_harm__lookup=lookup)
    ).values("pk")
    return referrals.filter(pk__in=matching)


def referral_detail(pk: int) -> Referral:
    """One referral with the people, history and links its record shows."""
    return (Referral.objects.select_related("meeting")
            .prefetch_related("people_causing_harm", "children", "status_history__changed_by",
                              "links__linked")
            .get(pk=pk))
