# ruff: noqa: E501  (the seed is quoted line for line, as printed)
"""The DASH 2009 checklist is worded as seed 003 prints it, apart from the differences listed here.

SEED_003_APPENDIX_ONE quotes the checklist from seed 003 (Kirklees MARAC operating protocol,
Appendix One: the DASH 2009 risk model) line for line, tabs and tick boxes included. The test
parses it into the printed questions, prompts and tick boxes, applies the deliberate differences
listed in DIFFERENCES (each with its reason), and asserts the result equals our checklist data.
So a change to our wording, to the quote, or to the list fails it. When the seed documents are
on this machine (MARAC_SEED_DIR, default /work/shared/seeds), the quote is also checked against
the seed file itself.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from referral_form.forms.assessment import ChecklistForm
from referral_form.rules import Answer, Section
from referral_form.rules.checklists import (
    COMMENTS_HEADING,
    COMMENTS_PROMPT,
    DASH_2009_27,
    RISK_LEVEL_DESCRIPTIONS,
    RISK_LEVEL_QUESTION,
    RiskLevel,
)

SEED_003_APPENDIX_ONE = """\
Current Situation\t\t
Has the current incident resulted in injury and whether this is first injury?\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
<b>Are you very frightened?</b>\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
What are you afraid of? Is it further injury or violence? Please give an indication of what you think (state name) might do and to who:\t\t
Kill: <input type="checkbox"/> Self <input type="checkbox"/> Children <input type="checkbox"/> Other (specify)\t\t
Further injury and violence: <input type="checkbox"/> Self <input type="checkbox"/> Children <input type="checkbox"/> Other (specify)\t\t
Other (please specify): <input type="checkbox"/> Self <input type="checkbox"/> Children <input type="checkbox"/> Other (specify)\t\t
<b>Do you feel isolated from family/friends, i.e. does the abuser try to stop you from seeing friends/family/doctor or others?</b>\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
Are you feeling depressed or having suicidal thoughts?\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
<b>Have you separated or tried to separate from your abuser within past year?</b>\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
<b>Is there conflict over child contact?</b>\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
<b>Does the abuser constantly text, call, contact, follow, stalk or harass you?</b> Please expand to identify what and whether you believe that this is done deliberately to intimidate you? Consider the context and behavior of what is being done. If 'Yes', please complete section xx\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No

Children and Dependents\t\t
<b>Are you currently pregnant or have you had a baby in the last 18 months?</b>\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
Are there any children, step-children that aren't the abuser's that live in the household? Or are there other dependents in the household (i.e. older relatives)?\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
<b>Has the abuser ever hurt the children/dependents?</b>\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
Has the abuser ever threatened to hurt the children/dependents?\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No

Domestic Violence History\t\t
<b>Is the abuse happening more often?</b>\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
<b>Is the abuse getting worse?</b>\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No



<b>Does the abuser try to control everything you do and/or are they excessively jealous?</b> (in terms of relationships, who you see, being 'policed at home', telling you what to wear for example. Consider honour based violence and stalking and specify the behavior.\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
<b>Has the abuser ever used weapons or objects to hurt you?</b>\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
<b>Has the abuser ever threatened to kill you or someone else and you believed them?</b>\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
<b>Has the abuser ever attempted to strangle/choke/suffocate/drown you?</b>\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
<b>Does the abuser say or do anything of a sexual nature that makes you feel bad, or that physically hurt you or someone else?</b> (please specify who and what)\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
<b>Is there any other person that has threatened you or that you are afraid of?</b> (If yes, consider extended if honour based violence. Please specify who).\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
Do you know if the abuser has hurt anyone else? (children/siblings/elderly relative/stranger, consider HBV). Please specify who and what. <input type="checkbox"/> Children <input type="checkbox"/> previous relationship <input type="checkbox"/> Other family member <input type="checkbox"/> other (please specify)\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
<b>Has the abuser ever mistreated an animal or the family pet?</b>\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No

Abuser(s)\t\t
Are there any financial issues? For example, are you dependent on the abuser for money/have they recently lost their job/other financial issues?\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
<b>Has the abuser had problems in the past year with drugs (prescription or other), alcohol or mental health leading to problems living a normal life?</b> (please specify what) <input type="checkbox"/> Drugs <input type="checkbox"/> Alcohol <input type="checkbox"/> No\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
<b>Has the abuser ever threatened or attempted suicide?</b>\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
Has the abuse ever breached bail/an injunction and/or any agreement for when they can see you and/or the children? Please specify what <input type="checkbox"/> Bail conditions <input type="checkbox"/> Non-molestation/restraining/occupation order <input type="checkbox"/> child contact arrangements <input type="checkbox"/> other (please specify) <input type="checkbox"/> forced marriage protection order\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
Do you know if the abuser has ever been in trouble with the police or has a criminal history? Please specify what.\t<input type="checkbox"/> Yes\t<input checked="" type="checkbox"/> No

Comments
Please comment on all the areas ticked yes, identifying by number and any other relevant comments: (consider for example victim's vulnerability, disability, mental health, alcohol/substance misuse and/or the abuser's occupation or interests and if this gives access to weapons (i.e. ex-military, police, pest control?))

What is the level of risk in this case?\t\t
<input type="checkbox"/>\t<b>Standard</b>\tNo significant indicators of risk
<input type="checkbox"/>\t<b>Medium</b>\tThere are identifiable indicators of risk of harm. The abuser has potential to cause harm but is unlikely to do so unless there is a change in circumstances, i.e. failure to take medication, loss of accommodation, relationship breakdown, drug or alcohol misuse.
<input type="checkbox"/>\t<b>High</b>\tThere are identifiable indicators of serious harm. The potential even could happen at any time and the impact would be serious. All high risk cases to be referred to MARAC.


Additional Risk Factors – Stalking\t\t
Please only complete this section if question 8 (does the abuser constantly text, call, contact, follow, stalk or harass you) was answered 'yes'.\t\t
Is the victim very frightened?\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
Is there any previous domestic abuse and/or harassment history with this victim or other victims?\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
Has the suspect ever vandalized or destroyed property belonging to the victim?\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
Has the suspect turned up unannounced to the victim's home, workplace etc more than once a week?\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
Have there ever been threats of physical or sexual violence?\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
Has any third party been harassed since the harassment began i.e. family, friends, colleagues?\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
Has the suspect acted violently towards another during the stalking incident?\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
Have others been engaged to help wittingly or unwittingly?\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
History of the abuser abusing drugs or alcohol?\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
Is the suspect known to have been violent in the past (physical or psychological)?\t<input type="checkbox"/> Yes\t<input type="checkbox"/> No
"""


@dataclass(frozen=True)
class Difference:
    """One deliberate difference: where, the seed's words, ours, and why."""

    where: str
    seed: str
    ours: str
    reason: str


# Differences in the words. `where` is a question id, 'stalking:<id>', 'stalking_prompt',
# 'comments' or 'risk:<level>'; tick boxes are written '[label]' after the question's words.
DIFFERENCES = (
    Difference(
        "stalking", "please complete section xx",
        "please complete the section 'Additional Risk Factors – Stalking'",
        "The seed leaves the section number as the placeholder 'xx'; the section it means is "
        "the stalking section printed after the checklist, named here by its printed title.",
    ),
    Difference(
        "controlling", "specify the behavior.", "specify the behavior.)",
        "Typing error: the seed opens a bracket before 'in terms of' and never closes it.",
    ),
    Difference(
        "other_person_threat", "consider extended if", "consider extended family if",
        "A word is missing in the seed: the DASH 2009 reads 'consider extended family if "
        "honour based violence'.",
    ),
    Difference(
        "substance_mental_health", "[No]", "[Mental health]",
        "The seed's third tick box reads 'No', repeating the answer column; the question asks "
        "about drugs, alcohol or mental health, and the DASH 2009 prints 'Mental Health' there.",
    ),
    Difference(
        "breached_bail", "Has the abuse ever breached", "Has the abuser ever breached",
        "Typing error: it is the abuser who breaches bail or an order.",
    ),
    Difference(
        "risk:high", "The potential even could happen", "The potential event could happen",
        "Typing error: 'even' for 'event'.",
    ),
)

# Differences in how the checklist is asked rather than in its words. Each is checked below.
STRUCTURAL_DIFFERENCES = {
    "not_known": "A 'Not known' answer is added to every question. The seed says a DASH "
    "completed without the victim is to the best of the professional's knowledge; 'Not known' "
    "records that honestly instead of forcing 'No', and like 'No' it does not count.",
    "numbers": "Questions are numbered 1 to 27 (stalking S1 to S10) in printed order. The seed "
    "prints no numbers, yet its stalking section refers to 'question 8' and its comments box "
    "asks for comments 'identifying by number'.",
    "question_3_answer": "Question 3 is answered yes, no or not known. The seed prints only its "
    "what and whom tick boxes there, but the DASH 2009 scores 27 questions, so question 3 "
    "needs an answer for the count out of 27.",
    "tick_boxes_as_text": "The what and whom tick boxes (questions 3, 21, 24 and 26) are shown "
    "as text under the question, not as boxes: the answer stays yes, no or not known, and the "
    "comments box, which asks for comments by question number, takes the detail.",
    "nothing_preticked": "The seed's copy has 'No' ticked for question 27; no answer is chosen "
    "in advance here, so every answer is the practitioner's.",
    "section_headings": "Section headings are ours ('Children and dependants', 'Domestic abuse "
    "history', 'The person causing harm', 'Additional risk factors: stalking'): they are not "
    "questions, the site says 'domestic abuse' and 'person causing harm' throughout, and both "
    "checklist versions share them.",
    "header_and_consent": "The seed's header boxes (agency, contact name, email or phone, date, "
    "victim name and date of birth) and 'Does victim consent to referral to MARAC?' are asked "
    "in the referral's own steps (about you, the person at risk), never in the self-check, "
    "which stores nothing and asks for no names.",
}

CHECKBOX = re.compile(r"<input[^>]*/>")
ANSWER_COLUMNS = re.compile(r"\s*(<input[^>]*/>)\s*Yes\s*(<input[^>]*/>)\s*No\s*$")
HEADINGS = ("Current Situation", "Children and Dependents", "Domestic Violence History",
            "Abuser(s)")


def _clean(text: str) -> str:
    return " ".join(text.replace("<b>", "").replace("</b>", "").split())


@dataclass
class Printed:
    """One printed question: its words, its tick boxes, and its answer boxes."""

    words: str
    boxes: list
    answer_boxes: bool
    no_preticked: bool = False

    def as_text(self) -> str:
        return self.words + "".join(f" [{box}]" for box in self.boxes)


def _parse_question_line(line: str) -> Printed:
    answers = ANSWER_COLUMNS.search(line)
    if answers:
        line = line[: answers.start()]
    lead, *boxes = CHECKBOX.split(line)
    return Printed(_clean(lead), [_clean(b) for b in boxes], answer_boxes=bool(answers),
                   no_preticked=bool(answers) and "checked" in answers.group(2))


def parse_seed(text: str) -> dict:
    """The quote as {'questions': [...], 'comments': str, 'risk': {...}, 'stalking_prompt',
    'stalking': [...]}, in printed order."""
    lines = [line for line in text.split("\n") if line.strip()]
    comments_at = lines.index("Comments")
    risk_at = next(i for i, line in enumerate(lines) if line.startswith(RISK_LEVEL_QUESTION))
    stalking_at = next(i for i, line in enumerate(lines)
                       if line.startswith("Additional Risk Factors"))

    questions: list[Printed] = []
    for line in lines[:comments_at]:
        if _clean(line) in HEADINGS:
            continue
        if ANSWER_COLUMNS.search(line) or not CHECKBOX.search(line):
            questions.append(_parse_question_line(line))
        else:  # a row of what/whom tick boxes under the question before it
            lead, *boxes = CHECKBOX.split(line)
            questions[-1].boxes.append(f"{_clean(lead)} " + ", ".join(_clean(b) for b in boxes))
    risk = {}
    for line in lines[risk_at + 1:stalking_at]:
        _box, level, description = line.split("\t")
        risk[_clean(level)] = _clean(description)
    return {
        "questions": questions,
        "comments_heading": _clean(lines[comments_at]),
        "comments": _clean(lines[comments_at + 1]),
        "risk_question": _clean(lines[risk_at]),
        "risk": risk,
        "stalking_prompt": _clean(lines[stalking_at + 1]),
        "stalking": [_parse_question_line(line) for line in lines[stalking_at + 2:]],
    }


def _ours(question) -> str:
    return Printed(f"{question.text} {question.prompt}".strip(), list(question.options),
                   True).as_text()


def test_dash_2009_is_worded_as_seed_003_prints_it_apart_from_the_listed_differences():
    seed = parse_seed(SEED_003_APPENDIX_ONE)
    checklist = DASH_2009_27
    assert len(seed["questions"]) == len(checklist.questions) == 27
    assert len(seed["stalking"]) == len(checklist.stalking_questions) == 10

    printed = {q.id: p.as_text() for q, p in zip(checklist.questions, seed["questions"], strict=True)}
    printed.update({f"stalking:{q.id}": p.as_text()
                    for q, p in zip(checklist.stalking_questions, seed["stalking"], strict=True)})
    printed["stalking_prompt"] = seed["stalking_prompt"]
    printed["comments"] = seed["comments"]
    printed.update({f"risk:{level.lower()}": text for level, text in seed["risk"].items()})

    for difference in DIFFERENCES:
        assert difference.reason
        assert printed[difference.where].count(difference.seed) == 1, (
            f"{difference.where}: the seed no longer reads {difference.seed!r}")
        printed[difference.where] = printed[difference.where].replace(difference.seed,
                                                                      difference.ours)

    ours = {q.id: _ours(q) for q in checklist.questions}
    ours.update({f"stalking:{q.id}": _ours(q) for q in checklist.stalking_questions})
    ours["stalking_prompt"] = checklist.stalking_prompt
    ours["comments"] = COMMENTS_PROMPT
    ours.update({f"risk:{level.value}": RISK_LEVEL_DESCRIPTIONS[level] for level in RiskLevel})
    for key in printed:
        assert ours[key] == printed[key], key
    assert set(ours) == set(printed)

    # The headings and labels printed around them.
    assert seed["comments_heading"] == COMMENTS_HEADING
    assert seed["risk_question"] == RISK_LEVEL_QUESTION
    assert list(seed["risk"]) == [level.label for level in RiskLevel]

    # The differences in how it is asked, each checked.
    assert all(reason for reason in STRUCTURAL_DIFFERENCES.values())
    form = ChecklistForm(checklist=checklist)
    # not_known
    assert Answer.NOT_KNOWN.label == "Not known"
    assert all(dict(form.fields[q.id].choices) == dict(Answer.choices)
               for q in checklist.questions)
    # numbers
    assert [q.number for q in checklist.questions] == list(range(1, 28))
    assert checklist.stalking_trigger.number == 8 and "question 8" in checklist.stalking_prompt
    assert form.fields["stalking"].label.startswith("8. ")
    # question_3_answer
    assert not seed["questions"][2].answer_boxes
    assert all(p.answer_boxes for i, p in enumerate(seed["questions"]) if i != 2)
    assert form.fields["afraid_of"].required
    # tick_boxes_as_text
    assert [q.number for q in checklist.questions if q.options] == [3, 21, 24, 26]
    # nothing_preticked
    assert [i + 1 for i, p in enumerate(seed["questions"]) if p.no_preticked] == [27]
    assert not any(form[q.id].value() for q in checklist.questions)
    # section_headings
    assert [_clean(h) for h in HEADINGS] != [g.label for g in checklist.sections()]
    assert Section.STALKING.label == "Additional risk factors: stalking"
    # header_and_consent
    assert not any("consent" in name or "name" in name for name in form.fields)


def test_the_quote_is_the_seed_as_printed():
    seed_dir = Path(os.environ.get("MARAC_SEED_DIR", "/work/shared/seeds"))
    files = sorted(seed_dir.glob("003_*.txt")) if seed_dir.is_dir() else []
    if not files:
        pytest.skip("The seed documents are not on this machine (set MARAC_SEED_DIR).")
    text = files[0].read_text(encoding="utf-8")
    for part in SEED_003_APPENDIX_ONE.split("\n\n"):
        assert part in text
