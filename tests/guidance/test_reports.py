"""The 'Pages due for review' admin report."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from guidance.reports import pages_due_for_review, review_status
from tests.guidance.factories import (
    GuidanceIndexPageFactory,
    GuidancePageFactory,
    MeetingSchedulePageFactory,
    ProtocolPageFactory,
)
from tests.guidance.helpers import make_admin_user_with, make_editor

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
REPORT_URL = "/admin/reports/pages-due-for-review/"


def test_selector_finds_overdue_and_due_soon_pages_of_every_type(home_page):
    overdue_index = GuidanceIndexPageFactory(
        parent=home_page, next_review_due=datetime.date(2026, 1, 1)
    )
    overdue_protocol = ProtocolPageFactory(
        parent=home_page, next_review_due=datetime.date(2026, 3, 1)
    )
    due_today = MeetingSchedulePageFactory(parent=home_page, next_review_due=TODAY)
    due_soon = GuidancePageFactory(parent=home_page, next_review_due=datetime.date(2026, 4, 1))
    GuidancePageFactory(parent=home_page, next_review_due=datetime.date(2026, 4, 2))
    GuidancePageFactory(parent=home_page, next_review_due=datetime.date(2027, 1, 1))

    pages = list(pages_due_for_review(today=TODAY))

    assert [p.pk for p in pages] == [
        overdue_index.pk,
        overdue_protocol.pk,
        due_today.pk,
        due_soon.pk,
    ]
    assert [p.review_due for p in pages] == [
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 1),
        TODAY,
        datetime.date(2026, 4, 1),
    ]


def test_review_status_words():
    assert review_status(datetime.date(2026, 3, 1), today=TODAY) == "Overdue"
    assert review_status(TODAY, today=TODAY) == "Due soon"
    assert review_status(datetime.date(2026, 3, 20), today=TODAY) == "Due soon"


def test_report_url_name():
    assert reverse("guidance_pages_due_for_review") == REPORT_URL


def test_report_lists_overdue_and_due_soon_pages_for_an_editor(client, home_page):
    GuidancePageFactory(
        title="Long overdue page", parent=home_page, next_review_due=datetime.date(2001, 1, 1)
    )
    GuidancePageFactory(
        title="Nearly due page",
        parent=home_page,
        next_review_due=timezone.localdate() + datetime.timedelta(days=10),
    )
    GuidancePageFactory(
        title="Recently checked page", parent=home_page, next_review_due=datetime.date(2999, 1, 1)
    )
    client.force_login(make_editor())

    response = client.get(REPORT_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Pages due for review" in html
    assert "Long overdue page" in html and "1 January 2001" in html
    assert "Nearly due page" in html and "Due within 30 days" in html
    assert html.index("Long overdue page") < html.index("Nearly due page")
    assert '<span class="w-status w-status--primary">Overdue</span>' in html
    assert "Recently checked page" not in html


def test_report_has_an_empty_state(client, home_page):
    GuidancePageFactory(parent=home_page, next_review_due=datetime.date(2999, 1, 1))
    client.force_login(make_editor())
    response = client.get(REPORT_URL)
    assert (
        "No pages are overdue or due for review in the next 30 days." in response.content.decode()
    )


def test_report_exports_a_spreadsheet(client, home_page):
    GuidancePageFactory(
        title="Long overdue page", parent=home_page, next_review_due=datetime.date(2001, 1, 1)
    )
    client.force_login(make_editor())
    response = client.get(REPORT_URL, {"export": "csv"})
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "Long overdue page" in body and "Overdue" in body


def test_report_is_in_the_reports_menu_for_editors(client, home_page):
    client.force_login(make_editor())
    html = client.get("/admin/").content.decode()
    assert REPORT_URL in html


def test_report_is_not_reachable_anonymously(client):
    response = client.get(REPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_report_is_refused_to_admin_users_who_cannot_edit_pages(client):
    client.force_login(make_admin_user_with("clerk", "view_maracmeeting"))
    response = client.get(REPORT_URL)
    assert response.status_code in (302, 403)
    assert b"Pages due for review</h" not in response.content
