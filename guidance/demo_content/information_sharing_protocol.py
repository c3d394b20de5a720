"""The MARAC information sharing protocol (Section Two of the Kirklees protocol, 2014)."""

import datetime

from .builders import callout, rich_text, section, subsection

PAGE = {
    "type": "guidance.ProtocolPage",
    "title": "Information sharing protocol",
    "slug": "information-sharing-protocol",
    "summary": "The agreement between partner agencies on what information is shared for the "
               "MARAC, on what legal basis, and how it is stored and disclosed.",
    "last_reviewed": datetime.date(2026, 10, 20),
    "next_review_due": datetime.date(2027, 4, 20),
    "version": "2014.1",
    "effective_date": datetime.date(2014, 2, 1),
    "introduction": (
        "<p>This protocol governs how partner agencies exchange information for the Kirklees "
        "MARAC. It works alongside the [[operating-protocol|operating protocol]]; together "
        "they are a binding agreement between the agencies that have signed them.</p>"
        "<p>This version dates from February 2014 and refers to the law in force then. Data "
        "protection law has since changed to the UK GDPR and the Data Protection Act 2018. "
        "The [[privacy-notice|privacy notice]] explains how this website handles personal "
        "information today.</p>"
    ),
    "body": [
        section(
            "Introduction",
            rich_text(
                "<p>The MARAC is a meeting where agencies share information to build a "
                "safety plan for the highest-risk cases of domestic abuse.</p>"
                "<p>This protocol does not replace other information sharing agreements "
                "between agencies in Kirklees. It sets out the arrangements that apply to "
                "the MARAC.</p>"
            ),
        ),
        section(
            "Purpose of information sharing",
            rich_text(
                "<p>Information shared at the MARAC is used to build safety plans for adults "
                "and children at risk of serious harm from domestic abuse. It may also be "
                "used to deal with risks to professionals or to the public.</p>"
            ),
        ),
        section(
            "Principles for information sharing",
            rich_text(
                "<ul><li>Sharing for the MARAC complies with the law on crime and disorder, "
                "data protection, confidentiality and human rights.</li>"
                "<li>Personal information (anything that could identify a living person) may "
                "be shared to reduce the risk of serious harm: to make victims, including "
                "children, safer, to protect vulnerable people and to reduce crime and "
                "disorder.</li>"
                "<li>What is shared must be proportionate to the risk, balancing the "
                "person’s rights against the wider public interest.</li>"
                "<li>Each decision to share is recorded at the time: the risk, what was "
                "shared and any limits placed on its use.</li>"
                "<li>An agency receiving information uses it only for the purposes in this "
                "protocol, and does not pass it on without the written permission of the "
                "agency that supplied it and, where appropriate, the person’s "
                "consent.</li>"
                "<li>Each agency makes sure its staff follow the law, its own policies and "
                "any professional codes, and may take its own legal advice.</li>"
                "<li>Information is stored securely and destroyed when it is no longer "
                "needed.</li></ul>"
            ),
        ),
        section(
            "Information that may be disclosed",
            rich_text(
                "<p>Agencies decide case by case what to share. Information may be about the "
                "person at risk, the person causing harm, children in the household or "
                "affected by the abuse, and anyone else at risk. Where relevant it may cover "
                "the family or other relationships of the person causing harm.</p>"
                "<p>It may include:</p>"
                "<ul><li>name, date of birth, addresses, other names used, and gender</li>"
                "<li>court orders, injunctions, bail conditions and other legal matters</li>"
                "<li>recent contact, such as meetings, sightings and phone calls, attendance "
                "or missed appointments, visits to A&amp;E or other health services, and "
                "who was present at home visits</li>"
                "<li>relevant history, such as previous convictions, family and relationship "
                "history, safety options already tried, and substance misuse</li>"
                "<li>anything else about the risks to the person or others</li></ul>"
                "<p>How much is shared can differ from person to person, but it must always "
                "be relevant and proportionate. If in doubt, ask your agency’s "
                "representative on the MARAC strategy group or a senior manager.</p>"
            ),
        ),
        section(
            "Consent",
            rich_text(
                "<p>It is good practice to ask the person at risk for explicit consent "
                "before their case is discussed, and to record it. Some people will not "
                "give consent.</p>"
                "<p>Do not try to get consent if doing so would:</p>"
                "<ul><li>increase the risk of serious harm to an adult, or significant harm "
                "to a child, including the person, their family, the worker or anyone "
                "else</li>"
                "<li>prejudice the prevention, detection or prosecution of a serious "
                "crime</li>"
                "<li>cause unjustified delay in enquiries about serious harm to an adult or "
                "significant harm to a child</li></ul>"
            ),
            callout(
                "<p>Without consent, the case should still be discussed at the MARAC. "
                "Whether to share is decided by the principles in section 3, not by whether "
                "consent was given.</p>",
                title="Cases are discussed without consent",
            ),
        ),
        section(
            "Information sharing with victims and perpetrators",
            rich_text(
                "<p>The person at risk should be told the outcome of the MARAC unless it is "
                "unsafe. This is normally done by the IDVA; if there is no IDVA, another "
                "agency representative is chosen to do it.</p>"
                "<p>The person causing harm must not be told about the MARAC or its outcome. "
                "Agencies must take great care that they do not find out about the meeting "
                "or any part of the safety plan, including indirectly through someone "
                "else.</p>"
            ),
        ),
        section(
            "Legal grounds for sharing information",
            rich_text(
                "<p>This protocol supports sharing to make victims of domestic abuse, "
                "including children, safer, to protect vulnerable people and to reduce crime "
                "and disorder. In the law in force when it was agreed:</p>"
            ),
            subsection(
                "Crime and Disorder Act 1998",
                "<p>Anyone may disclose information to a relevant authority when it is "
                "necessary to deal with crime and disorder.</p>",
            ),
            subsection(
                "Data protection",
                "<p>Under the prevention of crime exemption, information may be disclosed to "
                "MARAC members when it is needed to prevent a crime against a named person "
                "or household. The risk of crime must be real or likely.</p>",
            ),
            subsection(
                "Common law duty of confidence",
                "<p>When someone gives information expecting it to be kept confidential, it "
                "may be passed to others only with their informed consent, when the law "
                "requires it, or when it is in the public interest.</p>",
            ),
            subsection(
                "Human Rights Act 1998",
                "<p>Sharing between MARAC partners complies with the Act when it is for "
                "preventing crime or protecting the health, safety, rights and freedoms of "
                "victims and their children; when it is necessary and goes no further than "
                "needed; and when it follows all other relevant law.</p>",
            ),
            subsection(
                "Caldicott principles",
                "<p>If a person has not agreed to their information being used, their wishes "
                "should be respected unless there are exceptional circumstances, such as a "
                "risk of harm to them or others, or the prevention, detection or prosecution "
                "of serious crime. The Caldicott principles are guidance, not law: where "
                "they conflict with legislation, the legislation wins.</p>",
            ),
        ),
        section(
            "Storage of information",
            rich_text(
                "<p>Each agency must be able to receive, store and send MARAC information "
                "securely. Within an agency, MARAC information goes only to the people who "
                "attend the MARAC or research cases for it.</p>"
                "<p>Personal information shared for the MARAC must be:</p>"
                "<ul><li>sent only by secure, approved means</li>"
                "<li>kept in secure, password-protected systems open only to approved "
                "people</li>"
                "<li>locked away when on paper and not in use</li>"
                "<li>looked at only by the right staff in suitable settings</li></ul>"
                "<p>Agencies may keep relevant information for as long as a risk to the "
                "person or children remains, in proportion to that risk. It is good practice "
                "to review records after 6 or 12 months. Nothing should be kept longer than "
                "strictly necessary, and records are destroyed under each agency’s "
                "retention rules.</p>"
            ),
        ),
        section(
            "Data access requests",
            rich_text(
                "<p>The MARAC is not a legal entity. Information shared at a MARAC belongs to "
                "the agency that supplied it. MARAC records can be released only with the "
                "agreement of every agency that contributed to them. Each agency follows its "
                "own access procedures and may take legal advice first.</p>"
            ),
            subsection(
                "Requests from individuals",
                "<p>People have a legal right to see information organisations hold about "
                "them, with some exemptions. Requests are passed first to the most "
                "appropriate agency, which takes its own legal advice before releasing "
                "anything. Requests about the MARAC itself should be made in writing to the "
                "MARAC chair, through the MARAC coordination team.</p>",
            ),
            subsection(
                "Disclosure in family court proceedings",
                "<p>National guidance on MARACs and the family courts rests on three "
                "principles: information belongs to the agency that supplied it; a MARAC "
                "should disclose only when a court orders it; and any request must say what "
                "information is sought, not be a general search.</p>"
                "<p>Disclosure should be dealt with well before a contested hearing, with "
                "notice to the MARAC chair so a representative can object. The chair must "
                "object if disclosure would seriously affect a safety plan or could harm a "
                "child.</p>"
                "<p>If the chair does not object, they identify the documents held (usually "
                "only the minutes), point the court to any other agency whose information "
                "the minutes contain, and tell the court if a document may be unreliable. "
                "The chair may also disclose while setting out concerns, accepting that the "
                "court may still order disclosure.</p>"
                "<p>MARAC staff and IDVAs, as opposed to agency representatives, should not "
                "normally be called as witnesses.</p>",
            ),
        ),
    ],
}
