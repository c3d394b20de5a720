"""Smaller hardening points: bidirectional controls stripped from all input, /exit/ forgets only
the referral, person searches audit-logged without what was searched, search never cached."""

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse
from wagtail.models import ModelLogEntry

from caching.middleware import PageCacheMiddleware
from referral_form import crypto, wizard
from referral_form.models import Referral
from tests.referral_form.factories import PERSON_AT_RISK, submit_referral
from tests.referral_form.test_review_access import PASSWORD, make_user
from tests.referral_form.wizard_helpers import step_path, walk_to

pytestmark = pytest.mark.django_db

CONTROLS = "\u202e\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f"


def test_bidi_controls_are_stripped_from_what_a_referrer_types(client, site):
    spoofed = {"first_name": "Al\u202eex\u202c", "last_name": "\u2067Exam\u200fple\u2069"}
    walk_to(client, "confirmation", answers={"person-at-risk": spoofed})
    referral = Referral.objects.get()
    assert referral.person_at_risk["first_name"] == "Alex"
    assert referral.person_at_risk["last_name"] == "Example"
    assert not any(ch in str(referral.person_at_risk) for ch in CONTROLS)
    # The look-up hash is the plain name's, so searches and repeats still match.
    assert referral.person_at_risk_lookup == crypto.person_lookup_hash(
        "Alex Example", referral.person_at_risk["date_of_birth"])


def test_bidi_controls_are_stripped_from_queries_and_admin_posts(client, site):
    make_user("coord", groups=["MARAC coordinators"])
    client.login(username="coord", password=PASSWORD)
    referral = submit_referral()
    name = f"{PERSON_AT_RISK['first_name']} {PERSON_AT_RISK['last_name']}"
    found = client.post(reverse("referral_form_referral_modeladmin_find_person"), {
        "name": "\u202e" + name + "\u2069", "date_of_birth": "17/04/1988"})
    assert referral.reference in found.content.decode()
    page = client.get("/search/", {"query": "con\u202esent"}).content.decode()
    assert "con\u202esent" not in page and "consent" in page


def test_exit_forgets_the_referral_but_not_a_signed_in_coordinator(client, site):
    make_user("coord", groups=["MARAC coordinators"])
    client.login(username="coord", password=PASSWORD)
    walk_to(client, "person-at-risk")
    assert wizard.SESSION_KEY in client.session
    response = client.get("/exit/")
    assert response.status_code == 302
    assert wizard.SESSION_KEY not in client.session
    assert wizard.SEEN_KEY not in client.session
    assert client.get(step_path("about-you"))["Location"] == reverse("referral_form:start")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200  # still signed in


def test_exit_deletes_an_anonymous_session_entirely(client, site):
    walk_to(client, "person-at-risk")
    assert Session.objects.count() == 1
    client.get("/exit/")
    assert Session.objects.count() == 0


def test_a_person_search_is_logged_without_the_terms(client, site):
    coordinator = make_user("coord", groups=["MARAC coordinators"])
    client.login(username="coord", password=PASSWORD)
    referral = submit_referral()
    client.post(reverse("referral_form_referral_modeladmin_find_person"), {
        "name": "Rosalind Achterberg", "date_of_birth": "17/04/1988"})
    client.post(reverse("referral_form_referral_modeladmin_find_person"), {
        "name": "Nobody Known", "date_of_birth": "01/01/1970"})
    entries = ModelLogEntry.objects.filter(action="marac.referral.find_person").order_by("pk")
    assert [(e.user_id, e.data) for e in entries] == [
        (coordinator.pk, {"results": 1, "references": [referral.reference]}),
        (coordinator.pk, {"results": 0, "references": []}),
    ]
    logged = str(list(ModelLogEntry.objects.values_list("data", "label")))
    for term in ("Rosalind", "Achterberg", "Nobody", "1988", "1970"):
        assert term not in logged


@override_settings(PAGE_CACHE_SECONDS=300)
def test_search_results_never_reach_the_shared_page_cache(client, home_page):
    from django.test import RequestFactory

    for encoding in ("gzip", ""):
        url = "/search/?query=Rosalind+Achterberg"
        response = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
        request = RequestFactory().get(url, HTTP_ACCEPT_ENCODING=encoding)
        assert PageCacheMiddleware.stored(request) is None
    # The same middleware does keep a public page, so the check above can fail.
    client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert PageCacheMiddleware.stored(
        RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")) is not None


# ------------------------------------------------------------------ the referrer's agency

def test_the_agency_comes_from_the_areas_list(client, site):
    from home.models import MaracSettings

    marac = MaracSettings.for_site(site)
    marac.referrer_agencies = "Kirklees Police\n\nCalder Housing\nKirklees Police\n"
    marac.save()
    page = walk_to(client, "about-you").content.decode()
    assert '<option value="Calder Housing">' in page
    assert '<option value="Housing">' not in page  # the default list is replaced
    assert page.count('value="Kirklees Police"') == 1
    walk_to(client, "confirmation", answers={"about-you": {"agency": "Calder Housing"}})
    assert Referral.objects.get().referrer_agency == "Calder Housing"


def test_an_agency_off_the_list_is_refused(client, site):
    walk_to(client, "about-you")
    from tests.referral_form.wizard_helpers import VALID_ANSWERS

    response = client.post(step_path("about-you"),
                           {**VALID_ANSWERS["about-you"], "agency": "Rosalind's house"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_another_organisation_is_typed_and_kept_encrypted(client, site):
    from django.db import connection

    walk_to(client, "confirmation", answers={"about-you": {
        "agency": "other", "agency_other": "Zephyrine Refuge Trust"}})
    referral = Referral.objects.get()
    assert referral.referrer_agency == "Another organisation"
    assert referral.referrer["agency_other"] == "Zephyrine Refuge Trust"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM referral_form_referral WHERE id = %s", [referral.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    assert "Zephyrine" not in row


def test_another_organisation_needs_its_name(client, site):
    walk_to(client, "about-you")
    from tests.referral_form.wizard_helpers import VALID_ANSWERS

    response = client.post(step_path("about-you"),
                           {**VALID_ANSWERS["about-you"], "agency": "other", "agency_other": ""})
    html = response.content.decode()
    assert response.status_code == 200 and html.count("Enter the name of your organisation") == 2
