"""Referral criteria: who can be referred and the area's ways to meet the threshold."""

import datetime

from .builders import (
    area_rules,
    callout,
    check_cta,
    expander,
    heading,
    referral_cta,
    rich_text,
)

PAGE = {
    "type": "guidance.GuidancePage",
    "title": "Referral criteria",
    "slug": "referral-criteria",
    "summary": "Who can be referred to the Kirklees MARAC and the ways a case can meet the "
               "high-risk threshold.",
    "last_reviewed": datetime.date(2026, 10, 6),
    "next_review_due": datetime.date(2027, 10, 6),
    "body": [
        rich_text(
            "<p>Refer a case to the MARAC when you believe someone is at high risk of serious "
            "harm or homicide because of domestic abuse. You do not need anyone's permission to "
            "refer, and any agency can do it.</p>"
        ),
        heading("Who can be referred"),
        rich_text(
            "<p>The person at risk must:</p>"
            "<ul><li>live in Kirklees, or be moving here from another area</li>"
            "<li>be aged 16 or over</li>"
            "<li>be experiencing abuse from a partner, ex-partner or family member</li>"
            "<li>meet at least one of the criteria below</li></ul>"
        ),
        expander(
            "What counts as domestic abuse",
            "<p>The protocol uses the cross-government definition of domestic violence and "
            "abuse:</p>"
            "<p><i>“Any incident or pattern of incidents of controlling, coercive or "
            "threatening behaviour, violence or abuse between those aged 16 or over who are or "
            "have been intimate partners or family members regardless of gender or "
            "sexuality.”</i></p>"
            "<p>It covers psychological, physical, sexual, financial and emotional abuse. It "
            "includes so-called ‘honour’-based abuse, forced marriage and female "
            "genital mutilation. The Domestic Abuse Act 2021 now gives a legal definition "
            "along the same lines, which also names economic abuse.</p>"
        ),
        heading("The ways to meet the threshold"),
        area_rules(
            intro="<p>These are the area's own referral criteria, the same ones the referral "
                  "form and the self-check use. Say on the referral which one applies.</p>",
        ),
        expander(
            "What ‘serious harm’ means",
            "<p>The Home Office (2002) describes serious harm as <i>“A risk which is "
            "life threatening and/or traumatic, and from which recovery, whether physical or "
            "psychological, can be expected to be difficult or impossible.”</i></p>"
        ),
        callout(
            "<p>A MARAC referral does not replace your own duty to keep the person safe. "
            "Follow your agency’s procedures and take action now: do not wait for the "
            "meeting.</p>",
            title="Act now, not at the meeting",
        ),
        heading("If you are not sure"),
        rich_text(
            "<p>Talk to your safeguarding lead or designated professional first. You can also "
            "ask the MARAC coordination team for advice about whether a case is suitable.</p>"
            "<p>If the case does not meet the criteria, read "
            "[[below-the-threshold|what to do when a case is below the threshold]].</p>"
        ),
        check_cta(
            "Answer the risk checklist to see which criteria the case meets. Nothing you enter "
            "is stored."
        ),
        referral_cta("The form takes you through the checklist and the referral step by step."),
    ],
}
