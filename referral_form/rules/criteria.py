"""The routes into MARAC (referral criteria) as pure functions, and the overall assessment.

Nothing here reads the clock, the database or a request: callers pass today's date in the
evidence and the area's rule set (areas.py), so the rules give the same answer in the wizard, the
self-check, the coordinators' review area and the tests.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import models

from .checklists import Answer, Checklist, Question, stalking_applies, yes_count
from .dates import format_day, months_after, months_before, plural

if TYPE_CHECKING:
    from .areas import RuleSet


class Criterion(models.TextChoices):
    VISIBLE_HIGH_RISK = "visible_high_risk", "Visible high risk"
    PROFESSIONAL_JUDGEMENT = "professional_judgement", "Professional judgement"
    ESCALATION = "escalation", "Potential escalation"
    REPEAT = "repeat", "Repeat referral"
    SUICIDE_SELF_HARM = "suicide_self_harm", "Suicide or self-harm"


# Shorter names for tight spaces such as the coordinators' referral list.
SHORT_LABELS = {
    Criterion.VISIBLE_HIGH_RISK: "Visible high risk",
    Criterion.PROFESSIONAL_JUDGEMENT: "Judgement",
    Criterion.ESCALATION: "Escalation",
    Criterion.REPEAT: "Repeat",
    Criterion.SUICIDE_SELF_HARM: "Suicide or self-harm",
}


class Forum(models.TextChoices):
    MARAC = "marac", "MARAC meeting"
    PRE_MARAC = "pre_marac", "Pre-MARAC meeting"


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """What the referrer tells us beyond the checklist. `today` is always passed in.

    `last_marac_date` is the date the area's repeat window counts from (the first or last
    MARAC meeting, or the previous referral: see the rule set's `repeat_counts_from`).
    """

    professional_judgement: bool = False
    professional_judgement_rationale: str = ""
    escalating: bool = False
    escalation_details: str = ""
    incident_dates: tuple[date, ...] = ()
    last_marac_date: date | None = None
    new_incident_date: date | None = None
    repeat_incident_types: tuple[str, ...] = ()
    suicide_self_harm: bool = False
    suicide_self_harm_details: str = ""
    today: date


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    met: bool
    reason: str
    label: str = ""

    def __post_init__(self):
        if not self.label:
            object.__setattr__(self, "label", Criterion(self.criterion).label)


def _result(rule_set: "RuleSet", criterion: Criterion, met: bool, reason: str):
    return CriterionResult(criterion, met, reason, rule_set.route_label(criterion))


def visible_high_risk(
    checklist: Checklist, answers: Mapping[str, str], rule_set: "RuleSet"
) -> CriterionResult:
    """Met when the 'yes' count is at or above the area's count ('not known' never counts)."""
    count = yes_count(checklist, answers)
    threshold = rule_set.visible_high_risk_count
    answers_text = plural(count, "'yes' answer")
    if count >= threshold:
        reason = f"{answers_text}: at or above the threshold of {threshold}."
        if rule_set.premarac and rule_set.premarac.in_band(count):
            band = rule_set.premarac
            reason += (f" {rule_set.area_name} discusses scores of {band.band_low} to "
                       f"{band.band_high} first at a pre-MARAC meeting.")
        return _result(rule_set, Criterion.VISIBLE_HIGH_RISK, True, reason)
    reason = f"{answers_text}: below the threshold of {threshold}."
    return _result(rule_set, Criterion.VISIBLE_HIGH_RISK, False, reason)


def standalone_indicators(
    checklist: Checklist, answers: Mapping[str, str], rule_set: "RuleSet"
) -> tuple[Question, ...]:
    """The area's standalone high-risk indicator questions answered 'yes', in question order."""
    ids = set(rule_set.standalone_indicator_ids)
    return tuple(q for q in checklist.questions if q.id in ids and answers.get(q.id) == Answer.YES)


def _indicator_prompt(indicators: tuple[Question, ...]) -> str:
    if not indicators:
        return ""
    numbers = ", ".join(str(q.number) for q in indicators)
    word = "question" if len(indicators) == 1 else "questions"
    return (
        f" 'Yes' to {word} {numbers}, which this area's protocol names as signs of high risk "
        "on their own: consider them in your judgement."
    )


def professional_judgement(
    checklist: Checklist, answers: Mapping[str, str], evidence: Evidence, rule_set: "RuleSet"
) -> CriterionResult:
    """Met when the referrer judges the case high risk and says why.

    The area's standalone indicators answered 'yes' are mentioned as prompts but never meet the
    route on their own. This route only ever adds a way in: it cannot lower a visible-high-risk
    result, which is worked out separately from the score.
    """
    prompt = _indicator_prompt(standalone_indicators(checklist, answers, rule_set))
    rationale = evidence.professional_judgement_rationale.strip()
    if evidence.professional_judgement and rationale:
        reason = "You judge that the person is at high risk of serious harm and have said why."
        return _result(rule_set, Criterion.PROFESSIONAL_JUDGEMENT, True, reason + prompt)
    if evidence.professional_judgement:
        reason = "You judge the case high risk, but you have not said why: give your reasons."
        return _result(rule_set, Criterion.PROFESSIONAL_JUDGEMENT, False, reason + prompt)
    reason = "You have not said that you judge the case to be high risk."
    return _result(rule_set, Criterion.PROFESSIONAL_JUDGEMENT, False, reason + prompt)


def escalation_window_start(today: date, rule_set: "RuleSet") -> date | None:
    """The first day of the area's escalation window ending on `today` (None if it has none)."""
    if not rule_set.escalation_window_months:
        return None
    return months_before(today, rule_set.escalation_window_months)


def incidents_in_window(evidence: Evidence, rule_set: "RuleSet") -> tuple[date, ...]:
    """The incident dates inside the area's escalation window (both ends count)."""
    start = escalation_window_start(evidence.today, rule_set)
    if start is None:
        return ()
    return tuple(d for d in evidence.incident_dates if start <= d <= evidence.today)


def escalation_prompt(evidence: Evidence, rule_set: "RuleSet") -> str:
    """What the area's numbers say about the dates given, for an area where it is a judgement.

    Kent and Medway (000) asks services to consider the potential for serious harm when three
    events fall within six months; that prompts the referrer's judgement, it never decides.
    """
    if rule_set.escalation_is_counted or not rule_set.escalation_window_months:
        return ""
    inside = incidents_in_window(evidence, rule_set)
    months = plural(rule_set.escalation_window_months, "month")
    start = escalation_window_start(evidence.today, rule_set)
    text = (f"You gave {plural(len(inside), 'incident')} in the {months} from "
            f"{format_day(start)} to {format_day(evidence.today)}.")
    needed = rule_set.escalation_incidents
    if needed and len(inside) >= needed:
        text += (f" {rule_set.area_name} asks services to consider the potential for serious "
                 f"harm or homicide when {needed} or more domestic abuse events fall within "
                 f"{months}.")
    return text


def escalation(evidence: Evidence, rule_set: "RuleSet") -> CriterionResult:
    """Potential escalation, as the area defines it.

    Where the area leaves it to the referrer (all three seeded areas), it is met when the
    referrer says the abuse is escalating and describes how; the dates only prompt. Where an
    area has chosen a count, it is met when enough incident dates fall inside the window, which
    runs from the same calendar day `escalation_window_months` months before today (clamped to
    a shorter month's end) up to and including today. Dates after today are ignored.
    """
    future = [d for d in evidence.incident_dates if d > evidence.today]
    ignored = f" {plural(len(future), 'date')} in the future ignored." if future else ""
    if rule_set.escalation_is_counted:
        inside = incidents_in_window(evidence, rule_set)
        needed = rule_set.escalation_incidents
        start = escalation_window_start(evidence.today, rule_set)
        met = len(inside) >= needed
        comparison = "at or above" if met else "below"
        reason = (
            f"{plural(len(inside), 'incident')} in the "
            f"{plural(rule_set.escalation_window_months, 'month')} from {format_day(start)} to "
            f"{format_day(evidence.today)}: {comparison} the {needed} needed."
        )
        return _result(rule_set, Criterion.ESCALATION, met, reason + ignored)
    prompt = escalation_prompt(evidence, rule_set)
    prompt = f" {prompt}" if prompt else ""
    details = evidence.escalation_details.strip()
    if evidence.escalating and details:
        reason = "You judge that the abuse is escalating and have described how."
        return _result(rule_set, Criterion.ESCALATION, True, reason + prompt + ignored)
    if evidence.escalating:
        reason = "You judge that the abuse is escalating but have not described how."
        return _result(rule_set, Criterion.ESCALATION, False, reason + prompt + ignored)
    reason = "You have not said that the abuse is escalating."
    return _result(rule_set, Criterion.ESCALATION, False, reason + prompt + ignored)


def repeat_window_end(counted_from: date, rule_set: "RuleSet") -> date:
    """The last day on which a new incident is a repeat, counting from the area's date."""
    return months_after(counted_from, rule_set.repeat_window_months)


def repeat(evidence: Evidence, rule_set: "RuleSet") -> CriterionResult:
    """Met when a new incident falls after the area's starting date and within its window.

    The window runs from the day after the date the area counts from (Bristol: the first MARAC
    meeting; Kirklees: the referral) up to and including the same calendar day
    `repeat_window_months` months later (clamped to the end of a shorter month). Where the area
    lists the kinds of incident that count, at least one must be given.
    """
    from .areas import RepeatCountsFrom, RepeatIncident

    def result(met, reason):
        return _result(rule_set, Criterion.REPEAT, met, reason)

    start, new = evidence.last_marac_date, evidence.new_incident_date
    what = RepeatCountsFrom(rule_set.repeat_counts_from).label
    months = plural(rule_set.repeat_window_months, "month")
    if start is None:
        return result(False, f"No date of {what} was given.")
    if new is None:
        return result(False, f"No new incident date was given since {format_day(start)}.")
    if new > evidence.today:
        return result(False, f"The new incident date {format_day(new)} is in the future.")
    if new <= start:
        return result(False, f"The incident on {format_day(new)} is not after {what} on "
                              f"{format_day(start)}.")
    end = repeat_window_end(start, rule_set)
    if new > end:
        return result(False, f"The incident on {format_day(new)} is more than {months} after "
                             f"{what} on {format_day(start)} (the window ended on "
                             f"{format_day(end)}).")
    if rule_set.repeat_incident_types:
        given = [t for t in evidence.repeat_incident_types if t in rule_set.repeat_incident_types]
        if not given:
            return result(False, f"The incident on {format_day(new)} is within {months}, but "
                                 f"none of the kinds of incident {rule_set.area_name} counts as "
                                 "a repeat was chosen.")
        kinds = "; ".join(RepeatIncident(t).label.lower() for t in given)
        return result(True, f"The incident on {format_day(new)} ({kinds}) is within {months} of "
                            f"{what} on {format_day(start)} (up to and including "
                            f"{format_day(end)}).")
    return result(True, f"The incident on {format_day(new)} is within {months} of {what} on "
                        f"{format_day(start)} (up to and including {format_day(end)}).")


def suicide_self_harm(evidence: Evidence, rule_set: "RuleSet") -> CriterionResult:
    """Met when there is a high risk of suicide or self-harm from the abuse, with details."""
    details = evidence.suicide_self_harm_details.strip()
    if evidence.suicide_self_harm and details:
        reason = "You have described a high risk of suicide or self-harm caused by the abuse."
        return _result(rule_set, Criterion.SUICIDE_SELF_HARM, True, reason)
    if evidence.suicide_self_harm:
        reason = "You said there is a risk of suicide or self-harm but gave no details."
        return _result(rule_set, Criterion.SUICIDE_SELF_HARM, False, reason)
    reason = "You have not said there is a high risk of suicide or self-harm."
    return _result(rule_set, Criterion.SUICIDE_SELF_HARM, False, reason)


@dataclass(frozen=True)
class Assessment:
    """Every route the area uses, its result for one set of answers, and the suggested meeting."""

    checklist_version: str
    yes_count: int
    threshold: int
    question_count: int
    results: tuple[CriterionResult, ...]
    met: tuple[Criterion, ...]
    any_met: bool
    standalone: tuple[Question, ...]
    suggested_forum: str
    stalking_applies: bool
    rule_set_key: str = ""

    def result(self, criterion: Criterion) -> CriterionResult | None:
        return next((r for r in self.results if r.criterion == criterion), None)


def suggest_forum(count: int, met: tuple[Criterion, ...], rule_set: "RuleSet") -> Forum:
    """The meeting a case goes to first, by the area's pre-MARAC routing.

    Without pre-MARAC, always MARAC. With it (Bristol, 004): professional judgement always goes
    to full MARAC; a score above the band goes to full MARAC and one within it to pre-MARAC;
    escalation and repeats go first to pre-MARAC where the area says so.
    """
    premarac = rule_set.premarac
    if premarac is None:
        return Forum.MARAC
    if Criterion.PROFESSIONAL_JUDGEMENT in met or Criterion.SUICIDE_SELF_HARM in met:
        return Forum.MARAC
    if Criterion.VISIBLE_HIGH_RISK in met:
        return Forum.PRE_MARAC if premarac.in_band(count) else Forum.MARAC
    if Criterion.ESCALATION in met and premarac.escalation_first:
        return Forum.PRE_MARAC
    if Criterion.REPEAT in met and premarac.repeat_first:
        return Forum.PRE_MARAC
    return Forum.MARAC


def assess(
    checklist: Checklist, answers: Mapping[str, str], evidence: Evidence, rule_set: "RuleSet"
) -> Assessment:
    """Apply every route the area uses to one set of answers and evidence."""
    route_results = {
        Criterion.VISIBLE_HIGH_RISK: lambda: visible_high_risk(checklist, answers, rule_set),
        Criterion.PROFESSIONAL_JUDGEMENT: lambda: professional_judgement(
            checklist, answers, evidence, rule_set),
        Criterion.ESCALATION: lambda: escalation(evidence, rule_set),
        Criterion.REPEAT: lambda: repeat(evidence, rule_set),
        Criterion.SUICIDE_SELF_HARM: lambda: suicide_self_harm(evidence, rule_set),
    }
    results = tuple(route_results[c]() for c in Criterion if rule_set.uses(c))
    met = tuple(r.criterion for r in results if r.met)
    count = yes_count(checklist, answers)
    return Assessment(
        checklist_version=checklist.version,
        yes_count=count,
        threshold=rule_set.visible_high_risk_count,
        question_count=checklist.question_count,
        results=results,
        met=met,
        any_met=bool(met),
        standalone=standalone_indicators(checklist, answers, rule_set),
        suggested_forum=suggest_forum(count, met, rule_set),
        stalking_applies=stalking_applies(checklist, answers),
        rule_set_key=rule_set.key,
    )


def describe_criterion(criterion: Criterion, rule_set: "RuleSet") -> str:
    """The area's own definition of one route, in plain English ('' if it does not use it)."""
    return rule_set.route_definitions.get(Criterion(criterion), "")


@dataclass(frozen=True)
class AdviceStep:
    key: str
    title: str
    text: str


# What to do when no route is met, as a library: each area's rule set names the steps its own
# document gives (`RuleSet.below_threshold_advice`), and `advice_for()` returns them in order.
BELOW_THRESHOLD_ADVICE: tuple[AdviceStep, ...] = (
    AdviceStep(
        "safety_plan",
        "Make a safety plan now",
        "Agree with the person how they can stay safe, following your own agency's procedures. "
        "Do not wait for a meeting to act on a risk you can see, and complete the checklist "
        "again if anything changes.",
    ),
    AdviceStep(
        "local_support",
        "Offer local domestic abuse support",
        "With the person's consent, refer them to a local domestic abuse service that can give "
        "advice, advocacy and support at every level of risk.",
    ),
    AdviceStep(
        "professionals_meeting",
        "Consider a professionals' meeting",
        "Bring together the agencies already involved to share what they know and agree who "
        "will do what.",
    ),
    AdviceStep(
        "safeguarding_lead",
        "Talk to your safeguarding lead",
        "Your designated safeguarding lead can help you decide whether the risk is higher than "
        "the answers show, and whether to refer on professional judgement. Follow children's "
        "and adults' safeguarding procedures where they apply.",
    ),
    AdviceStep(
        "coordinators",
        "Ask the MARAC coordinators for advice",
        "If you are still unsure, contact the coordination team before you decide. Do not "
        "email personal details.",
    ),
)

ADVICE_BY_KEY = {step.key: step for step in BELOW_THRESHOLD_ADVICE}


def advice_for(rule_set: "RuleSet") -> tuple[AdviceStep, ...]:
    """The below-threshold steps the area's document gives, in the order it lists them."""
    return tuple(ADVICE_BY_KEY[key] for key in rule_set.below_threshold_advice)
