"""Accessibility statement (linked from every page's footer)."""

import datetime

from .builders import heading, rich_text, site_contacts

PAGE = {
    "type": "guidance.GuidancePage",
    "title": "Accessibility statement",
    "slug": "accessibility-statement",
    "summary": "How accessible this website is, what to do if you have a problem using it, and "
               "how to complain.",
    "last_reviewed": datetime.date(2026, 11, 2),
    "next_review_due": datetime.date(2027, 11, 2),
    "body": [
        rich_text(
            "<p>This statement covers the Kirklees MARAC guidance and referral website. We "
            "want as many people as possible to be able to use it.</p>"
        ),
        heading("How accessible this website is"),
        rich_text(
            "<p>We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 "
            "at level AA. You should be able to:</p>"
            "<ul><li>use every page and the whole referral form with a keyboard only</li>"
            "<li>use the website with a screen reader or speech recognition software</li>"
            "<li>use it without JavaScript: every part, including the referral form and the "
            "‘Exit this page’ button, works as ordinary pages and links</li>"
            "<li>zoom in up to 400% without text spilling off the screen</li>"
            "<li>change colours and fonts in your browser</li></ul>"
            "<p>The website does not use web fonts, tracking or content from other websites, "
            "except the spam check on the final step of the referral form.</p>"
        ),
        heading("How we test this website"),
        rich_text(
            "<p>We test every public page and every step of the referral form with automated "
            "accessibility checks in a real browser, and by using the pages with a keyboard "
            "and without JavaScript. We test again whenever pages or the form change.</p>"
        ),
        heading("Content that is not accessible"),
        rich_text(
            "<p>We are not aware of any part of this website that fails to meet the standard. "
            "Guidance and the protocols are published as web pages, not as PDF documents. If "
            "you find a problem, please tell us.</p>"
        ),
        heading("Reporting a problem"),
        rich_text(
            "<p>If you find a problem that is not listed here, or you need information in a "
            "different format, contact the MARAC coordination team. Tell us the web address "
            "of the page and what the problem is. Do not include personal details about a "
            "case. We aim to reply within 5 working days.</p>"
        ),
        site_contacts("Contact us about accessibility"),
        heading("Enforcement procedure"),
        rich_text(
            "<p>The Equality and Human Rights Commission (EHRC) enforces the Public Sector "
            "Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations "
            "2018. If you are not happy with how we respond to your complaint, contact the "
            "Equality Advisory and Support Service (EASS).</p>"
        ),
    ],
}
