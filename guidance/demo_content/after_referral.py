"""What happens after a referral, and what to do if it is returned."""

import datetime

from .builders import callout, heading, numbered_steps, rich_text, site_contacts

PAGE = {
    "type": "guidance.GuidancePage",
    "title": "What happens after a referral",
    "slug": "after-a-referral",
    "summary": "From the IDVA referral to the meeting and feedback to the person at risk, and "
               "what to do if your referral is returned.",
    "last_reviewed": datetime.date(2026, 10, 6),
    "next_review_due": datetime.date(2027, 10, 6),
    "body": [
        numbered_steps(
            [
                ("The coordination team checks the referral",
                 "<p>They check it is complete and meets the criteria. They may contact you "
                 "if something is unclear.</p>"),
                ("The person is referred to an IDVA within 2 working days",
                 "<p>The IDVA looks at what has already been done to keep the person safe. "
                 "Where it is safe, they contact the person to offer support and find out "
                 "what they want the meeting to know.</p>"),
                ("The case goes on the agenda",
                 "<p>Referrals received by a meeting’s deadline go on the agenda for "
                 "that meeting. Later ones go to the next meeting.</p>"),
                ("Agencies research the case",
                 "<p>The agenda goes to the agencies at least 5 working days before the "
                 "meeting. Each one checks its records for relevant information about the "
                 "person at risk, the person causing harm and any children.</p>"),
                ("The MARAC meets",
                 "<p>The referring agency introduces the case and the risks. Other agencies "
                 "share what they know, and together they agree a safety plan with actions "
                 "for named agencies.</p>"),
                ("The person hears the outcome",
                 "<p>Where it is safe, the IDVA tells the person what was discussed and "
                 "what agencies will do.</p>"),
                ("Agencies carry out the actions",
                 "<p>Each agency tells the coordinator when its actions are done. The plan "
                 "is reviewed at the next meeting.</p>"),
            ],
            title="After you submit",
        ),
        heading("What you need to do"),
        rich_text(
            "<ul><li>Keep working to protect the person and any children: do not wait for "
            "the meeting.</li>"
            "<li>Your agency’s MARAC representative presents your referral. They may "
            "ask you to attend or to brief them.</li>"
            "<li>Tell the coordination team, quoting your reference, about any new incident "
            "before the meeting.</li>"
            "<li>Your agency’s representative will feed back to you after the meeting, "
            "including any actions for you.</li></ul>"
        ),
        heading("If your referral is returned"),
        rich_text(
            "<p>The coordination team returns referrals that:</p>"
            "<ul><li>are incomplete</li>"
            "<li>do not explain the risk clearly enough</li>"
            "<li>do not meet the [[referral-criteria|referral criteria]]</li></ul>"
            "<p>You will be told why. Talk to your safeguarding lead about how to keep the "
            "person safe. You could:</p>"
            "<ul><li>submit a new referral that sets out the risk factors more clearly</li>"
            "<li>arrange a professionals’ meeting with the other agencies involved</li>"
            "<li>refer the person to domestic abuse support, with their consent</li></ul>"
        ),
        callout(
            "<p>A returned referral does not mean the person is safe. Keep following your "
            "agency’s procedures, and read "
            "[[below-the-threshold|what to do when a case is below the threshold]].</p>",
            title="Keep acting on the risk",
        ),
        site_contacts(
            "Questions about a referral",
            "<p>Quote your reference number. Do not include names or other personal details "
            "in emails.</p>",
        ),
    ],
}
