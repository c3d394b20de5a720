"""The protocol page numbers its sections and its contents links reach them."""

import re

import pytest

from tests.guidance.factories import ProtocolPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def protocol(home_page):
    return ProtocolPageFactory(title="Operating protocol", parent=home_page)


def test_table_of_contents_numbers_sections_and_subsections(protocol):
    contents = protocol.table_of_contents()
    assert [(s["number"], s["heading"]) for s in contents] == [
        ("1", "Purpose of the protocol"),
        ("2", "Confidentiality"),
    ]
    assert [(s["number"], s["anchor"]) for s in contents[0]["subsections"]] == [
        ("1.1", "section-1-1"),
        ("1.2", "section-1-2"),
    ]
    assert contents[1]["subsections"] == []


def test_every_contents_link_resolves_to_one_heading(client, protocol):
    html = client.get(protocol.url).content.decode()
    links = re.findall(r'<a href="#([^"]+)">', html)
    section_links = [link for link in links if link.startswith("section-")]
    assert section_links == [
        "section-1-purpose-of-the-protocol",
        "section-1-1",
        "section-1-2",
        "section-2-confidentiality",
    ]
    for anchor in section_links + ["contents"]:
        assert html.count(f'id="{anchor}"') == 1, anchor


def test_sections_are_numbered_in_the_headings(client, protocol):
    html = client.get(protocol.url).content.decode()
    assert (
        '<h2 id="section-1-purpose-of-the-protocol"><span class="section-number">1</span> '
        "Purpose of the protocol</h2>"
    ) in html
    assert '<h3 id="section-1-2"><span class="section-number">1.2</span> Legal basis</h3>' in html
    assert '<h2 id="section-2-confidentiality"><span class="section-number">2</span>' in html
    assert html.index("Purpose of the protocol</h2>") < html.index("Confidentiality</h2>")


def test_version_effective_date_and_back_to_contents_links(client, protocol):
    html = client.get(protocol.url).content.decode()
    assert "<dt>Version</dt><dd>3.1</dd>" in html
    assert '<time datetime="2025-04-01">1 April 2025</time>' in html
    assert html.count('<a href="#contents">Back to contents</a>') == 2
    assert '<nav class="toc" id="contents" aria-labelledby="contents-heading"' in html


def test_numbered_sections_match_the_table_of_contents(protocol):
    sections = protocol.numbered_sections()
    assert [s["anchor"] for s in sections] == [s["anchor"] for s in protocol.table_of_contents()]
    first_items = [(i["block"].block_type, i["number"]) for i in sections[0]["items"]]
    assert first_items == [("rich_text", ""), ("subsection", "1.1"), ("subsection", "1.2")]


def test_protocol_with_no_sections_has_no_empty_contents(client, home_page):
    page = ProtocolPageFactory(title="Draft protocol", parent=home_page, body=[])
    html = client.get(page.url).content.decode()
    assert 'class="toc"' not in html
    assert "Last reviewed" in html
