"""The page map: every page's routing and listing facts in one cached object per generation.

Wagtail routes a URL by walking the tree one query per level, checks view restrictions with two
more, and breadcrumbs, listings and rich text links each fetch pages again. The map answers all
of those from memory: it is built with a few queries once per publish generation, kept in the
page cache (shared by the nodes) and in each process, and thrown away when the generation
moves on (caching.generation). It holds only what public pages show: titles, summaries,
addresses, never anything from a referral.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from wagtail.models import Page, PageViewRestriction, Site

from caching import failures, generation

CACHE_KEY = "pages:map:{generation}"


@dataclass(frozen=True)
class PageInfo:
    id: int
    path: str
    depth: int
    url_path: str
    title: str
    live: bool
    content_type_id: int
    alias_of_id: int | None
    summary: str
    search_description: str
    url: str | None  # as Wagtail's `page.url` gives it (relative when there is one site)


@dataclass
class PageMap:
    generation: int
    pages: dict[int, PageInfo] = field(default_factory=dict)
    by_url_path: dict[str, int] = field(default_factory=dict)
    by_path: dict[str, int] = field(default_factory=dict)
    children_of: dict[int, list[int]] = field(default_factory=dict)
    restricted: frozenset[int] = frozenset()
    site_roots: dict[int, str] = field(default_factory=dict)  # site id: root page's url_path
    loaded_at: float = 0.0

    def get(self, page_id) -> PageInfo | None:
        try:
            return self.pages.get(int(page_id))
        except (TypeError, ValueError):
            return None

    def find(self, url_path: str) -> PageInfo | None:
        page_id = self.by_url_path.get(url_path)
        return self.pages[page_id] if page_id is not None else None

    def ancestors(self, info: PageInfo, *, min_depth: int = 1) -> list[PageInfo]:
        """From the highest ancestor at `min_depth` or below `info`, top down."""
        found = []
        for depth in range(min_depth, info.depth):
            ancestor = self.by_path.get(info.path[: depth * Page.steplen])
            if ancestor is not None:
                found.append(self.pages[ancestor])
        return found

    def children(self, info: PageInfo) -> list[PageInfo]:
        return [self.pages[child] for child in self.children_of.get(info.id, ())]

    def is_restricted(self, info: PageInfo) -> bool:
        """Whether a view restriction applies to the page or any ancestor (aliases followed)."""
        checked = [info, *self.ancestors(info)]
        ids = set()
        for page in checked:
            ids.add(page.alias_of_id or page.id)
        return bool(ids & self.restricted)

    def public_children(self, info: PageInfo) -> list[PageInfo]:
        return [child for child in self.children(info)
                if child.live and not self.is_restricted(child)]


_local = threading.local()


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def forget() -> None:
    """Drop this process's copy (tests, whose rolled-back data sends no signal)."""
    _local.map = None


def current() -> PageMap:
    """The page map for this request's generation: from this process, the page cache, or
    built (a few queries) when neither has it. A process keeps its copy for at most
    PAGE_MAP_SECONDS, in case a generation bump was lost (cache briefly unreachable)."""
    wanted = generation.current()
    held = getattr(_local, "map", None)
    if (held is not None and held.generation == wanted
            and time.monotonic() - held.loaded_at < settings.PAGE_MAP_SECONDS):
        return held
    key = CACHE_KEY.format(generation=wanted)
    try:
        found = page_cache().get(key)
    except Exception as error:  # noqa: BLE001 - an unreachable cache only costs the queries
        failures.record("page_map", error)
        found = None
    if found is None:
        found = build(wanted)
        try:
            page_cache().set(key, found, timeout=settings.PAGE_MAP_SECONDS)
        except Exception as error:  # noqa: BLE001
            failures.record("page_map", error)
    found.loaded_at = time.monotonic()
    _local.map = found
    return found


def build(generation_number: int) -> PageMap:
    """Read every page's routing and listing facts (4 queries, whatever the number of pages)."""
    from guidance.models import GuidanceIndexPage, GuidancePage, MeetingSchedulePage, ProtocolPage

    summaries: dict[int, str] = {}
    for model in (GuidanceIndexPage, GuidancePage, MeetingSchedulePage, ProtocolPage):
        summaries.update(model.objects.values_list("id", "summary"))
    rows = Page.objects.order_by("path").values_list(
        "id", "path", "depth", "url_path", "title", "live", "content_type_id", "alias_of_id",
        "search_description")
    site_root_paths = Site.get_site_root_paths()
    single_site = len({root.site_id for root in site_root_paths}) == 1
    page_map = PageMap(generation=generation_number)
    page_map.restricted = frozenset(PageViewRestriction.objects.values_list("page_id",
                                                                            flat=True))
    for root in site_root_paths:
        page_map.site_roots[root.site_id] = root.root_path
    for (page_id, path, depth, url_path, title, live, content_type_id, alias_of_id,
         search_description) in rows:
        page_map.pages[page_id] = PageInfo(
            id=page_id, path=path, depth=depth, url_path=url_path, title=title, live=live,
            content_type_id=content_type_id, alias_of_id=alias_of_id,
            summary=summaries.get(page_id, ""), search_description=search_description,
            url=_url(url_path, site_root_paths, single_site))
        page_map.by_url_path[url_path] = page_id
        page_map.by_path[path] = page_id
        parent = page_map.by_path.get(path[: (depth - 1) * Page.steplen])
        if parent is not None:
            page_map.children_of.setdefault(parent, []).append(page_id)
    return page_map


def _url(url_path: str, site_root_paths, single_site: bool) -> str | None:
    """What `page.url` gives: relative to its site's root, with the site's root URL in front
    when the installation has more than one site."""
    for root in site_root_paths:
        if url_path.startswith(root.root_path):
            relative = "/" + url_path[len(root.root_path):]
            return relative if single_site else root.root_url.rstrip("/") + relative
    return None


def relative_url(page_map: PageMap, info: PageInfo, site: Site | None) -> str | None:
    """The page's address as seen from `site`: root-relative on its own site."""
    root = page_map.site_roots.get(site.pk) if site is not None else None
    if root and info.url_path.startswith(root):
        return "/" + info.url_path[len(root):]
    return info.url
