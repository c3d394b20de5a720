"""The criteria self-check page, through the test client."""

import html as html_lib
import re
from datetime import date

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from home.models import MaracSettings
from referral_form import rules
from referral_form.forms import ChecklistForm, CriteriaEvidenceForm
from referral_form.models import AreaRuleSet
from referral_form.rules import get_checklist
from referral_form.views import check_criteria as view_module

URL = "/check-criteria/"
DASH_27 = get_checklist("dash-2009-27")
DASH_24 = get_checklist("dash-24")
START_URL = "/refer/start-with-answers/"


def answers(checklist=DASH_27, yes=0, fill_stalking=True, **overrides):
    """The first `yes` questions 'yes', the rest 'no', plus the evidence questions.

    When the stalking question ends up 'yes', the stalking questions are answered 'no'
    unless `fill_stalking` is False.
    """
    data = {
        q.id: ("yes" if index < yes else "no") for index, q in enumerate(checklist.questions)
    }
    data.update({"professional_judgement": "no", "escalating": "no", "suicide_self_harm": "no"})
    data.update(overrides)
    if fill_stalking and data.get("stalking") == "yes":
        for question in checklist.stalking_questions:
            data.setdefault(f"stalking_{question.id}", "no")
    return data


@pytest.fixture
def marac_settings(site):
    return MaracSettings.for_site(site)


def use_rules(site, key_or_row):
    """Make the site's area use a rule set (a seeded key or an AreaRuleSet row)."""
    marac = MaracSettings.for_site(site)
    marac.rule_set = (key_or_row if isinstance(key_or_row, AreaRuleSet)
                      else AreaRuleSet.objects.get(key=key_or_row))
    marac.save()


@pytest.fixture(autouse=True)
def kent_and_medway(request):
    """Most tests here use Kent and Medway's rules: incident dates, self-harm, judgement."""
    if "site" in request.fixturenames or "marac_settings" in request.fixturenames:
        use_rules(request.getfixturevalue("site"), "kent-medway")


@pytest.fixture
def with_start_url(monkeypatch):
    monkeypatch.setattr(view_module, "_start_with_answers_url", lambda: START_URL)


@pytest.fixture
def without_start_url(monkeypatch):
    monkeypatch.setattr(view_module, "_start_with_answers_url", lambda: None)


def text(response):
    """The page with whitespace collapsed and entities decoded, for simple assertions."""
    return html_lib.unescape(re.sub(r"\s+", " ", response.content.decode()))


@pytest.mark.django_db
def test_the_url_name_points_at_the_self_check():
    assert reverse("referral_form:check_criteria") == URL


@pytest.mark.django_db
def test_get_shows_the_configured_checklist_grouped_by_section(client, site):
    response = client.get(URL)
    assert response.status_code == 200
    html = text(response)
    assert "<title>Check the referral criteria" in html
    assert 'aria-current="page">Check the referral criteria' in html
    for label in ("Current situation", "Children and dependants", "Domestic abuse history",
                  "The person causing harm", "Additional risk factors: stalking"):
        assert f'<h3 class="question-section__title">{label}</h3>' in html
    for question in DASH_27.questions:
        assert f'name="{question.id}"' in html
    assert "27. Do you know if the abuser has ever been in trouble with the police" in html
    assert "Only if question 8 (" in html
    assert html.count('name="stalking_') == 30  # ten questions, three radios each
    assert 'name="incident_date_6"' in html
    assert 'name="professional_judgement_rationale"' in html
    assert "14 or more 'yes' answers" in html
    # The running count is a live region, hidden without JavaScript until there are answers.
    assert re.search(r'<p class="count js-only" id="checklist-count" aria-live="polite"', html)
    assert "0 'yes' answers out of 27 (threshold 14)" in html
    assert "checklist-count.js" in html
    assert "There is a problem" not in html
    assert "Your result" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_responses_are_never_cached_and_nothing_is_stored(client, marac_settings, method):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(URL, answers(yes=15) if method == "post" else None)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    writes = [q["sql"] for q in queries.captured_queries
              if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))]
    assert writes == []
    assert Session.objects.count() == 0
    assert dict(client.session.items()) == {}
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_bad_input_rerenders_with_errors_and_keeps_every_answer(client, site):
    data = answers(yes=5, incident_date_1="31/02/2025", incident_date_2="1/2/2025",
                   professional_judgement="yes", stalking="yes", fill_stalking=False,
                   stalking_victim_frightened="not_known")
    del data["criminal_history"]
    response = client.post(URL, data)
    assert response.status_code == 200
    html = text(response)
    assert "<title>Error: Check the referral criteria" in html
    assert 'class="error-summary" role="alert" tabindex="-1"' in html
    assert '<a href="#id_criminal_history">Select yes, no or not known for question 27</a>' in html
    assert '<a href="#id_incident_date_1">The date of incident 1 must be a real date</a>' in html
    assert ('<a href="#id_professional_judgement_rationale">Say why you believe the person is '
            "at high risk of serious harm</a>") in html
    assert ('<a href="#id_stalking_previous_abuse_history">Select yes, no or not known for '
            "stalking question 2") in html
    assert 'id="id_criminal_history_error"' in html
    # Everything typed or chosen is still there.
    assert 'value="yes" id="id_injury" checked' in html
    assert 'value="no" id="id_financial_1" checked' in html
    assert 'value="not_known" id="id_stalking_victim_frightened_2" checked' in html
    assert 'value="31/02/2025"' in html and 'value="1/2/2025"' in html
    assert 'value="yes" id="id_professional_judgement" checked' in html
    # The running count reflects the answers sent (5 plus the stalking question), even
    # before they are valid.
    assert "6 'yes' answers out of 27 (threshold 14)" in html
    assert "Your result" not in html


@pytest.mark.django_db
def test_visible_high_risk_met(client, site, with_start_url):
    html = text(client.post(URL, answers(yes=14)))
    assert "<title>Result: Check the referral criteria" in html
    assert "This case meets the criteria for a MARAC referral." in html
    assert "14 'yes' answers out of 27 (threshold 14)" in html
    assert ("<strong>Visible high risk</strong> <strong class=\"tag tag--met\">Met</strong>"
            in html)
    assert "14 'yes' answers: at or above the threshold of 14." in html
    assert "<strong>Escalation</strong> <strong class=\"tag tag--not-met\">" in html
    assert "What to do next" not in html
    assert "pre-MARAC" not in html


@pytest.mark.django_db
def test_nothing_met_shows_the_advice_and_no_start_button(client, site, with_start_url):
    html = text(client.post(URL, answers(yes=12, weapons="yes")))
    assert "does not meet any of the routes" in html
    assert "13 'yes' answers: below the threshold of 14." in html
    assert "What to do next" in html
    for title in ("Offer local domestic abuse support", "Consider a professionals' meeting",
                  "Talk to your safeguarding lead", "Ask the MARAC coordinators for advice"):
        assert title in html
    assert "Make a safety plan now" not in html  # Kirklees's advice (003 1.6), not Kent's
    assert "01484 000 000" in html
    assert START_URL not in html
    assert "Question 16: Has the abuser ever used weapons or objects to hurt you?" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("area", "extra", "criterion"),
    [
        ("kent-medway", {"professional_judgement": "yes",
                         "professional_judgement_rationale": "Strangled last week."},
         "Professional judgement"),
        ("kent-medway", {"escalating": "yes", "escalation_details": "Weekly now, was monthly.",
                         "incident_date_1": "1/8/2025", "incident_date_2": "1/7/2025",
                         "incident_date_3": "2025-06-01"}, "Escalation"),
        ("kirklees", {"last_marac_date": "1/1/2025", "new_incident_date": "1 August 2025"},
         "Repeat incident"),
        ("kent-medway", {"suicide_self_harm": "yes",
                         "suicide_self_harm_details": "Attempt last month."},
         "Suicide or self-harm"),
    ],
)
def test_each_other_route_can_be_met(client, site, monkeypatch, area, extra, criterion):
    use_rules(site, area)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: date(2025, 8, 15))
    html = text(client.post(URL, answers(yes=2, **extra)))
    assert "This case meets the criteria for a MARAC referral." in html
    assert f'<strong>{criterion}</strong> <strong class="tag tag--met">Met</strong>' in html
    assert html.count('class="tag tag--met"') == 1


@pytest.mark.django_db
def test_start_button_carries_the_answers_under_the_form_field_names(client, site,
                                                                     with_start_url):
    data = answers(yes=15, stalking="yes", incident_date_1="1 March 2025",
                   professional_judgement="yes", professional_judgement_rationale="Fear.")
    data.update({f"stalking_{q.id}": "no" for q in DASH_27.stalking_questions})
    response = client.post(URL, data)
    html = response.content.decode()
    form = re.search(rf'<form method="post" action="{START_URL}".*?</form>', html, re.S).group(0)
    assert "Start a referral with these answers" in form
    assert "csrfmiddlewaretoken" in form
    carried = dict(re.findall(r'<input type="hidden" name="([a-z0-9_]+)" value="([^"]*)">', form))
    carried.pop("csrfmiddlewaretoken", None)
    assert carried["injury"] == "yes" and carried["criminal_history"] == "no"
    assert carried["stalking_victim_frightened"] == "no"
    assert carried["incident_date_1"] == "2025-03-01"
    assert carried["professional_judgement_rationale"] == "Fear."
    # The same names re-create the answers in the shared forms.
    checklist_form = ChecklistForm(carried, checklist=DASH_27)
    evidence_form = CriteriaEvidenceForm(carried, rule_set=rules.KENT_MEDWAY)
    assert checklist_form.is_valid() and evidence_form.is_valid()
    assert checklist_form.answers() == {q.id: data[q.id] for q in DASH_27.questions}


@pytest.mark.django_db
def test_without_the_wizard_route_the_start_button_is_hidden(client, site, without_start_url):
    html = text(client.post(URL, answers(yes=15)))
    assert "Start a referral with these answers" not in html
    assert 'href="/refer/"' in html


@pytest.mark.django_db
def test_start_url_is_looked_up_by_name(monkeypatch):
    from django.urls import NoReverseMatch

    def missing(name):
        raise NoReverseMatch(name)

    monkeypatch.setattr(view_module, "reverse", missing)
    assert view_module._start_with_answers_url() is None
    monkeypatch.setattr(view_module, "reverse", lambda name: f"/{name}/")
    assert view_module._start_with_answers_url() == "/referral_form:start_with_answers/"


@pytest.mark.django_db
def test_a_changed_threshold_changes_the_page_and_the_result(client, site):
    values = AreaRuleSet.values_from_rule_set(rules.KENT_MEDWAY)
    values.update(visible_high_risk_count=10,
                  visible_high_risk_definition="10 or more 'yes' answers on the DASH.")
    use_rules(site, AreaRuleSet.objects.create(key="kent-ten", based_on="kent-medway", **values))
    assert "10 or more 'yes' answers" in text(client.get(URL))
    html = text(client.post(URL, answers(yes=10)))
    assert "10 'yes' answers: at or above the threshold of 10." in html
    assert "out of 27 (threshold 10)" in html
    assert "This case meets the criteria" in html


@pytest.mark.django_db
def test_the_24_question_checklist_when_the_area_uses_it(client, site):
    use_rules(site, "bristol")
    html = text(client.get(URL))
    assert "DASH risk identification checklist (24 questions)" in html
    assert 'name="hurt_children"' not in html
    assert "24. Do you know if (…) has ever been in trouble with the police" in html
    assert "out of 24 (threshold 14)" in html
    result = text(client.post(URL, answers(DASH_24, yes=14)))
    assert "14 'yes' answers out of 24 (threshold 14)" in result
    assert "This case meets the criteria" in result


@pytest.mark.django_db
@pytest.mark.parametrize(("yes", "forum"), [(14, "pre-MARAC meeting"), (16, "full MARAC meeting")])
def test_premarac_suggestion_when_the_area_uses_it(client, site, yes, forum):
    use_rules(site, "bristol")
    html = text(client.post(URL, answers(DASH_24, yes=yes)))
    assert f"likely to be discussed first at a {forum}" in html


@pytest.mark.django_db
def test_stalking_yes_shows_the_stalking_advice(client, site):
    data = answers(yes=0, stalking="yes")
    data.update({f"stalking_{q.id}": "yes" for q in DASH_27.stalking_questions})
    html = text(client.post(URL, data))
    assert "You answered 'yes' to question 8." in html
    assert "stalking advocacy service" in html


@pytest.mark.django_db
def test_other_methods_are_refused(client, site):
    assert client.put(URL).status_code == 405
