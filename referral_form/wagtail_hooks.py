"""The coordinators' review area in the Wagtail admin: the 'MARAC' menu with referrals and meetings.

Other parts add entries to the same menu with the ``register_marac_menu_item`` hook (a function
returning a wagtail ``MenuItem``, like ``register_admin_menu_item``), or by appending such a
function to ``MARAC_MENU_EXTRA_ITEMS`` from their own ``wagtail_hooks``. The menu is built once,
on the first admin request, after every app's hooks are imported. Each item's own ``is_shown``
decides who sees it.
"""

from collections.abc import Callable

from django.contrib.admin import DateFieldListFilter
from django.contrib.admin.utils import quote
from django.urls import path, re_path
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.helpers.url import ModelAdminURLFinder
from wagtail_modeladmin.menus import GroupMenuItem
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from guidance.wagtail_hooks import MaracMeetingAdmin
from referral_form import review, rules, selectors
from referral_form.admin_views import views
from referral_form.admin_views.filters import (
    CRITERIA_SHORT_LABELS,
    CriteriaFilter,
    FlagFilter,
    StatusFilter,
)
from referral_form.admin_views.forms import meeting_label
from referral_form.admin_views.guards import NumericIdURLHelper
from referral_form.admin_views.permissions import (
    ReferralPermissionHelper,
    coordinator_required,
    user_can_review,
)
from referral_form.models import Referral

MARAC_MENU_NAME = "marac"
MARAC_MENU_HOOK = "register_marac_menu_item"
MARAC_MENU_EXTRA_ITEMS: list[Callable[[], MenuItem]] = []

ACTION_VIEWS = {
    "accept": views.AcceptView,
    "assign_meeting": views.AssignMeetingView,
    "record_hearing": views.RecordHearingView,
    "return": views.ReturnView,
    "idva_referral": views.IdvaReferralView,
    "close": views.CloseView,
    "release": views.ReleaseView,
    "print": views.ReferralPrintView,
}


class ReferralButtonHelper(ButtonHelper):
    """Each row links to its record; there is nothing to edit or delete."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None,
                            classnames_exclude=None):
        return []


class ReferralURLFinder(ModelAdminURLFinder):
    """Audit log and reports link a referral to its record, for people who may open it."""

    def get_edit_url(self, instance):
        if self.user is None or user_can_review(self.user):
            return self.url_helper.get_action_url("inspect", quote(instance.pk))
        return None


class ReferralAdmin(ModelAdmin):
    """Submitted referrals. Coordinators only (the referral_form.review_referral permission)."""

    model = Referral
    menu_label = "Referrals"
    menu_icon = "form"
    inspect_view_enabled = True
    index_view_class = views.ReferralIndexView
    inspect_view_class = views.ReferralInspectView
    index_template_name = "referral_form/admin/index.html"
    permission_helper_class = ReferralPermissionHelper
    button_helper_class = ReferralButtonHelper
    url_helper_class = NumericIdURLHelper
    list_display = ("reference_link", "received", "criteria", "dash_score", "status_tag",
                    "flags", "assigned_meeting", "idva_due")
    list_filter = (StatusFilter, CriteriaFilter, "meeting", FlagFilter,
                   ("received_at", DateFieldListFilter))
    list_select_related = ("meeting",)
    search_fields = ("reference",)
    list_per_page = 25
    ordering = ("-received_at",)

    def get_queryset(self, request):
        include_spam = request.GET.get("status") == Referral.Status.SUSPECTED_SPAM
        return selectors.referral_list(include_spam=include_spam)

    # ------------------------------------------------------------------ columns

    @staticmethod
    def _tag(label: str, level: str = ""):
        return format_html('<span class="w-status{}">{}</span>',
                           f" w-status--{level}" if level else "", label)

    def reference_link(self, obj):
        # The first column is already a link to the record: modeladmin wraps it.
        return obj.reference

    reference_link.short_description = "Reference"
    reference_link.admin_order_field = "reference"

    def received(self, obj):
        received = timezone.localtime(obj.received_at)
        return f"{rules.format_day(received.date())} {received:%H:%M}"

    received.short_description = "Received"
    received.admin_order_field = "received_at"

    def criteria(self, obj):
        return ", ".join(CRITERIA_SHORT_LABELS[code] for code in obj.criteria_met) or "None"

    criteria.short_description = "Criteria"

    def dash_score(self, obj):
        return f"{obj.yes_count}"

    dash_score.short_description = "DASH score"
    dash_score.admin_order_field = "yes_count"

    def status_tag(self, obj):
        return obj.get_status_display()

    status_tag.short_description = "Status"
    status_tag.admin_order_field = "status"

    def flags(self, obj):
        tags = []
        if obj.is_repeat:
            tags.append(self._tag("Repeat"))
        if obj.is_linked:
            tags.append(self._tag("Linked"))
        if obj.verification == Referral.Verification.UNVERIFIED:
            tags.append(self._tag("Unverified"))
        if not tags:
            return "None"
        return format_html(" ".join(["{}"] * len(tags)), *tags)

    flags.short_description = "Flags"

    def assigned_meeting(self, obj):
        return meeting_label(obj.meeting) if obj.meeting else "Not assigned"

    assigned_meeting.short_description = "Meeting"
    assigned_meeting.admin_order_field = "meeting__starts_at"

    def idva_due(self, obj):
        if obj.idva_referred_at:
            return "Sent"
        if obj.idva_referral_due is None:
            return "Not due"
        due = rules.format_day(obj.idva_referral_due)
        if review.idva_referral_overdue(referral=obj, today=timezone.localdate()):
            return format_html("{} Overdue: was due {}", self._tag("Overdue", "critical"), due)
        return f"Due {due}"

    idva_due.short_description = "IDVA referral"
    idva_due.admin_order_field = "idva_referral_due"

    # ------------------------------------------------------------------ URLs

    def get_admin_urls_for_registration(self):
        """Only the list, the record and the review actions: no create, edit or delete."""
        helper = self.url_helper

        def instance_view(view_class):
            def view(request, instance_pk):
                return view_class.as_view(model_admin=self, instance_pk=instance_pk)(request)
            return coordinator_required(view)

        def plain_view(view_class):
            def view(request):
                return view_class.as_view(model_admin=self)(request)
            return coordinator_required(view)

        urls = [
            re_path(helper.get_action_url_pattern("index"), coordinator_required(self.index_view),
                    name=helper.get_action_url_name("index")),
            re_path(helper.get_action_url_pattern("inspect"),
                    instance_view(self.inspect_view_class),
                    name=helper.get_action_url_name("inspect")),
            path(f"{helper.base_url_path}/find-person/", plain_view(views.FindPersonView),
                 name=helper.get_action_url_name("find_person")),
            path(f"{helper.base_url_path}/suspected-spam/", plain_view(views.SpamView),
                 name=helper.get_action_url_name("spam")),
        ]
        for action, view_class in ACTION_VIEWS.items():
            urls.append(re_path(helper.get_action_url_pattern(action.replace("_", "-")),
                                instance_view(view_class),
                                name=helper.get_action_url_name(action)))
        return tuple(urls)

    def register_admin_url_finders(self):
        from wagtail.admin.admin_url_finder import register_admin_url_finder

        finder = type("_ReferralURLFinder", (ReferralURLFinder,),
                      {"permission_helper": self.permission_helper,
                       "url_helper": self.url_helper})
        register_admin_url_finder(self.model, finder)


class MaracAdminGroup(ModelAdminGroup):
    """The 'MARAC' menu: referrals, meetings, and what other parts append."""

    menu_label = "MARAC"
    menu_item_name = MARAC_MENU_NAME
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (ReferralAdmin, MaracMeetingAdmin)

    def get_submenu_items(self):
        return super().get_submenu_items() + [make() for make in MARAC_MENU_EXTRA_ITEMS]

    def get_menu_item(self):
        menu = Menu(register_hook_name=MARAC_MENU_HOOK, items=self.get_submenu_items())
        return GroupMenuItem(self, self.get_menu_order(), menu)


modeladmin_register(MaracAdminGroup)


@hooks.register("register_log_actions")
def register_referral_log_actions(actions):
    for verb, (label, message) in review.LOG_ACTIONS.items():
        actions.register_action(review.log_action_name(verb), label, message)


__all__ = ["MARAC_MENU_EXTRA_ITEMS", "MARAC_MENU_HOOK", "MARAC_MENU_NAME", "MaracAdminGroup",
           "ReferralAdmin"]
from referral_form import report_hooks  # noqa: F401,E402


@hooks.register("register_admin_viewset")
def register_area_rule_sets():
    from referral_form.rule_set_admin import area_rule_set_viewset

    return area_rule_set_viewset
