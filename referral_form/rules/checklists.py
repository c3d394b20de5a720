"""The DASH risk checklists as data: question ids, wording, sections and high-risk indicators.

The question wording is a standard instrument and is kept as printed: the 27-question DASH 2009
word for word from seed 003's Appendix One (question text, the prompt printed with it and its
tick boxes, the comments box and the level of risk), with the few deliberate differences listed
with their reasons in tests/referral_form/test_dash_wording.py; and the 24-question DASH risk
identification checklist, which no seed document holds (its `source` says so). `guidance` is our
own plain-English note for practitioners, kept apart from the printed wording and shown as ours.

Questions that mean the same thing carry the same id in both versions, so answers can be
compared across versions and carried from the self-check into a referral.

Which answers count as standalone high-risk indicators is each area's rule (areas.py).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class Section(models.TextChoices):
    CURRENT_SITUATION = "current_situation", "Current situation"
    CHILDREN_DEPENDANTS = "children_dependants", "Children and dependants"
    HISTORY = "history", "Domestic abuse history"
    ABUSER = "abuser", "The person causing harm"
    STALKING = "stalking", "Additional risk factors: stalking"


MAIN_SECTIONS = (
    Section.CURRENT_SITUATION,
    Section.CHILDREN_DEPENDANTS,
    Section.HISTORY,
    Section.ABUSER,
)


@dataclass(frozen=True)
class Question:
    """One checklist question, as printed, with our note for practitioners."""

    id: str
    number: int
    text: str
    section: str
    guidance: str
    triggers_stalking: bool = False
    # The checklist's own prompt printed with the question (part of the printed wording).
    prompt: str = ""
    # The tick boxes printed with the question (what and whom), as printed; the answer itself is
    # yes, no or not known, so these tell the practitioner what to say in the comments.
    options: tuple[str, ...] = ()

    @property
    def section_label(self) -> str:
        return Section(self.section).label


@dataclass(frozen=True)
class SectionGroup:
    """The questions of one section, in order, for rendering fieldsets."""

    key: str
    label: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Checklist:
    """A versioned checklist: the scored questions and the stalking questions."""

    version: str
    label: str
    questions: tuple[Question, ...]
    stalking_questions: tuple[Question, ...]
    intro: str = ""
    # Where the wording comes from, shown to referrers and in the admin.
    source: str = ""
    # The stalking section's own printed prompt, if the source prints one.
    stalking_prompt: str = ""
    _by_id: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        ids = [q.id for q in self.questions + self.stalking_questions]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"{self.version}: duplicate question ids {duplicates}")
        triggers = [q for q in self.questions if q.triggers_stalking]
        if len(triggers) != 1:
            raise ValueError(f"{self.version}: needs exactly one stalking trigger question")
        numbers = [q.number for q in self.questions]
        if numbers != list(range(1, len(self.questions) + 1)):
            raise ValueError(f"{self.version}: questions must be numbered 1 to N in order")
        if any(q.section != Section.STALKING for q in self.stalking_questions):
            raise ValueError(f"{self.version}: stalking questions must be in the stalking section")
        self._by_id.update({q.id: q for q in self.questions + self.stalking_questions})

    @property
    def question_count(self) -> int:
        return len(self.questions)

    @property
    def stalking_trigger(self) -> Question:
        return next(q for q in self.questions if q.triggers_stalking)

    def question(self, question_id: str) -> Question:
        """The question with this id (main or stalking); KeyError if there is none."""
        return self._by_id[question_id]

    def sections(self) -> tuple[SectionGroup, ...]:
        """The scored questions grouped by section, in the order the sections are printed."""
        groups = []
        for section in MAIN_SECTIONS:
            questions = tuple(q for q in self.questions if q.section == section)
            if questions:
                groups.append(SectionGroup(section.value, section.label, questions))
        return tuple(groups)


def _q(id, number, section, text, guidance, *, prompt="", options=(), stalking=False):
    return Question(
        id=id, number=number, text=text, section=section, guidance=guidance,
        triggers_stalking=stalking, prompt=prompt,
        options=tuple(options),
    )


CS = Section.CURRENT_SITUATION
CD = Section.CHILDREN_DEPENDANTS
HI = Section.HISTORY
AB = Section.ABUSER
ST = Section.STALKING

# Our notes for practitioners, shared by both versions.
G = {
    "injury": "Include injuries that cannot be seen, and note if this is the first time.",
    "very_frightened": "Take their fear seriously: it is one of the strongest signs of risk.",
    "afraid_of": "Ask what they think could happen and to whom, including the children.",
    "isolated": "Being cut off from family, friends or services makes it harder to get help.",
    "depressed": "Low mood and suicidal thoughts may be a result of the abuse.",
    "separated": "Risk often rises around separation and in the year after it.",
    "child_contact": "Handovers and contact arrangements can be used to keep up the abuse.",
    "stalking": "If yes, you will also answer the additional stalking questions.",
    "pregnant": "Abuse often starts or gets worse in pregnancy and after a birth.",
    "other_children": "Children who are not theirs, or older relatives, may be more at risk.",
    "hurt_children": "If yes, follow your safeguarding children or adults procedures too.",
    "threatened_children": "Threats against children are also used to control the adult.",
    "more_often": "Compare with how things were a few months ago.",
    "getting_worse": "Think about severity: the kind of harm, not only how often it happens.",
    "controlling": "Coercive control is a crime in itself, even without physical violence.",
    "weapons": "Include everyday objects used as weapons and threats with a weapon.",
    "threats_to_kill": "What matters is that they believed the threat.",
    "strangulation": "Strangulation often leaves no mark and is a strong sign of homicide risk.",
    "sexual_abuse": "Ask in private and sensitively; note who was harmed and how.",
    "other_person_threat": "More than one person causing harm can point to 'honour'-based abuse.",
    "hurt_others": "Violence towards others, such as an ex-partner or family, raises the risk.",
    "animal_cruelty": "Harming pets is often used to frighten or control.",
    "financial": "Money problems and financial control can make it hard to leave safely.",
    "substance_mental_health": "Problems with drugs, alcohol or mental health can add to risk.",
    "abuser_suicide": "Threats of suicide can come before a homicide-suicide.",
    "breached_bail": "Ignoring court orders or bail shows that limits do not stop them.",
    "criminal_history": "Include any police involvement, not only convictions.",
}

def _build(rows):
    """Questions from (id, section, text, prompt[, tick boxes]) rows, numbered in order."""
    return tuple(
        _q(qid, number, section, text, G[qid], prompt=prompt, options=options[0] if options else (),
           stalking=qid == "stalking")
        for number, (qid, section, text, prompt, *options) in enumerate(rows, start=1)
    )


# The 27 questions as seed 003's Appendix One prints them: question text (the part printed in
# bold, or up to the question mark), the printed prompt after it, and the tick boxes printed with
# it. The only differences from the seed are listed, each with its reason, in
# tests/referral_form/test_dash_wording.py.
DASH_2009_27_ROWS = (
    ("injury", CS, "Has the current incident resulted in injury and whether this is first injury?",
     "", ()),
    ("very_frightened", CS, "Are you very frightened?", "", ()),
    ("afraid_of", CS, "What are you afraid of? Is it further injury or violence?",
     "Please give an indication of what you think (state name) might do and to who:",
     ("Kill: Self, Children, Other (specify)",
      "Further injury and violence: Self, Children, Other (specify)",
      "Other (please specify): Self, Children, Other (specify)")),
    ("isolated", CS,
     "Do you feel isolated from family/friends, i.e. does the abuser try to stop you from "
     "seeing friends/family/doctor or others?", "", ()),
    ("depressed", CS, "Are you feeling depressed or having suicidal thoughts?", "", ()),
    ("separated", CS,
     "Have you separated or tried to separate from your abuser within past year?", "", ()),
    ("child_contact", CS, "Is there conflict over child contact?", "", ()),
    ("stalking", CS, "Does the abuser constantly text, call, contact, follow, stalk or harass you?",
     "Please expand to identify what and whether you believe that this is done deliberately to "
     "intimidate you? Consider the context and behavior of what is being done. If 'Yes', "
     "please complete the section 'Additional Risk Factors – Stalking'", ()),
    ("pregnant", CD, "Are you currently pregnant or have you had a baby in the last 18 months?",
     "", ()),
    ("other_children", CD,
     "Are there any children, step-children that aren't the abuser's that live in the "
     "household? Or are there other dependents in the household (i.e. older relatives)?", "", ()),
    ("hurt_children", CD, "Has the abuser ever hurt the children/dependents?", "", ()),
    ("threatened_children", CD, "Has the abuser ever threatened to hurt the children/dependents?",
     "", ()),
    ("more_often", HI, "Is the abuse happening more often?", "", ()),
    ("getting_worse", HI, "Is the abuse getting worse?", "", ()),
    ("controlling", HI,
     "Does the abuser try to control everything you do and/or are they excessively jealous?",
     "(in terms of relationships, who you see, being 'policed at home', telling you what to wear "
     "for example. Consider honour based violence and stalking and specify the behavior.)", ()),
    ("weapons", HI, "Has the abuser ever used weapons or objects to hurt you?", "", ()),
    ("threats_to_kill", HI,
     "Has the abuser ever threatened to kill you or someone else and you believed them?", "", ()),
    ("strangulation", HI, "Has the abuser ever attempted to strangle/choke/suffocate/drown you?",
     "", ()),
    ("sexual_abuse", HI,
     "Does the abuser say or do anything of a sexual nature that makes you feel bad, or that "
     "physically hurt you or someone else?", "(please specify who and what)", ()),
    ("other_person_threat", HI,
     "Is there any other person that has threatened you or that you are afraid of?",
     "(If yes, consider extended family if honour based violence. Please specify who).", ()),
    ("hurt_others", HI, "Do you know if the abuser has hurt anyone else?",
     "(children/siblings/elderly relative/stranger, consider HBV). Please specify who and what.",
     ("Children", "previous relationship", "Other family member", "other (please specify)")),
    ("animal_cruelty", HI, "Has the abuser ever mistreated an animal or the family pet?", "", ()),
    ("financial", AB,
     "Are there any financial issues? For example, are you dependent on the abuser for "
     "money/have they recently lost their job/other financial issues?", "", ()),
    ("substance_mental_health", AB,
     "Has the abuser had problems in the past year with drugs (prescription or other), alcohol "
     "or mental health leading to problems living a normal life?", "(please specify what)",
     ("Drugs", "Alcohol", "Mental health")),
    ("abuser_suicide", AB, "Has the abuser ever threatened or attempted suicide?", "", ()),
    ("breached_bail", AB,
     "Has the abuser ever breached bail/an injunction and/or any agreement for when they can "
     "see you and/or the children?", "Please specify what",
     ("Bail conditions", "Non-molestation/restraining/occupation order",
      "child contact arrangements", "other (please specify)", "forced marriage protection order")),
    ("criminal_history", AB,
     "Do you know if the abuser has ever been in trouble with the police or has a criminal "
     "history?", "Please specify what.", ()),
)

DASH_24_ROWS = (
    ("injury", CS, "Has the current incident resulted in injury?",
     "(Please state what and whether this is the first injury.)"),
    ("very_frightened", CS, "Are you very frightened?", ""),
    ("afraid_of", CS, "What are you afraid of? Is it further injury or violence?",
     "(Please give an indication of what you think (…) might do and to whom, including "
     "children.)"),
    ("isolated", CS,
     "Do you feel isolated from family/friends i.e. does (…) try to stop you from seeing "
     "friends/family/doctor or others?", ""),
    ("depressed", CS, "Are you feeling depressed or having suicidal thoughts?", ""),
    ("separated", CS, "Have you separated or tried to separate from (…) within the past year?",
     ""),
    ("child_contact", CS, "Is there conflict over child contact?", ""),
    ("stalking", CS, "Does (…) constantly text, call, contact, follow, stalk or harass you?",
     "(Please expand to identify what and whether you believe that this is done deliberately to "
     "intimidate you? Consider the context and behaviour of what is being done.)"),
    ("pregnant", CD, "Are you pregnant or have you recently had a baby (within the last 18 "
     "months)?", ""),
    ("more_often", HI, "Is the abuse happening more often?", ""),
    ("getting_worse", HI, "Is the abuse getting worse?", ""),
    ("controlling", HI,
     "Does (…) try to control everything you do and/or are they excessively jealous?",
     "(In terms of relationships, who you see, being 'policed at home', telling you what to wear "
     "for example. Consider 'honour'-based violence (HBV) and specify behaviour.)"),
    ("weapons", HI, "Has (…) ever used weapons or objects to hurt you?", ""),
    ("threats_to_kill", HI,
     "Has (…) ever threatened to kill you or someone else and you believed them?",
     "(If yes, tick who: you, children, other (please specify).)"),
    ("strangulation", HI, "Has (…) ever attempted to strangle/choke/suffocate/drown you?", ""),
    ("sexual_abuse", HI,
     "Does (…) do or say things of a sexual nature that make you feel bad or that physically "
     "hurt you or someone else?", "(If someone else, specify who.)"),
    ("other_person_threat", HI,
     "Is there any other person who has threatened you or who you are afraid of?",
     "(If yes, please specify whom and why. Consider extended family if HBV.)"),
    ("hurt_others", HI, "Do you know if (…) has hurt anyone else?",
     "(Please specify whom including the children, siblings or elderly relatives. Consider "
     "HBV.) Children, another family member, someone from a previous relationship, other."),
    ("animal_cruelty", HI, "Has (…) ever mistreated an animal or the family pet?", ""),
    ("financial", AB,
     "Are there any financial issues? For example, are you dependent on (…) for money/have they "
     "recently lost their job/other financial issues?", ""),
    ("substance_mental_health", AB,
     "Has (…) had problems in the past year with drugs (prescription or other), alcohol or "
     "mental health leading to problems in leading a normal life?",
     "(If yes, please specify which and give relevant details if known.) Drugs, alcohol, "
     "mental health."),
    ("abuser_suicide", AB, "Has (…) ever threatened or attempted suicide?", ""),
    ("breached_bail", AB,
     "Has (…) ever broken bail/an injunction and/or formal agreement for when they can see you "
     "and/or the children?",
     "(You may wish to consider this in relation to an ex-partner of the perpetrator if "
     "relevant.) Bail conditions, non-molestation/occupation order, child contact "
     "arrangements, forced marriage protection order, other."),
    ("criminal_history", AB,
     "Do you know if (…) has ever been in trouble with the police or has a criminal history?",
     "(If yes, please specify.) Domestic violence, sexual violence, other violence, other."),
)

# The ten additional stalking questions, the same in both versions. Asked only when the
# stalking question is answered 'yes'; they do not count towards the score.
STALKING_ROWS = (
    ("victim_frightened", "Is the victim very frightened?",
     "Fear caused by the behaviour is at the heart of stalking."),
    ("previous_abuse_history",
     "Is there any previous domestic abuse and/or harassment history with this victim or other "
     "victims?", "Include past partners and other people they have targeted."),
    ("property_damaged",
     "Has the suspect ever vandalized or destroyed property belonging to the victim?",
     "Include damage to cars, phones, homes and belongings."),
    ("turned_up_unannounced",
     "Has the suspect turned up unannounced to the victim's home, workplace etc more than once "
     "a week?", "Count visits to any place the person goes regularly."),
    ("threats_of_violence", "Have there ever been threats of physical or sexual violence?",
     "Include threats made online, by message or through other people."),
    ("third_party_harassed",
     "Has any third party been harassed since the harassment began i.e. family, friends, "
     "colleagues?", "Stalkers often widen their target to people close to the victim."),
    ("violent_to_another",
     "Has the suspect acted violently towards another during the stalking incident?",
     "For example, towards a new partner, a friend or a family member."),
    ("others_engaged", "Have others been engaged to help wittingly or unwittingly?",
     "For example, friends or relatives passing messages or watching the person."),
    ("substance_history", "History of the abuser abusing drugs or alcohol?",
     "Answer from what you or the person know."),
    ("violent_in_past",
     "Is the suspect known to have been violent in the past (physical or psychological)?",
     "Include violence towards anyone, not only the person at risk."),
)

STALKING_QUESTIONS = tuple(
    _q(qid, number, ST, text, guidance)
    for number, (qid, text, guidance) in enumerate(STALKING_ROWS, start=1)
)


class RiskLevel(models.TextChoices):
    """The practitioner's level of risk, as the checklist in seed 003 asks it."""

    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


# Printed after the questions in seed 003, Appendix One, word for word (the one difference is
# listed in tests/referral_form/test_dash_wording.py). Both checklist versions ask them.
COMMENTS_HEADING = "Comments"
COMMENTS_PROMPT = (
    "Please comment on all the areas ticked yes, identifying by number and any other relevant "
    "comments: (consider for example victim's vulnerability, disability, mental health, "
    "alcohol/substance misuse and/or the abuser's occupation or interests and if this gives "
    "access to weapons (i.e. ex-military, police, pest control?))"
)
RISK_LEVEL_QUESTION = "What is the level of risk in this case?"
RISK_LEVEL_DESCRIPTIONS = {
    RiskLevel.STANDARD: "No significant indicators of risk",
    RiskLevel.MEDIUM: "There are identifiable indicators of risk of harm. The abuser has "
    "potential to cause harm but is unlikely to do so unless there is a change in "
    "circumstances, i.e. failure to take medication, loss of accommodation, relationship "
    "breakdown, drug or alcohol misuse.",
    RiskLevel.HIGH: "There are identifiable indicators of serious harm. The potential event "
    "could happen at any time and the impact would be serious. All high risk cases to be "
    "referred to MARAC.",
}


DASH_2009_27 = Checklist(
    version="dash-2009-27",
    label="DASH 2009 risk checklist (27 questions)",
    questions=_build(DASH_2009_27_ROWS),
    stalking_questions=STALKING_QUESTIONS,
    intro="'The abuser' means the person causing harm. Ask the questions with the person at "
    "risk if you safely can; if not, answer from what you know.",
    source="Seed 003 (Kirklees MARAC operating protocol), Appendix One: the DASH 2009 risk "
    "model, worded as printed there.",
    stalking_prompt="Please only complete this section if question 8 (does the abuser "
    "constantly text, call, contact, follow, stalk or harass you) was answered 'yes'.",
)

DASH_24 = Checklist(
    version="dash-24",
    label="DASH risk identification checklist (24 questions)",
    questions=_build(DASH_24_ROWS),
    stalking_questions=STALKING_QUESTIONS,
    intro="'(…)' stands for the name of the person causing harm: use their name when you ask. "
    "Ask the questions with the person at risk if you safely can; if not, answer from what "
    "you know.",
    source="Not in the seed documents: the 24-question SafeLives DASH risk identification "
    "checklist. Its wording here has not been checked against a seed document, so check it "
    "against the version your area uses. The additional stalking questions, the comments box "
    "and the level of risk are worded as in seed 003, Appendix One.",
)

CHECKLISTS: dict[str, Checklist] = {c.version: c for c in (DASH_2009_27, DASH_24)}
DEFAULT_CHECKLIST_VERSION = DASH_2009_27.version


def get_checklist(version: str) -> Checklist:
    """The checklist for a version string; ValueError naming the known versions if unknown."""
    try:
        return CHECKLISTS[version]
    except (KeyError, TypeError):
        known = ", ".join(sorted(CHECKLISTS))
        message = f"Unknown checklist version {version!r}: expected one of {known}"
        raise ValueError(message) from None


def yes_count(checklist: Checklist, answers: Mapping[str, str]) -> int:
    """How many scored questions are answered exactly 'yes' (unknown ids are ignored)."""
    return sum(1 for q in checklist.questions if answers.get(q.id) == Answer.YES)


def stalking_applies(checklist: Checklist, answers: Mapping[str, str]) -> bool:
    """Whether the stalking question is answered 'yes', so the stalking questions apply."""
    return answers.get(checklist.stalking_trigger.id) == Answer.YES
