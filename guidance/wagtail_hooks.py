"""Admin additions for guidance: the review report and the meetings list."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from guidance.models import MaracMeeting
from guidance.reports import PagesDueForReviewView
from referral_form.admin_views.guards import KnownParamsOnlyMixin, NumericIdURLHelper
from referral_form.admin_views.permissions import forbidden, user_can_review


class PagesDueForReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_pages_due_for_review_menu_item():
    return PagesDueForReviewMenuItem(
        "Pages due for review",
        reverse("guidance_pages_due_for_review"),
        name="pages-due-for-review",
        icon_name="time",
        order=1050,
    )


@hooks.register("register_admin_urls")
def register_pages_due_for_review_urls():
    return [
        path(
            "reports/pages-due-for-review/",
            PagesDueForReviewView.as_view(),
            name="guidance_pages_due_for_review",
        ),
        path(
            "reports/pages-due-for-review/results/",
            PagesDueForReviewView.as_view(results_only=True),
            name="guidance_pages_due_for_review_results",
        ),
    ]


class MeetingIndexView(KnownParamsOnlyMixin, IndexView):
    # Paging, ordering and the meeting's own filters: no look-up reaches another model.
    ALLOWED_PARAMS = frozenset({"p", "o", "ot", "kind", "kind__exact", "cancelled",
                                "cancelled__exact"})


class MaracMeetingAdmin(ModelAdmin):
    """MARAC meeting dates and deadlines; access is by the guidance.maracmeeting permissions."""

    model = MaracMeeting
    menu_label = "Meetings"
    menu_icon = "date"
    menu_order = 300
    add_to_settings_menu = False
    list_display = (
        "starts_at",
        "kind",
        "referral_deadline",
        "agenda_circulation_date",
        "cancelled",
    )
    list_filter = ("kind", "cancelled")
    ordering = ("-starts_at",)
    url_helper_class = NumericIdURLHelper
    index_view_class = MeetingIndexView

    def history_view(self, request, instance_pk):
        """Who changed a meeting (and which coordinator exported its agenda): coordinators only."""
        if not user_can_review(request.user):
            return forbidden(request)
        return super().history_view(request, instance_pk)


@hooks.register("register_rich_text_features", order=100)  # after Wagtail's own 'page' links
def page_links_from_the_page_map(features):
    from guidance.rich_text import MappedPageLinkHandler

    features.register_link_type(MappedPageLinkHandler)
