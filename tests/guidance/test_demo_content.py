"""The demo content command: pages, settings, meetings, users, and that it can run twice."""

import datetime
import itertools
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.blocks import StreamValue
from wagtail.models import Page, PageLogEntry, Revision

from guidance.demo_content.loading import demo_meeting_times, describe_days
from guidance.models import GuidancePage, MaracMeeting, ProtocolPage
from guidance.models.meetings import working_days_before
from home.models import MaracSettings

pytestmark = pytest.mark.django_db

REFERRAL_GUIDANCE = [
    ("Referral criteria", "referral-criteria"),
    ("Discussing the referral and consent", "discussing-the-referral"),
    ("How to make a referral", "how-to-refer"),
    ("High-risk stalking", "stalking"),
    ("Children and young people", "children"),
    ("Adults with care and support needs", "adults-at-risk"),
    ("Closed MARACs", "closed-marac"),
    ("Repeat referrals and pre-MARAC", "repeat-referrals"),
    ("What happens after a referral", "after-a-referral"),
    ("Below the threshold: what to do instead", "below-the-threshold"),
    ("Roles at the MARAC", "roles"),
    ("About MARAC", "about-marac"),
]
TOP_LEVEL = [
    ("Making a referral", "/making-a-referral/"),
    ("Meeting dates and referral deadlines", "/meeting-dates/"),
    ("Operating protocol", "/operating-protocol/"),
    ("Information sharing protocol", "/information-sharing-protocol/"),
    ("Privacy notice", "/privacy-notice/"),
    ("Accessibility statement", "/accessibility-statement/"),
]
ALLOWED_RICH_TEXT_TAGS = {"p", "h3", "h4", "b", "i", "ol", "ul", "li", "a", "br"}
PLACEHOLDERS = re.compile(r"\b(lorem|ipsum|todo|tbc|tbd|xx+|placeholder)\b", re.IGNORECASE)


def load(*args) -> str:
    out = StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def demo_pages(home_page) -> list[Page]:
    return [page.specific for page in home_page.get_descendants()]


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "meetings": MaracMeeting.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
    }


def rich_text_values(value):
    """Every rich text HTML string inside StreamField data, however deeply nested."""
    if isinstance(value, StreamValue):
        value = value.get_prep_value()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("body", "intro", "text", "note") and isinstance(item, str):
                yield item
            elif key == "value" and isinstance(item, str) and item.startswith("<"):
                yield item
            else:
                yield from rich_text_values(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from rich_text_values(item)


@pytest.fixture
def loaded(home_page):
    load()
    home_page.refresh_from_db()
    return home_page


def test_creates_the_guidance_tree_under_the_home_page(loaded):
    top = [(p.title, p.url) for p in loaded.get_children().live().specific()]
    assert top == TOP_LEVEL
    section = Page.objects.get(url_path="/home/making-a-referral/")
    assert [(p.title, p.slug) for p in section.get_children().live()] == REFERRAL_GUIDANCE
    assert ProtocolPage.objects.get(slug="information-sharing-protocol").version == "2014.1"
    assert ProtocolPage.objects.get(slug="operating-protocol").effective_date == datetime.date(
        2014, 2, 1
    )


def test_every_page_is_published_with_a_revision_summary_and_review_dates(loaded):
    pages = demo_pages(loaded)
    assert len(pages) == len(TOP_LEVEL) + len(REFERRAL_GUIDANCE)
    for page in pages:
        assert page.live and not page.has_unpublished_changes, page.title
        assert page.live_revision is not None, page.title
        assert page.summary and page.search_description == page.summary, page.title
        assert page.last_reviewed < page.next_review_due, page.title
        content = getattr(page, "body", None) or getattr(page, "intro", "")
        assert content, f"{page.title} has no content"


def test_the_information_sharing_protocol_has_nine_sections_and_the_operating_ten(loaded):
    sharing = ProtocolPage.objects.get(slug="information-sharing-protocol")
    operating = ProtocolPage.objects.get(slug="operating-protocol")
    assert len(sharing.table_of_contents()) == 9
    assert [s["heading"] for s in operating.table_of_contents()][:2] == [
        "Identification", "Referral to the MARAC"
    ]
    assert len(operating.table_of_contents()) == 10
    assert operating.introduction and sharing.introduction


def test_one_page_is_overdue_for_review_before_all_the_others(loaded):
    pages = sorted(demo_pages(loaded), key=lambda page: page.next_review_due)
    assert pages[0].slug == "stalking"
    assert pages[0].next_review_due < datetime.date(2026, 11, 1) < pages[1].next_review_due


def test_stream_data_is_valid_and_rich_text_uses_only_allowed_features(loaded):
    for page in [*demo_pages(loaded), loaded.specific]:
        if not hasattr(page, "body"):
            continue
        page.body.stream_block.clean(page.body)  # raises ValidationError on bad data
        html_values = list(rich_text_values(page.body))
        assert len(html_values) > 3, page.title
        for html in html_values:
            tags = set(re.findall(r"<([a-z0-9]+)", html))
            assert tags <= ALLOWED_RICH_TEXT_TAGS, (page.title, tags - ALLOWED_RICH_TEXT_TAGS)
            assert not re.search(r"<p>\s*</p>", html), page.title
            assert "[[" not in html, f"unresolved link in {page.title}"


def test_every_page_renders_without_placeholder_text(client, loaded):
    for page in [loaded.specific, *demo_pages(loaded)]:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert not PLACEHOLDERS.search(html), (page.url, PLACEHOLDERS.search(html))


def test_every_page_opens_in_the_page_editor(client, loaded):
    client.force_login(get_user_model().objects.create_superuser("checker", password="x" * 12))
    for page in [loaded, *demo_pages(loaded)]:
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page.url


def test_home_page_gets_intro_calls_to_action_and_working_links(client, loaded):
    home = loaded.specific
    assert "MARAC" in home.intro
    block_types = [block.block_type for block in home.body]
    assert block_types.count("call_to_action") == 2
    assert "callout" in block_types
    html = client.get("/").content.decode()
    for url in ["/making-a-referral/referral-criteria/", "/meeting-dates/",
                "/operating-protocol/", "/information-sharing-protocol/"]:
        assert f'href="{url}"' in html


def test_privacy_notice_states_the_retention_period_in_force(client, loaded, settings):
    html = client.get("/privacy-notice/").content.decode()
    assert describe_days(settings.REFERRAL_RETENTION_DAYS) in html
    assert describe_days(730) == "2 years" and describe_days(45) == "45 days"


def test_settings_are_the_demo_area_with_fictional_contacts(loaded, site):
    marac = MaracSettings.for_site(site)
    assert marac.area_name == "Kirklees"
    assert marac.coordinator_phone.startswith("01632 960")
    assert marac.coordinator_email.endswith("@example.org")
    assert marac.secure_email.endswith("@example.org")


def test_settings_changed_by_an_administrator_are_kept(home_page, site):
    marac = MaracSettings.for_site(site)
    marac.coordinator_team_name = "Domestic abuse hub"
    marac.save()
    load()
    marac.refresh_from_db()
    assert marac.coordinator_team_name == "Domestic abuse hub"
    assert marac.coordinator_phone.startswith("01632 960")


def test_creates_six_future_meetings_with_deadlines_eight_working_days_before(loaded):
    meetings = list(MaracMeeting.objects.order_by("starts_at"))
    assert len(meetings) == 6
    for meeting in meetings:
        starts = timezone.localtime(meeting.starts_at)
        deadline = timezone.localtime(meeting.referral_deadline)
        assert meeting.starts_at > timezone.now()
        assert starts.time() == datetime.time(10, 0) and starts.weekday() < 5
        assert deadline.time() == datetime.time(12, 0)
        assert deadline.date() == working_days_before(starts.date(), 8)


def test_meeting_times_start_on_the_next_weekday_and_are_fortnightly():
    friday = datetime.date(2026, 11, 20)
    times = demo_meeting_times(today=friday)
    starts = [timezone.localtime(start).date() for start, _ in times]
    assert starts[0] == datetime.date(2026, 11, 23)
    assert len(starts) == 6
    assert all(later - earlier == datetime.timedelta(days=14)
               for earlier, later in itertools.pairwise(starts))
    assert timezone.localtime(times[0][1]).date() == datetime.date(2026, 11, 11)


def test_no_meetings_are_added_when_some_are_already_scheduled(home_page):
    now = timezone.now()
    MaracMeeting.objects.create(starts_at=now + datetime.timedelta(days=30),
                                referral_deadline=now + datetime.timedelta(days=20))
    load()
    assert MaracMeeting.objects.count() == 1


def test_running_twice_changes_nothing(home_page, settings):
    settings.DEBUG = True
    load()
    before = counts()
    output = load()
    assert counts() == before
    assert "0 created" in output and "password unchanged" in output


def test_running_again_keeps_editors_changes_and_the_edited_home_page(loaded):
    page = GuidancePage.objects.get(slug="closed-marac")
    page.title = "Closed MARAC meetings"
    page.body = [("rich_text", "<p>Rewritten by an editor.</p>")]
    page.save_revision().publish()
    home = loaded.specific
    home.intro = "<p>Edited introduction.</p>"
    home.save_revision().publish()
    load()
    page.refresh_from_db()
    home.refresh_from_db()
    assert page.title == "Closed MARAC meetings"
    assert [block.value.source for block in page.body] == ["<p>Rewritten by an editor.</p>"]
    assert home.intro == "<p>Edited introduction.</p>"


def test_a_deleted_page_is_created_again(loaded):
    Page.objects.get(slug="roles").delete()
    output = load()
    assert "1 created" in output
    assert GuidancePage.objects.get(slug="roles").live


def test_no_users_without_debug_or_the_flag(home_page, settings):
    settings.DEBUG = False
    output = load()
    assert get_user_model().objects.count() == 0
    assert "not created" in output


@pytest.mark.parametrize("debug, args", [(True, ()), (False, ("--with-demo-users",))])
def test_demo_users_are_created_in_their_groups(home_page, settings, debug, args):
    settings.DEBUG = debug
    output = load(*args)
    users = get_user_model().objects
    admin, editor, coordinator = (users.get(username=name)
                                  for name in ("admin", "editor", "coordinator"))
    assert admin.is_superuser and admin.check_password("admin-dev-only-password")
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]
    assert list(coordinator.groups.values_list("name", flat=True)) == ["MARAC coordinators"]
    assert "Demo users (development only):" in output
    assert "editor / editor-dev-only-password (Editors)" in output
    assert PageLogEntry.objects.filter(action="wagtail.publish").exists()


def test_groups_from_the_migration_give_each_role_only_its_own_permissions(home_page, settings):
    settings.DEBUG = True
    load()
    users = get_user_model().objects
    editor, coordinator = users.get(username="editor"), users.get(username="coordinator")
    assert editor.has_perm("wagtailadmin.access_admin")
    assert coordinator.has_perm("wagtailadmin.access_admin")
    assert home_page.permissions_for_user(editor).can_publish()
    assert home_page.permissions_for_user(editor).can_add_subpage()
    assert not home_page.permissions_for_user(coordinator).can_edit()
    assert coordinator.has_perm("guidance.change_maracmeeting")
    assert coordinator.has_perm("guidance.add_maracmeeting")
    assert not editor.has_perm("guidance.change_maracmeeting")
    assert not editor.has_perm("guidance.view_maracmeeting")
