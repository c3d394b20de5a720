"""The 'Exit this page' control, in a real browser, with and without JavaScript."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from .conftest import NEUTRAL_TITLE
from .helpers import SITE_TITLE_SUFFIX, guidance_page_url

pytestmark = pytest.mark.browser


def assert_left_the_site(page, neutral_site):
    """The tab shows the neutral page and holds nothing of this site."""
    page.wait_for_url(neutral_site.url)
    assert page.title() == NEUTRAL_TITLE
    assert SITE_TITLE_SUFFIX not in page.title()
    html = page.content()
    for trace in ("MARAC", "Exit this page", "exit-this-page", "/static/", "999"):
        assert trace not in html, f"{trace!r} is still in the tab after exiting"


def test_clicking_exit_lands_on_the_neutral_page(page, live_server, demo_content, neutral_site):
    page.goto(live_server.url + guidance_page_url())
    page.get_by_role("link", name="Exit this page").click()
    assert_left_the_site(page, neutral_site)


def test_pressing_shift_three_times_lands_on_the_neutral_page(
    page, live_server, demo_content, neutral_site
):
    page.goto(live_server.url + guidance_page_url())
    for _ in range(3):
        page.keyboard.press("Shift")
    assert_left_the_site(page, neutral_site)


def test_shift_twice_then_a_letter_does_not_exit(page, live_server, demo_content, neutral_site):
    url = live_server.url + guidance_page_url()
    page.goto(url)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("a")
    # The script would have emptied the page and started leaving inside the key handler.
    assert page.url == url
    assert page.get_by_role("link", name="Exit this page").is_visible()
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    assert page.url == url
    assert page.get_by_role("link", name="Exit this page").is_visible()
    assert neutral_site.paths == []
    # The letter reset the count: only now are there three Shift presses in a row.
    page.keyboard.press("Shift")
    assert_left_the_site(page, neutral_site)


def test_exiting_replaces_the_page_in_history(page, live_server, demo_content, neutral_site):
    """location.replace(): 'Back' skips the exited page and returns to the one before it."""
    home = live_server.url + "/"
    exited = live_server.url + guidance_page_url()
    page.goto(home)
    page.goto(exited)
    entries = page.evaluate("history.length")
    page.get_by_role("link", name="Exit this page").click()
    assert_left_the_site(page, neutral_site)
    # No entry was added: the exited page's entry now holds the neutral page.
    assert page.evaluate("history.length") == entries
    page.go_back()
    assert page.url == home
    page.go_forward()
    assert page.url == neutral_site.url
    # Nothing after the neutral page either.
    assert page.go_forward() is None
    assert page.url == neutral_site.url


def test_exiting_deletes_the_server_session(page, live_server, demo_content, neutral_site):
    session = SessionStore()
    session["referral_step"] = "about-you"
    session.create()
    key = session.session_key
    page.context.add_cookies(
        [{"name": "sessionid", "value": key, "url": live_server.url, "httpOnly": True}]
    )
    page.goto(live_server.url + guidance_page_url())
    assert Session.objects.filter(session_key=key).exists()

    page.get_by_role("link", name="Exit this page").click()
    assert_left_the_site(page, neutral_site)

    assert not Session.objects.filter(session_key=key).exists()
    cookies = page.context.cookies(live_server.url)
    assert [c for c in cookies if c["name"] == "sessionid"] == []


def test_without_javascript_the_control_is_a_plain_link_to_the_neutral_page(
    page_no_js, live_server, demo_content, neutral_site
):
    page_no_js.goto(live_server.url + guidance_page_url())
    link = page_no_js.get_by_role("link", name="Exit this page")
    assert link.get_attribute("href") == "/exit/"
    # The Shift shortcut needs JavaScript, so its hint is not shown without it.
    assert not page_no_js.get_by_text("Or press Shift three times.").is_visible()
    link.click()
    assert_left_the_site(page_no_js, neutral_site)


def test_exit_control_is_the_first_thing_after_the_skip_link(page, live_server, demo_content):
    page.goto(live_server.url + guidance_page_url())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/exit/"
    page.keyboard.press("Enter")
    page.wait_for_url("**/weather")
    assert page.title() == NEUTRAL_TITLE


def test_no_request_leaves_the_machine_when_exiting(
    page, live_server, demo_content, neutral_site, outside_requests
):
    page.goto(live_server.url + guidance_page_url())
    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_url(neutral_site.url)
    assert outside_requests == []
    assert neutral_site.paths[-1] == "/weather"
