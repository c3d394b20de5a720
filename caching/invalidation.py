"""What a change retires: the publish generation (origin caches, every node) and, when a front
cache is configured (FRONT_CACHE_URL), the URLs Wagtail purges from it.

A page published, unpublished, moved or deleted purges the page, the pages that list it (its
ancestors: the home page and section indexes), the pages whose breadcrumbs show it (its
descendants) and the pages that link to it (Wagtail's reference index). Saving an area's
settings purges every page of that area's site (the header and footer show them); a meeting
change purges the meeting schedule pages.

The generation is bumped at once (so this process, and tests, never read a stale page map) and
again when the transaction commits: another node may have rebuilt its map from the data before
the commit in between. Purges are sent after the commit for the same reason, through Wagtail's
purge task (the task worker sends them in production).
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from caching import generation

logger = logging.getLogger(__name__)


def retire() -> None:
    """Bump the generation now and once more after the commit."""
    generation.bump()
    transaction.on_commit(generation.bump)


def front_cache_configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_after_commit(pages, *, extra_urls=()) -> None:
    """Purge these pages' URLs (worked out now, while deleted or moved pages still have them)
    once the transaction commits."""
    if not front_cache_configured():
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch, purge_urls_from_cache

    batch = PurgeBatch()
    batch.add_pages(pages)
    urls = sorted(batch.urls | set(extra_urls))
    if urls:
        transaction.on_commit(lambda: purge_urls_from_cache(urls))


def full_url(url_path: str) -> str | None:
    """The full URL a page had at `url_path` (for the address a moved page left)."""
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return root.root_url.rstrip("/") + "/" + url_path[len(root.root_path):]
    return None


def pages_showing(page: Page) -> list[Page]:
    """The page, the pages that list it, the pages whose breadcrumbs show it, and the pages
    that link to it."""
    shown = [page, *page.get_ancestors().filter(depth__gte=2), *page.get_descendants()]
    page_type = ContentType.objects.get_for_model(Page)
    linking = ReferenceIndex.objects.filter(
        to_content_type=page_type, to_object_id=str(page.pk), base_content_type=page_type,
    ).values_list("object_id", flat=True)
    shown += list(Page.objects.filter(pk__in=[int(pk) for pk in linking if pk.isdigit()]))
    return shown


def site_pages(site: Site) -> list[Page]:
    return list(site.root_page.get_descendants(inclusive=True))


# --------------------------------------------------------------------------- receivers


def page_changed(sender, instance, **kwargs):
    retire()


def page_published_or_unpublished(sender, instance, **kwargs):
    retire()
    purge_after_commit(pages_showing(instance))


def page_moved(sender, instance, **kwargs):
    retire()
    before, after = kwargs.get("url_path_before", ""), kwargs.get("url_path_after", "")
    old_urls = []
    if before and after and before != after:
        for page in [instance, *instance.get_descendants()]:
            url = full_url(before + page.url_path[len(after):])
            if url:
                old_urls.append(url)
    purge_after_commit(pages_showing(instance), extra_urls=old_urls)
    if parent_before := kwargs.get("parent_page_before"):
        purge_after_commit([parent_before, *parent_before.get_ancestors().filter(depth__gte=2)])


def restriction_changed(sender, instance, **kwargs):
    retire()
    try:
        page = Page.objects.get(pk=instance.page_id)
    except Page.DoesNotExist:
        return
    purge_after_commit([page, *page.get_descendants(), *page.get_ancestors().filter(depth__gte=2)])


def site_changed(sender, instance, **kwargs):
    retire()


def setting_changed(sender, instance, **kwargs):
    retire()
    site = getattr(instance, "site", None)
    if site is not None and front_cache_configured():
        purge_after_commit(site_pages(site))


def meeting_changed(sender, instance, **kwargs):
    from guidance.models import MeetingSchedulePage

    retire()
    purge_after_commit(MeetingSchedulePage.objects.live())


def connect() -> None:
    for model in apps.get_models():
        if issubclass(model, Page):
            post_save.connect(page_changed, sender=model, dispatch_uid=f"pages-save-{model}")
            post_delete.connect(page_published_or_unpublished, sender=model,
                                dispatch_uid=f"pages-delete-{model}")
            page_published.connect(page_published_or_unpublished, sender=model,
                                   dispatch_uid=f"pages-publish-{model}")
            page_unpublished.connect(page_published_or_unpublished, sender=model,
                                     dispatch_uid=f"pages-unpublish-{model}")
        elif issubclass(model, BaseSiteSetting):
            post_save.connect(setting_changed, sender=model, dispatch_uid=f"pages-set-{model}")
    post_page_move.connect(page_moved, dispatch_uid="pages-move")
    for signal in (post_save, post_delete):
        signal.connect(restriction_changed, sender=PageViewRestriction,
                       dispatch_uid=f"pages-restriction-{signal}")
        signal.connect(site_changed, sender=Site, dispatch_uid=f"pages-site-{signal}")
        signal.connect(meeting_changed, sender="guidance.MaracMeeting",
                       dispatch_uid=f"pages-meeting-{signal}")
