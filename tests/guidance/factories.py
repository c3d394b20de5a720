"""Factories for guidance pages and MARAC meetings. Pages go under the site's home page."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from guidance.models import (
    GuidanceIndexPage,
    GuidancePage,
    MaracMeeting,
    MeetingSchedulePage,
    ProtocolPage,
)
from home.models import HomePage


def site_home_page():
    return HomePage.objects.order_by("path").first()


def protocol_body():
    """Two numbered sections; the first has two subsections."""
    return [
        {
            "type": "section",
            "value": {
                "heading": "Purpose of the protocol",
                "content": [
                    {"type": "rich_text", "value": "<p>Why agencies share information.</p>"},
                    {
                        "type": "subsection",
                        "value": {"heading": "Who signs it", "body": "<p>Every agency.</p>"},
                    },
                    {
                        "type": "subsection",
                        "value": {"heading": "Legal basis", "body": "<p>The lawful bases.</p>"},
                    },
                ],
            },
        },
        {
            "type": "section",
            "value": {
                "heading": "Confidentiality",
                "content": [
                    {"type": "rich_text", "value": "<p>Information stays within the meeting.</p>"}
                ],
            },
        },
    ]


def guidance_body():
    return [
        {"type": "heading", "value": {"text": "Who should refer", "level": "h2"}},
        {
            "type": "rich_text",
            "value": "<p>Any practitioner who believes someone is at high risk.</p>",
        },
        {
            "type": "callout",
            "value": {
                "style": "warning",
                "title": "Keep the referral safe",
                "body": "<p>Never tell the person causing harm.</p>",
            },
        },
    ]


class BaseGuidancePageFactory(wagtail_factories.PageFactory):
    parent = factory.LazyFunction(site_home_page)
    summary = factory.Faker("sentence", nb_words=12)
    last_reviewed = datetime.date(2025, 1, 6)
    next_review_due = datetime.date(2099, 1, 6)


class GuidanceIndexPageFactory(BaseGuidancePageFactory):
    title = factory.Sequence(lambda n: f"Guidance section {n}")
    intro = "<p>Guidance for practitioners who may need to refer a case.</p>"

    class Meta:
        model = GuidanceIndexPage


class GuidancePageFactory(BaseGuidancePageFactory):
    title = factory.Sequence(lambda n: f"Guidance page {n}")
    body = factory.LazyFunction(guidance_body)

    class Meta:
        model = GuidancePage


class ProtocolPageFactory(BaseGuidancePageFactory):
    title = factory.Sequence(lambda n: f"Operating protocol {n}")
    version = "3.1"
    effective_date = datetime.date(2025, 4, 1)
    introduction = "<p>How the agencies in this area run the MARAC.</p>"
    body = factory.LazyFunction(protocol_body)

    class Meta:
        model = ProtocolPage


class MeetingSchedulePageFactory(BaseGuidancePageFactory):
    title = "Meeting dates and referral deadlines"
    intro = "<p>The MARAC meets every two weeks.</p>"

    class Meta:
        model = MeetingSchedulePage


class MaracMeetingFactory(DjangoModelFactory):
    """A meeting at 10am local time; the deadline is a week before at 5pm."""

    kind = MaracMeeting.Kind.FULL
    starts_at = factory.Sequence(
        lambda n: (
            timezone.make_aware(datetime.datetime(2090, 1, 3, 10, 0))
            + datetime.timedelta(weeks=2 * n)
        )
    )
    referral_deadline = factory.LazyAttribute(
        lambda meeting: meeting.starts_at - datetime.timedelta(days=6, hours=17)
    )
    cancelled = False

    class Meta:
        model = MaracMeeting
