"""Referral criteria: who can be referred and the five ways to meet the threshold."""

import datetime

from .builders import (
    PageRef,
    callout,
    check_cta,
    criteria_cards,
    expander,
    heading,
    referral_cta,
    rich_text,
)

PAGE = {
    "type": "guidance.GuidancePage",
    "title": "Referral criteria",
    "slug": "referral-criteria",
    "summary": "Who can be referred to the Kirklees MARAC and the five ways a case can meet the "
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
            "<li>meet at least one of the five criteria below</li></ul>"
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
        heading("The five ways to meet the threshold"),
        criteria_cards(
            [
                (
                    "Visible high risk",
                    "<p>The DASH risk checklist has <b>14 or more ‘yes’ answers</b>. "
                    "Refer every case that reaches 14.</p>"
                    "<p>Your professional judgement can raise the level of risk, but never use "
                    "it to lower a checklist result of 14 or more.</p>",
                    None,
                ),
                (
                    "Professional judgement",
                    "<p>The checklist has fewer than 14 ‘yes’ answers, or you could "
                    "not complete it, but you believe the person is at high risk.</p>"
                    "<p>Some answers are serious enough on their own, for example "
                    "strangulation, choking or suffocation, weapons, threats to kill, abuse "
                    "during pregnancy, cruelty to animals, more than one person causing harm, "
                    "or the person being extremely frightened.</p>",
                    None,
                ),
                (
                    "Potential escalation",
                    "<p>The abuse is happening more often or getting worse. Consider a "
                    "referral when there have been <b>3 or more incidents in 6 months</b>, "
                    "even if each one looks minor on its own.</p>",
                    None,
                ),
                (
                    "Repeat referral",
                    "<p>There has been a new incident within <b>12 months</b> of the "
                    "person’s last MARAC. Refer it whether or not the new incident "
                    "meets the threshold by itself.</p>",
                    PageRef("repeat-referrals"),
                ),
                (
                    "Suicide or self-harm",
                    "<p>The abuse is ongoing and the person is at high risk of suicide or "
                    "self-harm because of its impact on them.</p>",
                    None,
                ),
            ],
            intro="<p>A case needs to meet only one of these. Say on the referral which one "
                  "applies.</p>",
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
