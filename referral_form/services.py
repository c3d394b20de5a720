"""Referral business rules that views, the admin and tests all call."""

import datetime
import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from referral_form import crypto, rules
from referral_form.forms.steps import OTHER_AGENCY, OTHER_AGENCY_LABEL
from referral_form.models import (
    ChildDependant,
    PersonCausingHarm,
    Referral,
    ReferralLink,
    SpamTally,
    StatusChange,
)
from referral_form.notifications import notification_create
from referral_form.references import new_reference
from referral_form.scheduling import idva_referral_due

REFERENCE_ATTEMPTS = 8


class ReferralNotAccepted(Exception):
    """The answers meet no route to the threshold, so there is nothing to submit."""


@dataclass(frozen=True)
class ReferralSubmission:
    """Everything a referrer entered, validated and ready to store. Dates are ISO strings."""

    token: uuid.UUID
    checklist_version: str
    checklist_answers: dict
    stalking_answers: dict
    evidence: rules.Evidence
    referrer: dict
    person_at_risk: dict
    people_causing_harm: list = field(default_factory=list)
    has_children: str = "no"
    children: list = field(default_factory=list)
    narrative: dict = field(default_factory=dict)
    closed_marac_requested: bool = False
    closed_marac_reasons: str = ""
    # The checklist's comments box and the practitioner's level of risk (standard, medium, high).
    checklist_comments: str = ""
    risk_level: str = ""


def _parse_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def person_at_risk_lookup(person: dict) -> str:
    name = f"{person.get('first_name', '')} {person.get('last_name', '')}"
    return crypto.person_lookup_hash(name, _parse_date(person.get("date_of_birth"))) or ""


def person_causing_harm_lookup(person: dict) -> str:
    if person.get("name_not_known") or not person.get("name"):
        return ""
    return crypto.person_lookup_hash(person["name"], _parse_date(person.get("date_of_birth"))) \
        or ""


def referrer_agency_column(referrer: dict) -> str:
    """What the plain agency column holds: an entry of the area's list, or 'Another
    organisation' (that organisation's name stays in the encrypted referrer details)."""
    agency = str(referrer.get("agency") or "")
    if agency == OTHER_AGENCY or referrer.get("agency_other"):
        return OTHER_AGENCY_LABEL
    return agency[:200]


def evidence_to_json(evidence: rules.Evidence) -> dict:
    return {
        "professional_judgement": evidence.professional_judgement,
        "professional_judgement_rationale": evidence.professional_judgement_rationale,
        "incident_dates": [d.isoformat() for d in evidence.incident_dates],
        "last_marac_date": evidence.last_marac_date.isoformat()
        if evidence.last_marac_date else None,
        "new_incident_date": evidence.new_incident_date.isoformat()
        if evidence.new_incident_date else None,
        "escalating": evidence.escalating,
        "escalation_details": evidence.escalation_details,
        "repeat_incident_types": list(evidence.repeat_incident_types),
        "suicide_self_harm": evidence.suicide_self_harm,
        "suicide_self_harm_details": evidence.suicide_self_harm_details,
        "assessed_on": evidence.today.isoformat(),
    }


def referral_submit(
    *,
    submission: ReferralSubmission,
    rule_set: rules.RuleSet,
    verified: bool,
    bot_check_verdict: str = "",
    bot_check_score: float | None = None,
    spam_reason: str = "",
    now: datetime.datetime | None = None,
) -> tuple[Referral, bool]:
    """Store a referral once per submission token; returns (referral, created).

    The score and routes are worked out here from the answers, never taken from the browser.
    Suspected spam is stored too (so nothing real is lost) but coordinators are not notified.
    """
    existing = Referral.objects.filter(submission_token=submission.token).first()
    if existing is not None:
        return existing, False

    now = now or timezone.now()
    checklist = rules.get_checklist(submission.checklist_version)
    assessment = rules.assess(checklist, submission.checklist_answers, submission.evidence,
                              rule_set)
    if not assessment.any_met and not spam_reason:
        raise ReferralNotAccepted("The answers meet none of the routes to the MARAC threshold.")

    for _ in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                referral = _create_referral(submission, assessment, rule_set, now=now,
                                            verified=verified,
                                            bot_check_verdict=bot_check_verdict,
                                            bot_check_score=bot_check_score,
                                            spam_reason=spam_reason)
                if not spam_reason:
                    flag_repeats_and_links(referral=referral, rule_set=rule_set)
                    notification_create(referral=referral)
                return referral, True
        except IntegrityError:
            existing = Referral.objects.filter(submission_token=submission.token).first()
            if existing is not None:  # the same submission won a race (double click, two tabs)
                return existing, False
            # Otherwise the random reference collided: try another.
    raise RuntimeError("Could not allocate a unique referral reference.")


def _create_referral(submission, assessment, rule_set, *, now, verified, bot_check_verdict,
                     bot_check_score, spam_reason) -> Referral:
    met = {result.criterion: result.met for result in assessment.results}
    status = Referral.Status.SUSPECTED_SPAM if spam_reason else Referral.Status.SUBMITTED
    referral = Referral.objects.create(
        reference=new_reference(),
        submission_token=submission.token,
        status=status,
        received_at=now,
        verification=Referral.Verification.VERIFIED if verified
        else Referral.Verification.UNVERIFIED,
        bot_check_verdict=bot_check_verdict,
        bot_check_score=bot_check_score,
        spam_reason=spam_reason,
        checklist_version=submission.checklist_version,
        checklist_answers=submission.checklist_answers,
        stalking_answers=submission.stalking_answers,
        checklist_comments=submission.checklist_comments,
        risk_level=submission.risk_level,
        yes_count=assessment.yes_count,
        threshold_used=assessment.threshold,
        rule_set_key=rule_set.key,
        rule_set_version=rule_set.version,
        rule_set=rule_set.as_dict(),
        **{Referral.CRITERIA_FIELDS[str(criterion)]: was_met for criterion, was_met in met.items()},
        criteria_reasons={str(r.criterion): r.reason for r in assessment.results},
        criteria_evidence=evidence_to_json(submission.evidence),
        suggested_forum=assessment.suggested_forum,
        referrer=submission.referrer,
        referrer_agency=referrer_agency_column(submission.referrer),
        person_at_risk=submission.person_at_risk,
        person_at_risk_lookup=person_at_risk_lookup(submission.person_at_risk),
        aware_of_referral=submission.person_at_risk.get("aware_of_referral", ""),
        consent_given=submission.person_at_risk.get("consent_given", ""),
        lawful_basis=submission.person_at_risk.get("lawful_basis", ""),
        narrative=submission.narrative,
        has_children=submission.has_children,
        closed_marac_requested=submission.closed_marac_requested,
        closed_marac_reasons=submission.closed_marac_reasons,
        idva_referral_due=idva_referral_due(now, rule_set),
    )
    PersonCausingHarm.objects.bulk_create([
        PersonCausingHarm(referral=referral, position=i, details=person,
                          relationship=person.get("relationship", ""),
                          lookup=person_causing_harm_lookup(person))
        for i, person in enumerate(submission.people_causing_harm)
    ])
    ChildDependant.objects.bulk_create([
        ChildDependant(referral=referral, position=i, details=child,
                       unborn=bool(child.get("unborn")))
        for i, child in enumerate(submission.children)
    ])
    StatusChange.objects.create(referral=referral, status=status, changed_at=now)
    return referral


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    day = rules.months_before(timezone.localtime(moment).date(), months)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# The kind a link is stored with on the other referral, where it reads differently from there.
MIRRORED_KIND = {ReferralLink.Kind.RESUBMISSION: ReferralLink.Kind.RESUBMITTED_AS}
# Links that do not make a referral 'linked' (the same case again, not another case).
NOT_LINKED_KINDS = {ReferralLink.Kind.REPEAT, ReferralLink.Kind.RESUBMISSION,
                    ReferralLink.Kind.RESUBMITTED_AS}
# Referrals that never count as what a new one repeats: sent back, withdrawn, or not real.
NEVER_REPEATED = (Referral.Status.RETURNED, Referral.Status.WITHDRAWN,
                  Referral.Status.SUSPECTED_SPAM)
FULL_MARAC = "full"  # MaracMeeting.Kind.FULL: a hearing at a full MARAC meeting


def marac_hearings(same_victim: list[Referral], before: datetime.date):
    """(day heard, referral) for each full MARAC hearing of these referrals on or before
    `before`, earliest first. Returned and withdrawn referrals never count; a hearing at a
    pre-MARAC meeting is not a MARAC."""
    heard = [(hearing.heard_on, other) for other in same_victim
             if other.status not in NEVER_REPEATED
             for hearing in other.hearings.all()
             if hearing.meeting_kind == FULL_MARAC and hearing.heard_on <= before]
    return sorted(heard, key=lambda pair: (pair[0], pair[1].received_at, pair[1].pk))


def repeat_of(referral: Referral, same_victim: list[Referral], rule_set: rules.RuleSet):
    """The earlier referrals of the same person that make this one a repeat, by the area's rule.

    Only a case HEARD at a full MARAC counts, within the area's window counted from what its
    rule set says: the previous (heard) referral, or the person's first or last MARAC hearing.
    An area without a repeat route (Kent and Medway, 000) has no repeats. `same_victim` comes
    with each referral's hearings.
    """
    if not rule_set.uses(rules.Criterion.REPEAT) or not rule_set.repeat_window_months:
        return []
    received_on = timezone.localtime(referral.received_at).date()
    months = rule_set.repeat_window_months
    heard = marac_hearings(same_victim, received_on)
    if not heard:
        return []
    if rule_set.repeat_counts_from == rules.RepeatCountsFrom.PREVIOUS_REFERRAL:
        start = rules.months_before(received_on, months)
        repeated = {}
        for _day, other in heard:
            if timezone.localtime(other.received_at).date() >= start:
                repeated[other.pk] = other
        return list(repeated.values())
    day, counted = heard[0] if rule_set.repeat_counts_from == rules.RepeatCountsFrom.FIRST_MARAC \
        else heard[-1]
    if received_on > rules.months_after(day, months):
        return []
    return [counted]


def resubmission_of(referral: Referral, same_victim: list[Referral]) -> Referral | None:
    """The returned referral this one corrects: the person's latest earlier referral, when it
    was returned to the referrer. A resubmission is linked as such, never as a repeat."""
    if not same_victim:
        return None
    latest = max(same_victim, key=lambda other: (other.received_at, other.pk))
    return latest if latest.status == Referral.Status.RETURNED else None


def flag_repeats_and_links(*, referral: Referral, rule_set: rules.RuleSet) -> None:
    """Flag and link earlier referrals that share a person, by keyed hash (protocol 2.5-2.7).

    - Repeat: the same person at risk, heard at a full MARAC, within the area's repeat window
      counted from what the area counts from (the previous referral, or the first or last MARAC
      hearing). An area without a repeat route (Kent and Medway, 000) flags no repeats.
    - Resubmission: the person's latest earlier referral was returned; this one corrects it.
    - Linked: the same person at risk was referred before with a different person causing
      harm, or a person causing harm here was named in a referral for someone else.
    """
    earlier = (Referral.objects.exclude(pk=referral.pk)
               .exclude(status=Referral.Status.SUSPECTED_SPAM)
               .filter(received_at__lte=referral.received_at))
    harmers = {p.lookup for p in referral.people_causing_harm.all() if p.lookup}
    found: list[tuple[Referral, str]] = []

    if referral.person_at_risk_lookup:
        same_victim = list(earlier.filter(person_at_risk_lookup=referral.person_at_risk_lookup)
                           .prefetch_related("people_causing_harm", "hearings"))
        repeats = repeat_of(referral, same_victim, rule_set)
        found.extend((other, ReferralLink.Kind.REPEAT) for other in repeats)
        corrected = resubmission_of(referral, same_victim)
        if corrected is not None:
            found.append((corrected, ReferralLink.Kind.RESUBMISSION))
        for other in same_victim:
            other_harmers = {p.lookup for p in other.people_causing_harm.all() if p.lookup}
            if harmers and other_harmers and not harmers & other_harmers:
                found.append((other, ReferralLink.Kind.SAME_VICTIM))

    if harmers:
        same_harmer = (earlier.filter(people_causing_harm__lookup__in=harmers)
                       .exclude(person_at_risk_lookup=referral.person_at_risk_lookup)
                       .distinct())
        found.extend((other, ReferralLink.Kind.SAME_HARMER) for other in same_harmer)

    ReferralLink.objects.bulk_create(
        [ReferralLink(referral=referral, linked=other, kind=kind) for other, kind in found]
        + [ReferralLink(referral=other, linked=referral, kind=MIRRORED_KIND.get(kind, kind))
           for other, kind in found],
        ignore_conflicts=True,
    )
    linked_others = {other.pk for other, kind in found if kind not in NOT_LINKED_KINDS}
    if linked_others:
        Referral.objects.filter(pk__in=linked_others).update(is_linked=True)
    kinds = {kind for _, kind in found}
    referral.is_repeat = ReferralLink.Kind.REPEAT in kinds
    referral.is_linked = bool(kinds - NOT_LINKED_KINDS)
    if kinds:
        Referral.objects.filter(pk=referral.pk).update(is_repeat=referral.is_repeat,
                                                       is_linked=referral.is_linked)


def spam_tally_add(*, reason: str, day: datetime.date) -> None:
    """Count one suspected-spam submission that was over the day's cap and not stored."""
    tally, created = SpamTally.objects.get_or_create(day=day, reason=reason,
                                                     defaults={"dropped": 1})
    if not created:
        SpamTally.objects.filter(pk=tally.pk).update(dropped=F("dropped") + 1)
