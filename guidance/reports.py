"""The 'Pages due for review' admin report: guidance pages past, or close to, their review date."""

import datetime

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page, PageQuerySet

DUE_SOON_DAYS = 30

# Page types that carry review dates (guidance.models.mixins.ReviewDatesMixin), by the name
# of their one-to-one link from Page.
REVIEWED_PAGE_RELATIONS = (
    "guidanceindexpage",
    "guidancepage",
    "protocolpage",
    "meetingschedulepage",
)


def pages_due_for_review(
    *, pages: PageQuerySet | None = None, today: datetime.date, due_soon_days: int = DUE_SOON_DAYS
) -> PageQuerySet:
    """Pages whose next review is overdue or due within `due_soon_days`, most overdue first.

    Each page is annotated with `review_due` (its next_review_due date).
    """
    pages = Page.objects.all() if pages is None else pages
    cutoff = today + datetime.timedelta(days=due_soon_days)
    due = Q()
    for relation in REVIEWED_PAGE_RELATIONS:
        due |= Q(**{f"{relation}__next_review_due__lte": cutoff})
    return (
        pages.filter(due)
        .annotate(
            review_due=Coalesce(
                *(f"{relation}__next_review_due" for relation in REVIEWED_PAGE_RELATIONS)
            )
        )
        .order_by("review_due", "title")
    )


def review_status(review_due: datetime.date, *, today: datetime.date) -> str:
    """'Overdue' once the date has passed, otherwise 'Due soon'."""
    return "Overdue" if review_due < today else "Due soon"


class PagesDueForReviewView(PageReportView):
    page_title = "Pages due for review"
    header_icon = "time"
    index_url_name = "guidance_pages_due_for_review"
    index_results_url_name = "guidance_pages_due_for_review_results"
    results_template_name = "guidance/reports/pages_due_for_review_results.html"
    # Anyone who can edit pages: editors and administrators.
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "review_due", "review_status", "url"]
    export_headings = {
        "title": "Title",
        "review_due": "Next review due",
        "review_status": "Review status",
        "url": "Address",
    }

    def get_filename(self):
        return f"pages-due-for-review-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        self.queryset = pages_due_for_review(pages=editable, today=timezone.localdate())
        return super().get_queryset()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["due_soon_days"] = DUE_SOON_DAYS
        return context

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        for page in object_list:
            page.review_status = review_status(page.review_due, today=today)
        return object_list
