"""Small helpers that build StreamField data (raw JSON form) for the demo content.

Links between demo pages are written by slug and resolved to page ids when the pages exist:
`[[slug|link text]]` inside rich text, and `PageRef("slug")` wherever a block takes a page.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageRef:
    """A reference to another demo page by its slug, resolved to the page's id on loading."""

    slug: str


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def rich_text(html: str) -> dict:
    return {"type": "rich_text", "value": html}


def callout(body: str, *, title: str = "", style: str = "important") -> dict:
    return {"type": "callout", "value": {"style": style, "title": title, "body": body}}


def warning(body: str, *, title: str = "") -> dict:
    return callout(body, title=title, style="warning")


def expander(summary: str, body: str) -> dict:
    return {"type": "expander", "value": {"summary": summary, "body": body}}


def numbered_steps(steps: list[tuple[str, str]], *, title: str = "") -> dict:
    return {
        "type": "numbered_steps",
        "value": {"title": title, "steps": [{"title": t, "body": b} for t, b in steps]},
    }


def criteria_cards(cards: list[tuple[str, str, PageRef | None]], *, intro: str = "") -> dict:
    return {
        "type": "criteria_cards",
        "value": {
            "intro": intro,
            "cards": [{"title": t, "body": b, "page": ref} for t, b, ref in cards],
        },
    }


def area_rules(*, intro: str = "") -> dict:
    """The area's routes and thresholds, generated from its rule set (never typed here)."""
    return {"type": "area_rules", "value": {"intro": intro}}


def site_contacts(title: str, note: str = "") -> dict:
    """Contact details taken from the MARAC settings, so they stay in one place."""
    return {
        "type": "contact_details",
        "value": {"use_site_contacts": True, "title": title, "name": "", "phone": "",
                  "email": "", "hours": "", "note": note},
    }


def table(caption: str, rows: list[list[str]], *, first_col_is_header: bool = False) -> dict:
    return {
        "type": "table",
        "value": {
            "caption": caption,
            "table": {"data": rows, "first_row_is_table_header": True,
                      "first_col_is_header": first_col_is_header},
        },
    }


def call_to_action(heading_text: str, *, destination: str, button_label: str, text: str = "",
                   page: PageRef | None = None) -> dict:
    return {
        "type": "call_to_action",
        "value": {"heading": heading_text, "text": f"<p>{text}</p>" if text else "",
                  "destination": destination,
                  "page": page, "button_label": button_label},
    }


def referral_cta(text: str = "", heading_text: str = "Ready to refer?") -> dict:
    return call_to_action(heading_text, destination="referral", button_label="Make a referral",
                          text=text)


def check_cta(text: str = "", heading_text: str = "Not sure the case meets the criteria?") -> dict:
    return call_to_action(heading_text, destination="check", button_label="Check the criteria",
                          text=text)


def section(heading_text: str, *content: dict) -> dict:
    """A numbered protocol section; `content` holds rich_text, subsection, callout or table."""
    return {"type": "section", "value": {"heading": heading_text, "content": list(content)}}


def subsection(heading_text: str, body: str) -> dict:
    return {"type": "subsection", "value": {"heading": heading_text, "body": body}}
