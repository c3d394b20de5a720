"""The checklist's printed prompts, its comments box and the practitioner's level of risk: the
forms, the referral wizard, the self-check, and where coordinators read them."""

import datetime
import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from home.models import MaracSettings
from referral_form.flow import ChecklistStepForm
from referral_form.forms.assessment import ChecklistForm
from referral_form.models import Referral
from referral_form.rules.checklists import (
    COMMENTS_PROMPT,
    DASH_24,
    DASH_2009_27,
    RISK_LEVEL_DESCRIPTIONS,
    RISK_LEVEL_QUESTION,
    RiskLevel,
)
from tests.referral_form.factories import CHECKLIST_COMMENTS, submit_referral
from tests.referral_form.test_reports import ACCEPTED, at, make_meeting, make_referral
from tests.referral_form.wizard_helpers import checklist_answers, walk_to

pytestmark = pytest.mark.django_db

RISK_MESSAGE = "Select the level of risk in this case: standard, medium or high"
COMMENT = "Q16: threatened with a hammer <b>twice</b> & Q22: kicked the dog"


def page(response) -> str:
    return unescape(response.content.decode())


# Forms --------------------------------------------------------------------------------------


def test_the_comments_box_is_optional_limited_and_carried_by_the_self_check():
    form = ChecklistForm(checklist_answers(), checklist=DASH_2009_27)
    assert form.is_valid(), form.errors
    assert form.comments() == ""
    assert "checklist_comments" not in dict(form.hidden_items())

    form = ChecklistForm(checklist_answers() | {"checklist_comments": COMMENT},
                         checklist=DASH_2009_27)
    assert form.is_valid()
    assert form.comments() == COMMENT
    assert dict(form.hidden_items())["checklist_comments"] == COMMENT
    assert "checklist_comments" not in form.answers()  # never counted

    form = ChecklistForm(checklist_answers() | {"checklist_comments": "x" * 5001},
                         checklist=DASH_2009_27)
    assert not form.is_valid()
    assert form.errors["checklist_comments"] == ["Comments must be 5,000 characters or fewer"]


def test_the_self_check_form_does_not_ask_the_level_of_risk():
    assert "risk_level" not in ChecklistForm(checklist=DASH_2009_27).fields


@pytest.mark.parametrize("value", [None, "", "severe"])
def test_the_referral_needs_a_level_of_risk(value):
    data = checklist_answers() | ({"risk_level": value} if value is not None else {})
    form = ChecklistStepForm(data, checklist=DASH_2009_27)
    assert not form.is_valid()
    assert form.errors == {"risk_level": [RISK_MESSAGE]}


@pytest.mark.parametrize("level", list(RiskLevel))
def test_each_level_of_risk_is_accepted(level):
    form = ChecklistStepForm(checklist_answers() | {"risk_level": level.value},
                             checklist=DASH_2009_27)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["risk_level"] == level.value
    # The scored answers are the questions alone.
    assert set(form.answers()) == {q.id for q in DASH_2009_27.questions}


def test_each_checklist_says_where_its_wording_comes_from():
    assert DASH_2009_27.source.startswith("Seed 003")
    assert "Appendix One" in DASH_2009_27.source
    assert DASH_24.source.startswith("Not in the seed documents")


# The referral wizard ------------------------------------------------------------------------


def test_the_checklist_step_shows_prompts_tick_boxes_and_our_guidance_apart(client, home_page):
    html = page(walk_to(client, "checklist"))
    stalking = DASH_2009_27.question("stalking")
    # The printed prompt sits with the question, inside its description.
    assert re.search(r'<div class="hint" id="id_stalking_helptext"><div class="hint__prompt">'
                     r"<p>" + re.escape(stalking.prompt) + "</p>", html)
    # The tick boxes printed with question 24, as printed.
    assert ("<li>Drugs</li><li>Alcohol</li><li>Mental health</li>") in html
    # Our own note, labelled as ours.
    assert ('<p class="hint__text"><strong class="hint__label">Our guidance:</strong> '
            f"{stalking.guidance}</p>") in html
    assert f"<strong>Source:</strong> {DASH_2009_27.source}" in html
    # The comments box with its printed prompt, and the level of risk with each description.
    assert '<label class="label" for="id_checklist_comments">Comments</label>' in html
    assert f"<p>{COMMENTS_PROMPT}</p>" in html
    assert f"<legend>{RISK_LEVEL_QUESTION}</legend>" in html
    for level in RiskLevel:
        assert f"<strong>{level.label}</strong>" in html
        assert RISK_LEVEL_DESCRIPTIONS[level] in html
    assert html.count('name="risk_level"') == 3


def test_a_missing_level_of_risk_is_shown_beside_the_field_and_in_the_summary_keeping_the_rest(
        client, home_page):
    walk_to(client, "checklist")
    data = checklist_answers(yes_count=16) | {"checklist_comments": COMMENT}
    response = client.post("/refer/checklist/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert f'<a href="#id_risk_level">{RISK_MESSAGE}</a>' in html
    assert ('<p class="error-message" id="id_risk_level_error"><span class="visually-hidden">'
            f"Error:</span> {RISK_MESSAGE}</p>") in html
    assert 'aria-describedby="id_risk_level_helptext id_risk_level_error"' in html
    assert 'id="id_risk_level"' in html  # where the summary link lands
    # What was typed and chosen is kept.
    assert (">\nQ16: threatened with a hammer &lt;b&gt;twice&lt;/b&gt; &amp; Q22: kicked the dog"
            "</textarea>") in html
    assert html.count("checked") == 27
    assert "<b>twice</b>" not in html


def test_the_comments_and_level_of_risk_are_checked_stored_encrypted_and_kept(client,
                                                                            home_page):
    walk_to(client, "check-answers",
            answers={"checklist": {"checklist_comments": COMMENT, "risk_level": "medium"}})
    html = page(client.get("/refer/check-answers/"))
    assert COMMENT in html
    row = re.search(re.escape(RISK_LEVEL_QUESTION) + r"</dt>\s*<dd[^>]*>\s*(\w+)", html)
    assert row and row.group(1) == "Medium", html[html.find(RISK_LEVEL_QUESTION) - 200:][:600]
    assert 'href="/refer/checklist/?change=1#id_risk_level"' in html
    assert 'href="/refer/checklist/?change=1#id_checklist_comments"' in html

    walk_to(client, "confirmation",
            answers={"checklist": {"checklist_comments": COMMENT, "risk_level": "medium"}})
    referral = Referral.objects.get()
    assert referral.checklist_comments == COMMENT
    assert referral.risk_level == "medium"
    assert referral.get_risk_level_display() == "Medium"
    # Only the questions are scored and kept as answers.
    assert set(referral.checklist_answers) == {q.id for q in DASH_2009_27.questions}
    with connection.cursor() as cursor:
        cursor.execute("SELECT checklist_comments, risk_level FROM referral_form_referral "
                       "WHERE id = %s", [referral.pk])
        raw_comments, raw_level = cursor.fetchone()
    assert raw_comments.startswith("enc1:") and "hammer" not in raw_comments
    assert raw_level.startswith("enc1:") and "medium" not in raw_level


def test_changing_the_checklist_from_check_answers_keeps_the_comments(client, home_page):
    walk_to(client, "check-answers",
            answers={"checklist": {"checklist_comments": COMMENT, "risk_level": "high"}})
    html = page(client.get("/refer/checklist/?change=1"))
    assert f">\n{COMMENT}</textarea>" in html
    assert re.search(r'<input type="radio" name="risk_level" value="high" id="id_risk_level_2"'
                     r'[^>]* checked>', html)


# The self-check -----------------------------------------------------------------------------


def test_the_self_check_shows_the_printed_prompts_and_the_comments_box(client, site):
    html = page(client.get("/check-criteria/"))
    for question in DASH_2009_27.questions:
        if question.prompt:
            assert f"<p>{question.prompt}</p>" in html, question.id
        for option in question.options:
            assert f"<li>{option}</li>" in html, question.id
        assert f"Our guidance:</strong> {question.guidance}</p>" in html
    assert f'<p class="hint__prompt">{DASH_2009_27.stalking_prompt}</p>' in html
    assert f"<p>{COMMENTS_PROMPT}</p>" in html
    assert 'name="checklist_comments"' in html
    assert 'name="risk_level"' not in html
    assert f"<strong>Source:</strong> {DASH_2009_27.source}" in html


def test_the_self_check_says_the_24_question_version_is_not_in_the_seeds(client, site):
    from referral_form.models import AreaRuleSet

    marac_settings = MaracSettings.for_site(site)
    marac_settings.rule_set = AreaRuleSet.objects.get(key="bristol")  # the 24 questions
    marac_settings.save()
    html = page(client.get("/check-criteria/"))
    assert "<strong>Source:</strong> Not in the seed documents" in html


def test_the_self_check_keeps_the_comments_stores_nothing_and_carries_them(client, site):
    MaracSettings.for_site(site)  # the area's settings exist, as on a real site
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/check-criteria/", checklist_answers(yes_count=15) | {
            "checklist_comments": COMMENT, "professional_judgement": "no",
            "escalating": "no"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your result" in html
    writes = [q["sql"] for q in queries.captured_queries
              if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))]
    assert writes == []
    assert Session.objects.count() == 0
    # Kept in the page, and in the button that starts a referral with these answers.
    assert html.count('name="checklist_comments"') == 2
    assert ('<input type="hidden" name="checklist_comments" value="Q16: threatened with a '
            'hammer &lt;b&gt;twice&lt;/b&gt; &amp; Q22: kicked the dog">') in html

    errors = client.post("/check-criteria/", {"checklist_comments": COMMENT})
    assert errors.status_code == 200
    assert f">\n{COMMENT}</textarea>" in page(errors)


def test_starting_a_referral_from_the_self_check_carries_the_comments(client, site, home_page):
    client.post(reverse("referral_form:start_with_answers"),
                checklist_answers(yes_count=15) | {"checklist_comments": COMMENT})
    client.post("/refer/eligibility/", {"lives_in_area": "yes", "aged_16_or_over": "yes",
                                        "domestic_abuse": "yes"})
    html = page(client.get("/refer/checklist/"))
    assert f">\n{COMMENT}</textarea>" in html
    assert "checked" in html and 'value="high" id="id_risk_level_2" checked' not in html


# Where coordinators read them ---------------------------------------------------------------


@pytest.fixture
def coordinator(client):
    user = get_user_model().objects.create_user("coord", "coord@example.org", "pw")
    user.groups.add(Group.objects.get(name="MARAC coordinators"))
    client.force_login(user)
    return user


def record_url(name, referral):
    return reverse(f"referral_form_referral_modeladmin_{name}", args=[referral.pk])


@pytest.mark.parametrize("view", ["inspect", "print"])
def test_the_record_and_its_print_show_the_comments_and_the_level_of_risk(client, coordinator,
                                                                          view):
    referral = submit_referral()
    html = page(client.get(record_url(view, referral)))
    assert CHECKLIST_COMMENTS in html
    assert RISK_LEVEL_QUESTION in html
    assert "Practitioner's level of risk" in html
    assert re.search(r"Practitioner's level of risk</dt>\s*<dd[^>]*>\s*High", html)


def test_a_referral_from_before_the_form_asked_says_so(client, coordinator):
    referral = submit_referral(checklist_comments="", risk_level="")
    html = page(client.get(record_url("inspect", referral)))
    assert "Not asked: the form did not ask for it when this referral was made" in html
    assert "None given" in html


def test_the_agenda_and_its_print_show_the_level_of_risk_and_the_comments(client, coordinator):
    meeting = make_meeting(datetime.date(2026, 3, 17))
    referral = make_referral(received=at(datetime.date(2026, 3, 2)), status=ACCEPTED,
                             meeting=meeting, risk_level="medium")
    referral.checklist_comments = COMMENT
    referral.save()
    screen = page(client.get(reverse("marac_reports_agenda", args=[meeting.pk])))
    assert "Level of risk (practitioner): Medium" in screen
    printed = page(client.get(reverse("marac_reports_agenda_print", args=[meeting.pk])))
    assert COMMENT in printed
    assert re.search(re.escape(RISK_LEVEL_QUESTION) + r"</dt>\s*<dd[^>]*>\s*Medium", printed)


def test_the_admin_says_where_each_checklist_version_comes_from(client, site):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    from referral_form.models import AreaRuleSet

    url = reverse("area_rule_sets:edit", args=[AreaRuleSet.objects.get(key="bristol").pk])
    html = page(client.get(url))
    assert f"{DASH_2009_27.label}: {DASH_2009_27.source}" in html
    assert f"{DASH_24.label}: Not in the seed documents" in html
