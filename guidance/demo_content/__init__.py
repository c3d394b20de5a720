"""Demo content for the Kirklees MARAC site, as data: one module per page.

`page_tree()` returns the pages to create under the home page, each a dict with its page
type ("app.Model"), title, slug, summary, review dates, its own fields and optional
"children". Links between pages use slugs (see `builders`), resolved when loading.
"""

from . import (
    about_marac,
    accessibility_statement,
    adults,
    after_referral,
    below_threshold,
    children,
    closed_marac,
    consent,
    how_to_refer,
    information_sharing_protocol,
    meeting_schedule,
    operating_protocol,
    privacy_notice,
    referral_criteria,
    repeat_and_premarac,
    roles,
    stalking,
)
from .making_a_referral import INDEX_PAGE

__all__ = ["page_tree"]


def page_tree(*, retention_period: str, idle_minutes: int) -> list[dict]:
    """Every demo page under the home page, parents before children."""
    making_a_referral = dict(
        INDEX_PAGE,
        children=[
            referral_criteria.PAGE,
            consent.PAGE,
            how_to_refer.PAGE,
            stalking.PAGE,
            children.PAGE,
            adults.PAGE,
            closed_marac.PAGE,
            repeat_and_premarac.PAGE,
            after_referral.PAGE,
            below_threshold.PAGE,
            roles.PAGE,
            about_marac.PAGE,
        ],
    )
    return [
        making_a_referral,
        meeting_schedule.PAGE,
        operating_protocol.PAGE,
        information_sharing_protocol.PAGE,
        privacy_notice.page(retention_period=retention_period, idle_minutes=idle_minutes),
        accessibility_statement.PAGE,
    ]
