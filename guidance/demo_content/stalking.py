"""High-risk stalking: when to refer to the MARAC and when to a stalking advocacy service."""

import datetime

from .builders import callout, expander, heading, referral_cta, rich_text, table

# Deliberately overdue for review, so the editors' review report has something to show.
PAGE = {
    "type": "guidance.GuidancePage",
    "title": "High-risk stalking",
    "slug": "stalking",
    "summary": "What stalking is, the stalking questions on the risk checklist, and whether to "
               "refer to the MARAC or to a stalking advocacy service.",
    "last_reviewed": datetime.date(2025, 8, 18),
    "next_review_due": datetime.date(2026, 8, 18),
    "body": [
        heading("What stalking is"),
        rich_text(
            "<p>Stalking is a pattern of fixated, obsessive, unwanted and repeated behaviour "
            "that causes someone fear, alarm or distress. It can include repeated calls, "
            "messages and social media contact, following, turning up uninvited, watching "
            "the person’s home or work, and contacting their family, friends or "
            "colleagues.</p>"
            "<p>Stalking can be part of domestic abuse, when the person doing it is a "
            "partner, ex-partner or family member. When they are not personally connected to "
            "the person, for example a stranger, an acquaintance or a colleague, it is a "
            "separate crime.</p>"
        ),
        heading("The stalking question on the risk checklist"),
        rich_text(
            "<p>The DASH risk checklist asks: <b>“Does the abuser constantly text, "
            "call, contact, follow, stalk or harass you?”</b></p>"
            "<p>Think about whether the behaviour is deliberately meant to intimidate. Look "
            "at the context and the pattern, not just single incidents.</p>"
            "<p>If the answer is ‘yes’, ask the 10 additional stalking questions. "
            "They help you and the MARAC understand the stalking risk and can support a "
            "referral on professional judgement.</p>"
        ),
        expander(
            "The 10 additional stalking questions",
            "<ol><li>Is the victim very frightened?</li>"
            "<li>Is there any previous domestic abuse and/or harassment history with this "
            "victim or other victims?</li>"
            "<li>Has the suspect ever vandalised or destroyed property belonging to the "
            "victim?</li>"
            "<li>Has the suspect turned up unannounced to the victim’s home, workplace "
            "etc more than once a week?</li>"
            "<li>Have there ever been threats of physical or sexual violence?</li>"
            "<li>Has any third party been harassed since the harassment began, i.e. family, "
            "friends, colleagues?</li>"
            "<li>Has the suspect acted violently towards another during the stalking "
            "incident?</li>"
            "<li>Have others been engaged to help, wittingly or unwittingly?</li>"
            "<li>History of the abuser abusing drugs or alcohol?</li>"
            "<li>Is the suspect known to have been violent in the past (physical or "
            "psychological)?</li></ol>"
        ),
        heading("MARAC or stalking advocacy?"),
        table(
            "Where to refer high-risk stalking",
            [
                ["Situation", "What to do"],
                ["High-risk stalking by a partner, ex-partner or family member",
                 "Make a MARAC referral. The person will also be referred to an IDVA."],
                ["Stalking by someone who is not a partner, ex-partner or family member",
                 "Refer to a stalking advocacy service, with the consent of the person being "
                 "stalked."],
                ["You are not sure which applies",
                 "Talk to your safeguarding lead or the MARAC coordination team."],
            ],
        ),
        callout(
            "<p>Stalking is a crime. Encourage the person to report it to the police and to "
            "keep a record of every incident. If anyone is in immediate danger, call "
            "999.</p>",
            title="Report stalking to the police",
        ),
        referral_cta(),
    ],
}
