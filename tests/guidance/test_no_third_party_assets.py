"""No public page loads anything from another host: no CDN, web font, tracker or remote image.

Every demo page is rendered and each tag that makes the browser fetch something (scripts,
stylesheets and other <link>s, images, media, frames, objects) is checked for a URL on another
host. Links in body text (<a href>) to other sites are fine: they load nothing until followed.
The site's own CSS is checked too, for @import and url() pointing elsewhere.
"""

import re
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Page

# Attributes whose URL the browser fetches by itself, per tag.
FETCHING_ATTRIBUTES = {
    "script": ("src",),
    "link": ("href",),  # stylesheets, icons, preload, preconnect, manifest: all reach the host
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),  # <input type="image">
}
CSS_URL = re.compile(r"""(?:@import\s+(?:url\(\s*)?|url\(\s*)["']?([^"')\s;]+)""", re.IGNORECASE)
OUR_HOSTS = {"", "testserver"}
EXTRA_PUBLIC_URLS = ["/search/", "/search/?query=referral", "/no-such-page-here/"]


def urls_in(attribute: str, value: str) -> list[str]:
    if attribute == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


def is_elsewhere(url: str) -> bool:
    """A URL the browser would fetch from another host (scheme-relative URLs included)."""
    if url.startswith(("data:", "#")):
        return False
    return urlsplit(url).hostname not in OUR_HOSTS if "//" in url else False


class FetchedURLs(HTMLParser):
    """Every URL the page makes the browser fetch: tag attributes and CSS in style."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []  # (where, url)
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in FETCHING_ATTRIBUTES.get(tag, ()):
                self.found += [(f"<{tag} {name}>", url) for url in urls_in(name, value)]
            if value and name == "style":
                self.found += [(f"<{tag} style>", url) for url in CSS_URL.findall(value)]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.found += [("<style>", url) for url in CSS_URL.findall(data)]


def third_party(html: str) -> list[tuple[str, str]]:
    parser = FetchedURLs()
    parser.feed(html)
    return [(where, url) for where, url in parser.found if is_elsewhere(url)]


def test_the_scanner_finds_what_it_is_meant_to_find():
    html = """
      <link rel="stylesheet" href="https://cdn.example.com/x.css">
      <link rel="preconnect" href="//fonts.example.com">
      <script src="https://www.googletagmanager.com/gtag/js"></script>
      <img src="/media/ok.png" srcset="/media/ok-2x.png 2x, https://img.example.net/a.png 3x">
      <style>
        @import url("https://fonts.example.com/css?family=X");
        .a { background: url(/ok.png) }
      </style>
      <div style="background-image: url('https://tracker.example.org/pixel.gif')"></div>
      <a href="https://www.gov.uk/">a link in the text is fine</a>
      <script src="/static/js/site.js"></script>
      <img src="data:image/png;base64,AAAA">
    """
    assert sorted(url for _where, url in third_party(html)) == [
        "//fonts.example.com",
        "https://cdn.example.com/x.css",
        "https://fonts.example.com/css?family=X",
        "https://img.example.net/a.png",
        "https://tracker.example.org/pixel.gif",
        "https://www.googletagmanager.com/gtag/js",
    ]


class PublicPagesLoadNothingFromElsewhereTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=StringIO())

    def test_every_demo_page_and_the_search_and_error_pages(self):
        urls = [page.url for page in Page.objects.live().public().filter(depth__gte=2)]
        self.assertGreater(len(urls), 10, "the demo content should give many pages to check")
        checked_assets = 0
        for url in [*urls, *EXTRA_PUBLIC_URLS]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertIn(response.status_code, (200, 404), url)
                html = response.content.decode()
                self.assertEqual(third_party(html), [], f"{url} loads from another host")
                parser = FetchedURLs()
                parser.feed(html)
                checked_assets += len(parser.found)
        self.assertGreater(checked_assets, 0, "no stylesheet or script was found at all")

    def test_the_sites_own_css_imports_nothing_from_elsewhere(self):
        stylesheets = sorted(Path(settings.BASE_DIR, "static").rglob("*.css"))
        self.assertTrue(stylesheets)
        for path in stylesheets:
            with self.subTest(css=path.name):
                remote = [url for url in CSS_URL.findall(path.read_text()) if is_elsewhere(url)]
                self.assertEqual(remote, [])
