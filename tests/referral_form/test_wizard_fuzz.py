"""Hostile and random input to every wizard URL and the criteria self-check.

For each URL the session is first prepared so the step is reachable (the wizard walked there
with valid answers), then Hypothesis posts random and hostile bodies: very long text, control
characters including NUL, HTML and script, unusual unicode, lists where one value is expected,
files where text is expected, invalid UTF-8, missing, unknown and surplus fields. Whatever
arrives, the site must never answer 5xx, never echo markup unescaped, and a form step that does
not accept the input must say why (an error summary) rather than show the form again silently.

Each example gets a fresh copy of the prepared session, so examples never see each other's
answers; the database itself is the one test transaction Hypothesis runs every example in.
"""

from __future__ import annotations

import io
import urllib.parse
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django_recaptcha.client import RecaptchaResponse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referral_form import rules
from referral_form.forms.assessment import CriteriaEvidenceForm
from referral_form.forms.steps import (
    AddAnotherForm,
    ChildForm,
    DeclarationForm,
    HasChildrenForm,
    PersonAtRiskForm,
    PersonCausingHarmForm,
    WhatHappenedForm,
)
from referral_form.wizard import SESSION_KEY
from tests.referral_form.wizard_helpers import (
    VALID_ANSWERS,
    checklist_answers,
    checklist_step_answers,
    stalking_answers,
    submission_token,
    walk_to,
)

# Markup that never occurs in the site's own pages: finding any of it raw means an echo.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "</textarea><b id=fuzzed>",
    "'><iframe srcdoc=x>",
]
RAW_MARKERS = [
    "<script>alert(",
    "<img src=x onerror",
    "<svg/onload",
    "<b id=fuzzed>",
    "<iframe srcdoc",
]
HOSTILE = [
    *XSS_PAYLOADS,
    "javascript:alert(1)",
    "{{ 7|add:7 }}",
    "{% debug %}",
    "${7*7}",
    "' OR 1=1 --",
    "../../../etc/passwd",
    "%00",
    "\x00",
    "yes\x00",
    "\x00\x01\x08\x0b\x1b\x7f",
    "\r\n\r\n",
    "\u202e\u200b\u2028\u2029\ufeff",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467",
    "e\u0301\u0301\u0301",
    "\uffff\ufffe",
    "\U0010ffff",
    " ",
    "",
    "YES",
    " yes ",
    "on",
    "true",
    "0",
    "-1",
    "1e309",
    "NaN",
    "99999999999999999999999999",
    "31/02/2024",
    "00/00/0000",
    "29/02/1900",
    "1/1/10000",
    "9999-12-31",
    "0001-01-01",
    "12 Smarch 2020",
    "1/1/25",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "not-a-uuid",
    "not_known",
    "unborn",
]
LONG_PIECES = ["a", "\u00e9", "\x00", "<script>alert(1)</script>", "\U0001f600", "yes ", "\n"]
MAX_LONG = 100_000

short_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
control_text = st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=20)
long_text = st.builds(
    lambda piece, size: (piece * (size // len(piece) + 1))[:size],
    st.sampled_from(LONG_PIECES)
    | st.text(min_size=1, max_size=4, alphabet=st.characters(blacklist_categories=("Cs",))),
    st.integers(min_value=1_000, max_value=MAX_LONG),
)
composed = st.builds(
    lambda a, p, b: a + p + b, short_text, st.sampled_from(XSS_PAYLOADS), short_text
)
text_value = st.one_of(st.sampled_from(HOSTILE), short_text, control_text, long_text, composed)
field_value = st.one_of(
    text_value,
    text_value,
    st.lists(text_value, min_size=0, max_size=4),  # several values for one key, or none
    st.builds(lambda b: ("upload", b), st.binary(max_size=200)),  # a file where text goes
)

# Fields each URL's form knows, so hostile values land on real fields as well as unknown ones.
CHECKLIST = rules.get_checklist(rules.DEFAULT_CHECKLIST_VERSION)
CHECKLIST_FIELDS = [q.id for q in CHECKLIST.questions] + ["checklist_comments", "risk_level"]
STALKING_FIELDS = list(stalking_answers())
CRITERIA_FIELDS = list(CriteriaEvidenceForm.base_fields)


def _fields(form_class) -> list[str]:
    return list(form_class.base_fields)


# url name -> (path, how to prepare the session, known fields, a valid body to start from)
# "prepare" is (walk target, walk options) or None for a fresh session.
TARGETS = {
    "eligibility": (
        "/refer/eligibility/",
        ("eligibility", {}),
        list(VALID_ANSWERS["eligibility"]),
        VALID_ANSWERS["eligibility"],
    ),
    "checklist": ("/refer/checklist/", ("checklist", {}), CHECKLIST_FIELDS,
                  checklist_step_answers()),
    "stalking": (
        "/refer/stalking/",
        ("stalking", {"stalking": True}),
        STALKING_FIELDS,
        stalking_answers(),
    ),
    "criteria": ("/refer/criteria/", ("criteria", {}), CRITERIA_FIELDS, VALID_ANSWERS["criteria"]),
    "about-you": (
        "/refer/about-you/",
        ("about-you", {}),
        list(VALID_ANSWERS["about-you"]) + ["manager_name"],
        VALID_ANSWERS["about-you"],
    ),
    "person-at-risk": (
        "/refer/person-at-risk/",
        ("person-at-risk", {}),
        _fields(PersonAtRiskForm),
        VALID_ANSWERS["person-at-risk"],
    ),
    "people-list": (
        "/refer/people-causing-harm/",
        ("children", {}),
        _fields(AddAnotherForm),
        {"add_another": "no"},
    ),
    "people-add": (
        "/refer/people-causing-harm/add/",
        ("people-causing-harm", {}),
        _fields(PersonCausingHarmForm),
        VALID_ANSWERS["people-causing-harm"],
    ),
    "people-edit": (
        "/refer/people-causing-harm/0/",
        ("children", {}),
        _fields(PersonCausingHarmForm),
        VALID_ANSWERS["people-causing-harm"],
    ),
    "people-remove": (
        "/refer/people-causing-harm/0/remove/",
        ("children", {}),
        ["confirm"],
        {"confirm": "yes"},
    ),
    "children": (
        "/refer/children/",
        ("children", {}),
        _fields(HasChildrenForm),
        {"has_children": "no"},
    ),
    "children-add": (
        "/refer/children/add/",
        ("children", {}),
        _fields(ChildForm),
        VALID_ANSWERS["children"],
    ),
    "what-happened": (
        "/refer/what-happened/",
        ("what-happened", {}),
        _fields(WhatHappenedForm),
        VALID_ANSWERS["what-happened"],
    ),
    "closed-marac": (
        "/refer/closed-marac/",
        ("closed-marac", {}),
        ["closed_marac_requested", "closed_marac_reasons"],
        VALID_ANSWERS["closed-marac"],
    ),
    "declaration": (
        "/refer/declaration/",
        ("declaration", {}),
        _fields(DeclarationForm),
        {"confirm": "on", "website": "", "captcha": ""},
    ),
    "start-with-answers": (
        "/refer/start-with-answers/",
        None,
        CHECKLIST_FIELDS + STALKING_FIELDS + CRITERIA_FIELDS,
        {**checklist_answers(), **VALID_ANSWERS["criteria"]},
    ),
    "keep-alive": ("/refer/keep-alive/", ("eligibility", {}), [], {}),
    "check-criteria": (
        "/check-criteria/",
        None,
        CHECKLIST_FIELDS + STALKING_FIELDS + CRITERIA_FIELDS,
        {**checklist_answers(), **VALID_ANSWERS["criteria"]},
    ),
}
# Form steps: a POST the step does not accept must come back with an error summary.
FORM_STEPS = {
    "eligibility",
    "checklist",
    "stalking",
    "criteria",
    "about-you",
    "person-at-risk",
    "people-list",
    "people-add",
    "people-edit",
    "children",
    "children-add",
    "what-happened",
    "closed-marac",
    "declaration",
}

# Session data after walking to each prepare target, reused (copied) by every example.
_PREPARED: dict[tuple, dict] = {}


def prepared_session_data(prepare) -> dict:
    key = (prepare[0], tuple(sorted(prepare[1].items())))
    if key not in _PREPARED:
        client = Client()
        response = walk_to(client, prepare[0], **prepare[1])
        assert response.status_code in (200, 302)
        data = dict(client.session.items())
        if prepare[0] == "declaration":
            data["__token__"] = submission_token(response)
        _PREPARED[key] = data
    return _PREPARED[key]


def client_for(name: str) -> tuple[Client, str | None]:
    """A new client whose session is a fresh copy of the prepared one; and the walk's token."""
    client = Client()
    prepare = TARGETS[name][1]
    token = None
    if prepare is not None:
        data = dict(prepared_session_data(prepare))
        token = data.pop("__token__", None)
        session = client.session
        session.update(data)
        session.save()
    return client, token


def body_strategy(name: str):
    known = TARGETS[name][2] + (["submission_token"] if name == "declaration" else [])
    names = st.one_of(st.sampled_from(known), short_text) if known else short_text
    random_fields = st.dictionaries(names, field_value, max_size=max(len(known), 3) + 4)
    return st.tuples(
        st.sampled_from(["random", "overlay", "overlay", "raw"]),
        random_fields,
        st.lists(st.tuples(st.binary(max_size=30), st.binary(max_size=60)), max_size=8),
        st.booleans(),
    )


def _encode_for_client(fields: dict) -> dict:
    encoded = {}
    for key, value in fields.items():
        if isinstance(value, tuple) and value[0] == "upload":
            upload = io.BytesIO(value[1])
            upload.name = "fuzz.txt"
            encoded[key] = upload
        elif isinstance(value, list):
            encoded[key] = list(value)
        else:
            encoded[key] = value
    return encoded


def _body_text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def assert_safe(response, *, where: str) -> str:
    assert response.status_code < 500, f"{where}: status {response.status_code}"
    text = _body_text(response)
    for marker in RAW_MARKERS:
        assert marker not in text, f"{where}: {marker!r} echoed unescaped"
    return text


def recaptcha_answer(*args, **kwargs):
    return RecaptchaResponse(is_valid=True, extra_data={"score": 0.9}, action="referral")


def post_hostile(name: str, mode: str, fields: dict, raw_pairs: list, change: bool):
    path, _prepare, known, valid = TARGETS[name]
    client, token = client_for(name)
    url = path + ("?change=1" if change else "")
    if mode == "raw":
        body = "&".join(
            f"{urllib.parse.quote_from_bytes(k)}={urllib.parse.quote_from_bytes(v)}"
            for k, v in raw_pairs
        )
        # Bytes that are not UTF-8 at all, as a broken client might send.
        body += "&" + "&".join(f"{k}=%FF%FE%00%C0%AF" for k in (known or ["x"])[:5])
        response = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
    else:
        data = dict(valid) if mode == "overlay" else {}
        if name == "declaration" and mode == "overlay" and token:
            data["submission_token"] = token
        data.update(fields)
        response = client.post(url, data=_encode_for_client(data))
    text = assert_safe(response, where=f"POST {url}")
    if response.status_code == 200 and name in FORM_STEPS:
        assert "There is a problem" in text, f"POST {url}: form shown again with no error summary"
    if response.status_code == 302:
        # What was stored must not break (or be echoed raw by) the pages that show it later.
        follows = [response["Location"], reverse("referral_form:check_answers")]
        for follow in dict.fromkeys(follows):
            assert_safe(client.get(follow), where=f"GET {follow} after POST {url}")
    return response


FUZZ_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    # The db fixture is function-scoped on purpose: every example runs in the same test
    # transaction, and gets its own Client and a fresh copy of the prepared session.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture
def no_google():
    """reCAPTCHA verification answers locally; the test fails if anything tries the network."""
    with (
        mock.patch("django_recaptcha.client.submit", side_effect=recaptcha_answer) as submit,
        mock.patch(
            "django_recaptcha.client.recaptcha_request",
            side_effect=AssertionError("tried to reach Google"),
        ),
    ):
        yield submit


@pytest.mark.parametrize("name", list(TARGETS))
def test_hostile_posts_never_give_a_server_error(name, db, no_google):
    @FUZZ_SETTINGS
    @given(body=body_strategy(name))
    def run(body):
        mode, fields, raw_pairs, change = body
        post_hostile(name, mode, fields, raw_pairs, change)

    run()


@pytest.mark.parametrize("name", list(TARGETS))
def test_too_many_fields_is_refused_plainly(name, db, no_google):
    """Django's field-count guard answers 400, never 500, on every URL."""
    client, _token = client_for(name)
    count = django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 10
    body = "&".join(f"f{i}=x" for i in range(count))
    response = client.post(
        TARGETS[name][0], data=body, content_type="application/x-www-form-urlencoded"
    )
    assert_safe(response, where=f"POST {TARGETS[name][0]}")
    # keep-alive never reads the body, so it has nothing to refuse.
    assert response.status_code == (204 if name == "keep-alive" else 400)


@pytest.mark.parametrize("name", list(TARGETS))
def test_too_big_a_body_is_refused_plainly(name, db, no_google):
    """Django's body-size guard answers 400, never 500, on every URL."""
    client, _token = client_for(name)
    field = (TARGETS[name][2] or ["x"])[0]
    size = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1000
    body = f"{field}=" + "a" * size
    response = client.post(
        TARGETS[name][0], data=body, content_type="application/x-www-form-urlencoded"
    )
    assert_safe(response, where=f"POST {TARGETS[name][0]}")
    assert response.status_code == (204 if name == "keep-alive" else 400)


@FUZZ_SETTINGS
@given(
    kind=st.sampled_from(["people-causing-harm", "children"]),
    index=st.integers(min_value=0, max_value=10**30),
    action=st.sampled_from(["", "remove/"]),
    method=st.sampled_from(["get", "post"]),
)
def test_any_list_index_is_handled(db, no_google, kind, index, action, method):
    client, _token = client_for("people-edit")
    url = f"/refer/{kind}/{index}/{action}"
    response = getattr(client, method)(url, {"confirm": "yes"} if method == "post" else None)
    assert_safe(response, where=f"{method.upper()} {url}")
    if index > 0 or kind == "children":
        assert response.status_code == 404


@settings(FUZZ_SETTINGS, max_examples=15)
@given(
    fields=st.dictionaries(
        st.sampled_from(["confirm", "submission_token", "website", "captcha"]),
        text_value,
        max_size=4,
    )
)
def test_hostile_declaration_with_the_right_token_stores_at_most_one_referral(
    db, no_google, fields
):
    """Hostile honeypot, token and captcha values with a real submission token: one referral."""
    from referral_form.models import Referral

    client, token = client_for("declaration")
    data = {"confirm": "on", "website": "", "captcha": "", **fields, "submission_token": token}
    response = client.post("/refer/declaration/", data)
    assert_safe(response, where="POST /refer/declaration/")
    assert Referral.objects.filter(submission_token=token).count() <= 1
    if response.status_code == 302 and response["Location"].endswith("/confirmation/"):
        assert SESSION_KEY not in client.session
        assert_safe(client.get("/refer/confirmation/"), where="GET /refer/confirmation/")
