"""The production page cache: guidance pages come from the cache, answers never do.

Production settings wrap the middleware in Django's UpdateCacheMiddleware and
FetchFromCacheMiddleware (site/settings/production.py). Importing production.py here would raise
without its environment, so the same list is built from the base settings below, and one test
checks in a subprocess, with a full production environment, that production really builds it.
"""

import json
import subprocess
import sys
from io import StringIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.cache import get_cache_key
from marac_site.settings import base

from tests.referral_form.wizard_helpers import VALID_ANSWERS, walk_to
from tests.test_settings import PROJECT_ROOT, production_env

UPDATE = "django.middleware.cache.UpdateCacheMiddleware"
FETCH = "django.middleware.cache.FetchFromCacheMiddleware"
PRODUCTION_MIDDLEWARE = [UPDATE, *base.MIDDLEWARE, FETCH]
KEY_PREFIX = "pages"
PAGE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "page-cache-tests",
    }
}
GUIDANCE_URLS = [
    "/",
    "/making-a-referral/",
    "/making-a-referral/referral-criteria/",
    "/operating-protocol/",
    "/meeting-dates/",
    "/search/?query=consent",
]
# A result the criteria self-check shows only after a POST.
RESULT_TEXT = "This case meets the criteria for a MARAC referral."


def cached_key(url: str):
    """The page cache's key for a GET of `url`, or None when it has never stored that URL."""
    request = RequestFactory().get(url)
    return get_cache_key(request, key_prefix=KEY_PREFIX, cache=caches["default"])


def criteria_answers(yes: int) -> dict[str, str]:
    from referral_form.rules import DEFAULT_CHECKLIST_VERSION, get_checklist

    checklist = get_checklist(DEFAULT_CHECKLIST_VERSION)
    data = {q.id: ("yes" if n < yes else "no") for n, q in enumerate(checklist.questions)}
    data.update({"professional_judgement": "no", "suicide_self_harm": "no"})
    # Should the stalking question be among the 'yes' answers, its follow-ups are needed too.
    data.update({f"stalking_{q.id}": "no" for q in checklist.stalking_questions})
    return data


def test_production_builds_the_middleware_these_tests_use(tmp_path):
    script = (
        "import django, json, os; "
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'marac_site.settings.production'; "
        "django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.MIDDLEWARE, s.CACHE_MIDDLEWARE_SECONDS, "
        "s.CACHE_MIDDLEWARE_KEY_PREFIX]))"
    )
    for seconds, expected in (("300", 300), ("0", 0)):
        env = {**production_env(tmp_path), "PAGE_CACHE_SECONDS": seconds}
        result = subprocess.run(
            [sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env,
            capture_output=True, text=True, check=False,
        )
        assert result.returncode == 0, result.stderr
        middleware, timeout, prefix = json.loads(result.stdout.strip().splitlines()[-1])
        assert middleware == PRODUCTION_MIDDLEWARE
        assert (timeout, prefix) == (expected, KEY_PREFIX)


@override_settings(
    MIDDLEWARE=PRODUCTION_MIDDLEWARE,
    CACHES=PAGE_CACHE,
    CACHE_MIDDLEWARE_SECONDS=300,
    CACHE_MIDDLEWARE_KEY_PREFIX=KEY_PREFIX,
)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=StringIO())

    def setUp(self):
        caches["default"].clear()
        self.addCleanup(caches["default"].clear)

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
        self.assertIsNone(cached_key(url), f"{url} was stored in the page cache")

    # Guidance pages

    def test_a_second_get_of_a_guidance_page_makes_no_query(self):
        for url in GUIDANCE_URLS:
            with self.subTest(url=url):
                first, first_count = self.get_counting(Client(), url)
                self.assertEqual(first.status_code, 200)
                self.assertGreater(first_count, 0)
                self.assertIsNotNone(cached_key(url))
                # Another visitor, with no cookies, is served the stored page.
                second, second_count = self.get_counting(Client(), url)
                self.assertEqual(second.status_code, 200)
                self.assertEqual(second_count, 0)
                self.assertEqual(second.content, first.content)

    def test_guidance_pages_may_be_kept_by_shared_caches_for_the_configured_time(self):
        response = Client().get("/making-a-referral/")
        cache_control = response.headers["Cache-Control"]
        self.assertIn("max-age=300", cache_control)
        self.assertNotIn("private", cache_control)
        self.assertNotIn("no-store", cache_control)

    @override_settings(CACHE_MIDDLEWARE_SECONDS=0)
    def test_with_page_cache_seconds_zero_nothing_is_cached(self):
        """PAGE_CACHE_SECONDS=0 turns the page cache off (the benchmark's 'uncached' run)."""
        url = "/making-a-referral/"
        Client().get(url)
        response, count = self.get_counting(Client(), url)
        self.assertEqual(response.status_code, 200)
        self.assertGreater(count, 0)
        self.assertIsNone(cached_key(url))

    def test_an_editors_page_with_the_user_bar_is_never_served_to_a_visitor(self):
        editor = get_user_model().objects.create_superuser(
            "cache-editor", "cache-editor@example.org", "a-long-test-password"
        )
        staff = Client()
        staff.force_login(editor)
        self.assertContains(staff.get("/making-a-referral/"), "wagtail-userbar")
        visitor = Client().get("/making-a-referral/")
        self.assertEqual(visitor.status_code, 200)
        self.assertNotContains(visitor, "wagtail-userbar")

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
        theirs, count = self.get_counting(stranger, url)
        self.assertEqual(theirs.status_code, 200)
        self.assertNotContains(theirs, "checked")
        self.assertGreater(count, 0)

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
            self.assertGreater(count, 0, "the self-check came from the page cache")
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
        self.assertIsNone(cached_key("/admin/login/"))

    def test_the_exit_control_is_never_cached(self):
        url = "/exit/"
        client = Client()
        walk_to(client, "about-you")
        self.assertEqual(Session.objects.count(), 1)
        response = client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("no-store", response.headers["Cache-Control"])
        self.assertIsNone(cached_key(url))
        self.assertEqual(Session.objects.count(), 0, "the exit did not forget the session")
        # Every later use still runs the view (it is never answered from the cache).
        walk_to(client, "about-you")
        self.assertEqual(Session.objects.count(), 1)
        again, count = self.get_counting(client, url)
        self.assertEqual(again.status_code, 302)
        self.assertGreater(count, 0)
        self.assertEqual(Session.objects.count(), 0)


def test_the_page_cache_uses_the_project_settings_unchanged():
    """The settings these tests override are the production ones, not test-only inventions."""
    assert UPDATE not in settings.MIDDLEWARE  # the test settings run without the page cache
    assert PRODUCTION_MIDDLEWARE[1:-1] == list(base.MIDDLEWARE)
