"""How to make a referral: what you need, the steps and the deadlines."""

import datetime

from .builders import (
    PageRef,
    call_to_action,
    heading,
    numbered_steps,
    referral_cta,
    rich_text,
    warning,
)

PAGE = {
    "type": "guidance.GuidancePage",
    "title": "How to make a referral",
    "slug": "how-to-refer",
    "summary": "What you need before you start, how to describe the risk, the steps to refer "
               "and the deadline for each meeting.",
    "last_reviewed": datetime.date(2026, 10, 6),
    "next_review_due": datetime.date(2027, 10, 6),
    "body": [
        rich_text(
            "<p>Anyone working with the person can refer, from any agency, including agencies "
            "that have not signed the MARAC protocol. You do not need an account or access to "
            "a case management system: use the online referral form.</p>"
        ),
        heading("What you need"),
        rich_text(
            "<ul><li>the DASH risk checklist, completed with the person if possible (if not, "
            "complete it as far as you can from what you know, and say so)</li>"
            "<li>the person’s name, date of birth, address and safe ways to contact "
            "them</li>"
            "<li>details of the person or people causing harm and their relationship to the "
            "person at risk</li>"
            "<li>every child in the household or linked to either adult, including unborn "
            "babies, with dates of birth or due dates</li>"
            "<li>whether the person knows about the referral and whether they agreed</li>"
            "<li>what support is already in place</li></ul>"
            "<p>Some fields must be filled in, but give as much information as you can. A "
            "referral that is missing information may be returned.</p>"
        ),
        heading("Describe what has happened"),
        rich_text(
            "<p>Explain why you believe the case is high risk. Include:</p>"
            "<ul><li>the first incident you know of, the worst one and the most recent "
            "one</li>"
            "<li>any threats made to the person or to anyone else</li>"
            "<li>the person’s housing and family situation</li>"
            "<li>who they are afraid of, who is safe to talk to and who is not</li>"
            "<li>the risks to the person and any children, and what has been offered or put "
            "in place to reduce them</li></ul>"
        ),
        numbered_steps(
            [
                ("Check the criteria",
                 "<p>Complete the risk checklist and see which "
                 "[[referral-criteria|referral criteria]] the case meets.</p>"),
                ("Talk to the person if it is safe",
                 "<p>Explain the referral and ask for consent. Read "
                 "[[discussing-the-referral|discussing the referral and consent]].</p>"),
                ("Get advice if you are unsure",
                 "<p>Speak to your safeguarding lead or designated professional.</p>"),
                ("Complete the online referral",
                 "<p>The form goes through one short step at a time. Check your answers "
                 "before you submit.</p>"),
                ("Keep your reference number",
                 "<p>You will get a reference when you submit. Use it, not names, if you "
                 "contact the coordination team about the referral.</p>"),
                ("Keep acting to protect the person",
                 "<p>Follow your own agency’s procedures, including safeguarding "
                 "children and adults. Do not wait for the meeting.</p>"),
            ],
            title="Making the referral",
        ),
        heading("Referral deadlines"),
        rich_text(
            "<p>Each meeting has a referral deadline. Referrals received by the deadline are "
            "discussed at that meeting. Referrals received after it go to the following "
            "meeting.</p>"
            "<p>The deadline allows time to send the agenda to agencies at least 5 working "
            "days before the meeting, so they can check their records.</p>"
        ),
        call_to_action(
            "Meeting dates and deadlines",
            destination="page",
            page=PageRef("meeting-dates"),
            button_label="See meeting dates",
            text="Check which meeting your referral will go to.",
        ),
        heading("What happens to the information you give"),
        rich_text(
            "<p>The referral is stored securely and encrypted. The MARAC coordination team "
            "checks it, then shares it with the IDVA service and, through the meeting agenda, "
            "with the agencies that attend the MARAC. It is used only to plan for the safety "
            "of the person and any children.</p>"
            "<p>The [[privacy-notice|privacy notice]] explains how long it is kept and who "
            "can see it.</p>"
        ),
        warning(
            "<p>Do not send referrals or personal details by ordinary email. Use the online "
            "form, which sends them securely.</p>",
            title="Never email personal details",
        ),
        referral_cta(),
    ],
}
