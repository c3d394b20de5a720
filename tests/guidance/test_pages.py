"""Every guidance page type routes, renders, sits in the right place in the tree and can be
created and published by an editor through the admin."""

import datetime

from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from guidance.models import GuidanceIndexPage, GuidancePage, MeetingSchedulePage, ProtocolPage
from home.models import HomePage
from tests.guidance.factories import (
    GuidanceIndexPageFactory,
    GuidancePageFactory,
    MeetingSchedulePageFactory,
    ProtocolPageFactory,
)
from tests.guidance.helpers import make_editor

GUIDANCE_TYPES = {GuidanceIndexPage, GuidancePage, ProtocolPage, MeetingSchedulePage}


class GuidancePageRenderingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.index = GuidanceIndexPageFactory(title="Making a referral", parent=cls.home)
        cls.guidance = GuidancePageFactory(title="Consent", parent=cls.index)
        cls.protocol = ProtocolPageFactory(title="Operating protocol", parent=cls.index)
        cls.schedule = MeetingSchedulePageFactory(parent=cls.home)
        cls.pages = [cls.index, cls.guidance, cls.protocol, cls.schedule]

    def test_every_page_type_is_routable_and_renderable(self):
        for page in self.pages:
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)

    def test_every_page_has_one_h1_and_both_review_dates(self):
        for page in self.pages:
            with self.subTest(page=type(page).__name__):
                html = self.client.get(page.url).content.decode()
                self.assertEqual(html.count("<h1"), 1)
                self.assertIn(
                    'Last reviewed: <time datetime="2025-01-06">6 January 2025</time>', html
                )
                self.assertIn(
                    'Next review due: <time datetime="2099-01-06">6 January 2099</time>', html
                )

    def test_index_lists_live_children_with_summaries_and_hides_drafts(self):
        draft = GuidancePageFactory(title="Draft only", parent=self.index, live=False)
        response = self.client.get(self.index.url)
        self.assertContains(response, f'<a href="{self.guidance.url}">Consent</a>', html=True)
        self.assertContains(response, self.guidance.summary)
        self.assertNotContains(response, draft.title)

    def test_empty_index_says_so(self):
        empty = GuidanceIndexPageFactory(title="Nothing here yet", parent=self.home)
        self.assertContains(self.client.get(empty.url), "There are no pages in this section yet.")

    def test_guidance_page_renders_its_blocks_and_summary(self):
        response = self.client.get(self.guidance.url)
        self.assertContains(response, '<h2 id="who-should-refer">Who should refer</h2>', html=True)
        self.assertContains(response, 'class="callout callout--warning"')
        self.assertContains(response, self.guidance.summary)

    def test_breadcrumbs_lead_back_through_the_section(self):
        response = self.client.get(self.guidance.url)
        self.assertContains(
            response, f'<a href="{self.index.url}">Making a referral</a>', html=True
        )


class PageTreeRulesTests(WagtailPageTestCase):
    def test_guidance_pages_go_under_home_or_an_index(self):
        for model in GUIDANCE_TYPES:
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, {HomePage, GuidanceIndexPage})
                self.assertCanCreateAt(HomePage, model)
                self.assertCanCreateAt(GuidanceIndexPage, model)

    def test_only_index_pages_have_children(self):
        self.assertAllowedSubpageTypes(GuidanceIndexPage, GUIDANCE_TYPES)
        self.assertAllowedSubpageTypes(HomePage, GUIDANCE_TYPES)
        for model in (GuidancePage, ProtocolPage, MeetingSchedulePage):
            with self.subTest(model=model.__name__):
                self.assertAllowedSubpageTypes(model, set())
                self.assertCanNotCreateAt(model, GuidancePage)

    def test_home_page_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(GuidanceIndexPage, HomePage)

    def test_only_one_meeting_schedule(self):
        MeetingSchedulePageFactory(parent=HomePage.objects.get())
        self.assertFalse(MeetingSchedulePage.can_create_at(HomePage.objects.get()))


class EditorCreatesPagesTests(WagtailPageTestCase):
    """An editor (page permissions from a group, not a superuser) creates and publishes pages."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.editor = make_editor()

    def setUp(self):
        self.client.force_login(self.editor)

    def review_dates(self):
        return {"last_reviewed": "2025-01-06", "next_review_due": "2026-01-06"}

    def assert_published(self, model, title):
        page = model.objects.get(title=title)
        self.assertTrue(page.live)
        self.assertEqual(page.next_review_due, datetime.date(2026, 1, 6))
        self.assertEqual(self.client.get(page.url).status_code, 200)
        return page

    def test_editor_is_not_a_superuser(self):
        self.assertFalse(get_user_model().objects.get(pk=self.editor.pk).is_superuser)

    def test_create_guidance_index_page(self):
        self.assertCanCreate(
            self.home,
            GuidanceIndexPage,
            nested_form_data(
                {
                    "title": "Referral guidance",
                    "summary": "How and when to refer.",
                    "intro": rich_text("<p>Start here.</p>"),
                    **self.review_dates(),
                }
            ),
        )
        self.assert_published(GuidanceIndexPage, "Referral guidance")

    def test_create_guidance_page_with_blocks(self):
        self.assertCanCreate(
            self.home,
            GuidancePage,
            nested_form_data(
                {
                    "title": "High-risk stalking",
                    "summary": "When stalking makes a case high risk.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Stalking questions", "level": "h2"}),
                            ("rich_text", rich_text("<p>Ask the stalking questions.</p>")),
                            (
                                "expander",
                                {
                                    "summary": "Read the 11 questions",
                                    "body": rich_text("<p>The questions.</p>"),
                                },
                            ),
                        ]
                    ),
                    **self.review_dates(),
                }
            ),
        )
        page = self.assert_published(GuidancePage, "High-risk stalking")
        self.assertContains(self.client.get(page.url), "<summary", count=1)

    def test_create_protocol_page(self):
        self.assertCanCreate(
            self.home,
            ProtocolPage,
            nested_form_data(
                {
                    "title": "Information-sharing protocol",
                    "summary": "The agreement between agencies.",
                    "version": "2.0",
                    "effective_date": "2025-04-01",
                    "introduction": rich_text("<p>About this protocol.</p>"),
                    "body": streamfield(
                        [
                            (
                                "section",
                                {
                                    "heading": "Introduction",
                                    "content": streamfield(
                                        [
                                            ("rich_text", rich_text("<p>Why it exists.</p>")),
                                            (
                                                "subsection",
                                                {
                                                    "heading": "Scope",
                                                    "body": rich_text("<p>Who it covers.</p>"),
                                                },
                                            ),
                                        ]
                                    ),
                                },
                            ),
                        ]
                    ),
                    **self.review_dates(),
                }
            ),
        )
        page = self.assert_published(ProtocolPage, "Information-sharing protocol")
        self.assertContains(self.client.get(page.url), 'id="section-1-1"')

    def test_create_meeting_schedule_page(self):
        self.assertCanCreate(
            self.home,
            MeetingSchedulePage,
            nested_form_data(
                {
                    "title": "Meeting dates",
                    "summary": "When the MARAC meets.",
                    "intro": rich_text("<p>Every two weeks.</p>"),
                    **self.review_dates(),
                }
            ),
        )
        self.assert_published(MeetingSchedulePage, "Meeting dates")
