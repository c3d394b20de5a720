"""Privacy notice (linked from every page's footer). Built with the retention settings."""

import datetime

from .builders import heading, rich_text, site_contacts


def page(*, retention_period: str, idle_minutes: int) -> dict:
    """The privacy notice, stating the retention period and wizard expiry in force."""
    return {
        "type": "guidance.GuidancePage",
        "title": "Privacy notice",
        "slug": "privacy-notice",
        "summary": "What information this website collects, why, who can see it, how long it "
                   "is kept and your rights.",
        "last_reviewed": datetime.date(2026, 11, 2),
        "next_review_due": datetime.date(2027, 11, 2),
        "body": [
            rich_text(
                "<p>This notice explains how the Kirklees MARAC partnership uses personal "
                "information given through this website. The controller is the organisation "
                "that hosts the MARAC coordination team on the partnership’s behalf.</p>"
            ),
            heading("What we collect"),
            rich_text(
                "<p>When you read the guidance or use the criteria check, we do not collect "
                "personal information. The criteria check does not store your answers.</p>"
                "<p>When you make a referral, we collect:</p>"
                "<ul><li>your name, agency, role and work contact details</li>"
                "<li>details of the person at risk, the person or people causing harm and "
                "any children, including names, dates of birth, addresses and phone "
                "numbers</li>"
                "<li>the risk checklist answers, your comments on them and the level of "
                "risk you judge, and what you tell us about what has happened</li>"
                "<li>whether the person knows about the referral and has agreed to it</li></ul>"
                "<p>Some of this is special category data, such as health information, and "
                "some relates to alleged crimes.</p>"
            ),
            heading("Why we use it"),
            rich_text(
                "<p>We use referral information only to run the MARAC: to assess the risk, "
                "refer the person to an IDVA, put the case to the meeting, and agree and "
                "monitor a plan to keep the person and any children safe.</p>"
            ),
            heading("Our lawful basis"),
            rich_text(
                "<ul><li>Personal data: performing a task in the public interest (UK GDPR "
                "Article 6(1)(e)).</li>"
                "<li>Special category data: substantial public interest, for safeguarding "
                "children and individuals at risk and for preventing or detecting unlawful "
                "acts (UK GDPR Article 9(2)(g) and Data Protection Act 2018, Schedule 1, "
                "paragraphs 18 and 10).</li>"
                "<li>Information about alleged offences: the same conditions, under UK GDPR "
                "Article 10.</li></ul>"
                "<p>We do not rely on consent as the lawful basis, because a high-risk "
                "referral can go ahead without it. We still ask referrers to seek the "
                "person’s agreement where it is safe.</p>"
            ),
            heading("Who can see it"),
            rich_text(
                "<ul><li>the MARAC coordinators and administrator</li>"
                "<li>the IDVA service</li>"
                "<li>the representatives of agencies that attend the MARAC, through the "
                "meeting agenda</li></ul>"
                "<p>People who edit the guidance on this website cannot see referrals. "
                "Information is never shared with the person causing harm.</p>"
                "<p>Other requests, for example from courts, are dealt with only where the "
                "law allows and with the MARAC chair’s agreement.</p>"
            ),
            heading("How we protect it"),
            rich_text(
                "<ul><li>Names, dates of birth, addresses, phone numbers and descriptions of "
                "what happened are encrypted when stored, with a key kept separately from "
                "the database.</li>"
                "<li>Personal details are never put in web addresses, emails or your "
                "browser’s storage. Notification emails carry only a reference "
                "number.</li>"
                f"<li>Answers to an unfinished referral are held securely on our server and "
                f"deleted after {idle_minutes} minutes without activity, or as soon as you "
                f"submit.</li>"
                "<li>Every time a coordinator views or changes a referral, it is "
                "recorded.</li></ul>"
            ),
            heading("How long we keep it"),
            rich_text(
                f"<p>Referrals are deleted automatically {retention_period} after they are "
                f"submitted. Agencies that receive MARAC information keep it under their own "
                f"retention rules, for no longer than needed.</p>"
            ),
            heading("Cookies and spam checks"),
            rich_text(
                "<p>We use only essential cookies: one keeps your place in the referral "
                "form and one protects forms against misuse. We do not use analytics or "
                "advertising cookies.</p>"
                "<p>The final step of the referral form uses Google reCAPTCHA to check for "
                "automated spam. Google receives technical information about your browser "
                "and how you use that page, not the content of your referral. If the check "
                "does not load, your referral is still received.</p>"
            ),
            heading("Your rights"),
            rich_text(
                "<p>You have the right to ask for a copy of information we hold about you, "
                "and to ask us to correct it. In some circumstances you can ask us to delete "
                "it, to restrict how we use it, or object to our using it. Some rights are "
                "limited where using the information is needed to protect people from "
                "harm.</p>"
                "<p>If you are unhappy with how we have used your information, you can "
                "complain to the Information Commissioner’s Office (ICO).</p>"
            ),
            site_contacts(
                "Contact us about your information",
                "<p>Ask the coordination team to pass your request to the data protection "
                "officer.</p>",
            ),
        ],
    }
