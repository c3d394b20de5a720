"""Coordinators' reports in the Wagtail admin: meeting agendas (screen, print and CSV) and the
twelve-month flag review. Every view answers only to users with review_referral (403 for
everyone else; Wagtail sends anonymous users to the log-in page first), is never cached, and
writes an audit log entry whenever it shows or exports personal details. The permission check
and the 403 page are the review area's (referral_form.admin_views.permissions), so referrals and
reports answer to exactly the same people."""

import csv
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry

from guidance.models import MaracMeeting
from referral_form import reports
from referral_form.admin_views.permissions import forbidden
from referral_form.admin_views.permissions import user_can_review as can_review
from referral_form.area_rules import rule_set_for_request
from referral_form.models import Referral
from referral_form.presentation import referral_sections

AGENDA_VIEW_ACTION = "marac.agenda.view"
AGENDA_EXPORT_ACTION = "marac.agenda.export"
FLAGS_VIEW_ACTION = "marac.flags.view"
FLAG_REVIEW_PAGE_SIZE = 50
PAST_MEETINGS_SHOWN = 12


class CoordinatorOnlyMixin:
    """403 for anyone without review_referral (editors, other staff); never cached."""

    def dispatch(self, request, *args, **kwargs):
        if not can_review(request.user):
            return forbidden(request)
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response


def _agenda_log_data(meeting, items, **extra) -> dict:
    # References only: the audit log never holds names or other personal details.
    return {"meeting": str(meeting), "references": [i.referral.reference for i in items],
            **extra}


def log_each_shown(referrals, action: str, user) -> None:
    """One audit entry per referral shown, written in one insert, sharing one uuid."""
    if not referrals:
        return
    entry_model = log_registry.get_log_model_for_model(Referral)
    content_type = ContentType.objects.get_for_model(Referral, for_concrete_model=False)
    now, shared = timezone.now(), uuid.uuid4()
    entry_model.objects.bulk_create([
        entry_model(content_type=content_type, label=str(referral), action=action,
                    timestamp=now, data={"reference": referral.reference}, user=user,
                    object_id=str(referral.pk), uuid=shared)
        for referral in referrals
    ])


class AgendaIndexView(CoordinatorOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = "Meeting agendas"
    header_icon = "list-ol"
    template_name = "referral_form/reports/agenda_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        # Cases waiting to be heard plus cases heard there (a case heard there is never
        # counted twice: once heard it is no longer waiting).
        counted = MaracMeeting.objects.annotate(
            case_count=Count("referrals", distinct=True,
                             filter=Q(referrals__status__in=reports.AGENDA_STATUSES))
            + Count("hearings", distinct=True),
            awaiting_count=Count("referrals", distinct=True,
                                 filter=Q(referrals__status=Referral.Status.SUBMITTED)),
        )
        context["upcoming"] = list(counted.filter(starts_at__gte=now).order_by("starts_at"))
        context["past"] = list(counted.filter(starts_at__lt=now)
                               .order_by("-starts_at")[:PAST_MEETINGS_SHOWN])
        context["today"] = timezone.localdate(now)
        return context


class AgendaView(CoordinatorOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """One meeting's agenda on screen, or (print=True) as a plain printable document."""

    header_icon = "list-ol"
    print_layout = False

    def get_template_names(self):
        if self.print_layout:
            return ["referral_form/reports/agenda_print.html"]
        return ["referral_form/reports/agenda.html"]

    def get_page_title(self):
        return f"Agenda: {self.meeting}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("marac_reports_agendas"), "label": "Meeting agendas"},
            {"url": "", "label": str(self.meeting)},
        ]

    def get(self, request, *args, **kwargs):
        self.meeting = get_object_or_404(MaracMeeting, pk=kwargs["meeting_id"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.meeting
        items = reports.agenda_items(meeting)
        previous = reports.previous_meeting(meeting)
        meeting_day = timezone.localtime(meeting.starts_at).date()
        since = timezone.localtime(previous.starts_at).date() if previous else None
        months = reports.flag_months(rule_set_for_request(self.request))
        flags = reports.flag_review_rows(
            reports.flags_for_review(meeting_day, months, since=since), months)
        today = timezone.localdate()
        context.update({
            "meeting": meeting,
            "items": items,
            "marac_items": [i for i in items if i.forum == "MARAC"],
            "pre_marac_items": [i for i in items if i.forum != "MARAC"],
            "awaiting": reports.awaiting_decision(meeting),
            "circulation_date": meeting.agenda_circulation_date,
            "circulation_passed": today > meeting.agenda_circulation_date,
            "meeting_passed": meeting.starts_at < timezone.now(),
            "flags": flags,
            "flags_since": since,
            "flag_months": months,
        })
        if self.print_layout:
            context["print_cases"] = [(i, referral_sections(i.referral)) for i in items]
        log(meeting, AGENDA_VIEW_ACTION, user=self.request.user,
            data=_agenda_log_data(meeting, items,
                                  layout="print" if self.print_layout else "screen"))
        return context


class AgendaCsvView(CoordinatorOnlyMixin, View):
    def get(self, request, meeting_id):
        meeting = get_object_or_404(MaracMeeting, pk=meeting_id)
        rows = reports.agenda_csv_rows(meeting)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = \
            f'attachment; filename="{reports.agenda_csv_filename(meeting)}"'
        response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
        csv.writer(response).writerows(rows)
        log(meeting, AGENDA_EXPORT_ACTION, user=request.user,
            data={"meeting": str(meeting), "references": [
                row[reports.AGENDA_CSV_HEADER.index("Reference")] for row in rows[1:]]})
        return response


class FlagReviewView(CoordinatorOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = "Twelve-month flag review"
    header_icon = "tag"
    template_name = "referral_form/reports/flag_review.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        months = reports.flag_months(rule_set_for_request(self.request))
        paginator = Paginator(reports.flags_for_review_queryset(today, months),
                              FLAG_REVIEW_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        rows = reports.flag_review_rows(page.object_list, months)
        log_each_shown([row.referral for row in rows], FLAGS_VIEW_ACTION, self.request.user)
        context.update({
            "rows": rows,
            "page_obj": page,
            "paginator": paginator,
            "today": today,
            "months": months,
        })
        return context
