"""The home page, search and the error pages."""

import pytest
from django.template import engines
from django.template.loader import get_template
from django.test import override_settings
from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from tests.guidance.factories import GuidanceIndexPageFactory, GuidancePageFactory
from tests.home.factories import HomePageFactory


class HomePageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.home.intro = "<p>Find out when and how to refer.</p>"
        cls.home.body = [
            {
                "type": "call_to_action",
                "value": {
                    "heading": "Ready to refer?",
                    "destination": "referral",
                    "button_label": "Make a referral",
                },
            }
        ]
        cls.home.save_revision().publish()
        cls.section = GuidanceIndexPageFactory(
            title="Referral criteria",
            parent=cls.home,
            summary="The ways a case meets the threshold.",
        )
        cls.hidden = GuidancePageFactory(title="Unpublished draft", parent=cls.home, live=False)

    def test_home_page_routes_and_renders(self):
        self.assertPageIsRoutable(self.home)
        self.assertPageIsRenderable(self.home)

    def test_home_page_shows_intro_body_and_sections_with_summaries(self):
        html = self.client.get("/").content.decode()
        self.assertEqual(html.count("<h1"), 1)
        self.assertIn("Find out when and how to refer.", html)
        self.assertIn('<h2 class="cta__heading">Ready to refer?</h2>', html)
        self.assertIn('<h2 id="home-sections-heading">Guidance and information</h2>', html)
        self.assertIn(f'<a href="{self.section.url}">Referral criteria</a>', html)
        self.assertIn("The ways a case meets the threshold.", html)
        self.assertNotIn("Unpublished draft", html)

    def test_a_home_page_from_the_factory_renders_for_its_own_site(self):
        other = HomePageFactory(parent=self.home.get_parent())
        Site.objects.create(hostname="127.0.0.1", port=80, root_page=other)
        response = self.client.get("/", HTTP_HOST="127.0.0.1")
        self.assertContains(response, "What a MARAC is")


@pytest.mark.django_db
class TestSearch:
    @pytest.fixture
    def pages(self, home_page):
        return {
            "stalking": GuidancePageFactory(
                title="High-risk stalking",
                parent=home_page,
                summary="When stalking makes a case high risk.",
            ),
            "draft": GuidancePageFactory(title="Stalking draft", parent=home_page, live=False),
        }

    def test_search_finds_a_live_page_with_its_summary(self, client, pages):
        response = client.get("/search/", {"query": "stalking"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "1 result for ‘stalking’" in html
        assert f'<a href="{pages["stalking"].url}">High-risk stalking</a>' in html
        assert "When stalking makes a case high risk." in html
        assert "Stalking draft" not in html
        assert 'value="stalking"' in html

    def test_a_stray_quote_still_finds_the_page(self, client, pages):
        html = client.get("/search/", {"query": '"stalking'}).content.decode()
        assert "1 result for" in html
        assert "High-risk stalking" in html

    def test_no_results_has_advice(self, client, pages):
        html = client.get("/search/", {"query": "zzzqqq"}).content.decode()
        assert "0 results for ‘zzzqqq’" in html
        assert "There are no matching pages." in html

    def test_blank_search_invites_a_query(self, client):
        html = client.get("/search/").content.decode()
        assert "Enter a word or phrase" in html
        assert "result" not in html.split("<main", 1)[1].split("Enter a word")[0]

    def test_results_are_paginated_with_links(self, client, home_page):
        for number in range(12):
            GuidancePageFactory(title=f"Consent guidance {number}", parent=home_page)
        html = client.get("/search/", {"query": "consent"}).content.decode()
        assert "12 results for ‘consent’" in html
        assert "Page 1 of 2" in html
        assert 'href="?query=consent&amp;page=2" rel="next"' in html
        html = client.get("/search/", {"query": "consent", "page": "2"}).content.decode()
        assert 'href="?query=consent&amp;page=1" rel="prev"' in html
        assert html.count('class="listing__item"') == 2

    @pytest.mark.parametrize(
        "params",
        [
            {"query": "consent", "page": "abc"},
            {"query": "consent", "page": "-1"},
            {"query": "consent", "page": "99999999999999999999"},
            {"query": "x" * 5000},
            {"query": "<script>alert(1)</script>"},
            {"query": "\"'%_\\;--&&||()*"},
            {"query": "   "},
            {"query": "ünïcödé 🚨"},
            {"query": "consent", "page": ""},
            {"query": '"'},
            {"query": 'consent "unterminated'},
            {"query": "nul\x00byte"},
            {"query": "tab\tand\nnewline"},
        ],
    )
    def test_junk_input_never_gives_a_500(self, client, home_page, params):
        response = client.get("/search/", params)
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()

    def test_long_query_is_cut_to_the_field_length(self, client, home_page):
        html = client.get("/search/", {"query": "y" * 5000}).content.decode()
        assert "y" * 200 in html
        assert "y" * 201 not in html


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_unknown_address_gets_the_404_page(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'href="/search/"' in html
    assert "Exit this page" in html


def test_500_page_renders_with_no_context_and_no_database():
    # Django renders 500.html with an empty context; it must not touch the database.
    template = get_template("500.html")
    html = template.render()
    assert "Sorry, there is a problem with the service" in html
    assert "call 999" in html
    assert "Exit this page" in html
    assert (
        "{%"
        not in engines["django"].engine.find_template("500.html")[0].source.split("<body>", 1)[0]
    )
