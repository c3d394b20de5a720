"""Services that load the demo content; each is idempotent and safe to run again."""

import datetime
import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from guidance.models import MaracMeeting
from guidance.models.meetings import working_days_before
from home.models import MaracSettings

from .builders import PageRef

# Fields that may hold links to other demo pages, so they are filled once every page exists.
CONTENT_FIELDS = ("intro", "introduction", "body")
PAGE_LINK = re.compile(r"\[\[([a-z0-9-]+)\|([^\]]+)\]\]")

DEMO_SETTINGS = {
    "area_name": "Kirklees",
    "coordinator_team_name": "Kirklees MARAC coordination team",
    # Ofcom's range for drama (01632 960000 to 960999) and example.org: never real contacts.
    "coordinator_phone": "01632 960 000",
    "coordinator_email": "marac.coordinators@example.org",
    "secure_email": "marac.secure@example.org",
}

MEETING_COUNT = 6
MEETING_INTERVAL = datetime.timedelta(days=14)
MEETING_TIME = datetime.time(10, 0)
DEADLINE_WORKING_DAYS = 8
DEADLINE_TIME = datetime.time(12, 0)


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    group: str | None  # None: a superuser
    created: bool = False


DEMO_USERS = (
    DemoUser("admin", "admin-dev-only-password", None),
    DemoUser("editor", "editor-dev-only-password", "Editors"),
    DemoUser("coordinator", "coordinator-dev-only-password", "MARAC coordinators"),
)


def resolve_links(value, pages: dict[str, Page]):
    """Replace slug links (`[[slug|text]]`, `PageRef`) in demo data with page links and ids."""
    if isinstance(value, PageRef):
        return pages[value.slug].pk
    if isinstance(value, str):
        return PAGE_LINK.sub(
            lambda m: f'<a linktype="page" id="{pages[m.group(1)].pk}">{m.group(2)}</a>', value
        )
    if isinstance(value, dict):
        return {key: resolve_links(item, pages) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [resolve_links(item, pages) for item in value]
    return value


def page_find_or_add(*, parent: Page, spec: dict) -> tuple[Page, bool]:
    """The child of `parent` with the spec's slug, added as a draft (without content) if missing."""
    existing = parent.get_children().filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing.specific, False
    model = apps.get_model(spec["type"])
    fields = {k: v for k, v in spec.items() if k not in (*CONTENT_FIELDS, "type", "children")}
    page = model(live=False, search_description=spec["summary"], **fields)
    parent.add_child(instance=page)
    return page, True


def page_publish_content(*, page: Page, spec: dict, pages: dict[str, Page]) -> None:
    """Fill the page's content fields from the spec and publish them as a revision."""
    for name in CONTENT_FIELDS:
        if name not in spec:
            continue
        value = resolve_links(spec[name], pages)
        field = page._meta.get_field(name)
        if isinstance(field, StreamField):
            value = field.stream_block.to_python(value)
            list(value)  # binds every block, so it is saved in the current (normalised) format
        setattr(page, name, value)
    page.save_revision().publish()


def pages_load(*, home: Page, tree: list[dict]) -> tuple[dict[str, Page], list[Page]]:
    """Create the missing pages of `tree` under `home`; pages that exist are left untouched.

    Returns every page by slug and the pages created by this run.
    """
    pages: dict[str, Page] = {}
    to_fill: list[tuple[Page, dict]] = []

    def visit(parent: Page, specs: list[dict]) -> None:
        for spec in specs:
            page, created = page_find_or_add(parent=parent, spec=spec)
            pages[spec["slug"]] = page
            if created:
                to_fill.append((page, spec))
            visit(page, spec.get("children", []))

    visit(home, tree)
    for page, spec in to_fill:
        page_publish_content(page=page, spec=spec, pages=pages)
    return pages, [page for page, _ in to_fill]


def home_load(*, home: Page, intro: str, body: list, pages: dict[str, Page]) -> bool:
    """Fill the home page's intro and body, only while both are still empty."""
    home = home.specific
    if home.intro or len(home.body):
        return False
    page_publish_content(page=home, spec={"intro": intro, "body": body}, pages=pages)
    return True


def settings_load(*, site: Site) -> list[str]:
    """Set the demo area and contacts on fields still at their defaults; returns those set."""
    marac_settings = MaracSettings.for_site(site)
    changed = []
    for name, value in DEMO_SETTINGS.items():
        default = MaracSettings._meta.get_field(name).get_default()
        if getattr(marac_settings, name) == default and value != default:
            setattr(marac_settings, name, value)
            changed.append(name)
    if changed:
        marac_settings.save()
    return changed


MeetingTimes = list[tuple[datetime.datetime, datetime.datetime]]


def demo_meeting_times(*, today: datetime.date) -> MeetingTimes:
    """(meeting start, referral deadline) for fortnightly meetings from the next weekday."""
    first = today + datetime.timedelta(days=1)
    while first.weekday() >= 5:
        first += datetime.timedelta(days=1)
    times = []
    for number in range(MEETING_COUNT):
        day = first + number * MEETING_INTERVAL
        deadline_day = working_days_before(day, DEADLINE_WORKING_DAYS)
        times.append((
            timezone.make_aware(datetime.datetime.combine(day, MEETING_TIME)),
            timezone.make_aware(datetime.datetime.combine(deadline_day, DEADLINE_TIME)),
        ))
    return times


def meetings_load(*, now: datetime.datetime) -> int:
    """Create the demo meetings unless any meeting is already scheduled in the future."""
    if MaracMeeting.objects.filter(starts_at__gte=now).exists():
        return 0
    meetings = [
        MaracMeeting(kind=MaracMeeting.Kind.FULL, starts_at=starts, referral_deadline=deadline)
        for starts, deadline in demo_meeting_times(today=timezone.localdate(now))
    ]
    MaracMeeting.objects.bulk_create(meetings)
    return len(meetings)


def users_load() -> list[DemoUser]:
    """Create the demo staff users that are missing; existing users keep their passwords."""
    user_model = get_user_model()
    results = []
    for demo in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=demo.username,
            defaults={"email": f"{demo.username}@example.org", "first_name": "Demo",
                      "last_name": demo.username.capitalize()},
        )
        if created:
            user.set_password(demo.password)
            user.is_staff = user.is_superuser = demo.group is None
            user.save()
        if demo.group:
            user.groups.add(Group.objects.get_or_create(name=demo.group)[0])
        results.append(DemoUser(demo.username, demo.password, demo.group, created))
    return results


def describe_days(days: int) -> str:
    """A retention period in words, e.g. 730 -> '2 years'."""
    units = (("year", 365), ("month", 30), ("day", 1))
    unit, size = next((unit, size) for unit, size in units if days % size == 0)
    count = days // size
    return f"{count} {unit}{'' if count == 1 else 's'}"
