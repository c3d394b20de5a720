"""Admin views for the review area. They only sequence: forms validate, review.py decides."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.paginator import InvalidPage, Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail_modeladmin.views import IndexView, InspectView, InstanceSpecificView, WMABaseView

from referral_form import lifecycle, review, rules, selectors
from referral_form.admin_views import forms as action_forms
from referral_form.admin_views.forms import meeting_label
from referral_form.admin_views.guards import KnownParamsOnlyMixin
from referral_form.admin_views.permissions import forbidden, user_can_act
from referral_form.area_rules import referral_rule_set
from referral_form.models import Referral, ReferralLink
from referral_form.presentation import NOT_ASKED, referral_sections, risk_level_label

ACTION_LABELS = {
    "accept": "Accept",
    "assign_meeting": "Assign a meeting",
    "record_hearing": "Record the hearing",
    "idva_referral": "Record IDVA referral",
    "return": "Return to referrer",
    "close": "Close or withdraw",
    "release": "Release from suspected spam",
}


def url_name(action: str) -> str:
    return f"referral_form_referral_modeladmin_{action}"


def action_url(action: str, referral: Referral) -> str:
    return reverse(url_name(action), args=[referral.pk])


def inspect_url(referral: Referral) -> str:
    return action_url("inspect", referral)


class ReferralIndexView(KnownParamsOnlyMixin, IndexView):
    """The list: reference search through `q`; a person search lives on its own page (POST)."""

    # Only the list's own search, paging, ordering and filters: nothing else may reach a query.
    ALLOWED_PARAMS = frozenset({"q", "p", "o", "ot", "status", "criteria", "flag",
                                "meeting__id__exact", "meeting__isnull", "received_at__gte",
                                "received_at__lt", "received_at__isnull"})

    def get_search_results(self, request, queryset, search_term):
        return selectors.referral_search_reference(queryset, search_term)

    def get_context_data(self, **kwargs):
        # IndexView's own version builds the filtered queryset a second time (listing the
        # meetings for their filter again) and counts the same rows three times: once for the
        # total, once for the result and once in the paginator. Here the queryset built in
        # dispatch is counted once, and the total separately only when a filter or search
        # narrows the list. The context is the same.
        result_count = self.queryset.count()
        narrowed = bool(self.query) or bool(self.get_filters_params())
        all_count = self.get_base_queryset(self.request).count() if narrowed else result_count
        paginator = self.paginator_class(self.queryset, self.items_per_page)
        paginator.count = result_count  # a cached property: the paginator need not count again
        try:
            page_obj = paginator.page(self.page_num)
        except InvalidPage:
            page_obj = paginator.page(1)
        context = {
            "view": self,
            "all_count": all_count,
            "result_count": result_count,
            "paginator": paginator,
            "page_obj": page_obj,
            "elided_page_range": paginator.get_elided_page_range(self.page_num),
            "object_list": page_obj.object_list,
            "user_can_create": self.permission_helper.user_can_create(self.request.user),
            "show_search": self.search_handler.show_search_form,
            "find_person_url": reverse(url_name("find_person")),
            "spam_url": reverse(url_name("spam")),
            "spam_count": selectors.spam_list().count(),
            "showing_spam": self.params.get("status") == Referral.Status.SUSPECTED_SPAM,
        }
        context.update(kwargs)
        return super(IndexView, self).get_context_data(**context)


class ReferralInspectView(InspectView):
    """The record: every section of the form, the checklist, history, links and actions."""

    printable = False

    @cached_property
    def referral(self) -> Referral:
        return selectors.referral_detail(self.instance.pk)

    def get_page_title(self):
        return "Referral"

    def get_meta_title(self):
        return f"Referral {self.instance.reference}"

    def get(self, request, *args, **kwargs):
        review.referral_record_view(referral=self.referral, user=request.user,
                                    printed=self.printable)
        return super().get(request, *args, **kwargs)

    def summary_rows(self, rule_set: rules.RuleSet) -> list[dict]:
        referral = self.referral
        checklist = rules.get_checklist(referral.checklist_version)
        received = timezone.localtime(referral.received_at)
        rows = [
            {"key": "Reference", "value": referral.reference},
            {"key": "Status", "value": referral.get_status_display()},
            {"key": "Received", "value": f"{rules.format_day(received.date())} at "
                                         f"{received:%H:%M}"},
            {"key": "Checklist", "value": f"{checklist.label} (version {checklist.version})"},
            {"key": "Score", "value": f"{referral.yes_count} 'yes' answers (threshold "
                                      f"{referral.threshold_used})"},
            {"key": "Practitioner's level of risk",
             "value": risk_level_label(referral.risk_level, blank=NOT_ASKED)},
            {"key": "Criteria met", "value": ", ".join(
                rule_set.route_label(code) for code in referral.criteria_met) or "None"},
            {"key": "Judged by", "value": f"{rule_set.area_name} rules (rule set "
                                          f"'{rule_set.key}', version {rule_set.version})"},
            {"key": "Referring agency", "value": referral.referrer_agency or "Not given"},
        ]
        for link in referral.links.all():
            if link.kind == ReferralLink.Kind.RESUBMISSION:
                rows.append({"key": "Resubmission of", "value": link.linked.reference})
            elif link.kind == ReferralLink.Kind.RESUBMITTED_AS:
                rows.append({"key": "Sent again as", "value": link.linked.reference})
        hearings = list(referral.hearings.select_related("meeting"))
        for hearing in hearings:
            rows.append({"key": "Heard", "value": f"{meeting_label(hearing.meeting)}: "
                                                  f"{hearing.get_outcome_display()}"})
        if referral.status in review.OPEN_STATUSES:
            suggestion = review.triage_suggestion(referral=referral, rule_set=rule_set)
            rows.append({"key": "Suggested meeting",
                         "value": f"{suggestion.forum.label}. {suggestion.reason}"})
        rows.append({"key": "Assigned meeting",
                     "value": meeting_label(referral.meeting) if referral.meeting
                     else "None yet"})
        if referral.idva_referred_at:
            sent = timezone.localtime(referral.idva_referred_at)
            rows.append({"key": "IDVA referral", "value": f"Sent {rules.format_day(sent.date())}"})
        elif referral.idva_referral_due:
            rows.append({"key": "IDVA referral due",
                         "value": rules.format_day(referral.idva_referral_due)})
        if referral.return_reason:
            rows.append({"key": "Returned because", "value": referral.get_return_reason_display()})
        if referral.closure_reason:
            rows.append({"key": "Closed because", "value": referral.get_closure_reason_display()})
        return rows

    def flags(self) -> list[dict]:
        referral = self.referral
        flags = []
        if referral.status == Referral.Status.SUSPECTED_SPAM:
            flags.append({"label": "Suspected spam", "level": "critical",
                          "text": f"Caught by the bot checks: {referral.get_spam_reason_display()}."
                          " Release it if it is a real referral."})
        if referral.verification == Referral.Verification.UNVERIFIED:
            flags.append({"label": "Unverified", "level": "warning",
                          "text": "The bot check could not confirm a person sent this (no token, "
                          "a low score or the check was unreachable). Check it with care."})
        if referral.is_repeat:
            flags.append({"label": "Repeat", "level": "warning",
                          "text": "The same person at risk was heard at MARAC within this "
                          "area's repeat window."})
        if referral.is_linked:
            flags.append({"label": "Linked case", "level": "warning",
                          "text": "A person in this referral appears in another referral."})
        if review.idva_referral_overdue(referral=referral, today=timezone.localdate()):
            flags.append({"label": "IDVA referral overdue", "level": "critical",
                          "text": "It was due by "
                          f"{rules.format_day(referral.idva_referral_due)}."})
        if referral.closed_marac_requested:
            flags.append({"label": "Closed MARAC requested", "level": "warning",
                          "text": "The referrer asks for a closed MARAC: see the reasons below."})
        return flags

    def get_context_data(self, **kwargs):
        referral = self.referral
        rule_set = referral_rule_set(referral)
        can_act = user_can_act(self.request.user)
        actions = [{"label": ACTION_LABELS[name], "url": action_url(name, referral),
                    "primary": index == 0}
                   for index, name in enumerate(review.available_actions(referral))
                   ] if can_act else []
        context = {
            "referral": referral,
            "summary_rows": self.summary_rows(rule_set),
            "flags": self.flags(),
            "sections": referral_sections(referral),
            "history": list(referral.status_history.all()),
            "links": [{"reference": link.linked.reference, "url": inspect_url(link.linked),
                       "kind": link.get_kind_display(),
                       "status": link.linked.get_status_display()}
                      for link in referral.links.all()],
            "actions": actions,
            "print_url": action_url("print", referral),
            "printable": self.printable,
        }
        context.update(kwargs)
        return super().get_context_data(**context)

    def get_template_names(self):
        if self.printable:
            return ["referral_form/admin/print.html"]
        return ["referral_form/admin/inspect.html"]


class ReferralPrintView(ReferralInspectView):
    printable = True


class ReferralActionView(InstanceSpecificView):
    """A small form, then a confirmation page, then the service call and back to the record."""

    action = ""
    form_class = action_forms.ConfirmOnlyForm
    title = ""
    intro = ""
    confirm_label = "Confirm"
    template_name = "referral_form/admin/action.html"

    def check_action_permitted(self, user):
        return user_can_act(user)

    def dispatch(self, request, *args, **kwargs):
        if not user_can_act(request.user):
            return forbidden(request)
        if self.action not in review.available_actions(self.instance):
            messages.error(request, f"'{ACTION_LABELS[self.action]}' is not available for "
                           f"a referral that is {self.instance.get_status_display().lower()}.")
            return redirect(inspect_url(self.instance))
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.title

    def get_page_subtitle(self):
        return self.instance.reference

    def get_form_kwargs(self) -> dict:
        return {}

    def get_initial(self) -> dict:
        return {}

    def stage_context(self, form) -> dict:
        return {}

    def perform(self, form) -> str:
        """Call the service; return the success message."""
        raise NotImplementedError

    def render_stage(self, form, stage: str):
        hidden = []
        if stage == "confirm":
            hidden = [(name, value) for name, values in self.request.POST.lists()
                      if name not in ("csrfmiddlewaretoken", "confirmed", "edit")
                      for value in values]
        context = self.get_context_data(form=form, stage=stage, hidden=hidden,
                                        intro=self.intro, confirm_label=self.confirm_label,
                                        record_url=inspect_url(self.instance),
                                        summary=form.summary() if stage == "confirm" else [],
                                        **self.stage_context(form))
        return TemplateResponse(self.request, [self.template_name], context)

    def get(self, request, *args, **kwargs):
        form = self.form_class(initial=self.get_initial(), **self.get_form_kwargs())
        return self.render_stage(form, "form")

    def post(self, request, *args, **kwargs):
        form = self.form_class(data=request.POST, **self.get_form_kwargs())
        if not form.is_valid() or "edit" in request.POST:
            return self.render_stage(form, "form")
        if "confirmed" not in request.POST:
            return self.render_stage(form, "confirm")
        try:
            message = self.perform(form)
        except review.ReviewError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
            return self.render_stage(form, "form")
        messages.success(request, message)
        return redirect(inspect_url(self.instance))


class AcceptView(ReferralActionView):
    action = "accept"
    form_class = action_forms.AcceptForm
    title = "Accept the referral"
    intro = ("Choose the meeting type. The suggestion follows this area's rules; you may choose "
             "otherwise.")
    confirm_label = "Accept the referral"

    @cached_property
    def suggestion(self):
        return review.triage_suggestion(referral=self.instance,
                                        rule_set=referral_rule_set(self.instance))

    def get_form_kwargs(self):
        return {"meetings": review.meeting_choices()}

    def get_initial(self):
        forum = self.suggestion.forum
        if self.instance.status == Referral.Status.ACCEPTED_MARAC:
            forum = rules.Forum.MARAC
        elif self.instance.status == Referral.Status.ACCEPTED_PRE_MARAC:
            forum = rules.Forum.PRE_MARAC
        meeting = self.instance.meeting or review.default_meeting_for(referral=self.instance,
                                                                      forum=forum)
        return {"forum": forum, "meeting": meeting}

    def stage_context(self, form):
        return {"suggestion": self.suggestion}

    def perform(self, form):
        forum = rules.Forum(form.cleaned_data["forum"])
        review.referral_accept(referral=self.instance, forum=forum,
                               meeting=form.cleaned_data["meeting"], user=self.request.user)
        return f"{self.instance.reference} accepted for {forum.label}."


class AssignMeetingView(ReferralActionView):
    action = "assign_meeting"
    form_class = action_forms.AssignMeetingForm
    title = "Assign a meeting"
    intro = ("The first meeting whose referral deadline had not passed when the referral "
             "arrived is chosen for you. You may choose a later meeting.")
    confirm_label = "Assign the meeting"

    def forum(self) -> str:
        if self.instance.status == Referral.Status.ACCEPTED_PRE_MARAC:
            return rules.Forum.PRE_MARAC
        return rules.Forum.MARAC

    def get_form_kwargs(self):
        return {"meetings": review.meeting_choices()}

    def get_initial(self):
        return {"meeting": self.instance.meeting or review.default_meeting_for(
            referral=self.instance, forum=self.forum())}

    def perform(self, form):
        meeting = form.cleaned_data["meeting"]
        review.referral_assign_meeting(referral=self.instance, meeting=meeting,
                                       user=self.request.user)
        return f"{self.instance.reference} is on the agenda for {meeting_label(meeting)}."


class ReturnView(ReferralActionView):
    action = "return"
    form_class = action_forms.ReturnForm
    title = "Return to the referrer"
    intro = ("The referrer is emailed the reference, the reason and your message, with the "
             "team's contact details. Never put personal details in the message.")
    confirm_label = "Return and email the referrer"

    def get_form_kwargs(self):
        return {"referral": selectors.referral_detail(self.instance.pk)}

    def perform(self, form):
        review.referral_return(referral=self.instance, reason=form.cleaned_data["reason"],
                               message=form.cleaned_data["message"], user=self.request.user)
        return f"{self.instance.reference} returned. The referrer has been emailed."


class IdvaReferralView(ReferralActionView):
    action = "idva_referral"
    form_class = action_forms.IdvaReferralForm
    title = "Record the IDVA referral"
    confirm_label = "Record the IDVA referral"

    @property
    def intro(self):
        due = self.instance.idva_referral_due
        return (f"Referrals go to the IDVA service within two working days of receipt: this one "
                f"is due by {rules.format_day(due)}." if due else "")

    def get_initial(self):
        return {"referred_on": timezone.localdate()}

    def perform(self, form):
        day = form.cleaned_data["referred_on"]
        now = timezone.now()
        if day >= timezone.localdate():
            referred_at = now
        else:
            referred_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        review.referral_record_idva_referral(referral=self.instance, referred_at=referred_at,
                                             user=self.request.user, now=now)
        return f"IDVA referral recorded for {self.instance.reference}."


class CloseView(ReferralActionView):
    action = "close"
    form_class = action_forms.CloseForm
    title = "Close or withdraw"
    confirm_label = "Close the referral"

    def get_form_kwargs(self):
        state = lifecycle.state_of(self.instance)
        return {"reasons": lifecycle.CLOSE_REASONS.get(state, ()),
                "can_withdraw": lifecycle.allowed(lifecycle.Action.WITHDRAW, state)}

    def perform(self, form):
        data = form.cleaned_data
        review.referral_close(referral=self.instance, reason=data["reason"],
                              withdrawn=data["outcome"] == "withdrawn", note=data["note"],
                              user=self.request.user)
        return f"{self.instance.reference} is now {self.instance.get_status_display().lower()}."


class RecordHearingView(ReferralActionView):
    """The outcome, the risks noted and numbered rows of agreed actions. 'Add another row'
    posts the form back with one more row, keeping what was typed (no JavaScript needed)."""

    action = "record_hearing"
    form_class = action_forms.RecordHearingForm
    title = "Record the hearing"
    confirm_label = "Record the hearing"
    template_name = "referral_form/admin/record_hearing.html"

    @property
    def intro(self):
        return (f"What the {meeting_label(self.instance.meeting)} decided for this case. "
                "Closing the case later keeps this record.")

    def rows(self) -> int:
        try:
            rows = int(self.request.POST.get("rows", 1))
        except ValueError:
            rows = 1
        return rows + 1 if "add_row" in self.request.POST else rows

    def get_form_kwargs(self):
        state = lifecycle.state_of(self.instance)
        return {"outcomes": lifecycle.HEARING_OUTCOMES.get(state, ()), "rows": self.rows(),
                "meeting_day": timezone.localtime(self.instance.meeting.starts_at).date()}

    def post(self, request, *args, **kwargs):
        if "add_row" in request.POST:
            # Shown again with one more row and what was typed, without judging it yet.
            form = self.form_class(initial=request.POST.dict(), **self.get_form_kwargs())
            return self.render_stage(form, "form")
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        actions = [review.ActionAgreed(agency=agency, action=what, due_on=due)
                   for agency, what, due in form.agreed_actions()]
        hearing = review.referral_record_hearing(
            referral=self.instance, outcome=form.cleaned_data["outcome"],
            risks_noted=form.cleaned_data["risks_noted"], actions=actions,
            user=self.request.user)
        return (f"Hearing recorded for {self.instance.reference}: "
                f"{hearing.get_outcome_display().lower()}.")


class ReleaseView(ReferralActionView):
    action = "release"
    title = "Release from suspected spam"
    intro = ("The referral moves to the new referrals and is checked for repeats and links. "
             "Only release it if it is a real referral.")
    confirm_label = "Release the referral"

    def post(self, request, *args, **kwargs):
        if "confirmed" not in request.POST:
            return self.render_stage(self.form_class(data={}), "confirm")
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        review.referral_release_from_spam(referral=self.instance, user=self.request.user,
                                          rule_set=referral_rule_set(self.instance))
        return f"{self.instance.reference} released to the new referrals."


class FindPersonView(WMABaseView):
    """Find referrals naming a person, by exact name and date of birth. POST only: personal
    details never go into the address bar, the history or the server logs."""

    template_name = "referral_form/admin/find_person.html"
    page_title = "Find a person"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_list(user)

    def get(self, request, *args, **kwargs):
        return self.render_page(action_forms.PersonSearchForm(), None)

    def post(self, request, *args, **kwargs):
        form = action_forms.PersonSearchForm(data=request.POST)
        results = None
        if form.is_valid():
            results = list(selectors.referral_search_person(
                selectors.referral_list(include_spam=True), name=form.cleaned_data["name"],
                date_of_birth=form.cleaned_data["date_of_birth"]))
            review.person_search_log(user=request.user, results=results)
        return self.render_page(form, results)

    def render_page(self, form, results):
        context = self.get_context_data(form=form, results=results,
                                        results_rows=[row_for(r) for r in results or []])
        return TemplateResponse(self.request, [self.template_name], context)


class SpamView(WMABaseView):
    """Suspected spam: review, release one by one from its record, or empty the list."""

    template_name = "referral_form/admin/spam.html"
    page_title = "Suspected spam"
    per_page = 50

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_list(user)

    def get(self, request, *args, **kwargs):
        return self.render_page(stage="list")

    def post(self, request, *args, **kwargs):
        if not user_can_act(request.user):
            return forbidden(request)
        if "confirmed" not in request.POST:
            return self.render_page(stage="confirm")
        count = review.spam_empty(user=request.user)
        messages.success(request, f"{count} suspected spam referral{'s' if count != 1 else ''} "
                         "deleted.")
        return redirect(reverse(url_name("spam")))

    def render_page(self, *, stage: str):
        paginator = Paginator(selectors.spam_list(), self.per_page)
        page = paginator.get_page(self.request.GET.get("p"))
        context = self.get_context_data(
            stage=stage, page=page, rows=[row_for(r) for r in page.object_list],
            can_act=user_can_act(self.request.user), total=paginator.count,
            dropped=selectors.spam_dropped_count(),
            spam_retention_days=settings.SPAM_RETENTION_DAYS)
        return TemplateResponse(self.request, [self.template_name], context)


def row_for(referral: Referral) -> dict:
    received = timezone.localtime(referral.received_at)
    return {
        "reference": referral.reference,
        "url": inspect_url(referral),
        "received": f"{rules.format_day(received.date())} {received:%H:%M}",
        "status": referral.get_status_display(),
        "spam_reason": referral.get_spam_reason_display() if referral.spam_reason else "",
        "meeting": meeting_label(referral.meeting) if referral.meeting_id else "",
    }
