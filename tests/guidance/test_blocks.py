"""Every guidance block renders its preview value and realistic values with the expected markup."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.contrib.settings.context_processors import settings as settings_processor
from wagtail.rich_text import RichText

from guidance.blocks import (
    CalloutBlock,
    CallToActionBlock,
    CaptionedTableBlock,
    ContactDetailsBlock,
    CriteriaCardsBlock,
    ExpanderBlock,
    GuidanceStreamBlock,
    HeadingBlock,
    NumberedStepsBlock,
    ProtocolSectionBlock,
    ProtocolSectionContentBlock,
    ProtocolStreamBlock,
)
from home.models import MaracSettings
from tests.guidance.factories import GuidancePageFactory
from tests.guidance.helpers import make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_context(site):
    """What a page template gives a block: the request and the site settings."""
    request = RequestFactory().get("/", HTTP_HOST=site.hostname)
    request.site = site
    return {"request": request, **settings_processor(request)}


def render(block, raw, context=None):
    return block.render(block.to_python(raw), context=context)


def stream_children_with_previews():
    stream = GuidanceStreamBlock()
    return [(name, child) for name, child in stream.child_blocks.items() if name != "rich_text"]


@pytest.mark.parametrize(("name", "block"), stream_children_with_previews())
def test_every_guidance_block_renders_its_preview_value(name, block, page_context):
    html = block.render(block.get_preview_value(), context=page_context)
    assert html.strip(), name
    assert "None" not in html


def test_every_block_has_a_working_admin_preview(client, site):
    client.force_login(make_editor())
    blocks = [child for _, child in GuidanceStreamBlock().child_blocks.items()]
    blocks.append(ProtocolSectionBlock())
    previewed = 0
    for block in blocks:
        if not block.is_previewable:
            continue
        response = client.get(
            reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
        )
        assert response.status_code == 200, block
        assert "css/site.css" in response.content.decode()
        previewed += 1
        if isinstance(block, ContactDetailsBlock):
            phone = MaracSettings.for_site(site).coordinator_phone
            assert phone in response.content.decode()
    assert previewed == len(blocks) - 1  # all but the plain rich text block


def test_heading_has_an_anchor_and_its_level():
    block = HeadingBlock()
    assert render(block, {"text": "Who should make a referral", "level": "h2"}).strip() == (
        '<h2 id="who-should-make-a-referral">Who should make a referral</h2>'
    )
    assert render(block, {"text": "Consent", "level": "h3"}).strip() == (
        '<h3 id="consent">Consent</h3>'
    )


def test_rich_text_block_is_wrapped_and_expanded():
    block = GuidanceStreamBlock().child_blocks["rich_text"]
    html = block.render(RichText("<p>Refer <b>every</b> high-risk case.</p>"))
    assert html.startswith('<div class="rich-text">')
    assert "<b>every</b>" in html


@pytest.mark.parametrize(("style", "label"), [("warning", "Warning"), ("important", "Important")])
def test_callout_says_its_kind_in_words_not_only_colour(style, label):
    html = render(
        CalloutBlock(),
        {
            "style": style,
            "title": "Keep it safe",
            "body": "<p>Never tell the person causing harm.</p>",
        },
    )
    assert f'class="callout callout--{style}" role="note"' in html
    assert f'<span class="callout__label">{label}:</span> Keep it safe' in html
    assert "Never tell the person causing harm." in html


def test_callout_without_title_still_has_its_label():
    html = render(CalloutBlock(), {"style": "warning", "title": "", "body": "<p>Body.</p>"})
    assert '<span class="callout__label">Warning</span>' in html


def test_expander_is_a_details_element_with_summary_text():
    html = render(
        ExpanderBlock(),
        {"summary": "Read more about consent", "body": "<p>Refer even without consent.</p>"},
    )
    assert '<details class="expander">' in html
    assert "Read more about consent</span></summary>" in html
    assert "Refer even without consent." in html


def test_numbered_steps_are_an_ordered_list_under_the_title():
    html = render(
        NumberedStepsBlock(),
        {
            "title": "Making a referral",
            "steps": [
                {"title": "Complete the checklist", "body": "<p>With the person.</p>"},
                {"title": "Submit", "body": ""},
            ],
        },
    )
    assert "<h2>Making a referral</h2>" in html
    assert '<ol class="steps">' in html
    assert html.count('<li class="steps__item">') == 2
    assert '<h3 class="steps__title">Complete the checklist</h3>' in html


def test_numbered_steps_without_a_title_do_not_skip_a_heading_level():
    html = render(NumberedStepsBlock(), {"title": "", "steps": [{"title": "One", "body": ""}]})
    assert "<h3" not in html
    assert '<h2 class="steps__title">One</h2>' in html


def test_criteria_cards_list_and_link_only_to_live_pages(home_page):
    live = GuidancePageFactory(title="Professional judgement", parent=home_page)
    draft = GuidancePageFactory(title="Draft page", parent=home_page, live=False)
    html = render(
        CriteriaCardsBlock(),
        {
            "intro": "<p>Four ways.</p>",
            "cards": [
                {
                    "title": "Visible high risk",
                    "body": "<p>14 or more ticks.</p>",
                    "page": draft.pk,
                },
                {
                    "title": "Professional judgement",
                    "body": "<p>Your concern.</p>",
                    "page": live.pk,
                },
            ],
        },
    )
    assert '<ul class="cards">' in html
    assert html.count('<li class="card">') == 2
    assert f'href="{live.url}"' in html
    assert f'href="{draft.url}"' not in html
    assert '<span class="visually-hidden"> about professional judgement</span>' in html


def test_contact_details_from_site_settings(site, page_context):
    settings = MaracSettings.for_site(site)
    settings.coordinator_phone = "01234 567 890"
    settings.out_of_hours_phone = "01234 000 111"
    settings.save()
    html = render(ContactDetailsBlock(), {"use_site_contacts": True, "title": ""}, page_context)
    assert '<h2 class="contact__title">Contact details</h2>' in html
    assert '<a href="tel:01234567890">01234 567 890</a>' in html
    assert "Out of hours" in html
    assert f"mailto:{settings.coordinator_email}" in html
    assert "<dl" in html


def test_contact_details_typed_in_the_block():
    html = render(
        ContactDetailsBlock(),
        {
            "use_site_contacts": False,
            "title": "Local IDVA service",
            "name": "IDVA team",
            "phone": "0800 000 0000",
            "email": "idva@example.org",
            "hours": "9am to 5pm",
            "note": "<p>Secure email only.</p>",
        },
    )
    assert "<dt>Name</dt>" in html and "IDVA team" in html
    assert 'href="tel:08000000000"' in html
    assert 'href="mailto:idva@example.org"' in html
    assert "<dt>Opening hours</dt>" in html
    assert "Secure email only." in html


def test_contact_details_with_nothing_typed_has_no_empty_list():
    html = render(ContactDetailsBlock(), {"use_site_contacts": False, "title": "Contacts"})
    assert "<dl" not in html


def test_table_has_caption_and_scoped_headers():
    html = render(
        CaptionedTableBlock(),
        {
            "caption": "Meeting dates",
            "table": {
                "first_row_is_table_header": True,
                "first_col_is_header": True,
                "data": [["", "Deadline"], ["5 January", "22 December"], ["19 January", None]],
            },
        },
    )
    assert '<caption class="table__caption">Meeting dates</caption>' in html
    assert '<th scope="col">Deadline</th>' in html
    assert '<th scope="row">5 January</th>' in html
    assert "<td>22 December</td>" in html
    assert '<th scope="col"></th>' not in html
    assert "None" not in html


def test_table_without_a_header_row_has_only_a_body():
    html = render(
        CaptionedTableBlock(),
        {
            "caption": "Contacts",
            "table": {
                "first_row_is_table_header": False,
                "first_col_is_header": False,
                "data": [["Police", "101"]],
            },
        },
    )
    assert "<thead>" not in html
    assert "<td>Police</td>" in html


@pytest.mark.parametrize(
    ("destination", "url_name"),
    [("referral", "referral_form:start"), ("check", "referral_form:check_criteria")],
)
def test_call_to_action_links_to_the_referral_form_or_self_check(destination, url_name):
    html = render(
        CallToActionBlock(),
        {
            "heading": "Ready?",
            "text": "<p>Go.</p>",
            "destination": destination,
            "button_label": "Start now",
        },
    )
    assert '<h2 class="cta__heading">Ready?</h2>' in html
    assert f'href="{reverse(url_name)}">Start now</a>' in html


def test_call_to_action_to_a_page(home_page):
    target = GuidancePageFactory(title="After a referral", parent=home_page)
    html = render(
        CallToActionBlock(),
        {
            "heading": "Next",
            "destination": "page",
            "page": target.pk,
            "button_label": "Read what happens",
        },
    )
    assert f'href="{target.url}">Read what happens</a>' in html


def test_call_to_action_to_a_missing_page_shows_no_broken_button():
    html = render(
        CallToActionBlock(),
        {"heading": "Next", "destination": "page", "page": None, "button_label": "Read more"},
    )
    assert "<a " not in html


def test_protocol_section_renders_on_its_own_without_numbers():
    block = ProtocolSectionBlock()
    html = block.render(block.get_preview_value())
    assert "<h2>Consent</h2>" in html
    assert "Ask for consent" in html


def test_protocol_subsection_with_number_and_anchor():
    block = ProtocolSectionContentBlock().child_blocks["subsection"]
    html = block.render(
        block.to_python({"heading": "Scope", "body": "<p>Who.</p>"}),
        context={"number": "2.1", "anchor": "section-2-1"},
    )
    assert '<h3 id="section-2-1"><span class="section-number">2.1</span> Scope</h3>' in html


def test_protocol_stream_only_has_sections():
    assert list(ProtocolStreamBlock().child_blocks) == ["section"]


def test_headings_with_the_same_text_get_different_anchors(rf):
    from guidance.blocks import GuidanceStreamBlock

    stream = GuidanceStreamBlock().to_python([
        {"type": "heading", "value": {"text": "Next steps", "level": "h2"}},
        {"type": "heading", "value": {"text": "Next steps", "level": "h3"}},
        {"type": "heading", "value": {"text": "Contents", "level": "h2"}},
    ])
    html = stream.render_as_block(context={"request": rf.get("/")})
    assert 'id="next-steps"' in html and 'id="next-steps-2"' in html
    # 'contents' is the protocol page's own id: a heading never takes it.
    assert 'id="contents-2"' in html and 'id="contents"' not in html
