"""Admin views for what happened at a meeting: the meeting record (agencies present, the
agenda-circulated mark, the cases heard and their actions), marking an action done and the
overdue actions list. Coordinators only (403 for everyone else), never cached, every view and
change written to the audit log."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from guidance.models import MaracMeeting
from referral_form import meeting_record, reports, review
from referral_form.admin_views.forms import AgenciesPresentForm, AgendaCirculatedForm
from referral_form.admin_views.permissions import forbidden, user_can_act
from referral_form.models import AgreedAction
from referral_form.report_views import CoordinatorOnlyMixin, log_each_shown

OVERDUE_PAGE_SIZE = 25


def record_url(meeting: MaracMeeting) -> str:
    return reverse("marac_meeting_record", args=[meeting.pk])


class MeetingRecordView(CoordinatorOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """One meeting's record. POST saves the agencies present or the agenda-circulated mark."""

    header_icon = "list-ul"
    template_name = "referral_form/reports/meeting_record.html"

    def get_page_title(self):
        return f"Meeting record: {self.meeting}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("marac_reports_agendas"), "label": "Meeting agendas"},
            {"url": "", "label": f"Record: {self.meeting}"},
        ]

    def dispatch(self, request, *args, **kwargs):
        self.meeting = get_object_or_404(MaracMeeting, pk=kwargs["meeting_id"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        record = meeting_record.record_for(self.meeting)
        agencies = AgenciesPresentForm(initial={
            "agencies": "\n".join(record.agencies_present or [])})
        circulated = AgendaCirculatedForm(initial={
            "circulated_on": record.agenda_circulated_on or timezone.localdate()})
        return self.render_page(agencies, circulated)

    def post(self, request, *args, **kwargs):
        if not user_can_act(request.user):
            return forbidden(request)
        record = meeting_record.record_for(self.meeting)
        agencies = AgenciesPresentForm(initial={
            "agencies": "\n".join(record.agencies_present or [])})
        circulated = AgendaCirculatedForm(initial={
            "circulated_on": record.agenda_circulated_on or timezone.localdate()})
        if request.POST.get("form") == "agencies":
            agencies = AgenciesPresentForm(data=request.POST)
            if agencies.is_valid():
                meeting_record.record_agencies_present(
                    meeting=self.meeting, agencies=agencies.agency_list(), user=request.user)
                messages.success(request, "Agencies present saved.")
                return redirect(record_url(self.meeting))
        elif request.POST.get("form") == "circulated":
            circulated = AgendaCirculatedForm(data=request.POST)
            if circulated.is_valid():
                try:
                    meeting_record.mark_agenda_circulated(
                        meeting=self.meeting, user=request.user,
                        circulated_on=circulated.cleaned_data["circulated_on"])
                except review.ReviewError as error:
                    circulated.add_error("circulated_on", str(error))
                else:
                    messages.success(request, "Agenda marked as circulated.")
                    return redirect(record_url(self.meeting))
        response = self.render_page(agencies, circulated)
        response.status_code = 200
        return response

    def render_page(self, agencies_form, circulated_form):
        hearings = meeting_record.hearings_at(self.meeting)
        meeting_record.log_record_viewed(meeting=self.meeting, hearings=hearings,
                                         user=self.request.user)
        today = timezone.localdate()
        context = self.get_context_data(
            meeting=self.meeting,
            record=meeting_record.record_for(self.meeting),
            hearings=hearings,
            agencies_form=agencies_form,
            circulated_form=circulated_form,
            today=today,
            can_act=user_can_act(self.request.user),
            waiting=[r for r in reports.meeting_agenda(self.meeting)
                     if not any(h.referral_id == r.pk for h in hearings)],
        )
        return self.render_to_response(context)


class AgreedActionDoneView(CoordinatorOnlyMixin, View):
    """POST only: mark one agreed action done, then back to where the button was."""

    def post(self, request, action_id):
        if not user_can_act(request.user):
            return forbidden(request)
        action = get_object_or_404(
            AgreedAction.objects.select_related("hearing__referral", "hearing__meeting"),
            pk=action_id)
        try:
            review.agreed_action_mark_done(action=action, user=request.user)
        except review.ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Action {action.position + 1} for "
                             f"{action.hearing.referral.reference} marked done.")
        if request.POST.get("back") == "overdue":
            return redirect(reverse("marac_overdue_actions"))
        return redirect(record_url(action.hearing.meeting))

    def get(self, request, action_id):
        return redirect(reverse("marac_overdue_actions"))


class OverdueActionsView(CoordinatorOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = "Overdue actions"
    header_icon = "warning"
    template_name = "referral_form/reports/overdue_actions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        paginator = Paginator(reports.overdue_actions(today), OVERDUE_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        actions = list(page.object_list)
        log_each_shown(list({a.hearing.referral_id: a.hearing.referral for a in actions}
                            .values()), meeting_record.OVERDUE_VIEW_ACTION, self.request.user)
        context.update({"actions": actions, "page_obj": page, "paginator": paginator,
                        "today": today, "can_act": user_can_act(self.request.user)})
        return context
