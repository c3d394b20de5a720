"""Routing, view restrictions and site settings answered from the page map and the page cache.

Mixed into the page types and the site settings; each falls back to Wagtail's own behaviour
for anything the map does not know.
"""

from __future__ import annotations

import logging

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from caching import failures, generation, pagemap

logger = logging.getLogger(__name__)


class MappedRoutingMixin:
    """Find the page for a whole URL with one query (the page itself) instead of one per level."""

    def route(self, request, path_components):
        if path_components:
            page_map = pagemap.current()
            info = page_map.find(self.url_path + "/".join(path_components) + "/")
            if info is not None:
                if not info.live:
                    raise Http404
                model = ContentType.objects.get_for_id(info.content_type_id).model_class()
                if model is not None and model.route in (Page.route, MappedRoutingMixin.route):
                    page = model.objects.filter(pk=info.id).first()
                    if page is not None:
                        return RouteResult(page)
        # Unknown to the map (a 404, or a page type that routes its own sub-paths).
        return super().route(request, path_components)


class MappedViewRestrictionsMixin:
    """No query for pages with no view restriction on them or above them."""

    def get_view_restrictions(self):
        page_map = pagemap.current()
        info = page_map.get(self.pk)
        if info is not None and not page_map.is_restricted(info):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class CachedSiteSettingMixin:
    """Site settings kept in the page cache per site and generation (saving one bumps it)."""

    @classmethod
    def for_site(cls, site):
        if site is None:
            return super().for_site(site)
        key = f"pages:setting:{cls._meta.label_lower}:{site.pk}:{generation.current()}"
        cache = pagemap.page_cache()
        try:
            found = cache.get(key)
        except Exception as error:  # noqa: BLE001
            failures.record("site_settings", error)
            found = None
        if found is None:
            found = super().for_site(site)
            try:
                cache.set(key, found, timeout=pagemap.settings.PAGE_MAP_SECONDS)
            except Exception as error:  # noqa: BLE001
                failures.record("site_settings", error)
        return found


def site_for_request(request) -> Site | None:
    """Wagtail's site for this request, with its root page, from the page cache per host and
    generation; Wagtail itself then reads it from `request._wagtail_site`."""
    raw_host = request._get_raw_host()
    key = f"pages:site:{raw_host.lower()}:{generation.current()}"
    cache = pagemap.page_cache()
    try:
        site = cache.get(key)
    except Exception as error:  # noqa: BLE001
        failures.record("site_routing", error)
        site = None
    if site is None:
        site = Site._find_for_request(request)
        if site is not None:
            # Travels with the site: route_for_request asks for root_page.specific every time.
            site.root_page = site.root_page.specific
        try:
            cache.set(key, site or False, timeout=pagemap.settings.PAGE_MAP_SECONDS)
        except Exception as error:  # noqa: BLE001
            failures.record("site_routing", error)
    return site or None
