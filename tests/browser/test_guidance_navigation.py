"""A newcomer finds the guidance: by keyboard, by mouse, by breadcrumbs and by search.

Each journey runs twice, with JavaScript on and off: the public site must not depend on it.
"""

import re

import pytest

from .helpers import focused_element, referral_criteria_page, tab_until

pytestmark = pytest.mark.browser


@pytest.fixture(params=["javascript", "no-javascript"])
def tab(request):
    """The same journey in a tab with JavaScript on, then in one with it off."""
    return request.getfixturevalue("page" if request.param == "javascript" else "page_no_js")


def heading(tab) -> str:
    return tab.locator("main h1").inner_text().strip()


def test_keyboard_only_newcomer_reaches_the_referral_criteria(tab, live_server, demo_content):
    criteria = referral_criteria_page()
    tab.goto(live_server.url + "/")
    found = tab_until(tab, lambda el: el["href"] == criteria.url and el["tag"] == "a")
    assert found["text"], "The link to the criteria has no visible text"
    tab.keyboard.press("Enter")
    tab.wait_for_url(live_server.url + criteria.url)
    assert heading(tab) == criteria.title


def test_newcomer_clicks_through_to_the_referral_criteria(tab, live_server, demo_content):
    criteria = referral_criteria_page()
    tab.goto(live_server.url + "/")
    tab.locator(f'main a[href="{criteria.url}"]').first.click()
    tab.wait_for_url(live_server.url + criteria.url)
    assert heading(tab) == criteria.title


def test_breadcrumbs_lead_back_up_to_home(tab, live_server, demo_content):
    from guidance.models import GuidancePage

    deepest = GuidancePage.objects.live().public().order_by("-depth", "path").first()
    ancestors = list(deepest.get_ancestors().filter(depth__gte=2).specific())
    tab.goto(live_server.url + deepest.url)

    crumbs = tab.get_by_role("navigation", name="Breadcrumb")
    links = crumbs.get_by_role("link")
    assert links.count() == len(ancestors)
    assert links.first.inner_text().strip() == "Home"
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        a.url for a in ancestors
    ]
    current = crumbs.locator('[aria-current="page"]')
    assert current.inner_text().strip() == deepest.title

    if len(ancestors) > 1:  # walk up one level, then home from there
        links.last.click()
        tab.wait_for_url(live_server.url + ancestors[-1].url)
        assert heading(tab) == ancestors[-1].title
    tab.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Home").click()
    tab.wait_for_url(live_server.url + "/")
    assert tab.get_by_role("navigation", name="Breadcrumb").count() == 0


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(tab, live_server, demo_content):
    criteria = referral_criteria_page()
    tab.goto(live_server.url + criteria.url)
    tab.keyboard.press("Tab")
    first = focused_element(tab)
    assert first["text"] == "Skip to main content"
    assert first["href"] == "#main-content"
    skip = tab.get_by_role("link", name="Skip to main content")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "Focused skip link is off screen"
    tab.keyboard.press("Enter")
    assert focused_element(tab)["id"] == "main-content"
    # The next Tab continues inside the main content, not back in the header.
    tab.keyboard.press("Tab")
    assert tab.evaluate(
        "document.getElementById('main-content').contains(document.activeElement)"
    ), "Tab after the skip link left the main content"


def test_search_finds_the_guidance_and_the_result_opens_it(tab, live_server, demo_content):
    criteria = referral_criteria_page()
    word = "criteria"
    tab.goto(live_server.url + "/")
    box = tab.get_by_role("searchbox", name="Search the guidance")
    box.fill(word)
    box.press("Enter")
    tab.wait_for_url(re.compile(rf"/search/\?query={word}$"))
    assert tab.get_by_role("searchbox", name="Search the guidance").input_value() == word
    result = tab.locator(f'main a[href="{criteria.url}"]')
    assert result.count() >= 1, f"No result links to {criteria.url}"
    result.first.click()
    tab.wait_for_url(live_server.url + criteria.url)
    assert heading(tab) == criteria.title


def test_search_with_no_matches_says_so(tab, live_server, demo_content):
    tab.goto(live_server.url + "/")
    box = tab.get_by_role("searchbox", name="Search the guidance")
    box.fill("zzzzqqq")
    tab.get_by_role("button", name="Search").click()
    tab.wait_for_url(re.compile(r"/search/\?query=zzzzqqq$"))
    main_text = " ".join(tab.locator("main").inner_text().lower().split())
    assert "0 results for" in main_text
    assert "no matching pages" in main_text
    assert tab.locator('main a[href^="/making-a-referral/"]').count() == 0


def test_no_request_leaves_the_site_on_a_journey(
    tab, live_server, demo_content, outside_requests
):
    criteria = referral_criteria_page()
    tab.goto(live_server.url + "/")
    tab.locator(f'main a[href="{criteria.url}"]').first.click()
    tab.wait_for_url(live_server.url + criteria.url)
    tab.get_by_role("searchbox", name="Search the guidance").fill("consent")
    tab.get_by_role("button", name="Search").click()
    tab.wait_for_url(re.compile(r"/search/"))
    assert outside_requests == []
