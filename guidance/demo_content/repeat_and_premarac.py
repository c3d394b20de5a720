"""Repeat referrals, flagging, moves between areas and pre-MARAC meetings."""

import datetime

from .builders import callout, expander, heading, referral_cta, rich_text

PAGE = {
    "type": "guidance.GuidancePage",
    "title": "Repeat referrals and pre-MARAC",
    "slug": "repeat-referrals",
    "summary": "What counts as a repeat, how agencies flag MARAC cases for 12 months, what happens "
               "when someone moves area, and what a pre-MARAC meeting is.",
    "last_reviewed": datetime.date(2026, 10, 6),
    "next_review_due": datetime.date(2027, 10, 6),
    "body": [
        heading("What counts as a repeat"),
        rich_text(
            "<p>A case is a repeat when there is a new domestic abuse incident within "
            "<b>12 months</b> of the person’s last MARAC. An incident includes any "
            "of these:</p>"
            "<ul><li>violence or threats of violence to the person</li>"
            "<li>a pattern of stalking or harassment</li>"
            "<li>rape or sexual abuse being disclosed</li></ul>"
            "<p>Refer every repeat incident back to the MARAC, even if the new incident "
            "would not meet the criteria on its own. Say on the referral that it is a "
            "repeat.</p>"
        ),
        heading("Flag and tag"),
        rich_text(
            "<p>Agencies flag the person at risk in their own records for 12 months after a "
            "MARAC referral. The flag means staff notice if there is another incident with "
            "the same person causing harm, and refer it.</p>"
            "<ul><li>Flag the person at risk, not the person causing harm.</li>"
            "<li>The MARAC administrator keeps track of flagged cases and tells agencies when "
            "12 months have passed.</li>"
            "<li>Each agenda lists the cases that no longer need a flag.</li></ul>"
        ),
        heading("Linked cases"),
        rich_text(
            "<p>The coordinator or administrator may also link cases when:</p>"
            "<ul><li>someone who was referred before is referred again because of a "
            "different person causing harm</li>"
            "<li>a new person is referred as the partner of someone already known to the "
            "MARAC as causing harm</li></ul>"
        ),
        expander(
            "When the person moves to or from Kirklees",
            "<p>When someone moves area, for a short time (for example into a refuge) or for "
            "good, their case is passed from one MARAC to the other. The MARAC they are "
            "leaving sends the minutes about the case, the original referral, a new referral "
            "form and anything else relevant.</p>"
            "<p>The new referral form should give any new information about the person and "
            "their children, as the minutes may be out of date. When a case is passed to "
            "Kirklees, the coordination team confirms it has arrived and puts it on the next "
            "agenda.</p>"
        ),
        heading("Pre-MARAC meetings"),
        rich_text(
            "<p>Some MARAC areas hold a smaller pre-MARAC meeting to look at certain cases "
            "first. It is usually attended by the MARAC chair, the coordinator and an IDVA. "
            "They look at the safety plan already in place and decide whether the case needs "
            "a full MARAC discussion. They can also give agencies actions.</p>"
            "<p>Areas that use pre-MARAC set their own rules about which cases go there. "
            "Examples include cases with 14 or 15 ‘yes’ answers on the checklist, "
            "potential escalation and repeats. Cases referred on professional judgement "
            "usually go straight to the full MARAC.</p>"
            "<p>A case discussed at pre-MARAC is still high risk. Agencies flag it in the "
            "same way.</p>"
        ),
        callout(
            "<p>In Kirklees, cases that meet the criteria are currently discussed at the "
            "full MARAC. If pre-MARAC meetings are introduced, they will appear in the "
            "[[meeting-dates|meeting dates]].</p>",
            title="Pre-MARAC in Kirklees",
        ),
        referral_cta(),
    ],
}
