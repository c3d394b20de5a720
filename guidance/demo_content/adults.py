"""Adults with care and support needs: safeguarding adults procedures alongside the MARAC."""

import datetime

from .builders import callout, heading, referral_cta, rich_text

PAGE = {
    "type": "guidance.GuidancePage",
    "title": "Adults with care and support needs",
    "slug": "adults-at-risk",
    "summary": "When someone has care and support needs, raise a safeguarding adults concern as "
               "well as making a MARAC referral.",
    "last_reviewed": datetime.date(2026, 9, 14),
    "next_review_due": datetime.date(2027, 9, 14),
    "body": [
        callout(
            "<p>If an adult has care and support needs, is experiencing or at risk of abuse, "
            "and cannot protect themselves because of those needs, follow your safeguarding "
            "adults procedures and raise a concern now. Do not wait for the MARAC.</p>",
            title="Raise a safeguarding adults concern",
        ),
        heading("The MARAC and safeguarding adults work together"),
        rich_text(
            "<p>A safeguarding adults enquiry and a MARAC referral can happen at the same "
            "time. Safeguarding adults services attend the MARAC.</p>"
            "<p>On the referral, say whether a safeguarding concern has been raised and what "
            "is happening with it. This helps agencies work to one plan and avoid asking the "
            "person the same questions again and again.</p>"
        ),
        heading("Things to think about"),
        rich_text(
            "<ul><li><b>Who the person causing harm is.</b> They may be a carer, an adult "
            "child or another relative the person depends on.</li>"
            "<li><b>Communication.</b> Never use the person causing harm, or someone close to "
            "them, to interpret or help with communication.</li>"
            "<li><b>Mental capacity.</b> Assume the person can make their own decisions unless "
            "it is shown otherwise. If they lack capacity to agree to the referral, decide "
            "in their best interests and record how you decided.</li>"
            "<li><b>Dependants.</b> The risk checklist asks about other dependants, such as "
            "older relatives, in the household. Include them on the referral.</li></ul>"
        ),
        heading("If you are not sure"),
        rich_text(
            "<p>Talk to your safeguarding lead. If the case meets the "
            "[[referral-criteria|referral criteria]], make the MARAC referral as well as "
            "following safeguarding adults procedures.</p>"
        ),
        referral_cta(),
    ],
}
