"""About the MARAC: what it is, its aims, who attends and how information is kept safe."""

import datetime

from .builders import PageRef, call_to_action, expander, heading, rich_text, warning

PARTNER_AGENCIES = [
    "Calderdale and Huddersfield NHS Foundation Trust",
    "Connect Housing",
    "Kirklees Council: Anti-Social Behaviour Partnership, children’s Duty and Assessment "
    "Service, Integrated Domestic Abuse Team, Housing Solutions, Pupil Attendance and Support, "
    "Safeguarding Adults, and Support for Women and Antenatal Service",
    "Lifeline Kirklees",
    "Locala Community Partnership",
    "The Mid Yorkshire Hospitals NHS Trust",
    "On TRAK",
    "Pennine Domestic Violence Group",
    "South West Yorkshire Partnership NHS Foundation Trust",
    "West Yorkshire Police",
    "West Yorkshire Probation",
    "WomenCentre Calderdale and Kirklees",
    "Victim Support",
]

PAGE = {
    "type": "guidance.GuidancePage",
    "title": "About MARAC",
    "slug": "about-marac",
    "summary": "What a MARAC is, what it aims to do, who attends and how information shared "
               "there is kept confidential.",
    "last_reviewed": datetime.date(2026, 9, 14),
    "next_review_due": datetime.date(2027, 9, 14),
    "body": [
        heading("What a MARAC is"),
        rich_text(
            "<p>A MARAC (multi-agency risk assessment conference) is a regular meeting about "
            "the people at highest risk of murder or serious harm from domestic abuse. Local "
            "agencies share what they know about each case and agree a plan to make the "
            "person and any children safer.</p>"
            "<p>No single agency sees the whole picture of someone’s life, but each may "
            "hold information that is vital to their safety. Around 1 in 10 domestic abuse "
            "cases is thought to be high risk.</p>"
        ),
        heading("What the MARAC aims to do"),
        rich_text(
            "<ul><li>share information about the current risks to the person and what has "
            "been done to make them safer</li>"
            "<li>agree actions on any risks to the person or their children that are not yet "
            "being dealt with</li>"
            "<li>share information about the people causing harm</li>"
            "<li>support staff working on high-risk cases</li>"
            "<li>reduce repeat abuse</li>"
            "<li>help agencies work together and carry out joint plans</li></ul>"
            "<p>The MARAC is part of a wider commitment in Kirklees that no one should have "
            "to live in fear of domestic abuse.</p>"
        ),
        heading("Who attends"),
        rich_text(
            "<p>Representatives of the police, probation, health services, children’s "
            "and adults’ services, housing, substance misuse services, IDVAs and "
            "specialist domestic abuse services, from both statutory and voluntary "
            "sectors.</p>"
            "<p>The person at risk does not attend. An IDVA represents their views.</p>"
        ),
        expander(
            "Partner agencies in Kirklees",
            "<ul>" + "".join(f"<li>{name}</li>" for name in PARTNER_AGENCIES) + "</ul>"
            "<p>Agencies that are not partners can still refer, and agree to follow the "
            "protocols when they do.</p>",
        ),
        heading("Confidentiality"),
        rich_text(
            "<ul><li>Information shared at the MARAC is used only to keep people safe.</li>"
            "<li>Agencies keep MARAC information secure and share it within their "
            "organisation only with people who need it.</li>"
            "<li>Requests for MARAC information from others, such as courts, solicitors or "
            "Freedom of Information requests, are dealt with only in specific circumstances "
            "and with the MARAC chair’s agreement.</li></ul>"
        ),
        warning(
            "<p>The person causing harm must not be told about the referral, the meeting or "
            "the safety plan. People who cause harm work in every sector, including "
            "agencies that attend the MARAC.</p>",
            title="The person causing harm is never told",
        ),
        heading("The MARAC does not replace your duty to act"),
        rich_text(
            "<p>Every agency must still act to protect the person and any children straight "
            "away, using its own procedures. The MARAC adds to existing safeguarding "
            "arrangements; it does not replace them.</p>"
        ),
        call_to_action(
            "Read the protocols",
            destination="page",
            page=PageRef("operating-protocol"),
            button_label="Read the operating protocol",
            text="How the Kirklees MARAC works, agreed by all partner agencies.",
        ),
    ],
}
