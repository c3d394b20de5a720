"""Children and young people: child safeguarding first, and what the referral needs."""

import datetime

from .builders import callout, heading, referral_cta, rich_text

PAGE = {
    "type": "guidance.GuidancePage",
    "title": "Children and young people",
    "slug": "children",
    "summary": "Follow child safeguarding procedures first. Which children to include in a "
               "referral, what to say about them, and referrals for 16 and 17 year olds.",
    "last_reviewed": datetime.date(2026, 9, 14),
    "next_review_due": datetime.date(2027, 9, 14),
    "body": [
        callout(
            "<p>If you think a child is at risk of significant harm, follow your child "
            "safeguarding procedures and contact children’s social care now. A MARAC "
            "referral does not replace a safeguarding referral, and the MARAC will expect "
            "children’s services to have been told.</p>",
            title="Child safeguarding comes first",
        ),
        heading("Children living with domestic abuse"),
        rich_text(
            "<p>Children who live with domestic abuse are victims of it in their own right. "
            "The risk checklist asks about pregnancy, a baby born in the last 18 months, "
            "children in the household and whether the person causing harm has hurt or "
            "threatened them. Conflict over child contact is also a risk factor.</p>"
        ),
        heading("Which children to include"),
        rich_text(
            "<p>List every child linked to the person at risk or to the person causing harm, "
            "including:</p>"
            "<ul><li>unborn babies</li>"
            "<li>children who live in the household, including step-children</li>"
            "<li>children who live elsewhere but stay or have contact there</li>"
            "<li>children of the person causing harm from other relationships</li></ul>"
        ),
        heading("What to give for each child"),
        rich_text(
            "<ul><li>name</li><li>date of birth, or the expected due date for an unborn "
            "baby</li>"
            "<li>their relationship to the person at risk and to the person causing "
            "harm</li>"
            "<li>their address, if it is different</li>"
            "<li>their school or nursery, if you know it</li></ul>"
        ),
        heading("Young people aged 16 and 17"),
        rich_text(
            "<p>The MARAC considers people aged 16 and over, so you can refer a 16 or 17 year "
            "old who is being abused by a partner or family member. They are still children, "
            "so child safeguarding procedures apply as well.</p>"
            "<p>For anyone under 16, follow child safeguarding procedures.</p>"
        ),
        heading("At the meeting"),
        rich_text(
            "<p>Children’s services attend every MARAC. The meeting considers the risks "
            "to the children as well as to the adult, and agrees actions to protect them. "
            "Children’s services record MARAC information and actions in their own "
            "records.</p>"
        ),
        referral_cta(),
    ],
}
