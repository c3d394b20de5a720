"""Discussing the referral with the person at risk, and consent."""

import datetime

from .builders import heading, referral_cta, rich_text, warning

PAGE = {
    "type": "guidance.GuidancePage",
    "title": "Discussing the referral and consent",
    "slug": "discussing-the-referral",
    "summary": "What to tell the person at risk, when to ask for their consent, when not to, and "
               "why you still refer when the risk is high.",
    "last_reviewed": datetime.date(2026, 10, 6),
    "next_review_due": datetime.date(2027, 10, 6),
    "body": [
        rich_text(
            "<p>The MARAC works best when the person at risk knows about the referral, "
            "understands what it means and feels part of the process. Talk to them about it "
            "whenever it is safe to do so.</p>"
        ),
        heading("What to tell the person"),
        rich_text(
            "<ul><li>why you are worried and why you are making a referral</li>"
            "<li>what a MARAC is: a confidential meeting of agencies that agree a plan to make "
            "them and any children safer</li>"
            "<li>that they will not go to the meeting themselves</li>"
            "<li>that an independent domestic violence advisor (IDVA) will contact them, and "
            "will put their views and wishes to the meeting</li>"
            "<li>that the IDVA is independent and is not part of the police or children’s "
            "services</li>"
            "<li>that the person causing harm will not be told about the referral</li>"
            "<li>what information you will share, and that agencies will use it only to "
            "plan for their safety</li></ul>"
        ),
        heading("Asking for consent"),
        rich_text(
            "<p>It is good practice to ask for the person’s agreement before their case "
            "is discussed. If they agree, record it in your agency’s records.</p>"
            "<p>Be honest that, because you are worried about the level of risk, you will "
            "make the referral even if they do not agree. Consent helps, because safety "
            "planning works better when the person chooses to work with the IDVA, but it is "
            "not needed for a high-risk referral.</p>"
            "<p>If the person says no, still refer. Record that they did not consent and why "
            "you went ahead.</p>"
        ),
        heading("When not to ask for consent"),
        rich_text(
            "<p>Do not ask for consent if asking would:</p>"
            "<ul><li>put the person, their family, you or anyone else at greater risk of "
            "serious harm (or significant harm, for a child)</li>"
            "<li>risk getting in the way of preventing, detecting or prosecuting a serious "
            "crime</li>"
            "<li>cause an unjustified delay in looking into concerns about serious harm to an "
            "adult or significant harm to a child</li></ul>"
            "<p>Record your reasons for not asking.</p>"
        ),
        heading("Sharing information without consent"),
        rich_text(
            "<p>You can share information with the MARAC without consent when it is necessary "
            "and proportionate to the risk. The law allows it:</p>"
            "<ul><li>the Crime and Disorder Act 1998 allows disclosure to relevant authorities "
            "to tackle crime and disorder</li>"
            "<li>data protection law allows sharing to prevent crime and to protect people at "
            "risk</li>"
            "<li>the common law duty of confidence can be set aside in the public "
            "interest</li>"
            "<li>the Human Rights Act 1998 is met when sharing protects people’s safety "
            "and goes no further than needed</li></ul>"
            "<p>Record what you shared, why (the risk you believe exists) and any limits on "
            "how it may be used. The "
            "[[information-sharing-protocol|information sharing protocol]] sets out the "
            "rules in full.</p>"
        ),
        warning(
            "<p>Do not tell the person causing harm about the referral, the meeting or the "
            "safety plan, even indirectly through someone else. Knowing about it could put "
            "the person at risk in more danger.</p>"
            "<p>People who cause harm work in every sector, including yours. Keep MARAC "
            "information to those who need it.</p>",
            title="Never tell the person causing harm",
        ),
        heading("Making contact safe"),
        rich_text(
            "<p>On the referral, say whether the person knows about it and whether they "
            "agreed. Give safe ways and times to contact them, who is safe to talk to and "
            "who is not. The IDVA uses this to reach them without alerting the person "
            "causing harm.</p>"
        ),
        referral_cta(),
    ],
}
