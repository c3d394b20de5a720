"""Template tags shared by every public page."""

from django import template
from wagtail.models import Page

register = template.Library()


@register.inclusion_tag("home/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None, current_title=None):
    """Links from the home page down to the current page (or to a non-page view's title)."""
    request = context.get("request")
    trail = []
    if page is not None and page.depth > 2:
        trail = list(page.get_ancestors().filter(depth__gte=2).live().specific())
    elif page is None and request is not None:
        site_root = Page.objects.filter(depth=2).live().first()
        if site_root is not None:
            trail = [site_root]
    return {
        "trail": trail,
        "current_title": current_title or (page.title if page is not None else ""),
        "show": bool(trail),
    }
