"""Closed MARACs: what they are, when they are used and how to ask for one."""

import datetime

from .builders import callout, heading, referral_cta, rich_text

PAGE = {
    "type": "guidance.GuidancePage",
    "title": "Closed MARACs",
    "slug": "closed-marac",
    "summary": "A closed MARAC limits who hears about a case. When it may be needed and how to "
               "ask for one on the referral.",
    "last_reviewed": datetime.date(2026, 9, 14),
    "next_review_due": datetime.date(2027, 9, 14),
    "body": [
        heading("What a closed MARAC is"),
        rich_text(
            "<p>A closed MARAC is a discussion of a case with only the agencies that need to "
            "be involved, instead of the full meeting. The information shared is restricted "
            "to those people. The aim, a plan to keep the person safe, stays the same.</p>"
        ),
        heading("When it may be needed"),
        rich_text(
            "<p>A closed MARAC may be right when a case needs more privacy, for example "
            "when:</p>"
            "<ul><li>the person at risk or the person causing harm works for an agency that "
            "attends the MARAC</li>"
            "<li>either of them is well known locally</li>"
            "<li>there is a risk of ‘honour’-based abuse and sharing widely could "
            "put the person in danger</li></ul>"
        ),
        heading("How to ask for one"),
        rich_text(
            "<p>The person at risk or the referrer can ask for a closed MARAC. Answer "
            "‘yes’ to the closed MARAC question on the referral form and explain "
            "why it is needed.</p>"
            "<p>The MARAC coordinators decide how the case will be managed and will contact "
            "you about it.</p>"
        ),
        callout(
            "<p>If the person causing harm works in your own agency, talk to your "
            "safeguarding lead. Do not discuss the case with their colleagues or line "
            "manager.</p>",
            title="When the person causing harm is a colleague",
        ),
        referral_cta(),
    ],
}
