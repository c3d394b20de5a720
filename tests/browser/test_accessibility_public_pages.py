"""Every public page passes axe-core (WCAG 2.2 AA and best practice) in a real browser.

The pages are the demo content's whole tree, so the check covers what editors will actually
publish. Each URL is its own test. A guard test fails when the tree and this list part ways, so a
new page cannot slip past the check.
"""

import pytest

from .helpers import assert_no_axe_violations, demo_page_paths

pytestmark = pytest.mark.browser

# Every live, public page that `load_demo_content` publishes, by URL path.
DEMO_PAGE_PATHS = demo_page_paths()

OTHER_PUBLIC_PATHS = {
    "search-results": "/search/?query=referral",
    "search-no-results": "/search/?query=zzzz",
    "search-empty": "/search/",
    "not-found": "/no-such-page-here/",
    "check-criteria": "/check-criteria/",
    "refer": "/refer/",
}


def test_the_checked_pages_are_every_live_page_in_the_tree(demo_content):
    from wagtail.models import Page

    live = {p.url for p in Page.objects.live().public().specific() if p.depth >= 2}
    assert live == set(DEMO_PAGE_PATHS), (
        "The demo tree and the pages checked here differ. "
        f"Not checked: {sorted(live - set(DEMO_PAGE_PATHS))}; "
        f"checked but not live: {sorted(set(DEMO_PAGE_PATHS) - live)}"
    )


@pytest.mark.parametrize("path", DEMO_PAGE_PATHS)
def test_guidance_page_passes_axe(page, live_server, demo_content, outside_requests, path):
    response = page.goto(live_server.url + path)
    assert response.status == 200
    assert_no_axe_violations(page)
    assert page.locator("h1").count() == 1, "A page needs exactly one h1"
    assert page.locator("main h1").count() == 1, "The h1 belongs in the main content"
    assert outside_requests == [], f"Requests left the site: {outside_requests}"


@pytest.mark.parametrize("path", OTHER_PUBLIC_PATHS.values(), ids=OTHER_PUBLIC_PATHS.keys())
def test_other_public_page_passes_axe(page, live_server, demo_content, outside_requests, path):
    response = page.goto(live_server.url + path)
    expected = 404 if path == OTHER_PUBLIC_PATHS["not-found"] else 200
    assert response.status == expected
    assert_no_axe_violations(page)
    assert page.locator("main h1").count() == 1
    assert outside_requests == [], f"Requests left the site: {outside_requests}"


def test_axe_check_can_fail(page, live_server, demo_content):
    """The check is real: a page broken on purpose is reported, rule and element included."""
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
            const img = document.createElement("img");
            img.src = "/static/missing.png";
            img.id = "broken-on-purpose";
            document.querySelector("main").appendChild(img);
        }"""
    )
    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)
    assert "image-alt" in str(failure.value)
    assert "#broken-on-purpose" in str(failure.value)
