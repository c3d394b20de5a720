"""Who does what: IDVA, coordinator, administrator, chair, agency representatives."""

import datetime

from .builders import heading, rich_text

PAGE = {
    "type": "guidance.GuidancePage",
    "title": "Roles at the MARAC",
    "slug": "roles",
    "summary": "What the IDVA, the MARAC coordinator, the administrator, the chair and agency "
               "representatives each do.",
    "last_reviewed": datetime.date(2026, 9, 14),
    "next_review_due": datetime.date(2027, 9, 14),
    "body": [
        heading("Independent domestic violence advisor (IDVA)"),
        rich_text(
            "<p>Everyone referred to the MARAC is offered support from an IDVA. The IDVA:</p>"
            "<ul><li>receives the referral within 2 working days</li>"
            "<li>contacts the person before the meeting, where it is safe, to talk about "
            "safety and find out what they want</li>"
            "<li>puts the person’s views to the meeting</li>"
            "<li>works with agencies so that everything available is used to keep the person "
            "and any children safe</li>"
            "<li>tells the person about the outcome and the actions agreed</li></ul>"
            "<p>Kirklees also has an IDVA who supports people through court proceedings. "
            "They share information with the MARAC and help link it with the courts, for "
            "example on bail conditions and restraining orders.</p>"
        ),
        heading("MARAC coordinator"),
        rich_text(
            "<ul><li>supports the chair so the meeting runs smoothly</li>"
            "<li>reviews referrals and advises referrers on whether a case is suitable</li>"
            "<li>keeps communication going between all the agencies that attend</li>"
            "<li>works with the chair to find agencies that are missing from the meeting</li>"
            "<li>suggests improvements to the process, agreed with the strategy group</li>"
            "<li>gathers information so the strategy group can monitor how well the MARAC "
            "works</li>"
            "<li>makes sure actions and progress on them are recorded</li></ul>"
        ),
        heading("MARAC administrator"),
        rich_text(
            "<ul><li>prepares the agenda so cases are discussed efficiently</li>"
            "<li>gives agencies feedback on their referrals</li>"
            "<li>passes cases to the IDVA service promptly, and makes other referrals where "
            "needed</li>"
            "<li>takes notes of the meeting, including the actions agreed</li>"
            "<li>tracks flagged cases and tells agencies when 12 months have passed</li></ul>"
        ),
        heading("MARAC chair"),
        rich_text(
            "<p>The MARAC is chaired by West Yorkshire Police or someone they nominate. The "
            "chair:</p>"
            "<ul><li>keeps the meeting focused on the risks to the person and any "
            "children</li>"
            "<li>opens each meeting by introducing new representatives and reading the "
            "confidentiality statement</li>"
            "<li>checks on actions that are still outstanding</li>"
            "<li>makes sure the person’s needs and views are heard</li>"
            "<li>encourages every agency to take part and to offer actions</li></ul>"
            "<p>The chair is not responsible for each agency’s actions but encourages "
            "everyone to take responsibility for them.</p>"
        ),
        heading("Agency representatives"),
        rich_text(
            "<p>Each agency sends a representative senior enough to commit it to action. "
            "Representatives:</p>"
            "<ul><li>attend every meeting, or send a fully briefed deputy</li>"
            "<li>research every case on the agenda in their agency’s records</li>"
            "<li>present the cases their agency has referred</li>"
            "<li>share relevant, proportionate information</li>"
            "<li>offer actions for their agency and report progress to the coordinator</li>"
            "<li>feed back to the staff who made the referral</li>"
            "<li>help colleagues decide when to complete a risk checklist and refer</li></ul>"
            "<p>If no one from an agency can attend, it sends written information to the "
            "coordinator before the meeting.</p>"
        ),
        heading("MARAC strategy group"),
        rich_text(
            "<p>Senior representatives of the partner agencies oversee the MARAC. They "
            "monitor its performance and attendance, look at its data, make sure training is "
            "available, and review the protocols.</p>"
        ),
    ],
}
