"""What to do when a case does not meet the MARAC threshold."""

import datetime

from .builders import callout, check_cta, heading, rich_text

PAGE = {
    "type": "guidance.GuidancePage",
    "title": "Below the threshold: what to do instead",
    "slug": "below-the-threshold",
    "summary": "Support and safety planning for people who are not at high risk, and how to "
               "notice when the risk is rising.",
    "last_reviewed": datetime.date(2026, 10, 6),
    "next_review_due": datetime.date(2027, 10, 6),
    "body": [
        rich_text(
            "<p>A case that does not meet the MARAC criteria still needs a response. Risk "
            "can change quickly, so keep reviewing it.</p>"
        ),
        heading("What you can do"),
        rich_text(
            "<ul><li>Make a safety plan with the person.</li>"
            "<li>With their consent, refer them to local domestic abuse support using your "
            "agency’s domestic abuse referral pathway.</li>"
            "<li>Arrange a professionals’ meeting with other agencies involved.</li>"
            "<li>Follow safeguarding children or adults procedures if they apply.</li>"
            "<li>Record what you have done and when you will review it.</li>"
            "<li>Talk to your safeguarding lead if you are unsure.</li></ul>"
        ),
        heading("Safety planning"),
        rich_text(
            "<p>Help the person think about:</p>"
            "<ul><li>how to get help in an emergency: call 999, and if they cannot speak on a "
            "mobile, press 55 when asked so the call is put through to the police</li>"
            "<li>safe ways and times for agencies to contact them</li>"
            "<li>people they trust and could go to</li>"
            "<li>keeping important documents, money and medication somewhere they can reach "
            "quickly</li>"
            "<li>what they would do and where they would go if they had to leave</li></ul>"
        ),
        heading("When to look at the risk again"),
        rich_text(
            "<p>Complete the risk checklist again when something changes, for example:</p>"
            "<ul><li>the abuse is happening more often or getting worse</li>"
            "<li>the person has separated or is trying to separate</li>"
            "<li>the person is pregnant or has had a baby</li>"
            "<li>there is conflict over child contact</li>"
            "<li>the person causing harm has breached bail or a court order</li></ul>"
        ),
        callout(
            "<p>You can refer on professional judgement if you believe the person is at high "
            "risk, whatever the checklist score. See the "
            "[[referral-criteria|referral criteria]].</p>",
            title="Your judgement counts",
        ),
        check_cta(heading_text="Check the criteria again"),
    ],
}
