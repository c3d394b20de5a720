"""The home page's introduction and body (the page itself is created by a migration)."""

from .builders import call_to_action, heading, rich_text, warning

INTRO = (
    "<p>A MARAC (multi-agency risk assessment conference) is a regular meeting where agencies "
    "in Kirklees share information about people at the highest risk of serious harm from "
    "domestic abuse. Together they agree a plan to make the person, and any children, "
    "safer.</p>"
)

BODY = [
    heading("Who must refer"),
    rich_text(
        "<p>If you work with someone aged 16 or over and believe they are at high risk of "
        "serious harm from a partner, ex-partner or family member, you must refer them. Any "
        "practitioner in any agency can refer, and you do not need an account.</p>"
    ),
    call_to_action(
        "Make a referral",
        destination="referral",
        button_label="Start a referral",
        text="The online form takes you through the risk checklist and the referral one "
             "step at a time.",
    ),
    call_to_action(
        "Check whether a case meets the criteria",
        destination="check",
        button_label="Check the criteria",
        text="Answer the risk checklist to see which referral criteria are met. Nothing you "
             "enter is stored.",
    ),
    warning(
        "<p>Never tell the person causing harm about a referral, the meeting or the safety "
        "plan. It could put the person at risk in more danger.</p>",
        title="The person causing harm is never told",
    ),
    heading("Guidance for practitioners"),
    rich_text(
        "<ul>"
        "<li>[[referral-criteria|Referral criteria]]: the ways to meet the threshold</li>"
        "<li>[[discussing-the-referral|Discussing the referral and consent]]: what to tell "
        "the person</li>"
        "<li>[[how-to-refer|How to make a referral]]: what you need and the deadlines</li>"
        "<li>[[after-a-referral|What happens after a referral]], including if it is "
        "returned</li>"
        "<li>[[below-the-threshold|Below the threshold]]: what to do instead</li>"
        "<li>[[making-a-referral|All guidance on making a referral]], including stalking, "
        "children, adults with care and support needs, and closed MARACs</li>"
        "<li>[[about-marac|About MARAC]] and [[roles|who does what]]</li>"
        "</ul>"
    ),
]
