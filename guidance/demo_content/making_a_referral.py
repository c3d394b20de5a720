"""The 'Making a referral' section page that lists the referral guidance."""

import datetime

INDEX_PAGE = {
    "type": "guidance.GuidanceIndexPage",
    "title": "Making a referral",
    "slug": "making-a-referral",
    "summary": "Guidance for practitioners on the referral criteria, consent, how to refer, "
               "what happens next, and particular situations.",
    "last_reviewed": datetime.date(2026, 10, 6),
    "next_review_due": datetime.date(2027, 10, 6),
    "intro": (
        "<p>Everything you need to decide whether to refer someone to the Kirklees MARAC and "
        "how to do it. Start with the referral criteria if you are not sure.</p>"
    ),
}
