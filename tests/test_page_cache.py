"""The page cache: public pages come from the cache and vary on nothing a visitor carries;
answers, search and the admin never do. caching/middleware.py.

The test settings run with the page cache off (PAGE_CACHE_SECONDS=0, as `make run` does);
these tests turn it on. One test checks in a subprocess that production really builds it.
"""

import json
import subprocess
import sys
from io import StringIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from marac_site.settings import base

from caching.middleware import STAFF_COOKIE, PageCacheMiddleware
from home.models import MaracSettings
from tests.referral_form.wizard_helpers import VALID_ANSWERS, walk_to
from tests.test_settings import PROJECT_ROOT, production_env

GUIDANCE_URLS = [
    "/",
    "/making-a-referral/",
    "/making-a-referral/referral-criteria/",
    "/operating-protocol/",
    "/meeting-dates/",
]
# A result the criteria self-check shows only after a POST.
RESULT_TEXT = "This case meets the criteria for a MARAC referral."
PASSWORD = "a-long-test-password"


def cached_page(url: str, **headers):
    """What the page cache holds for a GET of `url` (None when nothing current)."""
    request = RequestFactory().get(url, **headers)
    return PageCacheMiddleware.stored(request)


def criteria_answers(yes: int) -> dict[str, str]:
    from referral_form.rules import DEFAULT_CHECKLIST_VERSION, get_checklist

    checklist = get_checklist(DEFAULT_CHECKLIST_VERSION)
    data = {q.id: ("yes" if n < yes else "no") for n, q in enumerate(checklist.questions)}
    data.update({"professional_judgement": "no", "escalating": "no", "suicide_self_harm": "no"})
    # Should the stalking question be among the 'yes' answers, its follow-ups are needed too.
    data.update({f"stalking_{q.id}": "no" for q in checklist.stalking_questions})
    return data


PRODUCTION_SCRIPT = (
    "import django, json, os; "
    "os.environ['DJANGO_SETTINGS_MODULE'] = 'marac_site.settings.production'; "
    "django.setup(); from django.conf import settings as s; "
    "db = s.DATABASES['default']; "
    "print(json.dumps([s.MIDDLEWARE, s.PAGE_CACHE_SECONDS, s.PAGE_CACHE_ALIAS, "
    "s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, db['CONN_MAX_AGE'], "
    "db['CONN_HEALTH_CHECKS']]))"
)


def production_settings(tmp_path, **extra):
    env = {**production_env(tmp_path), **extra}
    result = subprocess.run([sys.executable, "-c", PRODUCTION_SCRIPT], cwd=PROJECT_ROOT,
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_runs_the_page_cache_with_persistent_checked_connections(tmp_path):
    middleware, seconds, alias, backend, sessions, max_age, checks = production_settings(
        tmp_path)
    assert middleware == list(base.MIDDLEWARE)
    assert "caching.middleware.PageCacheMiddleware" in middleware
    assert "django.middleware.gzip.GZipMiddleware" in middleware
    assert seconds == 300
    # Without Redis: the shared cache is the database, pages in each process's memory, and
    # sessions stay in the database (a per-process copy could be another node's stale one).
    assert (alias, backend) == ("pages", "django.core.cache.backends.db.DatabaseCache")
    assert sessions == "django.contrib.sessions.backends.db"
    assert max_age > 0 and checks is True


def test_production_with_redis_keeps_pages_and_sessions_there(tmp_path):
    _middleware, _seconds, alias, backend, sessions, _age, _checks = production_settings(
        tmp_path, REDIS_URL="redis://127.0.0.1:6379/5")
    assert (alias, backend) == ("default", "django.core.cache.backends.redis.RedisCache")
    assert sessions == "django.contrib.sessions.backends.cache"


def test_page_cache_seconds_zero_turns_it_off(tmp_path):
    assert production_settings(tmp_path, PAGE_CACHE_SECONDS="0")[1] == 0


@override_settings(PAGE_CACHE_SECONDS=300, BROWSER_CACHE_SECONDS=60)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=StringIO())

    def get_counting(self, client: Client, url: str):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return response, len(queries.captured_queries)

    def assert_never_stored(self, response, url: str):
        cache_control = response.headers.get("Cache-Control", "")
        self.assertTrue(
            "no-store" in cache_control or "private" in cache_control,
            f"{url} sent Cache-Control {cache_control!r}",
        )
        self.assertFalse(cached_page(url), f"{url} was stored in the page cache")

    # Guidance pages

    def test_a_second_get_of_a_guidance_page_makes_no_query(self):
        for url in GUIDANCE_URLS:
            with self.subTest(url=url):
                first, first_count = self.get_counting(Client(), url)
                self.assertEqual(first.status_code, 200)
                self.assertGreater(first_count, 0)
                self.assertTrue(cached_page(url), "not in the page cache")
                # Another visitor, with no cookies, is served the stored page.
                second, second_count = self.get_counting(Client(), url)
                self.assertEqual(second.status_code, 200)
                self.assertEqual(second_count, 0)
                self.assertEqual(second.content, first.content)

    def test_guidance_pages_may_be_kept_by_shared_caches_for_the_configured_time(self):
        response = Client().get("/making-a-referral/")
        cache_control = {part.strip() for part in response.headers["Cache-Control"].split(",")}
        self.assertEqual(cache_control, {"public", "max-age=60", "s-maxage=300"})
        self.assertNotIn("Cookie", response.headers.get("Vary", ""))

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_with_page_cache_seconds_zero_nothing_is_cached(self):
        """PAGE_CACHE_SECONDS=0 turns the page cache off (the benchmark's 'uncached' run)."""
        url = "/making-a-referral/"
        Client().get(url)
        response, count = self.get_counting(Client(), url)
        self.assertEqual(response.status_code, 200)
        self.assertGreater(count, 0)
        self.assertFalse(cached_page(url), "still in the page cache")
        self.assertNotIn("public", response.headers.get("Cache-Control", ""))

    def test_an_editors_page_with_the_user_bar_is_never_served_to_a_visitor(self):
        editor = get_user_model().objects.create_superuser(
            "cache-editor", "cache-editor@example.org", PASSWORD
        )
        staff = Client()
        staff.force_login(editor)
        staff.get("/admin/")  # any signed-in page sets the staff marker
        self.assertIn(STAFF_COOKIE, staff.cookies)
        page = staff.get("/making-a-referral/")
        self.assertContains(page, "wagtail-userbar")
        self.assertNotIn("public", page.headers.get("Cache-Control", ""))
        self.assertIn("Cookie", page.headers.get("Vary", ""))
        self.assertFalse(cached_page("/making-a-referral/"), "still in the page cache")
        visitor = Client().get("/making-a-referral/")
        self.assertEqual(visitor.status_code, 200)
        self.assertNotContains(visitor, "wagtail-userbar")

    def test_signing_in_sets_the_staff_marker_and_signing_out_clears_it(self):
        get_user_model().objects.create_superuser("marker", "marker@example.org", PASSWORD)
        browser = Client()
        signed_in = browser.post("/admin/login/", {"username": "marker", "password": PASSWORD})
        self.assertEqual(signed_in.status_code, 302)
        marker = signed_in.cookies[STAFF_COOKIE]
        self.assertTrue(marker["httponly"])
        self.assertEqual(marker["samesite"], "Lax")
        signed_out = browser.post("/admin/logout/")
        self.assertEqual(signed_out.cookies[STAFF_COOKIE]["max-age"], 0)
        self.assertNotContains(browser.get("/making-a-referral/"), "wagtail-userbar")

    def test_a_referrer_with_answers_in_their_session_gets_the_shared_page(self):
        """Their session is never read on public pages, so they share everyone's copy."""
        url = "/making-a-referral/referral-criteria/"
        first, _count = self.get_counting(Client(), url)
        referrer = Client()
        walk_to(referrer, "about-you")
        self.assertIn(settings.SESSION_COOKIE_NAME, referrer.cookies)
        theirs, count = self.get_counting(referrer, url)
        self.assertEqual(count, 0, "a referrer's cookies made the page render again")
        self.assertEqual(theirs.content, first.content)
        self.assertNotIn("Cookie", theirs.headers.get("Vary", ""))
        self.assertNotIn("Set-Cookie", theirs.headers)

    def test_even_uncached_public_pages_never_read_the_session(self):
        with override_settings(PAGE_CACHE_SECONDS=0):
            referrer = Client()
            walk_to(referrer, "about-you")
            response = referrer.get("/making-a-referral/")
        self.assertNotIn("Cookie", response.headers.get("Vary", ""))

    def test_publishing_a_page_retires_its_cached_copy(self):
        url = "/making-a-referral/referral-criteria/"
        Client().get(url)
        self.assertTrue(cached_page(url), "not in the page cache")
        from guidance.models import GuidancePage

        page = GuidancePage.objects.get(slug="referral-criteria")
        page.title = "Referral criteria, as revised"
        page.save_revision().publish()
        self.assertFalse(cached_page(url), "still in the page cache")
        self.assertContains(Client().get(url), "Referral criteria, as revised")
        # The home page lists nothing under a changed title, but the section index does.
        self.assertContains(Client().get("/making-a-referral/"), "Referral criteria, as revised")

    def test_saving_the_area_settings_retires_every_cached_page(self):
        for url in GUIDANCE_URLS:
            Client().get(url)
        marac = MaracSettings.objects.get()
        marac.area_name = "Calderdale"
        marac.save()
        for url in GUIDANCE_URLS:
            with self.subTest(url=url):
                self.assertFalse(cached_page(url), "still in the page cache")
                self.assertContains(Client().get(url), "Calderdale MARAC")

    def test_compressed_and_plain_copies_are_kept_apart(self):
        url = "/operating-protocol/"
        compressed = Client().get(url, HTTP_ACCEPT_ENCODING="gzip, br")
        plain = Client().get(url)
        self.assertEqual(compressed.headers.get("Content-Encoding"), "gzip")
        self.assertIsNone(plain.headers.get("Content-Encoding"))
        self.assertIn(b"</html>", plain.content)
        self.assertIn("Accept-Encoding", plain.headers["Vary"])
        self.assertTrue(cached_page(url, HTTP_ACCEPT_ENCODING="gzip"), "not in the page cache")
        self.assertTrue(cached_page(url), "not in the page cache")
        again = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
        self.assertEqual(again.content, compressed.content)

    def test_search_results_are_never_cached(self):
        url = "/search/?query=consent"
        for _ in range(2):
            response, count = self.get_counting(Client(), url)
            self.assertEqual(response.status_code, 200)
            self.assertGreater(count, 0)
        self.assertIn("no-store", response.headers["Cache-Control"])
        self.assert_never_stored(response, url)

    def test_the_health_check_answers_without_the_database(self):
        response, count = self.get_counting(Client(HTTP_HOST="not-an-allowed-host"), "/healthz/")
        self.assertEqual((response.status_code, response.content, count), (200, b"ok", 0))

    # Pages holding answers

    def test_the_eligibility_step_is_never_served_from_the_cache(self):
        url = "/refer/eligibility/"
        client = Client()
        client.post("/refer/start-again/")
        answered = client.post(url, VALID_ANSWERS["eligibility"])
        self.assertEqual(answered.status_code, 302)
        for _ in range(2):
            page, count = self.get_counting(client, url)
            self.assertEqual(page.status_code, 200)
            self.assertContains(page, "checked")
            self.assertGreater(count, 0, "the eligibility step came from the page cache")
        self.assertIn("no-store", page.headers["Cache-Control"])
        self.assert_never_stored(page, url)
        # Someone else starting now sees an empty step, not the first referrer's answers.
        stranger = Client()
        stranger.post("/refer/start-again/")
        theirs = stranger.get(url)
        self.assertEqual(theirs.status_code, 200)
        self.assertNotContains(theirs, "checked")

    def test_two_referrers_never_see_each_others_answers(self):
        url = "/refer/about-you/"
        first, second = Client(), Client()
        walk_to(first, "person-at-risk")
        walk_to(second, "person-at-risk", answers={"about-you": {"name": "Robin Otherperson"}})
        for _ in range(2):
            mine = first.get(url)
            theirs = second.get(url)
            self.assertContains(mine, "Sam Referrer")
            self.assertNotContains(mine, "Robin Otherperson")
            self.assertContains(theirs, "Robin Otherperson")
            self.assertNotContains(theirs, "Sam Referrer")
        self.assertIn("no-store", mine.headers["Cache-Control"])
        self.assert_never_stored(mine, url)

    def test_the_criteria_self_check_result_is_never_cached(self):
        url = "/check-criteria/"
        practitioner = Client()
        result = practitioner.post(url, criteria_answers(yes=14))
        self.assertContains(result, RESULT_TEXT)
        self.assertIn("no-store", result.headers["Cache-Control"])
        for client in (practitioner, Client()):
            page, count = self.get_counting(client, url)
            self.assertEqual(page.status_code, 200)
            self.assertNotContains(page, RESULT_TEXT)
            # It reads nothing from the database now (settings are cached), so what proves it
            # was rendered is that nothing was stored to answer it from.
            self.assert_never_stored(page, url)

    def test_the_admin_is_never_served_from_the_cache(self):
        user = get_user_model().objects.create_superuser(
            "cache-admin", "cache-admin@example.org", "a-long-test-password"
        )
        staff = Client()
        staff.force_login(user)
        for _ in range(2):
            dashboard, count = self.get_counting(staff, "/admin/")
            self.assertEqual(dashboard.status_code, 200)
            self.assertGreater(count, 0, "the admin came from the page cache")
        self.assert_never_stored(dashboard, "/admin/")
        # A visitor is sent to sign in, never shown the signed-in dashboard.
        visitor = Client().get("/admin/")
        self.assertEqual(visitor.status_code, 302)
        self.assertIn("/admin/login/", visitor.headers["Location"])
        login = Client().get("/admin/login/")
        self.assertEqual(login.status_code, 200)
        self.assertFalse(cached_page("/admin/login/"), "still in the page cache")

    def test_the_exit_control_is_never_cached(self):
        url = "/exit/"
        client = Client()
        walk_to(client, "about-you")
        self.assertEqual(Session.objects.count(), 1)
        response = client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("no-store", response.headers["Cache-Control"])
        self.assertFalse(cached_page(url), "still in the page cache")
        self.assertEqual(Session.objects.count(), 0, "the exit did not forget the session")
        # Every later use still runs the view (it is never answered from the cache).
        walk_to(client, "about-you")
        self.assertEqual(Session.objects.count(), 1)
        again, count = self.get_counting(client, url)
        self.assertEqual(again.status_code, 302)
        self.assertGreater(count, 0)
        self.assertEqual(Session.objects.count(), 0)
