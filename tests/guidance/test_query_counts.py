"""Database queries per public page: a small fixed number, whatever the amount of content.

These count queries; they never time anything. Each page is requested once to warm the
per-process caches a production site keeps warm (Wagtail's site root paths), then counted on the
second request. Ceilings carry a little headroom over the measured value noted beside each one,
so a Wagtail upgrade adding one query does not fail the suite, but a loop querying once per
child page, meeting or search result does.
"""

import datetime
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guidance.models import GuidanceIndexPage, MaracMeeting
from home.models import HomePage
from tests.guidance.factories import GuidancePageFactory, MaracMeetingFactory

# url, what it is, ceiling. Guidance pages: at most 4 queries (issue 11), whatever the page type;
# routing, view restrictions, breadcrumbs, listings, rich text links and the area settings come
# from the page map and the page cache (caching/). Measured on SQLite with the demo content in
# the comment; PostgreSQL gives the same numbers.
PAGES = [
    ("/", "home page", 4),  # measured 0 (the site's root page travels with the cached site)
    ("/making-a-referral/", "guidance index page", 4),  # measured 1
    ("/making-a-referral/referral-criteria/", "guidance page", 4),  # measured 2
    ("/operating-protocol/", "protocol page", 4),  # measured 1
    ("/meeting-dates/", "meeting schedule page", 4),  # measured 2
    ("/search/?query=referral", "search results page", 13),  # measured 10
    ("/search/", "empty search page", 6),  # measured 3
]
GUIDANCE_PAGES = [(url, label) for url, label, _ceiling in PAGES if not url.startswith("/search/")]


class QueryCountTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=StringIO())

    def count_queries(self, url: str) -> int:
        self.client.get(url)  # warm Wagtail's site root paths cache, as in production
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(queries.captured_queries)

    def describe(self, url: str) -> str:
        """The captured SQL, so a failure shows what the extra queries were."""
        self.client.get(url)
        with CaptureQueriesContext(connection) as queries:
            self.client.get(url)
        return "\n".join(q["sql"][:160] for q in queries.captured_queries)


class PageQueryCeilingTests(QueryCountTestCase):
    def test_each_page_type_renders_within_its_ceiling(self):
        for url, label, ceiling in PAGES:
            with self.subTest(page=label):
                count = self.count_queries(url)
                self.assertLessEqual(
                    count, ceiling,
                    f"{label} ({url}) made {count} queries, ceiling {ceiling}:\n"
                    + self.describe(url),
                )

    def test_the_demo_content_has_each_page_type_at_the_urls_counted(self):
        """If the demo content moves a page, the ceilings above would count a 404 instead."""
        home = HomePage.objects.get()
        self.assertEqual(self.client.get("/").context["page"].specific, home)
        kinds = {
            "/making-a-referral/": "GuidanceIndexPage",
            "/making-a-referral/referral-criteria/": "GuidancePage",
            "/operating-protocol/": "ProtocolPage",
            "/meeting-dates/": "MeetingSchedulePage",
        }
        for url, kind in kinds.items():
            with self.subTest(url=url):
                page = self.client.get(url).context["page"]
                self.assertEqual(type(page).__name__, kind)

    def test_search_results_are_not_empty(self):
        response = self.client.get("/search/?query=referral")
        self.assertGreater(response.context["paginator"].count, 1)


class QueriesDoNotGrowWithContentTests(QueryCountTestCase):
    """Twenty more children, siblings, meetings or results cost no extra query."""

    def add_guidance_pages(self, parent, count: int = 20, title: str = "Extra guidance"):
        for number in range(count):
            GuidancePageFactory(parent=parent, title=f"{title} {number}", slug=f"extra-{number}")

    def test_guidance_index_with_twenty_more_children(self):
        url = "/making-a-referral/"
        before = self.count_queries(url)
        index = GuidanceIndexPage.objects.get(slug="making-a-referral")
        children_before = index.get_children().count()
        self.add_guidance_pages(index)
        self.assertEqual(index.get_children().count(), children_before + 20)
        response = self.client.get(url)
        self.assertContains(response, "Extra guidance 19")
        self.assertEqual(self.count_queries(url), before)

    def test_home_page_with_twenty_more_sections(self):
        before = self.count_queries("/")
        self.add_guidance_pages(HomePage.objects.get())
        self.assertContains(self.client.get("/"), "Extra guidance 19")
        self.assertEqual(self.count_queries("/"), before)

    def test_guidance_page_with_twenty_more_siblings(self):
        url = "/making-a-referral/referral-criteria/"
        before = self.count_queries(url)
        self.add_guidance_pages(GuidanceIndexPage.objects.get(slug="making-a-referral"))
        self.assertEqual(self.count_queries(url), before)

    def test_protocol_page_with_twenty_more_siblings(self):
        url = "/operating-protocol/"
        before = self.count_queries(url)
        self.add_guidance_pages(HomePage.objects.get())
        self.assertEqual(self.count_queries(url), before)

    def test_meeting_schedule_with_twenty_more_meetings(self):
        url = "/meeting-dates/"
        upcoming_before = MaracMeeting.objects.upcoming(now=timezone.now()).count()
        self.assertGreater(upcoming_before, 0, "the demo content schedules meetings")
        before = self.count_queries(url)
        first = timezone.now() + datetime.timedelta(days=400)
        for number in range(20):
            starts_at = first + datetime.timedelta(weeks=2 * number)
            MaracMeetingFactory(
                starts_at=starts_at, referral_deadline=starts_at - datetime.timedelta(days=7)
            )
        response = self.client.get(url)
        self.assertEqual(len(response.context["meetings"]), upcoming_before + 20)
        self.assertEqual(self.count_queries(url), before)

    def test_search_with_twenty_more_results(self):
        """One matching page, then twenty-one (three result pages): page one costs the same."""
        home = HomePage.objects.get()
        GuidancePageFactory(parent=home, title="Quokka guidance", slug="quokka")
        url = "/search/?query=quokka"
        self.assertEqual(self.client.get(url).context["paginator"].count, 1)
        before = self.count_queries(url)
        self.add_guidance_pages(home, title="Quokka guidance")
        self.assertEqual(self.client.get(url).context["paginator"].count, 21)
        self.assertEqual(self.count_queries(url), before)
        self.assertEqual(self.count_queries(url + "&page=3"), before)


# Production without REDIS_URL: the shared cache is the database, pages in each process's memory.
DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "marac_cache",
    },
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "db-pages"},
}


@override_settings(CACHES=DATABASE_CACHE)
class RichTextLinksWithTheDatabaseCacheTests(QueryCountTestCase):
    """Production's default cache is the database: every cache read is a query there.

    Wagtail reads the site root paths from the cache to build each page link in rich text;
    those reads must not grow with the number of links.
    """

    @classmethod
    def setUpTestData(cls):
        call_command("createcachetable", verbosity=0)
        super().setUpTestData()

    def page_linking_to(self, count: int, slug: str) -> str:
        index = GuidanceIndexPage.objects.get(slug="making-a-referral")
        targets = list(index.get_children().live().order_by("path")[:count])
        self.assertEqual(len(targets), count)
        links = "".join(
            f'<li><a linktype="page" id="{target.pk}">{target.title}</a></li>'
            for target in targets
        )
        GuidancePageFactory(
            parent=HomePage.objects.get(), title=f"Links {count}", slug=slug,
            body=[{"type": "rich_text", "value": f"<ul>{links}</ul>"}],
        )
        return f"/{slug}/"

    def test_guidance_pages_stay_within_four_queries_with_the_database_cache(self):
        """Reading the publish generation is one query here; everything else is unchanged."""
        for url, label in GUIDANCE_PAGES:
            with self.subTest(page=label):
                count = self.count_queries(url)
                self.assertLessEqual(count, 4, f"{label}: {count} queries\n" + self.describe(url))

    def test_twelve_page_links_cost_the_same_as_one(self):
        one = self.page_linking_to(1, "one-link")
        many = self.page_linking_to(12, "many-links")
        self.assertContains(self.client.get(many), 'href="/making-a-referral/', count=12)
        self.assertEqual(self.count_queries(many), self.count_queries(one))
