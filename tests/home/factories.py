"""Factories for the home app."""

import factory
import wagtail_factories

from home.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    """A home page; the site's own home page comes from a migration, so this is for new trees."""

    title = factory.Sequence(lambda n: f"MARAC referrals and guidance {n}")
    intro = "<p>Find out when and how to refer a case to the MARAC.</p>"
    body = factory.LazyFunction(
        lambda: [
            {"type": "heading", "value": {"text": "What a MARAC is", "level": "h2"}},
            {
                "type": "rich_text",
                "value": "<p>A regular meeting where agencies share information on the "
                "highest-risk domestic abuse cases.</p>",
            },
        ]
    )

    class Meta:
        model = HomePage
