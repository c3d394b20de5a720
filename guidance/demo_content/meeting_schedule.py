"""The meeting schedule page; the meetings themselves are kept by the coordinators."""

import datetime

PAGE = {
    "type": "guidance.MeetingSchedulePage",
    "title": "Meeting dates and referral deadlines",
    "slug": "meeting-dates",
    "summary": "Upcoming Kirklees MARAC meetings and the deadline for referrals to each one.",
    "last_reviewed": datetime.date(2026, 11, 2),
    "next_review_due": datetime.date(2027, 5, 3),
    "intro": (
        "<p>The Kirklees MARAC meets at least once a month. The agenda, with joining details, "
        "goes to agency representatives at least 5 working days before each meeting.</p>"
        "<p>Do not wait for a meeting to act on the risk: follow your agency’s procedures "
        "now.</p>"
    ),
}
