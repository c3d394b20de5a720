"""StreamField blocks for guidance pages. Each renders with its template in templates/blocks/."""

from django.utils.text import slugify
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


# Ids the base template already uses: a heading must never take one of them.
RESERVED_IDS = frozenset({"main-content", "contents", "site-search-query", "error-summary-title"})


def unique_anchor(anchor: str, request=None) -> str:
    """`anchor`, or `anchor-2`, `anchor-3`... if a heading earlier in this response took it."""
    if request is None:
        return anchor
    used = request.__dict__.setdefault("_heading_anchors", set(RESERVED_IDS))
    candidate, number = anchor, 2
    while candidate in used:
        candidate, number = f"{anchor}-{number}", number + 1
    used.add(candidate)
    return candidate


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "Section heading"), ("h3", "Subheading")],
                               default="h2")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = unique_anchor(slugify(value["text"]) or "section",
                                          (parent_context or {}).get("request"))
        return context

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Who should make a referral", "level": "h2"}
        description = "A heading that also gets an anchor link."


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("important", "Important"), ("warning", "Warning")], default="important"
    )
    title = blocks.CharBlock(max_length=120, required=False)
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        preview_value = {"style": "warning", "title": "Never tell the person causing harm",
                         "body": "<p>Telling them could put the person at risk in danger.</p>"}
        description = "A highlighted box for something readers must not miss."


class ExpanderBlock(blocks.StructBlock):
    summary = blocks.CharBlock(max_length=150, help_text="The line readers click to open it.")
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "collapse-down"
        template = "blocks/expander_block.html"
        preview_value = {"summary": "Read more about consent",
                         "body": "<p>Ask for consent, but refer even when it is refused.</p>"}
        description = "A 'read more' section that stays closed until opened."


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=150)
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, required=False)


class NumberedStepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=150, required=False)
    steps = blocks.ListBlock(StepBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blocks/numbered_steps_block.html"
        preview_value = {"title": "Making a referral", "steps": [
            {"title": "Complete the checklist", "body": "<p>With the person if safe.</p>"},
            {"title": "Submit the referral", "body": "<p>Use the online form.</p>"}]}
        description = "A numbered sequence of steps."


class CriteriaCardBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=100)
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    page = blocks.PageChooserBlock(required=False, help_text="Optional page to read more.")


class CriteriaCardsBlock(blocks.StructBlock):
    intro = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, required=False)
    cards = blocks.ListBlock(CriteriaCardBlock(), min_num=1)

    class Meta:
        icon = "tasks"
        template = "blocks/criteria_cards_block.html"
        preview_value = {"cards": [
            {"title": "Visible high risk", "body": "<p>14 or more 'yes' answers.</p>"},
            {"title": "Professional judgement", "body": "<p>Your concern about the risk.</p>"}]}
        description = "Cards that set out the ways to meet the referral threshold."


class AreaRulesBlock(blocks.StructBlock):
    """The area's referral rules, generated from its rule set: editors keep the prose around it.

    Routes, thresholds, standalone indicators, pre-MARAC routing and the IDVA promise come from
    the area's rule set (referral_form.rules), the same data the wizard and self-check use.
    """

    intro = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, required=False)

    class Meta:
        icon = "list-ul"
        template = "blocks/area_rules_block.html"
        preview_value = {"intro": "<p>The area's own referral criteria.</p>"}
        description = ("The area's routes into MARAC and its thresholds, generated from its rule "
                       "set so they always match the referral form.")


class ContactDetailsBlock(blocks.StructBlock):
    use_site_contacts = blocks.BooleanBlock(
        required=False, default=True,
        help_text="Show the coordinators' contacts from the MARAC settings.",
    )
    title = blocks.CharBlock(max_length=120, required=False)
    name = blocks.CharBlock(max_length=150, required=False)
    phone = blocks.CharBlock(max_length=40, required=False)
    email = blocks.EmailBlock(required=False)
    hours = blocks.CharBlock(max_length=150, required=False)
    note = blocks.RichTextBlock(features=["bold", "italic", "link"], required=False)

    class Meta:
        icon = "mail"
        template = "blocks/contact_details_block.html"
        preview_value = {"use_site_contacts": True, "title": "Contact the coordinators"}
        description = "Contact details, from the site settings or typed here."


class CaptionedTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(max_length=200, help_text="Says what the table shows.")
    table = TableBlock(table_options={"contextMenu": True, "startRows": 3, "startCols": 2})

    class Meta:
        icon = "table"
        template = "blocks/table_block.html"
        preview_value = {"caption": "Meeting dates", "table": {
            "first_row_is_table_header": True, "first_col_is_header": False,
            "data": [["Meeting", "Deadline"], ["5 January", "22 December"]]}}
        description = "A table with a caption; the first row can be headers."


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], required=False)
    destination = blocks.ChoiceBlock(
        choices=[("referral", "Start a referral"), ("check", "Check the criteria"),
                 ("page", "A page on this site")],
        default="referral",
    )
    page = blocks.PageChooserBlock(required=False)
    button_label = blocks.CharBlock(max_length=60, default="Make a referral")

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        preview_value = {"heading": "Ready to refer?", "destination": "referral",
                         "button_label": "Make a referral"}
        description = "A prominent link to the referral form, the self-check or a page."


class GuidanceStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    rich_text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow",
                                     template="blocks/rich_text_block.html")
    callout = CalloutBlock()
    expander = ExpanderBlock()
    numbered_steps = NumberedStepsBlock()
    criteria_cards = CriteriaCardsBlock()
    area_rules = AreaRulesBlock()
    contact_details = ContactDetailsBlock()
    table = CaptionedTableBlock()
    call_to_action = CallToActionBlock()


class ProtocolSubsectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=150)
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)


class ProtocolSectionContentBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES,
                                     template="blocks/rich_text_block.html")
    subsection = ProtocolSubsectionBlock(template="blocks/protocol_subsection_block.html")
    callout = CalloutBlock()
    table = CaptionedTableBlock()


class ProtocolSectionBlock(blocks.StructBlock):
    """A numbered section of a protocol; numbers and anchors are given by the page template."""

    heading = blocks.CharBlock(max_length=150)
    content = ProtocolSectionContentBlock()

    class Meta:
        icon = "doc-full"
        template = "blocks/protocol_section_block.html"
        preview_value = {"heading": "Consent", "content": [
            ("rich_text", "<p>Ask for consent where it is safe to do so.</p>")]}
        description = "A numbered section with optional numbered subsections."


class ProtocolStreamBlock(blocks.StreamBlock):
    section = ProtocolSectionBlock()
