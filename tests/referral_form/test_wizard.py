"""The referral wizard walked through the test client, step by step, with good and bad input."""

import re
import time
from html import unescape
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django_recaptcha.client import RecaptchaResponse

from referral_form import rules, wizard
from referral_form.models import Referral
from tests.referral_form.wizard_helpers import RISK_LEVEL

pytestmark = pytest.mark.django_db

CHECKLIST = rules.get_checklist("dash-2009-27")
ELIGIBLE = {"lives_in_area": "yes", "aged_16_or_over": "yes", "domestic_abuse": "yes"}
REFERRER = {"name": "Sam Okafor", "agency": "West Yorkshire Police", "role": "Constable",
            "email": "sam.okafor@police.example.org", "phone": "01632 960 001",
            "can_attend": "yes"}
PERSON = {"first_name": "Zanthia", "last_name": "Quillfeather", "date_of_birth": "27/03/1985",
          "address": "14 Larkspur Row, Testville", "phone": "01632 960 123",
          "phone_is_safe": "yes", "safe_contact_notes": "Mornings only",
          "aware_of_referral": "yes", "consent_given": "yes", "gender": "female"}
HARMER = {"name": "Brackley Vondermott", "date_of_birth": "02/11/1980",
          "relationship": "ex_partner"}
NARRATIVE = {"worst_incident": "Strangled until she passed out", "last_incident":
             "Threatened with a knife last week", "afraid_of": "Her ex-partner",
             "risks_to_person": "Serious injury or death", "interventions": "Police bail"}


def yes_answers(count):
    """`count` 'yes' answers, never on the stalking question (so that step is skipped)."""
    scored = [q for q in CHECKLIST.questions if not q.triggers_stalking]
    answers = {q.id: ("yes" if i < count else "no") for i, q in enumerate(scored)}
    return answers | {CHECKLIST.stalking_trigger.id: "no"}


def errors_in(response):
    return [unescape(message) for message in re.findall(
        r'class="error-message"[^>]*>.*?</span>\s*(.*?)</p>', response.content.decode(), re.S)]


def post(client, url, data, *, expect=None):
    response = client.post(url, data)
    if expect is not None:
        assert response.status_code == 302, errors_in(response)
        assert response["Location"] == expect
    return response


def walk_to_declaration(client, *, yes=14, people=(HARMER,), children=None, person=None):
    post(client, "/refer/eligibility/", ELIGIBLE, expect="/refer/checklist/")
    post(client, "/refer/checklist/", yes_answers(yes) | RISK_LEVEL, expect="/refer/criteria/")
    post(client, "/refer/criteria/", {"professional_judgement": "yes",
                                      "professional_judgement_rationale": "Weapons and fear",
                                      "escalating": "no", "suicide_self_harm": "no"},
         expect="/refer/about-you/")
    post(client, "/refer/about-you/", REFERRER, expect="/refer/person-at-risk/")
    post(client, "/refer/person-at-risk/", person or PERSON,
         expect="/refer/people-causing-harm/")
    for harmer in people:
        post(client, "/refer/people-causing-harm/add/", harmer,
             expect="/refer/people-causing-harm/")
    post(client, "/refer/people-causing-harm/", {"add_another": "no"}, expect="/refer/children/")
    if children:
        post(client, "/refer/children/", {"has_children": "yes"},
             expect="/refer/children/add/")
        for child in children:
            post(client, "/refer/children/add/", child, expect="/refer/children/")
        post(client, "/refer/children/", {"add_another": "no"}, expect="/refer/what-happened/")
    else:
        post(client, "/refer/children/", {"has_children": "no"}, expect="/refer/what-happened/")
    post(client, "/refer/what-happened/", NARRATIVE, expect="/refer/closed-marac/")
    post(client, "/refer/closed-marac/", {"closed_marac_requested": "no"},
         expect="/refer/check-answers/")
    return client.get("/refer/declaration/")


def token_from(response):
    return re.search(r'name="submission_token" value="([^"]+)"',
                     response.content.decode()).group(1)


@pytest.fixture
def recaptcha_passes():
    answer = RecaptchaResponse(is_valid=True, action="referral", extra_data={"score": 0.9})
    with mock.patch("django_recaptcha.client.submit", return_value=answer) as submit:
        yield submit


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    def _submit(token, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/refer/declaration/", {"confirm": "on",
                                                       "submission_token": token,
                                                       "captcha": "a-token", **extra})
    return _submit


def test_complete_referral_is_stored_field_by_field_and_notifies_without_personal_data(
        client, home_page, recaptcha_passes, submit, mailoutbox):
    declaration = walk_to_declaration(client, yes=15, children=[
        {"name": "Pip Quillfeather", "date_of_birth": "14/06/2019",
         "relationship_to_person_at_risk": "child",
         "relationship_to_person_causing_harm": "child", "lives_with_person_at_risk": "yes"}])
    assert declaration.status_code == 200
    assert declaration["Cache-Control"].startswith("no-store")
    response = submit(token_from(declaration))
    assert response["Location"] == "/refer/confirmation/"

    referral = Referral.objects.get()
    assert referral.status == Referral.Status.SUBMITTED
    assert referral.verification == Referral.Verification.VERIFIED
    assert referral.yes_count == 15 and referral.threshold_used == 14
    assert referral.criteria_met == ["visible_high_risk", "professional_judgement"]
    assert referral.checklist_version == "dash-2009-27"
    assert referral.checklist_answers == yes_answers(15)
    assert referral.referrer["email"] == REFERRER["email"]
    assert referral.referrer_agency == "West Yorkshire Police"
    assert referral.person_at_risk["first_name"] == "Zanthia"
    assert referral.person_at_risk["date_of_birth"] == "1985-03-27"
    assert referral.person_at_risk["safe_contact_notes"] == "Mornings only"
    assert referral.consent_given == "yes" and referral.aware_of_referral == "yes"
    assert referral.criteria_evidence["professional_judgement_rationale"] == "Weapons and fear"
    assert referral.narrative["worst_incident"] == NARRATIVE["worst_incident"]
    [harmer] = referral.people_causing_harm.all()
    assert harmer.details["name"] == "Brackley Vondermott"
    assert harmer.relationship == "ex_partner" and harmer.lookup
    [child] = referral.children.all()
    assert child.details["name"] == "Pip Quillfeather" and not child.unborn
    assert referral.person_at_risk_lookup
    assert referral.idva_referral_due is not None
    assert [s.status for s in referral.status_history.all()] == ["submitted"]

    [email] = mailoutbox
    assert referral.reference in email.subject and referral.reference in email.body
    for secret in ("Zanthia", "Quillfeather", "Vondermott", "Larkspur", "1985", "Okafor"):
        assert secret not in email.body and secret not in email.subject

    confirmation = client.get("/refer/confirmation/")
    html = confirmation.content.decode()
    assert referral.reference in html and "Visible high risk" in html
    assert "Zanthia" not in html
    assert confirmation["Cache-Control"].startswith("no-store")
    copy = client.get("/refer/confirmation/copy/")
    assert "Zanthia" in copy.content.decode() and copy["Cache-Control"].startswith("no-store")
    download = client.get("/refer/confirmation/copy/?download=1")
    assert "attachment" in download["Content-Disposition"]
    # The wizard state is gone from the session once submitted.
    assert wizard.SESSION_KEY not in client.session


def test_personal_data_is_encrypted_in_the_database(client, home_page, recaptcha_passes, submit):
    submit(token_from(walk_to_declaration(client)))
    with connection.cursor() as cursor:
        dump = []
        for table in ("referral_form_referral", "referral_form_personcausingharm",
                      "referral_form_childdependant", "referral_form_statuschange",
                      "django_session"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            dump.extend(str(row) for row in cursor.fetchall())
    dump = "\n".join(dump)
    for secret in ("Zanthia", "Quillfeather", "Vondermott", "Larkspur", "01632 960 123",
                   "1985-03-27", "27/03/1985", "Strangled", "Weapons and fear",
                   "sam.okafor@police.example.org"):
        assert secret not in dump


def test_wizard_state_in_the_session_is_encrypted(client, home_page):
    post(client, "/refer/eligibility/", ELIGIBLE)
    walk_to_declaration(client)
    session = Session.objects.get(session_key=client.session.session_key)
    raw = str(session.session_data) + str(session.get_decoded())
    assert "Zanthia" not in raw and "Vondermott" not in raw


def test_double_submit_creates_one_referral(client, home_page, recaptcha_passes, submit):
    token = token_from(walk_to_declaration(client))
    first = submit(token)
    second = submit(token)  # back button and resubmit: the state has gone
    assert first["Location"] == "/refer/confirmation/"
    assert second["Location"] == "/refer/confirmation/"
    assert Referral.objects.count() == 1


@pytest.mark.parametrize("answer, verdict, verified", [
    (RecaptchaResponse(is_valid=True, action="referral", extra_data={"score": 0.9}),
     "passed", True),
    (RecaptchaResponse(is_valid=True, action="referral", extra_data={"score": 0.1}),
     "low_score", False),
    (OSError("no route to host"), "unreachable", False),
    (RecaptchaResponse(is_valid=False, error_codes=["invalid-input-response"]),
     "invalid", False),
])
def test_bot_check_outcomes_never_lose_the_referral(client, home_page, submit, answer, verdict,
                                                    verified, mailoutbox):
    token = token_from(walk_to_declaration(client))
    kwargs = {"side_effect": answer} if isinstance(answer, Exception) else {"return_value": answer}
    with mock.patch("django_recaptcha.client.submit", **kwargs):
        response = submit(token)
    assert response["Location"] == "/refer/confirmation/"
    referral = Referral.objects.get()
    assert referral.bot_check_verdict == verdict
    assert (referral.verification == Referral.Verification.VERIFIED) is verified
    assert len(mailoutbox) == 1


def test_no_token_with_javascript_off_is_stored_unverified(client, home_page, submit,
                                                           mailoutbox):
    token = token_from(walk_to_declaration(client))
    with mock.patch("django_recaptcha.client.submit") as never_called:
        response = submit(token, captcha="")
    never_called.assert_not_called()
    assert response["Location"] == "/refer/confirmation/"
    referral = Referral.objects.get()
    assert referral.verification == Referral.Verification.UNVERIFIED
    assert referral.bot_check_verdict == "no_token"


def test_honeypot_goes_to_suspected_spam_and_coordinators_are_not_emailed(
        client, home_page, recaptcha_passes, submit, mailoutbox):
    token = token_from(walk_to_declaration(client))
    response = submit(token, website="http://spam.example")
    assert response["Location"] == "/refer/confirmation/"
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.SUSPECTED_SPAM
    assert referral.spam_reason == Referral.SpamReason.HONEYPOT
    assert mailoutbox == []


def test_a_burst_over_the_rate_limit_is_held_as_suspected_spam(client, home_page,
                                                              recaptcha_passes, submit,
                                                              settings):
    settings.REFERRAL_RATE_LIMIT_PER_HOUR = 1
    submit(token_from(walk_to_declaration(client)))
    submit(token_from(walk_to_declaration(client)))
    statuses = sorted(Referral.objects.values_list("status", flat=True))
    assert statuses == ["submitted", "suspected_spam"]
    assert Referral.objects.get(status="suspected_spam").spam_reason == "rate_limit"


def test_declaration_must_be_confirmed_and_keeps_the_answers(client, home_page):
    declaration = walk_to_declaration(client)
    response = client.post("/refer/declaration/", {"submission_token": token_from(declaration)})
    assert response.status_code == 200
    assert "Confirm the declaration to submit the referral" in errors_in(response)
    assert 'class="error-summary"' in response.content.decode()
    assert Referral.objects.count() == 0
    assert client.get("/refer/check-answers/").status_code == 200


STEP_ERRORS = [
    ("/refer/eligibility/", {}, ["Select yes if the person lives, works or studies in the area"]),
    ("/refer/about-you/", {**REFERRER, "email": "not-an-email", "phone": "call me"},
     ["Enter an email address in the right format, like name@agency.gov.uk",
      "Enter a phone number using digits, for example 01632 960 001"]),
    ("/refer/person-at-risk/", {**PERSON, "date_of_birth": "31/02/1985"},
     ["Their date of birth must be a real date"]),
    ("/refer/person-at-risk/", {**PERSON, "date_of_birth": "01/01/2099"},
     ["Their date of birth must be today or in the past"]),
    ("/refer/person-at-risk/", {**PERSON, "date_of_birth": ""},
     ["Enter their date of birth, or tick 'Not known'"]),
    ("/refer/person-at-risk/", {**PERSON, "consent_given": "no"},
     ["Select why you are referring without consent",
      "Explain why you are referring without consent"]),
    ("/refer/people-causing-harm/add/", {"relationship": "partner"},
     ["Enter their name, or tick 'Not known'"]),
    ("/refer/children/add/", {"unborn": "on", "due_date": "01/01/2001",
                              "relationship_to_person_at_risk": "unborn",
                              "relationship_to_person_causing_harm": "unborn",
                              "lives_with_person_at_risk": "yes"},
     ["The due date has passed: enter the child's date of birth instead"]),
    ("/refer/what-happened/", {"worst_incident": "x" * 10_001},
     ["Use 10000 characters or fewer", "Describe the most recent incident"]),
    ("/refer/closed-marac/", {"closed_marac_requested": "yes"},
     ["Explain why a closed MARAC is needed"]),
]


@pytest.mark.parametrize("url, data, expected", STEP_ERRORS)
def test_bad_input_gets_messages_beside_fields_and_a_summary_and_keeps_what_was_typed(
        client, home_page, url, data, expected):
    walk_to_declaration(client)
    if url == "/refer/children/add/":
        client.post("/refer/children/", {"has_children": "yes"})
    response = client.post(url, data)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    for message in expected:
        assert message in errors_in(response), errors_in(response)
        assert f">{message}</a>" in html  # and linked from the error summary
    assert "<title>Error: " in html
    for value in data.values():
        if value not in ("on", "yes", "no") and len(value) < 200:
            assert value in html  # nothing typed is lost


def test_checklist_needs_every_answer_and_shows_the_running_count(client, home_page):
    post(client, "/refer/eligibility/", ELIGIBLE)
    partial = {q.id: "yes" for q in CHECKLIST.questions[:5]}
    response = client.post("/refer/checklist/", partial)
    assert response.status_code == 200
    assert "Select yes, no or not known for question 6" in errors_in(response)
    first = CHECKLIST.questions[0].id
    assert re.search(rf'name="{first}" value="yes" id="[^"]+" checked', response.content.decode())
    assert not re.search(rf'name="{CHECKLIST.questions[6].id}" value="[a-z_]+" id="[^"]+" checked',
                         response.content.decode())
    post(client, "/refer/checklist/", yes_answers(13) | RISK_LEVEL)
    page = client.get("/refer/checklist/").content.decode()
    assert "13 'yes' answers out of 27 (threshold 14)" in unescape(page)


def test_stalking_questions_only_when_the_trigger_is_yes(client, home_page):
    post(client, "/refer/eligibility/", ELIGIBLE)
    answers = yes_answers(14)
    answers[CHECKLIST.stalking_trigger.id] = "yes"
    post(client, "/refer/checklist/", answers | RISK_LEVEL, expect="/refer/stalking/")
    response = client.post("/refer/stalking/", {})
    assert "Select yes, no or not known for stalking question 1" in errors_in(response)
    stalking = {f"stalking_{q.id}": "no" for q in CHECKLIST.stalking_questions}
    post(client, "/refer/stalking/", stalking, expect="/refer/criteria/")
    answers[CHECKLIST.stalking_trigger.id] = "no"
    post(client, "/refer/checklist/", answers | RISK_LEVEL, expect="/refer/criteria/")
    assert client.get("/refer/stalking/")["Location"] == "/refer/criteria/"


def test_below_the_threshold_the_referral_cannot_go_on_and_advice_is_shown(client, home_page):
    post(client, "/refer/eligibility/", ELIGIBLE)
    post(client, "/refer/checklist/", yes_answers(13) | RISK_LEVEL)
    response = client.post("/refer/criteria/", {"professional_judgement": "no",
                                                "escalating": "no", "suicide_self_harm": "no"})
    assert response["Location"] == "/refer/below-threshold/"
    page = client.get("/refer/below-threshold/")
    assert "does not meet the MARAC threshold" in page.content.decode()
    assert rules.advice_for(rules.KIRKLEES)[0].title in page.content.decode()
    # Skipping ahead is refused.
    assert client.get("/refer/about-you/")["Location"] == "/refer/below-threshold/"


def test_not_eligible_explains_what_to_do_instead(client, home_page):
    response = client.post("/refer/eligibility/", {**ELIGIBLE, "aged_16_or_over": "no"})
    assert response["Location"] == "/refer/not-eligible/"
    assert "You cannot use this form" in client.get("/refer/not-eligible/").content.decode()
    assert client.get("/refer/checklist/")["Location"] == "/refer/not-eligible/"


def test_steps_cannot_be_skipped(client, home_page):
    assert client.get("/refer/about-you/")["Location"] == "/refer/"
    post(client, "/refer/eligibility/", ELIGIBLE)
    assert client.get("/refer/declaration/")["Location"] == "/refer/checklist/"
    assert client.post("/refer/about-you/", REFERRER)["Location"] == "/refer/checklist/"


def test_add_another_change_and_remove_people(client, home_page):
    walk_to_declaration(client, people=(HARMER, {"name_not_known": "on",
                                                 "relationship": "other_family"}))
    listing = client.get("/refer/people-causing-harm/").content.decode()
    assert "Brackley Vondermott" in listing and "Name not known" in listing
    edit = client.get("/refer/people-causing-harm/1/")
    assert edit.status_code == 200
    post(client, "/refer/people-causing-harm/1/?change=1",
         {"name": "Corvin Ashdown", "relationship": "other_family"},
         expect="/refer/check-answers/")
    assert "Corvin Ashdown" in client.get("/refer/check-answers/").content.decode()
    confirm = client.get("/refer/people-causing-harm/0/remove/")
    assert "Brackley Vondermott" in confirm.content.decode()
    post(client, "/refer/people-causing-harm/0/remove/", {"confirm": "yes"},
         expect="/refer/people-causing-harm/")
    listing = client.get("/refer/people-causing-harm/").content.decode()
    assert "Brackley Vondermott" not in listing and "Corvin Ashdown" in listing
    # Removing sends the referrer back through the list before check answers.
    assert client.get("/refer/check-answers/")["Location"] == "/refer/people-causing-harm/"
    assert client.get("/refer/people-causing-harm/9/").status_code == 404


def test_unborn_child_with_a_due_date(client, home_page):
    walk_to_declaration(client)
    client.post("/refer/children/", {"has_children": "yes"})
    import datetime
    due = (datetime.date.today() + datetime.timedelta(days=60)).strftime("%d/%m/%Y")
    post(client, "/refer/children/add/", {"unborn": "on", "due_date": due,
                                          "relationship_to_person_at_risk": "unborn",
                                          "relationship_to_person_causing_harm": "unborn",
                                          "lives_with_person_at_risk": "yes"},
         expect="/refer/children/")
    assert "Unborn child" in client.get("/refer/children/").content.decode()


def test_every_answer_on_check_answers_has_a_change_link_that_returns_there(client,
                                                                          home_page):
    walk_to_declaration(client)
    page = client.get("/refer/check-answers/").content.decode()
    rows = page.count('class="summary-list__row"')
    links = re.findall(r'<a href="([^"]+)">Change<span', page)
    assert rows == len(links) > 40
    post(client, "/refer/about-you/?change=1", {**REFERRER, "role": "Sergeant"},
         expect="/refer/check-answers/")
    assert "Sergeant" in client.get("/refer/check-answers/").content.decode()
    assert "/refer/children/?change=1#id_has_children" in links
    post(client, "/refer/children/?change=1", {"has_children": "not_known"},
         expect="/refer/check-answers/")


def test_idle_state_expires_and_is_deleted(client, home_page):
    post(client, "/refer/eligibility/", ELIGIBLE)
    session = client.session
    session[wizard.SEEN_KEY] = int(time.time()) - 61 * 60
    session.save()
    response = client.get("/refer/checklist/")
    assert response["Location"] == "/refer/session-expired/"
    assert wizard.SESSION_KEY not in client.session
    assert "deleted" in client.get("/refer/session-expired/").content.decode()


def test_idle_time_is_a_site_setting(client, home_page, site):
    from home.models import MaracSettings
    marac = MaracSettings.for_site(site)
    marac.wizard_idle_minutes = 5
    marac.save()
    post(client, "/refer/eligibility/", ELIGIBLE)
    session = client.session
    session[wizard.SEEN_KEY] = int(time.time()) - 6 * 60
    session.save()
    assert client.get("/refer/checklist/")["Location"] == "/refer/session-expired/"


def test_exit_deletes_the_wizard_state(client, home_page):
    post(client, "/refer/eligibility/", ELIGIBLE)
    key = client.session.session_key
    client.get("/exit/")
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/refer/checklist/")["Location"] == "/refer/"


def test_every_wizard_page_is_no_store_and_keeps_personal_data_out_of_urls(client, home_page):
    walk_to_declaration(client)
    for url in ("/refer/", "/refer/eligibility/", "/refer/checklist/", "/refer/criteria/",
                "/refer/about-you/", "/refer/person-at-risk/", "/refer/people-causing-harm/",
                "/refer/children/", "/refer/what-happened/", "/refer/closed-marac/",
                "/refer/check-answers/", "/refer/declaration/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"].startswith("no-store"), url
        html = response.content.decode()
        for link in re.findall(r'href="([^"]+)"', html):
            assert "Zanthia" not in link and "Quillfeather" not in link
        # Browsers must not remember what was typed about other people.
        for form in re.findall(r'<form method="post"[^>]*>', html):
            assert 'autocomplete="off"' in form, (url, form)


def test_answers_from_the_self_check_start_a_referral(client, home_page):
    data = yes_answers(16) | {"professional_judgement": "no", "escalating": "no",
                              "suicide_self_harm": "no"}
    response = client.post("/refer/start-with-answers/", data)
    assert response["Location"] == "/refer/eligibility/"
    post(client, "/refer/eligibility/", ELIGIBLE)
    checklist = client.get("/refer/checklist/").content.decode()
    assert "16 'yes' answers out of 27" in unescape(checklist)
    # The checklist and criteria are already answered, so the next step to fill is about you.
    assert client.get("/refer/declaration/")["Location"] == "/refer/about-you/"


def test_keep_alive_extends_the_idle_time(client, home_page):
    post(client, "/refer/eligibility/", ELIGIBLE)
    session = client.session
    session[wizard.SEEN_KEY] = int(time.time()) - 50 * 60
    session.save()
    assert client.post("/refer/keep-alive/").status_code == 204
    assert client.get("/refer/checklist/").status_code == 200


def test_the_areas_checklist_version_is_used_and_kept_by_a_referral_in_progress(
        client, home_page, site, recaptcha_passes, submit):
    from home.models import MaracSettings
    from referral_form.models import AreaRuleSet

    marac = MaracSettings.for_site(site)
    marac.rule_set = AreaRuleSet.objects.get(key="bristol")  # the 24 questions (004)
    marac.save()
    short = rules.get_checklist("dash-24")
    post(client, "/refer/eligibility/", ELIGIBLE, expect="/refer/checklist/")
    page = client.get("/refer/checklist/").content.decode()
    assert f"Risk checklist ({short.label})" in unescape(page)
    # Three answers per question, and the three levels of risk.
    assert page.count('type="radio"') == 3 * short.question_count + 3
    # The 24-question version is not in the seeds, and the step says so.
    assert "Source:</strong> Not in the seed documents" in unescape(page)

    # Switching the area to 27 questions mid-referral does not change this referral's version.
    marac.rule_set = AreaRuleSet.objects.get(key="kirklees")
    marac.save()
    answers = {q.id: "yes" for q in short.questions} | {short.stalking_trigger.id: "no"}
    post(client, "/refer/checklist/", answers | RISK_LEVEL, expect="/refer/criteria/")
    post(client, "/refer/criteria/",
         {"professional_judgement": "no", "escalating": "no", "suicide_self_harm": "no"},
         expect="/refer/about-you/")
    post(client, "/refer/about-you/", REFERRER)
    post(client, "/refer/person-at-risk/", PERSON)
    post(client, "/refer/people-causing-harm/add/", HARMER)
    post(client, "/refer/people-causing-harm/", {"add_another": "no"})
    post(client, "/refer/children/", {"has_children": "no"})
    post(client, "/refer/what-happened/", NARRATIVE)
    post(client, "/refer/closed-marac/", {"closed_marac_requested": "no"},
         expect="/refer/check-answers/")
    submit(token_from(client.get("/refer/declaration/")))
    referral = Referral.objects.get()
    assert referral.checklist_version == "dash-24"
    assert referral.yes_count == short.question_count - 1
    assert set(referral.checklist_answers) == {q.id for q in short.questions}


def test_error_reports_never_carry_what_was_typed(client, home_page):
    from django.views.debug import SafeExceptionReporterFilter

    response = client.post("/refer/eligibility/", ELIGIBLE)
    request = response.wsgi_request
    filtered = SafeExceptionReporterFilter().get_post_parameters(request)
    assert set(filtered.values()) == {SafeExceptionReporterFilter.cleansed_substitute}
