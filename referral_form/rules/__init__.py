"""The referral rules in one place: checklists, each area's rule set and the routes into MARAC.

The wizard, the criteria self-check, the coordinators' review area and the tests all import
from here. See DESIGN.md, 'Rules are data, in one place', and areas.py for the areas.
"""

from .areas import (
    AREA_CHOICE,
    BRISTOL,
    DEFAULT_RULE_SET,
    KENT_MEDWAY,
    KIRKLEES,
    SEED_DOCUMENTS,
    SEEDED_RULE_SETS,
    DayKind,
    EscalationMode,
    PreMaracRouting,
    RepeatCountsFrom,
    RepeatIncident,
    RuleSet,
    Source,
    validate,
)
from .checklists import (
    CHECKLISTS,
    DEFAULT_CHECKLIST_VERSION,
    MAIN_SECTIONS,
    Answer,
    Checklist,
    Question,
    Section,
    SectionGroup,
    get_checklist,
    stalking_applies,
    yes_count,
)
from .criteria import (
    BELOW_THRESHOLD_ADVICE,
    SHORT_LABELS,
    AdviceStep,
    Assessment,
    Criterion,
    CriterionResult,
    Evidence,
    Forum,
    advice_for,
    assess,
    describe_criterion,
    escalation,
    escalation_prompt,
    escalation_window_start,
    incidents_in_window,
    professional_judgement,
    repeat,
    repeat_window_end,
    standalone_indicators,
    suggest_forum,
    suicide_self_harm,
    visible_high_risk,
)
from .dates import add_months, format_day, months_after, months_before

__all__ = [
    "AREA_CHOICE", "BELOW_THRESHOLD_ADVICE", "BRISTOL", "CHECKLISTS", "DEFAULT_CHECKLIST_VERSION",
    "DEFAULT_RULE_SET", "KENT_MEDWAY", "KIRKLEES", "MAIN_SECTIONS", "SEEDED_RULE_SETS",
    "SEED_DOCUMENTS", "SHORT_LABELS",
    "AdviceStep", "Answer", "Assessment", "Checklist", "Criterion", "CriterionResult", "DayKind",
    "EscalationMode", "Evidence", "Forum", "PreMaracRouting", "Question", "RepeatCountsFrom",
    "RepeatIncident", "RuleSet", "Section", "SectionGroup", "Source",
    "add_months", "advice_for", "assess", "describe_criterion", "escalation",
    "escalation_prompt", "escalation_window_start", "format_day", "get_checklist",
    "incidents_in_window", "months_after", "months_before", "professional_judgement", "repeat",
    "repeat_window_end", "stalking_applies", "standalone_indicators", "suggest_forum",
    "suicide_self_harm", "validate", "visible_high_risk", "yes_count",
]
