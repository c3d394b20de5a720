"""The MARAC operating protocol (Sections One and Three of the Kirklees protocol, 2014)."""

import datetime

from .builders import rich_text, section, subsection, table


def principle(text: str) -> dict:
    """The national principle each section puts into practice, shown at its start."""
    return rich_text(f"<p><b>Principle:</b> {text}</p>")


PAGE = {
    "type": "guidance.ProtocolPage",
    "title": "Operating protocol",
    "slug": "operating-protocol",
    "summary": "How the Kirklees MARAC works: identifying risk, referral, the meeting, action "
               "planning, roles and governance, as agreed by the partner agencies.",
    "last_reviewed": datetime.date(2026, 10, 20),
    "next_review_due": datetime.date(2027, 4, 20),
    "version": "2014.1",
    "effective_date": datetime.date(2014, 2, 1),
    "introduction": (
        "<p>The Kirklees MARAC is a regular meeting where local agencies share information "
        "about people at high risk from domestic abuse and agree a co-ordinated safety plan "
        "for them and their children. It is part of a wider aim that no one in Kirklees "
        "should have to live in fear of domestic abuse.</p>"
        "<p><b>The MARAC does not replace each professional’s responsibility to act.</b> "
        "Agencies must protect victims and their children without waiting for the "
        "meeting.</p>"
        "<p>This protocol and the [[information-sharing-protocol|information sharing "
        "protocol]] are binding agreements between the partner agencies. The MARAC strategy "
        "group resolves any problems with compliance and can agree changes. Its ten sections "
        "follow the ten principles for an effective MARAC set out nationally by SafeLives "
        "(then called CAADA).</p>"
        "<p>Signatory agencies’ representatives have authority to agree the protocols "
        "on their agency’s behalf. Agencies that have not signed can still refer, and "
        "agree to follow both protocols when they do. An agency that wants to withdraw tells "
        "the chair of the strategy group why; it must then destroy or return all MARAC "
        "information and keep following the protocols for anything it still holds.</p>"
        "<p>Complaints about the MARAC process go to the relevant agency and are handled "
        "under its complaints procedure. People can also complain to the Information "
        "Commissioner or the relevant ombudsman. Each agency is responsible for breaches of "
        "the protocols by its staff, deals with them under its own procedures, and tells the "
        "strategy group what happened and what it has done.</p>"
    ),
    "body": [
        section(
            "Identification",
            principle("All agencies identify high-risk victims of domestic abuse through risk "
                      "assessment or referral to a specialist agency."),
            subsection(
                "Definition of domestic abuse",
                "<p>The protocol uses the cross-government definition: <i>“Any incident "
                "or pattern of incidents of controlling, coercive or threatening behaviour, "
                "violence or abuse between those aged 16 or over who are or have been "
                "intimate partners or family members regardless of gender or "
                "sexuality.”</i> This covers psychological, physical, sexual, financial "
                "and emotional abuse.</p>"
                "<p>Controlling behaviour makes a person subordinate or dependent, for "
                "example by isolating them, exploiting them, taking away what they need to "
                "be independent or escape, and regulating their everyday life. Coercive "
                "behaviour is an act or pattern of assault, threats, humiliation, "
                "intimidation or other abuse used to harm, punish or frighten.</p>",
            ),
            subsection(
                "Identifying and assessing risk",
                "<p>Every professional who meets victims of domestic abuse must consider "
                "whether they or their children are at risk of serious harm.</p>"
                "<p>Agencies in Kirklees use the DASH risk checklist, completed with the "
                "victim. It covers physical and sexual abuse, coercion, threats and "
                "intimidation, economic and emotional abuse, isolation, stalking, and risks "
                "to children and in pregnancy. Answers are shared with the MARAC coordinator "
                "and the IDVA.</p>"
                "<p>Cases with 14 or more ‘yes’ answers are usually high risk and "
                "should be referred. So, usually, are cases involving physical abuse in "
                "pregnancy, strangulation, threats, cruelty to animals, weapons or threats "
                "to kill.</p>"
                "<p><b>Anyone who identifies a high risk must act straight away to make the "
                "victim safer</b>, following their agency’s procedures. Where the risk "
                "is not high, refer or signpost to other services.</p>",
            ),
            subsection(
                "Links with other multi-agency arrangements",
                "<p>The MARAC adds to existing arrangements; it does not replace them.</p>"
                "<ul><li>Agencies act immediately and follow their own safeguarding "
                "procedures.</li>"
                "<li>Consider whether the family is eligible for local family support "
                "programmes.</li>"
                "<li>Follow safeguarding adults procedures when an adult is at risk of "
                "harm.</li>"
                "<li>Follow safeguarding children procedures when a child is at risk of "
                "harm.</li>"
                "<li>Multi-agency public protection arrangements (MAPPA) take precedence over "
                "the MARAC; the police share information between them as needed.</li></ul>",
            ),
        ),
        section(
            "Referral to the MARAC",
            principle("Every high-risk victim who meets the criteria is referred, by a range "
                      "of agencies, within safe timescales."),
            rich_text(
                "<p>Refer everyone identified as being at high risk of serious harm:</p>"
                "<ul><li><b>visible high risk</b>: 14 or more ‘yes’ answers on "
                "the DASH</li>"
                "<li><b>professional judgement</b>: you believe the person is at high risk "
                "whatever the score</li>"
                "<li><b>potential escalation</b>: the abuse is escalating and information "
                "needs to be shared more fully</li></ul>"
                "<p>Refer using the MARAC referral form with the completed DASH. The "
                "referral is shared with the agencies at the meeting. Note the referral "
                "deadline for each meeting. If unsure whether to refer, ask your designated "
                "professional first.</p>"
            ),
            subsection(
                "Repeat referrals",
                "<p>Agencies flag MARAC victims (not perpetrators) in their records for 12 "
                "months after a referral, so they notice a repeat incident with the same "
                "perpetrator. Refer every repeat incident, whether or not it meets the "
                "criteria on its own, and mark it as a repeat.</p>"
                "<p>The coordinator or administrator may also link cases where a previous "
                "victim is referred with a different perpetrator, or a new victim is the "
                "partner of a perpetrator already known to the MARAC.</p>",
            ),
            subsection(
                "MARAC to MARAC referrals",
                "<p>When a victim moves area, for a while (for example into a refuge) or for "
                "good, the MARAC they are leaving sends the new one the minutes about the "
                "case, the original referral, a new referral form with any new information "
                "about the victim and children, and anything else relevant.</p>"
                "<p>When Kirklees receives a case from another area, the coordination team "
                "acknowledges it and puts it on the agenda.</p>",
            ),
        ),
        section(
            "Multi-agency engagement",
            principle("All relevant agencies are represented at the MARAC, appropriately and "
                      "consistently."),
            rich_text(
                "<p>Every signatory agency sends a representative to each MARAC. They must "
                "be senior enough to present their agency’s referrals, share relevant "
                "and proportionate information, offer actions and report progress (see "
                "section 9).</p>"
                "<p>The same person should attend each time. A deputy may attend if fully "
                "briefed. If no one can attend, the agency sends written information to the "
                "coordinator or administrator before the meeting. The strategy group "
                "monitors attendance.</p>"
            ),
        ),
        section(
            "Independent representation and support for victims",
            principle("Every high-risk victim is supported and represented by an IDVA or "
                      "other independent advocate who puts safety first throughout."),
            rich_text(
                "<p>Kirklees has two kinds of IDVA:</p>"
                "<ul><li>the <b>IDVA (court proceedings)</b> supports victims through the "
                "courts, shares information with the MARAC and links it with court "
                "processes, for example on bail, sentencing and restraining orders</li>"
                "<li>the <b>IDVA (MARAC)</b> supports victims through the MARAC process and "
                "receives referrals from it</li></ul>"
                "<p>The IDVA (MARAC) represents the victim’s views and works with "
                "agencies so that every available resource is used to make the victim and "
                "any children safe, managing the case while working with the victim.</p>"
                "<p>Referrals, with the DASH, go to the IDVA within 2 working days. The IDVA "
                "reviews the safety work already done, contacts the victim, and contacts "
                "them again after the MARAC to explain the discussion and actions.</p>"
            ),
        ),
        section(
            "Research and information sharing",
            principle("Representatives research cases and share relevant, proportionate "
                      "information to identify risk and plan for safety, keeping safety and "
                      "confidentiality at all times."),
            subsection(
                "The agenda",
                "<p>Cases referred before a meeting’s deadline go on its agenda; later "
                "ones go on the next. The agenda holds the information from each referral "
                "and is sent out at least 5 working days before the meeting. It also lists "
                "cases not discussed for 12 months, which no longer need flagging.</p>",
            ),
            subsection(
                "Agency research",
                "<p>Each agency gathers relevant, proportionate information about the "
                "victim, the perpetrator and any children, including risks and the work "
                "done to make the victim safer. If its representative cannot attend, it "
                "sends this to the coordinator or administrator.</p>",
            ),
            subsection(
                "Contact with the victim",
                "<p>Where safe, the IDVA contacts the victim before the meeting to talk "
                "about safety planning and bring their views.</p>",
            ),
            subsection(
                "The meeting",
                "<p>The MARAC meets at least once a month and is chaired by West Yorkshire "
                "Police or its nominee. The administrator records notes and circulates them "
                "to those who attended.</p>"
                "<p>The referring agency presents its case (or arranges for the referrer to "
                "attend), sets out the risks and gives an update. The chair then asks other "
                "agencies to share what they know about the victim, the perpetrator and any "
                "children. Sharing is limited to information about risk and the work done "
                "to make the victim safer.</p>"
                "<p>Sometimes, for example when someone is at risk of being killed in the "
                "name of ‘honour’, information is shared only with a small number "
                "of agencies.</p>",
            ),
        ),
        section(
            "Action planning",
            principle("Action plans are agreed to deal with the risks identified."),
            subsection(
                "Identifying risks",
                "<p>The referring agency sets out the risks to the victim and children and "
                "what it has done about them. Information shared at the meeting may reveal "
                "more.</p>",
            ),
            subsection(
                "Safety planning",
                "<p>Agencies agree a safety plan to reduce the risks. Its actions aim to "
                "help the victim engage with support and be safer, and make sure every "
                "relevant resource has been used. Agencies volunteer actions for themselves "
                "and may suggest actions for others.</p>",
            ),
            subsection(
                "Feedback",
                "<p>Where safe, the IDVA tells the victim what was discussed and what will "
                "be done. Agencies feed back to their own staff, including the person who "
                "made the referral, and tell anyone who needs to act.</p>",
            ),
            subsection(
                "Monitoring actions",
                "<p>The coordinator or administrator records every safety plan. Agencies "
                "report when actions are complete and keep in touch between meetings, "
                "because risk can change at any time. Plans are reviewed at the next "
                "MARAC.</p>",
            ),
        ),
        section(
            "Number of cases and capacity",
            principle("The MARAC has the capacity to support every high-risk victim who meets "
                      "the criteria."),
            rich_text(
                "<p>The strategy group monitors the number of referrals and makes sure there "
                "are enough IDVAs and enough administrative support for every case.</p>"
            ),
        ),
        section(
            "Equality",
            principle("The MARAC is committed to equal outcomes for everyone."),
            rich_text(
                "<p>No one is excluded from referral because of age, disability, race, "
                "belief, sexual orientation, gender or gender identity. The strategy group "
                "checks that referrals reflect the local population and that specialist "
                "agencies attend when needed.</p>"
            ),
        ),
        section(
            "Operational support",
            principle("Consistent co-ordination and administration help the MARAC work "
                      "well."),
            subsection(
                "MARAC operational group",
                "<p>Agency representatives at each meeting form the operational group. "
                "They must be senior enough, and given enough time, to attend regularly, "
                "support colleagues to refer, research every case, present their "
                "agency’s cases, share information, volunteer actions, feed back to "
                "staff, report progress and raise problems with the strategy group.</p>"
                "<p>Deputies must be fully briefed. If no one can attend, the agency tells "
                "the coordinator and sends its information and progress on actions in "
                "writing. An agency that has referred but cannot attend agrees arrangements "
                "with the coordinator or chair.</p>"
                "<p>Agencies that have not signed the protocols but refer cases must follow "
                "them: refer properly with a DASH, attend to present, share information, "
                "commit to actions and report progress. Regular referrers are invited to "
                "sign.</p>",
            ),
            subsection(
                "MARAC chair",
                "<p>The chair keeps the MARAC focused on the safety of the highest-risk "
                "victims and their children and builds a culture of accountability. At "
                "each meeting the chair introduces new representatives, explains how the "
                "meeting will run, reads the confidentiality statement, reviews incomplete "
                "actions, keeps contributions brief and focused on risk, makes sure the "
                "victim’s views are heard and encourages agencies to volunteer "
                "actions.</p>",
            ),
            subsection(
                "MARAC coordinator",
                "<p>The coordinator supports the chair, keeps communication going between "
                "agencies, identifies agencies that should attend, proposes improvements "
                "for the strategy group to approve, provides information for monitoring, "
                "and works with the administrator to record actions and progress.</p>",
            ),
            subsection(
                "MARAC administrator",
                "<p>The administrator prepares the agenda, gives agencies feedback on "
                "referrals, makes sure specialist attendees are present, refers cases to the "
                "IDVA service promptly, takes notes of the meeting and its actions, and "
                "tracks flagged cases so agencies know when to remove flags after 12 "
                "months.</p>",
            ),
        ),
        section(
            "Governance",
            principle("Effective governance oversees the MARAC’s performance, "
                      "sustainability and accountability."),
            subsection(
                "MARAC strategy group",
                "<p>All partner agencies sit on the strategy group. It monitors the "
                "MARAC’s performance and data, deals with issues raised by the "
                "operational group, keeps the MARAC in line with the law and national "
                "guidance (including reviews after a domestic homicide), oversees awareness "
                "raising and training, and reviews the protocols.</p>"
                "<p>Members must be senior enough to deal with resources, attend regularly, "
                "and make sure their agency has clear procedures for recognising abuse, "
                "assessing risk, referring, and researching MARAC cases.</p>",
            ),
            subsection(
                "Performance monitoring",
                "<p>The strategy group oversees the collection of anonymised MARAC data, "
                "which may be shared with national bodies and local partnerships.</p>",
            ),
            table(
                "Who is responsible for each part of the MARAC",
                [
                    ["Group or role", "Main responsibility"],
                    ["Strategy group", "Performance, governance and the protocols"],
                    ["Operational group", "Research, information sharing and actions"],
                    ["Chair", "Running the meeting and keeping it focused on risk"],
                    ["Coordinator", "Communication, improvement and recording actions"],
                    ["Administrator", "Agenda, notes, IDVA referrals and flag tracking"],
                    ["IDVA", "Representing and supporting the victim"],
                ],
            ),
        ),
    ],
}
