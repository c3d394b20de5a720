"""Each MARAC area's own rules, as data: one immutable `RuleSet` per area.

Areas really differ (Kirklees's protocol, Kent and Medway's referral page and Bristol's leaflet
are in ../shared/seeds), so nothing is blended: every value below belongs to one area and
carries the seed document and section it comes from (`Source`). A value a document does not
state is marked `AREA_CHOICE`: the area decides it in the admin; we never invent it.

The wizard, the self-check, the criteria guidance block, the below-threshold advice, the
confirmation and the coordinators' triage all read a `RuleSet`, so they cannot disagree. A
referral stores the rule set it was judged by (`RuleSet.as_dict()`), so a later change to an
area's rules never changes how an old referral was assessed.

Administrators copy a seeded rule set into an `AreaRuleSet` row (referral_form.models) and
change its values there; `validate()` holds the checks that the admin form runs.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from types import MappingProxyType

from django.db import models

from .checklists import CHECKLISTS, get_checklist
from .criteria import Criterion


class EscalationMode(models.TextChoices):
    JUDGEMENT = "judgement", "The referrer judges it (the area's numbers are a prompt)"
    COUNT = "count", "The system counts incidents in the window"


class RepeatCountsFrom(models.TextChoices):
    FIRST_MARAC = "first_marac", "the first MARAC meeting about the person"
    LAST_MARAC = "last_marac", "the last MARAC meeting about the person"
    PREVIOUS_REFERRAL = "previous_referral", "the previous MARAC referral"


class DayKind(models.TextChoices):
    CALENDAR = "calendar", "days"
    WORKING = "working", "working days"


class RepeatIncident(models.TextChoices):
    """Kinds of incident that make a repeat, where an area lists them (Bristol, 004)."""

    VIOLENCE = "violence", "Violence or threats of violence to the victim"
    STALKING = "stalking", "A pattern of stalking or harassment"
    SEXUAL_ABUSE = "sexual_abuse", "Rape or sexual abuse disclosed"


@dataclass(frozen=True)
class Source:
    """Where a value comes from: a seed document, its section, and the words that state it.

    `quote` is copied exactly from the seed (whitespace aside), so a test can find it there.
    An empty `seed` means the document says nothing: the value is the area's own choice.
    """

    seed: str = ""
    section: str = ""
    quote: str = ""

    @property
    def is_area_choice(self) -> bool:
        return not self.seed

    def __str__(self) -> str:
        if self.is_area_choice:
            return "The area's choice: its document does not say."
        return f"Seed {self.seed}, {self.section}"


AREA_CHOICE = Source()

# The seed documents of the three demo areas (../shared/seeds).
SEED_DOCUMENTS = {
    "000": "Kent and Medway: Make a MARAC referral (web page)",
    "003": "Kirklees MARAC Operating Protocol, with the DASH and referral form as appendices",
    "004": "Bristol DVA MARAC: information leaflet for professionals",
}


@dataclass(frozen=True)
class PreMaracRouting:
    """Which cases go first to a pre-MARAC meeting (only areas that hold them)."""

    band_low: int
    band_high: int
    escalation_first: bool
    repeat_first: bool

    def in_band(self, count: int) -> bool:
        return self.band_low <= count <= self.band_high


def _frozen(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, kw_only=True)
class RuleSet:
    """One area's referral rules. Immutable: build a changed copy with `changed()`."""

    key: str
    area_name: str
    version: int = 1
    based_on: str = ""
    checklist_version: str
    visible_high_risk_count: int
    routes: tuple[str, ...]
    # The area's own name for each route it uses, and its definition in our words.
    route_labels: Mapping[str, str]
    route_definitions: Mapping[str, str]
    escalation_mode: str = EscalationMode.JUDGEMENT
    escalation_incidents: int | None = None
    escalation_window_months: int | None = None
    repeat_window_months: int | None = None
    repeat_counts_from: str = ""
    repeat_incident_types: tuple[str, ...] = ()
    standalone_indicator_ids: tuple[str, ...] = ()
    premarac: PreMaracRouting | None = None
    idva_contact_days: int | None = None
    idva_day_kind: str = DayKind.CALENDAR
    agenda_circulation_working_days: int | None = None
    meeting_cadence: str = ""
    flag_months: int | None = None
    below_threshold_advice: tuple[str, ...] = ("coordinators",)
    sources: Mapping[str, Source] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "routes", tuple(self.routes))
        object.__setattr__(self, "repeat_incident_types", tuple(self.repeat_incident_types))
        object.__setattr__(self, "standalone_indicator_ids", tuple(self.standalone_indicator_ids))
        object.__setattr__(self, "below_threshold_advice", tuple(self.below_threshold_advice))
        for name in ("route_labels", "route_definitions", "sources"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    # --- what the rest of the site asks ---------------------------------------------------

    def uses(self, route: str) -> bool:
        return route in self.routes

    def route_label(self, route: str) -> str:
        return self.route_labels.get(route) or Criterion(route).label

    @property
    def premarac_enabled(self) -> bool:
        return self.premarac is not None

    @property
    def checklist(self):
        return get_checklist(self.checklist_version)

    @property
    def escalation_is_counted(self) -> bool:
        return self.escalation_mode == EscalationMode.COUNT

    def source(self, name: str) -> Source:
        return self.sources.get(name, AREA_CHOICE)

    @property
    def idva_promise(self) -> str:
        """What the area promises about the IDVA, or '' if its document promises no time."""
        if self.idva_contact_days is None:
            return ""
        unit = DayKind(self.idva_day_kind).label
        if self.idva_contact_days == 1:
            unit = unit[:-1]
        return f"within {self.idva_contact_days} {unit}"

    def changed(self, **values) -> "RuleSet":
        return replace(self, **values)

    # --- storage --------------------------------------------------------------------------

    def as_dict(self) -> dict:
        """Plain JSON-ready values, stored with each referral."""
        data = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Mapping):
                value = dict(value)
            elif isinstance(value, PreMaracRouting):
                value = asdict(value)
            data[f.name] = value
        data["sources"] = {name: asdict(source) for name, source in self.sources.items()}
        return data

    @classmethod
    def from_dict(cls, data: Mapping) -> "RuleSet":
        known = {f.name for f in fields(cls)}
        values = {name: value for name, value in data.items() if name in known}
        premarac = values.get("premarac")
        if isinstance(premarac, Mapping):
            values["premarac"] = PreMaracRouting(**premarac)
        values["sources"] = {
            name: Source(**source) for name, source in (values.get("sources") or {}).items()
        }
        return cls(**values)


def validate(rule_set: RuleSet) -> dict[str, str]:
    """Problems with a rule set's values, by field name ({} when it is sound)."""
    errors: dict[str, str] = {}
    checklist = CHECKLISTS.get(rule_set.checklist_version)
    if checklist is None:
        errors["checklist_version"] = "Choose one of the checklists."
    elif not 1 <= rule_set.visible_high_risk_count <= checklist.question_count:
        errors["visible_high_risk_count"] = (
            f"The {checklist.label} has {checklist.question_count} questions: the count must be "
            f"between 1 and {checklist.question_count}."
        )
    unknown_routes = set(rule_set.routes) - set(Criterion.values)
    if unknown_routes or not rule_set.routes:
        errors["routes"] = "Choose at least one route, from the list."
    elif Criterion.VISIBLE_HIGH_RISK not in rule_set.routes:
        errors["routes"] = "Every area uses visible high risk: the checklist score."
    if rule_set.uses(Criterion.ESCALATION) and rule_set.escalation_is_counted:
        if not rule_set.escalation_incidents or rule_set.escalation_incidents < 2:
            errors["escalation_incidents"] = (
                "When the system counts incidents, give how many (2 or more) meet the route."
            )
        if not rule_set.escalation_window_months:
            errors["escalation_window_months"] = (
                "When the system counts incidents, give the window in months."
            )
    if rule_set.uses(Criterion.REPEAT):
        if not rule_set.repeat_window_months or not 1 <= rule_set.repeat_window_months <= 36:
            errors["repeat_window_months"] = "Give the repeat window: 1 to 36 months."
        if rule_set.repeat_counts_from not in RepeatCountsFrom.values:
            errors["repeat_counts_from"] = "Choose what the repeat window counts from."
    if set(rule_set.repeat_incident_types) - set(RepeatIncident.values):
        errors["repeat_incident_types"] = "Choose repeat incident kinds from the list."
    if checklist is not None:
        question_ids = {q.id for q in checklist.questions}
        if set(rule_set.standalone_indicator_ids) - question_ids:
            errors["standalone_indicator_ids"] = (
                f"Standalone indicators must be questions of the {checklist.label}."
            )
    premarac = rule_set.premarac
    if premarac is not None:
        if premarac.band_low > premarac.band_high:
            errors["premarac"] = "The pre-MARAC band's highest count must not be below its lowest."
        elif premarac.band_low < rule_set.visible_high_risk_count:
            errors["premarac"] = (
                "The pre-MARAC band starts below the visible high risk count: cases under the "
                "threshold do not meet that route."
            )
    if rule_set.idva_contact_days is not None and not 1 <= rule_set.idva_contact_days <= 30:
        errors["idva_contact_days"] = "The IDVA contact time must be 1 to 30 days."
    circulation = rule_set.agenda_circulation_working_days
    if circulation is not None and not 1 <= circulation <= 20:
        errors["agenda_circulation_working_days"] = "Circulation must be 1 to 20 working days."
    from .criteria import ADVICE_BY_KEY

    if set(rule_set.below_threshold_advice) - set(ADVICE_BY_KEY):
        errors["below_threshold_advice"] = "Choose advice steps from the list."
    if rule_set.flag_months is not None and not 1 <= rule_set.flag_months <= 36:
        errors["flag_months"] = "The flag period must be 1 to 36 months."
    return errors


def _src(seed: str, section: str, quote: str) -> Source:
    return Source(seed=seed, section=section, quote=quote)


KIRKLEES = RuleSet(
    key="kirklees",
    area_name="Kirklees",
    checklist_version="dash-2009-27",
    visible_high_risk_count=14,
    routes=(Criterion.VISIBLE_HIGH_RISK, Criterion.PROFESSIONAL_JUDGEMENT, Criterion.ESCALATION,
            Criterion.REPEAT),
    route_labels={
        Criterion.VISIBLE_HIGH_RISK: "Visible high risk",
        Criterion.PROFESSIONAL_JUDGEMENT: "Professional judgement",
        Criterion.ESCALATION: "Potential escalation",
        Criterion.REPEAT: "Repeat incident",
    },
    route_definitions={
        Criterion.VISIBLE_HIGH_RISK: (
            "Refer every case where 14 or more questions on the DASH are answered 'yes'."
        ),
        Criterion.PROFESSIONAL_JUDGEMENT: (
            "You may refer on your professional judgement when you consider the person to be "
            "at high risk of serious harm, whatever the score."
        ),
        Criterion.ESCALATION: (
            "You may refer when the abuse is escalating and the information needs to be "
            "shared more fully at the MARAC. The protocol gives no count: it is your judgement."
        ),
        Criterion.REPEAT: (
            "Refer every repeat incident within 12 months of a MARAC referral, whether or not "
            "the new incident meets the criteria on its own, and say on the form that it is a "
            "repeat."
        ),
    },
    escalation_mode=EscalationMode.JUDGEMENT,
    repeat_window_months=12,
    repeat_counts_from=RepeatCountsFrom.PREVIOUS_REFERRAL,
    standalone_indicator_ids=(
        "pregnant", "weapons", "threats_to_kill", "strangulation", "animal_cruelty",
    ),
    idva_contact_days=2,
    idva_day_kind=DayKind.CALENDAR,
    agenda_circulation_working_days=5,
    meeting_cadence="At least once a month",
    flag_months=12,
    below_threshold_advice=("safety_plan", "local_support", "safeguarding_lead", "coordinators"),
    sources={
        "checklist_version": _src("003", "1.4", "It contains 27 questions"),
        "below_threshold_advice": _src(
            "003", "1.6, 1.7 and 2.4",
            "professionals should make appropriate referrals or signpost to other services"),
        "visible_high_risk_count": _src(
            "003", "2.1",
            "all cases where the DASH-RIC had 14 or more items ticked 'yes'"),
        "routes": _src("003", "2.1 and 2.6",
                       "Agencies should refer all repeat incidents, regardless if the incident "
                       "meets the criteria for a MARAC referral in its own right"),
        "escalation_mode": _src("003", "2.1",
                                "in cases of **potential escalation**, where abuse is escalating "
                                "and it is necessary to share information more fully"),
        "repeat_window_months": _src("003", "2.5",
                                     "for 12 months following a referral"),
        "repeat_counts_from": _src("003", "2.5", "for 12 months following a referral"),
        "standalone_indicator_ids": _src(
            "003", "1.5",
            "Cases that include physical abuse during pregnancy, strangulation, threats, "
            "cruelty to animals, the use of weapons and/or threats to kill are also usually "
            "considered to be high risk."),
        "idva_contact_days": _src("003", "4.4", "within two days of a referral to MARAC"),
        "agenda_circulation_working_days": _src(
            "003", "5.2", "circulated at least 5 working days before the MARAC"),
        "meeting_cadence": _src("003", "5.8", "at a minimum of once every month"),
        "flag_months": _src("003", "5.6",
                            "cases that have not been discussed in 12 months"),
    },
)

KENT_MEDWAY = RuleSet(
    key="kent-medway",
    area_name="Kent and Medway",
    checklist_version="dash-2009-27",
    visible_high_risk_count=14,
    routes=(Criterion.VISIBLE_HIGH_RISK, Criterion.PROFESSIONAL_JUDGEMENT, Criterion.ESCALATION,
            Criterion.SUICIDE_SELF_HARM),
    route_labels={
        Criterion.VISIBLE_HIGH_RISK: "Visible high risk",
        Criterion.PROFESSIONAL_JUDGEMENT: "Professional judgement",
        Criterion.ESCALATION: "Escalation",
        Criterion.SUICIDE_SELF_HARM: "Suicide or self-harm",
    },
    route_definitions={
        Criterion.VISIBLE_HIGH_RISK: (
            "14 or more 'yes' answers on the DASH. Professional judgement should never be used "
            "to lower a risk assessment."
        ),
        Criterion.PROFESSIONAL_JUDGEMENT: (
            "If you cannot complete a DASH, or it has fewer than 14 ticks, you may still judge "
            "the case high risk: the context may worry you, or standalone indicators such as "
            "weapons, more than one person causing harm, strangulation or extreme fear may show "
            "high risk to you."
        ),
        Criterion.ESCALATION: (
            "The abuse is becoming more frequent or more severe. When three domestic abuse "
            "events have been identified within 6 months, services should consider that there "
            "is a potential for serious harm or homicide. Whether the route is met is your "
            "judgement."
        ),
        Criterion.SUICIDE_SELF_HARM: (
            "The abuse is current and there is a high risk of harm from the person causing it, "
            "or of suicide or self-harm because of the ongoing impact of the abuse."
        ),
    },
    escalation_mode=EscalationMode.JUDGEMENT,
    escalation_incidents=3,
    escalation_window_months=6,
    standalone_indicator_ids=("weapons", "other_person_threat", "strangulation",
                              "very_frightened"),
    below_threshold_advice=("safeguarding_lead", "professionals_meeting", "local_support",
                            "coordinators"),
    sources={
        "below_threshold_advice": _src(
            "000", "What happens if my referral is rejected?",
            "Liaise with your Safeguarding Lead to safeguard the person experiencing abuse"),
        "checklist_version": AREA_CHOICE,
        "visible_high_risk_count": _src(
            "000", "Referral Criteria", "14 or more ‘yes’ answers on the DASH"),
        "routes": _src("000", "Referral Criteria",
                       "There are four ways to meet the high-risk threshold"),
        "escalation_mode": _src("000", "Referral Criteria",
                                "Services should consider that there is a potential for serious "
                                "harm or homicide"),
        "escalation_incidents": _src(
            "000", "Referral Criteria",
            "when three domestic abuse events have been identified in a 6-month period"),
        "escalation_window_months": _src(
            "000", "Referral Criteria",
            "when three domestic abuse events have been identified in a 6-month period"),
        "standalone_indicator_ids": _src(
            "000", "Referral Criteria",
            "use of weapons, multiple perpetrators, strangulation or extreme fear"),
        "idva_contact_days": AREA_CHOICE,
        "agenda_circulation_working_days": AREA_CHOICE,
        "meeting_cadence": AREA_CHOICE,
        "flag_months": AREA_CHOICE,
    },
)

BRISTOL = RuleSet(
    key="bristol",
    area_name="Bristol",
    checklist_version="dash-24",
    visible_high_risk_count=14,
    routes=(Criterion.VISIBLE_HIGH_RISK, Criterion.PROFESSIONAL_JUDGEMENT, Criterion.ESCALATION,
            Criterion.REPEAT),
    route_labels={
        Criterion.VISIBLE_HIGH_RISK: "High risk assessment",
        Criterion.PROFESSIONAL_JUDGEMENT: "Professional judgement",
        Criterion.ESCALATION: "Potential escalation",
        Criterion.REPEAT: "MARAC repeat",
    },
    route_definitions={
        Criterion.VISIBLE_HIGH_RISK: (
            "14 or more 'yes' answers on the 24-question DASH risk assessment. Cases with 14 or "
            "15 are discussed first at a pre-MARAC meeting."
        ),
        Criterion.PROFESSIONAL_JUDGEMENT: (
            "You are concerned that the person will be seriously harmed by the person causing "
            "harm, whatever the score. Serious harm means a risk that is life-threatening or "
            "traumatic, from which recovery is expected to be difficult or impossible (Home "
            "Office, 2002). These cases always go to a full MARAC meeting."
        ),
        Criterion.ESCALATION: (
            "The abuse appears to be escalating, judged from the number of reported serious "
            "incidents in the past 12 months, and sharing information would help assess it more "
            "fully. These cases are discussed first at a pre-MARAC meeting."
        ),
        Criterion.REPEAT: (
            "A new incident within 12 months of the first MARAC meeting about the person: "
            "violence or threats of violence to them, a pattern of stalking or harassment, or "
            "rape or sexual abuse disclosed. Repeats are discussed first at a pre-MARAC meeting."
        ),
    },
    escalation_mode=EscalationMode.JUDGEMENT,
    escalation_window_months=12,
    repeat_window_months=12,
    repeat_counts_from=RepeatCountsFrom.FIRST_MARAC,
    repeat_incident_types=(RepeatIncident.VIOLENCE, RepeatIncident.STALKING,
                           RepeatIncident.SEXUAL_ABUSE),
    premarac=PreMaracRouting(band_low=14, band_high=15, escalation_first=True, repeat_first=True),
    meeting_cadence="Twice a month",
    sources={
        "below_threshold_advice": AREA_CHOICE,
        "checklist_version": _src("004", "1) High Risk Assessment",
                                  "The Risk Assessment is a list of 24 questions"),
        "visible_high_risk_count": _src(
            "004", "1) High Risk Assessment", "answers yes to 14 or more questions"),
        "routes": _src("004", "criteria for referral into MARAC", "MARAC Repeat"),
        "escalation_mode": _src(
            "004", "3) Potential Escalation",
            "based on the number of reported serious incidents to the victim of domestic "
            "violence/abuse in the past 12 months"),
        "escalation_window_months": _src("004", "3) Potential Escalation", "in the past 12 months"),
        "repeat_window_months": _src(
            "004", "4) Repeat Cases", "within 12 months of the first MARAC meeting being held"),
        "repeat_counts_from": _src(
            "004", "4) Repeat Cases", "within 12 months of the first MARAC meeting being held"),
        "repeat_incident_types": _src(
            "004", "4) Repeat Cases", "A repeat incident is defined as one where any of the "
            "following types of behaviour have taken place"),
        "standalone_indicator_ids": AREA_CHOICE,
        "premarac": _src("004", "1) High Risk Assessment",
                         "any cases that score 14-15 ticks on the risk assessment are discussed "
                         "at a Pre MARAC meeting"),
        "premarac.judgement_full": _src(
            "004", "2) Professional Judgement",
            "All cases referred under this criterion will automatically be discussed at a full "
            "MARAC Meeting."),
        "premarac.escalation_first": _src(
            "004", "3) Potential Escalation",
            "These cases will be initially discussed at a Pre MARAC meeting."),
        "premarac.repeat_first": _src(
            "004", "4) Repeat Cases", "These cases are initially discussed within a Pre MARAC "
            "meeting."),
        "idva_contact_days": AREA_CHOICE,
        "agenda_circulation_working_days": AREA_CHOICE,
        "meeting_cadence": _src("004", "What is a DVA MARAC?",
                                "Twice monthly MARAC meetings are held in Bristol"),
        "flag_months": AREA_CHOICE,
    },
)

SEEDED_RULE_SETS: Mapping[str, RuleSet] = MappingProxyType(
    {rule_set.key: rule_set for rule_set in (KIRKLEES, KENT_MEDWAY, BRISTOL)}
)
# The rule set used where no area has chosen one (a fresh installation's default site).
DEFAULT_RULE_SET = KIRKLEES
