"""Wagtail hooks for the coordinators' reports: admin URLs, their entries in the 'MARAC' menu,
the dashboard panel on the admin home page and the audit log action labels.

Wagtail only imports modules called wagtail_hooks, so referral_form/wagtail_hooks.py imports
this module at its end.
"""

from django.middleware.csrf import get_token
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from referral_form import meeting_record, reports
from referral_form.admin_views import notifications as notification_views
from referral_form.admin_views.permissions import user_can_act
from referral_form.meeting_record_views import (
    AgreedActionDoneView,
    MeetingRecordView,
    OverdueActionsView,
)
from referral_form.notifications import SEND_AGAIN_ACTION, failed_notifications
from referral_form.report_views import (
    AGENDA_EXPORT_ACTION,
    AGENDA_VIEW_ACTION,
    FLAGS_VIEW_ACTION,
    AgendaCsvView,
    AgendaIndexView,
    AgendaView,
    FlagReviewView,
    can_review,
)
from referral_form.wagtail_hooks import MARAC_MENU_EXTRA_ITEMS


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("marac/agendas/", AgendaIndexView.as_view(), name="marac_reports_agendas"),
        path("marac/agendas/<int:meeting_id>/", AgendaView.as_view(), name="marac_reports_agenda"),
        path("marac/agendas/<int:meeting_id>/print/", AgendaView.as_view(print_layout=True),
             name="marac_reports_agenda_print"),
        path("marac/agendas/<int:meeting_id>/agenda.csv", AgendaCsvView.as_view(),
             name="marac_reports_agenda_csv"),
        path("marac/flag-review/", FlagReviewView.as_view(), name="marac_reports_flag_review"),
        path("marac/notifications/<int:notification_id>/send-again/",
             notification_views.send_again, name="marac_notification_send_again"),
        path("marac/meetings/<int:meeting_id>/record/", MeetingRecordView.as_view(),
             name="marac_meeting_record"),
        path("marac/actions/<int:action_id>/done/", AgreedActionDoneView.as_view(),
             name="marac_action_done"),
        path("marac/overdue-actions/", OverdueActionsView.as_view(),
             name="marac_overdue_actions"),
    ]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return can_review(request.user)


def agendas_menu_item():
    return CoordinatorMenuItem("Meeting agendas", reverse("marac_reports_agendas"),
                               name="marac-agendas", icon_name="list-ol", order=400)


def flag_review_menu_item():
    return CoordinatorMenuItem("Twelve-month flag review", reverse("marac_reports_flag_review"),
                               name="marac-flag-review", icon_name="tag", order=500)


# The review area's 'MARAC' menu (referral_form.wagtail_hooks) builds its submenu from this
# list on each request; it imports this module at its end, so the list exists by now.
def overdue_actions_menu_item():
    return CoordinatorMenuItem("Overdue actions", reverse("marac_overdue_actions"),
                               name="marac-overdue-actions", icon_name="warning", order=600)


MARAC_MENU_EXTRA_ITEMS.extend([agendas_menu_item, flag_review_menu_item,
                               overdue_actions_menu_item])


class CoordinatorDashboardPanel(Component):
    name = "marac_coordinator_dashboard"
    template_name = "referral_form/reports/dashboard_panel.html"
    order = 50  # above Wagtail's own panels

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["figures"] = reports.dashboard_figures(timezone.now())
        request = parent_context.get("request")
        context["failed_notifications"] = list(failed_notifications()[:20])
        context["can_act"] = request is not None and user_can_act(request.user)
        if request is not None:
            context["csrf_token"] = get_token(request)
        return context


@hooks.register("construct_homepage_panels")
def add_coordinator_dashboard_panel(request, panels):
    if can_review(request.user):
        panels.append(CoordinatorDashboardPanel())


@hooks.register("register_log_actions")
def register_report_log_actions(actions):
    actions.register_action(AGENDA_VIEW_ACTION, "View meeting agenda", "Meeting agenda viewed")
    actions.register_action(AGENDA_EXPORT_ACTION, "Export meeting agenda",
                            "Meeting agenda exported as CSV")
    actions.register_action(SEND_AGAIN_ACTION, "Send notification again",
                            "New-referral notification sent again")
    actions.register_action(FLAGS_VIEW_ACTION, "View twelve-month flag review",
                            "Seen on the twelve-month flag review")
    for action, (label, message) in meeting_record.LOG_ACTIONS.items():
        actions.register_action(action, label, message)
