"""Page links in rich text that read the site root paths once per rich text value.

Wagtail's own handler asks each linked page for its URL, and each page reads the site root
paths from the cache separately: one cache read per link. With the production database cache
that is one query per link. This handler reads them once for all the links in a value and
shares them, using the attribute Wagtail itself caches them under.
"""

from django.utils.html import escape
from wagtail.models import Site
from wagtail.rich_text.pages import PageLinkHandler


class SharedRootPathsPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        root_paths = None
        links = []
        for page in cls.get_many(attrs_list):
            if page is None:
                links.append("<a>")
                continue
            page = page.localized
            if root_paths is None:
                root_paths = Site.get_site_root_paths()
            page._wagtail_cached_site_root_paths = root_paths
            links.append(f'<a href="{escape(page.url)}">')
        return links
