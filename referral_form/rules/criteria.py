"""The routes into MARAC (referral criteria) as pure functions, and the overall assessment.

Nothing here reads the clock, the database or a request: callers pass today's date in the
evidence and the area's thresholds, so the rules give the same answer in the wizard, the
self-check, the coordinators' review area and the tests.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import models

from .checklists import Checklist, Question, stalking_applies, standalone_indicators, yes_count
from .dates import format_day, months_after, months_before, plural
from .thresholds import Thresholds


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
    """What the referrer tells us beyond the checklist. `today` is always passed in."""

    professional_judgement: bool = False
    professional_judgement_rationale: str = ""
    incident_dates: tuple[date, ...] = ()
    last_marac_date: date | None = None
    new_incident_date: date | None = None
    suicide_self_harm: bool = False
    suicide_self_harm_details: str = ""
    today: date


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    met: bool
    reason: str

    @property
    def label(self) -> str:
        return Criterion(self.criterion).label


def visible_high_risk(
    checklist: Checklist, answers: Mapping[str, str], thresholds: Thresholds
) -> CriterionResult:
    """Met when the 'yes' count is at or above the area's threshold ('not known' never counts)."""
    count = yes_count(checklist, answers)
    threshold = thresholds.dash_threshold
    answers_text = plural(count, "'yes' answer")
    if count >= threshold:
        reason = f"{answers_text}: at or above the threshold of {threshold}."
        return CriterionResult(Criterion.VISIBLE_HIGH_RISK, True, reason)
    reason = f"{answers_text}: below the threshold of {threshold}."
    return CriterionResult(Criterion.VISIBLE_HIGH_RISK, False, reason)


def _indicator_prompt(indicators: list[Question]) -> str:
    if not indicators:
        return ""
    numbers = ", ".join(str(q.number) for q in indicators)
    word = "question" if len(indicators) == 1 else "questions"
    return (
        f" 'Yes' to {word} {numbers}, which can show high risk on their own: consider them "
        "in your judgement."
    )


def professional_judgement(
    checklist: Checklist, answers: Mapping[str, str], evidence: Evidence
) -> CriterionResult:
    """Met when the referrer judges the case high risk and says why.

    Standalone indicators answered 'yes' are mentioned as prompts but never meet the route on
    their own. This route only ever adds a way in: it cannot lower a visible-high-risk result,
    which is worked out separately from the score.
    """
    prompt = _indicator_prompt(standalone_indicators(checklist, answers))
    rationale = evidence.professional_judgement_rationale.strip()
    if evidence.professional_judgement and rationale:
        reason = "You judge that the person is at high risk of serious harm and have said why."
        return CriterionResult(Criterion.PROFESSIONAL_JUDGEMENT, True, reason + prompt)
    if evidence.professional_judgement:
        reason = "You judge the case high risk, but you have not said why: give your reasons."
        return CriterionResult(Criterion.PROFESSIONAL_JUDGEMENT, False, reason + prompt)
    reason = "You have not said that you judge the case to be high risk."
    return CriterionResult(Criterion.PROFESSIONAL_JUDGEMENT, False, reason + prompt)


def escalation_window_start(today: date, thresholds: Thresholds) -> date:
    """The first day of the escalation window that ends on (and includes) `today`."""
    return months_before(today, thresholds.escalation_window_months)


def escalation(evidence: Evidence, thresholds: Thresholds) -> CriterionResult:
    """Met when enough incidents fall within the escalation window.

    The window runs from the same calendar day `escalation_window_months` months before today
    (clamped to the end of a shorter month, so 31 August minus 6 months is 28 or 29 February)
    up to and including today; both ends count. Each date given counts as one incident, so two
    incidents on one day are entered twice. Dates after today are ignored.
    """
    start = escalation_window_start(evidence.today, thresholds)
    needed = thresholds.escalation_incidents
    future = [d for d in evidence.incident_dates if d > evidence.today]
    inside = [d for d in evidence.incident_dates if start <= d <= evidence.today]
    window = (
        f"in the {plural(thresholds.escalation_window_months, 'month')} from "
        f"{format_day(start)} to {format_day(evidence.today)}"
    )
    met = len(inside) >= needed
    comparison = "at or above" if met else "below"
    reason = (
        f"{plural(len(inside), 'incident')} {window}: {comparison} the {needed} needed."
    )
    if future:
        reason += f" {plural(len(future), 'date')} in the future ignored."
    return CriterionResult(Criterion.ESCALATION, met, reason)


def repeat_window_end(last_marac_date: date, thresholds: Thresholds) -> date:
    """The last day on which a new incident is a repeat of the case discussed on that date."""
    return months_after(last_marac_date, thresholds.repeat_window_months)


def repeat(evidence: Evidence, thresholds: Thresholds) -> CriterionResult:
    """Met when a new incident happens after the last MARAC and within the repeat window.

    The window runs from the day after the last MARAC up to and including the same calendar day
    `repeat_window_months` months later (clamped to the end of a shorter month).
    """
    last, new = evidence.last_marac_date, evidence.new_incident_date
    months = plural(thresholds.repeat_window_months, "month")
    if last is None:
        return CriterionResult(
            Criterion.REPEAT, False, "No date of a previous MARAC discussion was given."
        )
    if new is None:
        return CriterionResult(
            Criterion.REPEAT, False,
            f"No new incident date was given since the MARAC on {format_day(last)}.",
        )
    if new > evidence.today:
        return CriterionResult(
            Criterion.REPEAT, False, f"The new incident date {format_day(new)} is in the future."
        )
    if new <= last:
        return CriterionResult(
            Criterion.REPEAT, False,
            f"The incident on {format_day(new)} is not after the last MARAC on "
            f"{format_day(last)}.",
        )
    end = repeat_window_end(last, thresholds)
    if new > end:
        return CriterionResult(
            Criterion.REPEAT, False,
            f"The incident on {format_day(new)} is more than {months} after the last MARAC on "
            f"{format_day(last)} (the window ended on {format_day(end)}).",
        )
    return CriterionResult(
        Criterion.REPEAT, True,
        f"The incident on {format_day(new)} is within {months} of the last MARAC on "
        f"{format_day(last)} (up to and including {format_day(end)}).",
    )


def suicide_self_harm(evidence: Evidence) -> CriterionResult:
    """Met when there is a high risk of suicide or self-harm from the abuse, with details."""
    details = evidence.suicide_self_harm_details.strip()
    if evidence.suicide_self_harm and details:
        reason = "You have described a high risk of suicide or self-harm caused by the abuse."
        return CriterionResult(Criterion.SUICIDE_SELF_HARM, True, reason)
    if evidence.suicide_self_harm:
        reason = "You said there is a risk of suicide or self-harm but gave no details."
        return CriterionResult(Criterion.SUICIDE_SELF_HARM, False, reason)
    reason = "You have not said there is a high risk of suicide or self-harm."
    return CriterionResult(Criterion.SUICIDE_SELF_HARM, False, reason)


@dataclass(frozen=True)
class Assessment:
    """Every route's result for one set of answers, and the suggested meeting."""

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

    def result(self, criterion: Criterion) -> CriterionResult:
        return next(r for r in self.results if r.criterion == criterion)


def suggest_forum(count: int, met: tuple[Criterion, ...], thresholds: Thresholds) -> Forum:
    """The meeting a case is likely to go to first.

    Without pre-MARAC, always MARAC. With it: professional judgement or suicide/self-harm goes
    to full MARAC; a visible-high-risk score above the band goes to full MARAC and one within
    (or below) the band to pre-MARAC; escalation or repeat alone goes to pre-MARAC.
    """
    if not thresholds.premarac_enabled:
        return Forum.MARAC
    if Criterion.PROFESSIONAL_JUDGEMENT in met or Criterion.SUICIDE_SELF_HARM in met:
        return Forum.MARAC
    if Criterion.VISIBLE_HIGH_RISK in met:
        return Forum.MARAC if count > thresholds.premarac_band_high else Forum.PRE_MARAC
    if Criterion.ESCALATION in met or Criterion.REPEAT in met:
        return Forum.PRE_MARAC
    return Forum.MARAC


def assess(
    checklist: Checklist, answers: Mapping[str, str], evidence: Evidence, thresholds: Thresholds
) -> Assessment:
    """Apply every route to one set of answers and evidence."""
    results = (
        visible_high_risk(checklist, answers, thresholds),
        professional_judgement(checklist, answers, evidence),
        escalation(evidence, thresholds),
        repeat(evidence, thresholds),
        suicide_self_harm(evidence),
    )
    met = tuple(r.criterion for r in results if r.met)
    count = yes_count(checklist, answers)
    return Assessment(
        checklist_version=checklist.version,
        yes_count=count,
        threshold=thresholds.dash_threshold,
        question_count=checklist.question_count,
        results=results,
        met=met,
        any_met=bool(met),
        standalone=tuple(standalone_indicators(checklist, answers)),
        suggested_forum=suggest_forum(count, met, thresholds),
        stalking_applies=stalking_applies(checklist, answers),
    )


def describe_criterion(criterion: Criterion, thresholds: Thresholds) -> str:
    """The rule for one route in plain English, with this area's numbers."""
    descriptions = {
        Criterion.VISIBLE_HIGH_RISK: (
            f"{thresholds.dash_threshold} or more 'yes' answers on the checklist. 'Not known' "
            "does not count. Professional judgement must never be used to lower this."
        ),
        Criterion.PROFESSIONAL_JUDGEMENT: (
            "You believe the person is at high risk of serious harm, whatever the score, and "
            "you can say why. Answers such as extreme fear, strangulation, weapons or more than "
            "one person causing harm can show high risk on their own."
        ),
        Criterion.ESCALATION: (
            f"{thresholds.escalation_incidents} or more domestic abuse incidents in the last "
            f"{plural(thresholds.escalation_window_months, 'month')}, counting back to the same "
            "day of the month."
        ),
        Criterion.REPEAT: (
            "A new incident after the case was last discussed at MARAC and within "
            f"{plural(thresholds.repeat_window_months, 'month')} of that meeting: violence or "
            "threats of violence, a pattern of stalking or harassment, or rape or sexual abuse "
            "disclosed."
        ),
        Criterion.SUICIDE_SELF_HARM: (
            "The abuse is current and the person is at high risk of suicide or self-harm "
            "because of its ongoing impact."
        ),
    }
    return descriptions[Criterion(criterion)]


@dataclass(frozen=True)
class AdviceStep:
    key: str
    title: str
    text: str


# What to do when no route is met. Used by the self-check and the wizard's criteria step.
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
