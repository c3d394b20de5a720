"""Template tags shared by every public page.

Breadcrumbs and listings come from the page map (caching.pagemap): no query per page shown.
"""

from dataclasses import dataclass

from django import template
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar
from wagtail.models import Site

from caching import pagemap
from caching.middleware import has_staff_marker

register = template.Library()


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    summary: str = ""
    depth: int = 0


def _site(request):
    return Site.find_for_request(request) if request is not None else None


@register.inclusion_tag("home/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None, current_title=None):
    """Links from the home page down to the current page (or to a non-page view's title)."""
    request = context.get("request")
    site = _site(request)
    page_map = pagemap.current()
    trail = []
    if page is not None and page.depth > 2:
        info = page_map.get(page.pk)
        if info is not None:
            trail = [Link(a.title, pagemap.relative_url(page_map, a, site) or "", depth=a.depth)
                     for a in page_map.ancestors(info, min_depth=2) if a.live]
    elif page is None and site is not None:
        root = page_map.get(site.root_page_id)
        if root is not None and root.live:
            trail = [Link(root.title, pagemap.relative_url(page_map, root, site) or "/",
                          depth=root.depth)]
    return {
        "trail": trail,
        "current_title": current_title or (page.title if page is not None else ""),
        "show": bool(trail),
    }


@register.simple_tag(takes_context=True)
def public_children(context, page):
    """The page's live, public child pages: title, address and summary, for listings."""
    site = _site(context.get("request"))
    page_map = pagemap.current()
    info = page_map.get(page.pk)
    if info is None:
        return []
    return [Link(child.title, pagemap.relative_url(page_map, child, site) or "",
                 summary=child.summary or child.search_description, depth=child.depth)
            for child in page_map.public_children(info)]


@register.simple_tag(takes_context=True)
def staff_userbar(context, position="bottom-right"):
    """Wagtail's user bar, only for browsers carrying the staff marker: for everyone else the
    session is never read, so public pages do not vary on cookies."""
    request = context.get("request")
    if request is None or not has_staff_marker(request):
        return ""
    return wagtailuserbar(context, position)
