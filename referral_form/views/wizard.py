"""The referral wizard: one URL per step, all state server-side and encrypted.

Views only sequence: forms validate, `referral_form.flow` decides the order, and
`referral_form.services.referral_submit` stores the referral.
"""

import datetime
import functools
import time

from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from home.models import MaracSettings
from referral_form import bot_checks, flow, rules, wizard
from referral_form.area_rules import referral_rule_set, rule_set_for_request
from referral_form.forms.assessment import (
    COMMENTS_FIELD,
    RISK_LEVEL_FIELD,
    STALKING_PREFIX,
    ChecklistForm,
    CriteriaEvidenceForm,
    risk_level_options,
)
from referral_form.forms.steps import (
    AddAnotherForm,
    ChildForm,
    DeclarationForm,
    HasChildrenForm,
    PersonCausingHarmForm,
)
from referral_form.models import Referral
from referral_form.presentation import referral_sections, wizard_sections
from referral_form.rate_limit import register_submission
from referral_form.scheduling import next_open_meeting
from referral_form.services import ReferralNotAccepted, referral_submit

COPY_AVAILABLE_SECONDS = 30 * 60
FORM_STEPS = ("eligibility", "checklist", "stalking", "criteria", "about-you", "person-at-risk",
              "what-happened", "closed-marac")
LISTS = {
    "people-causing-harm": {
        "attr": wizard.PEOPLE, "form": PersonCausingHarmForm, "max": wizard.MAX_PEOPLE,
        "singular": "person causing harm", "title": "People causing harm",
        "add_title": "Add a person causing harm",
        "add_another_label": "Do you need to add another person causing harm?",
    },
    "children": {
        "attr": wizard.CHILDREN, "form": ChildForm, "max": wizard.MAX_CHILDREN,
        "singular": "child or dependant", "title": "Children and dependants",
        "add_title": "Add a child or dependant",
        "add_another_label": "Do you need to add another child or dependant?",
    },
}


def flow_context(request) -> flow.FlowContext:
    marac = MaracSettings.for_request(request)
    return flow.FlowContext(area_name=marac.area_name,
                            rule_set=rule_set_for_request(request),
                            today=timezone.localdate())


def idle_seconds(request) -> int:
    return MaracSettings.for_request(request).wizard_idle_minutes * 60


def step_url(slug: str, *, change: bool = False) -> str:
    special = {"not-eligible": "not_eligible", "below-threshold": "below_threshold",
               "check-answers": "check_answers", "declaration": "declaration",
               "people-causing-harm": "people_list", "children": "children_list"}
    if slug in special:
        url = reverse(f"referral_form:{special[slug]}")
    else:
        url = reverse("referral_form:step", args=[slug])
    return url + ("?change=1" if change and slug not in special else "")


def no_store(response):
    response["Cache-Control"] = "no-store, max-age=0"
    response["Pragma"] = "no-cache"
    return response


def wizard_view(*, create: bool = False):
    """Load the referrer's state (or start one), send no-store, and handle idle expiry."""

    def decorator(view):
        @functools.wraps(view)
        @sensitive_post_parameters()
        @never_cache
        def wrapper(request, *args, **kwargs):
            try:
                state = wizard.load_state(request.session, idle_seconds=idle_seconds(request))
            except wizard.StateExpired:
                return no_store(redirect("referral_form:session_expired"))
            ctx = flow_context(request)
            if state is None:
                if (request.method == "POST" and request.resolver_match.url_name == "declaration"
                        and _submitted_referral(request) is not None):
                    # Back and submit again after sending: show what was already sent.
                    return no_store(redirect("referral_form:confirmation"))
                if not create:
                    return no_store(redirect("referral_form:start"))
                state = flow.new_state(ctx)
            response = view(request, state, ctx, *args, **kwargs)
            return no_store(response)

        return wrapper

    return decorator


def render_step(request, template, state, ctx, context):
    seconds = wizard.seconds_left(request.session, idle_seconds=idle_seconds(request))
    base = {
        "state": state,
        "idle_minutes": idle_seconds(request) // 60,
        "expires_in": seconds,
        "expires_at": timezone.localtime() + datetime.timedelta(seconds=seconds),
    }
    base.update(context)
    return TemplateResponse(request, template, base)


def after_saving(request, slug, state, ctx):
    wizard.save_state(request.session, state)
    blocked = flow.gate("check-answers", state, ctx)
    if request.GET.get("change") and blocked is None:
        return redirect("referral_form:check_answers")
    target = flow.next_step(slug, state, ctx)
    # A change can make an earlier step apply (for example stalking): gate() sends it there.
    return redirect(step_url(flow.gate(target, state, ctx) or target))


@never_cache
def start(request):
    try:
        state = wizard.load_state(request.session, idle_seconds=idle_seconds(request))
    except wizard.StateExpired:
        state = None
    marac = MaracSettings.for_request(request)
    return no_store(TemplateResponse(request, "referral_form/start.html", {
        "in_progress": state is not None, "idle_minutes": marac.wizard_idle_minutes,
    }))


@require_POST
def start_again(request):
    wizard.clear_state(request.session)
    return no_store(redirect("referral_form:step", slug="eligibility"))


@wizard_view(create=True)
def step(request, state, ctx, slug):
    if slug not in FORM_STEPS:
        raise Http404
    if slug != "eligibility" and request.session.get(wizard.SESSION_KEY) is None:
        return redirect("referral_form:start")
    blocked = flow.gate(slug, state, ctx)
    if blocked:
        return redirect(step_url(blocked))
    if not flow.step_applies(slug, state, ctx):
        return redirect(step_url(flow.next_step(slug, state, ctx)))

    if request.method == "POST":
        form = flow.form_for(slug, ctx, state, data=request.POST)
        if form.is_valid():
            state.save_step(slug, flow.posted_data(form))
            if slug == "eligibility" and not flow.is_eligible(state):
                wizard.save_state(request.session, state)
                return redirect("referral_form:not_eligible")
            if slug == "criteria" and not flow.assessment_for(state, ctx).any_met:
                wizard.save_state(request.session, state)
                return redirect("referral_form:below_threshold")
            return after_saving(request, slug, state, ctx)
    elif request.method == "GET":
        form = flow.form_for(slug, ctx, state, initial=state.step_data(slug))
    else:
        return HttpResponseNotAllowed(["GET", "POST"])

    checklist = ctx.checklist_for(state)
    context = {"form": form, "slug": slug, "step": wizard.STEPS_BY_SLUG[slug],
               "back_url": _back_url(slug, state, ctx), "checklist": checklist,
               "rule_set": ctx.rule_set}
    if slug in ("checklist", "criteria"):
        context["assessment"] = flow.assessment_for(state, ctx)
    if slug == "checklist":
        context["sections"] = _checklist_sections(form, checklist)
        context["risk_level_options"] = risk_level_options(form[RISK_LEVEL_FIELD])
    if slug == "criteria":
        context["standalone"] = (context["assessment"].standalone
                                 if context["assessment"] else ())
        context["rules_text"] = {criterion.value: rules.describe_criterion(criterion,
                                                                           ctx.rule_set)
                                 for criterion in rules.Criterion}
    return render_step(request, f"referral_form/steps/{slug}.html", state, ctx, context)


def _back_url(slug, state, ctx):
    previous = flow.previous_step(slug, state, ctx)
    return step_url(previous) if previous else reverse("referral_form:start")


def _checklist_sections(form, checklist):
    return [{"key": group.key, "label": group.label,
             "items": [(question, form[question.id]) for question in group.questions]}
            for group in checklist.sections()]


@wizard_view()
def list_step(request, state, ctx, kind):
    config = LISTS[kind]
    blocked = flow.gate(kind, state, ctx)
    if blocked:
        return redirect(step_url(blocked))
    items = getattr(state, config["attr"])
    data = state.step_data(kind) or {}

    if kind == "children" and not items:
        # First ask whether there are any children at all.
        form = HasChildrenForm(data=request.POST if request.method == "POST" else None,
                               initial=data)
        if request.method == "POST" and form.is_valid():
            state.save_step(kind, {"has_children": form.cleaned_data["has_children"]})
            if form.cleaned_data["has_children"] == "yes":
                wizard.save_state(request.session, state)
                return redirect("referral_form:list_add", kind=kind)
            return after_saving(request, kind, state, ctx)
        return render_step(request, "referral_form/steps/has_children.html", state, ctx, {
            "form": form, "step": wizard.STEPS_BY_SLUG[kind],
            "back_url": _back_url(kind, state, ctx)})

    if not items:
        return redirect("referral_form:list_add", kind=kind)
    form = AddAnotherForm(data=request.POST if request.method == "POST" else None)
    form.fields["add_another"].label = config["add_another_label"]
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add_another"] == "yes" and len(items) < config["max"]:
            return redirect("referral_form:list_add", kind=kind)
        state.save_step(kind, {**data, "done": True})
        return after_saving(request, kind, state, ctx)
    return render_step(request, "referral_form/steps/list.html", state, ctx, {
        "form": form, "kind": kind, "config": config, "step": wizard.STEPS_BY_SLUG[kind],
        "items": [{"index": i, "label": _item_label(kind, item, i)} for i, item in
                  enumerate(items)],
        "at_max": len(items) >= config["max"], "back_url": _back_url(kind, state, ctx)})


def _item_label(kind, item, index):
    if kind == "children" and item.get("unborn"):
        return f"Unborn child (due {item.get('due_date', '')})"
    name = (item.get("name") or "").strip()
    if not name:
        name = "Name not known"
    return name


@wizard_view()
def list_item(request, state, ctx, kind, index=None):
    config = LISTS[kind]
    blocked = flow.gate(kind, state, ctx)
    if blocked:
        return redirect(step_url(blocked))
    items = getattr(state, config["attr"])
    if index is not None and not 0 <= index < len(items):
        raise Http404
    if index is None and len(items) >= config["max"]:
        return redirect(step_url(kind))
    if request.method == "POST":
        form = config["form"](data=request.POST)
        if form.is_valid():
            if index is None:
                items.append(flow.posted_data(form))
            else:
                items[index] = flow.posted_data(form)
            data = state.step_data(kind) or {}
            if kind == "children":
                data = {**data, "has_children": "yes"}
            # Adding someone reopens the list's "add another?" question; changing one does not.
            state.save_step(kind, {**data, "done": data.get("done", False) and index is not None})
            wizard.save_state(request.session, state)
            if request.GET.get("change") and flow.gate("check-answers", state, ctx) is None:
                return redirect("referral_form:check_answers")
            return redirect(step_url(kind))
    else:
        form = config["form"](initial=items[index] if index is not None else None)
    title = config["add_title"] if index is None else f"Change {config['singular']} {index + 1}"
    return render_step(request, "referral_form/steps/list_item.html", state, ctx, {
        "form": form, "title": title, "kind": kind, "config": config,
        "step": wizard.STEPS_BY_SLUG[kind], "back_url": step_url(kind)})


@wizard_view()
def list_remove(request, state, ctx, kind, index):
    config = LISTS[kind]
    items = getattr(state, config["attr"])
    if not 0 <= index < len(items):
        raise Http404
    if request.method == "POST":
        if request.POST.get("confirm") == "yes":
            items.pop(index)
            data = state.step_data(kind) or {}
            state.save_step(kind, {**data, "done": False})
            wizard.save_state(request.session, state)
        return redirect(step_url(kind))
    return render_step(request, "referral_form/steps/list_remove.html", state, ctx, {
        "kind": kind, "config": config, "index": index, "step": wizard.STEPS_BY_SLUG[kind],
        "label": _item_label(kind, items[index], index), "back_url": step_url(kind)})


@wizard_view()
def check_answers(request, state, ctx):
    blocked = flow.gate("check-answers", state, ctx)
    if blocked:
        return redirect(step_url(blocked))
    return render_step(request, "referral_form/check_answers.html", state, ctx, {
        "sections": wizard_sections(state, ctx), "assessment": flow.assessment_for(state, ctx),
        "back_url": step_url("closed-marac")})


@wizard_view()
def declaration(request, state, ctx):
    blocked = flow.gate("declaration", state, ctx)
    if blocked:
        return redirect(step_url(blocked))
    if request.method == "POST":
        form = DeclarationForm(data=request.POST)
        if form.is_valid():
            return _submit(request, state, ctx, form)
    else:
        form = DeclarationForm(initial={"submission_token": state.token})
    return render_step(request, "referral_form/declaration.html", state, ctx, {
        "form": form, "back_url": reverse("referral_form:check_answers")})


def _submit(request, state, ctx, form):
    if str(form.cleaned_data["submission_token"]) != state.token:
        # A stale page from an earlier referral in this browser: show the current one.
        return redirect("referral_form:check_answers")
    try:
        submission = flow.build_submission(state, ctx)
    except flow.SubmissionInvalid as problem:
        return redirect(step_url(problem.step or "check-answers"))

    spam_reason = ""
    if bot_checks.honeypot_tripped(form.cleaned_data.get("website")):
        spam_reason = Referral.SpamReason.HONEYPOT
    elif not register_submission(request):
        spam_reason = Referral.SpamReason.RATE_LIMIT
    check = bot_checks.verify_recaptcha(form.cleaned_data.get("captcha"),
                                        remote_ip=None)  # never send the address to Google
    try:
        referral, _created = referral_submit(
            submission=submission, rule_set=ctx.rule_set, verified=check.verified,
            bot_check_verdict=str(check.verdict), bot_check_score=check.score,
            spam_reason=spam_reason)
    except ReferralNotAccepted:
        return redirect("referral_form:below_threshold")
    wizard.clear_state(request.session)
    # The session key is kept: a second click racing this one still carries it, finds this
    # marker and is shown the same confirmation.
    request.session[wizard.SUBMITTED_KEY] = {"id": referral.pk, "at": int(time.time())}
    return redirect("referral_form:confirmation")


def _submitted_referral(request) -> Referral | None:
    marker = request.session.get(wizard.SUBMITTED_KEY)
    if not marker or time.time() - marker.get("at", 0) > COPY_AVAILABLE_SECONDS:
        return None
    return Referral.objects.filter(pk=marker.get("id")).first()


@never_cache
def confirmation(request):
    referral = _submitted_referral(request)
    if referral is None:
        return no_store(redirect("referral_form:start"))
    meeting = next_open_meeting(at=referral.received_at)
    rule_set = referral_rule_set(referral)
    return no_store(TemplateResponse(request, "referral_form/confirmation.html", {
        "referral": referral, "meeting": meeting, "rule_set": rule_set,
        "criteria": [(code, rule_set.route_label(code)) for code in referral.criteria_met],
        "marac": MaracSettings.for_request(request)}))


@never_cache
def referral_copy(request):
    """What the referrer sent, to print or save; only in the same session, for 30 minutes."""
    referral = _submitted_referral(request)
    if referral is None:
        return no_store(redirect("referral_form:start"))
    response = TemplateResponse(request, "referral_form/copy.html", {
        "referral": referral, "sections": referral_sections(referral)})
    if request.GET.get("download"):
        response["Content-Disposition"] = (
            f'attachment; filename="marac-referral-{referral.reference}.html"')
    return no_store(response)


@never_cache
def not_eligible(request):
    return no_store(TemplateResponse(request, "referral_form/not_eligible.html", {}))


@wizard_view()
def below_threshold(request, state, ctx):
    assessment = flow.assessment_for(state, ctx)
    if assessment is not None and assessment.any_met and state.step_data("criteria"):
        return redirect(step_url(flow.first_incomplete(state, ctx)))
    return render_step(request, "referral_form/below_threshold.html", state, ctx, {
        "assessment": assessment, "advice": rules.advice_for(ctx.rule_set),
        "back_url": step_url("criteria")})


@never_cache
def session_expired(request):
    return no_store(TemplateResponse(request, "referral_form/session_expired.html", {
        "idle_minutes": idle_seconds(request) // 60}))


@require_POST
@sensitive_post_parameters()
@never_cache
def start_with_answers(request):
    """Carry the self-check's answers into a new referral (they arrive by POST, never a URL)."""
    ctx = flow_context(request)
    state = flow.new_state(ctx)
    checklist = ctx.checklist_for(state)
    checklist_form = ChecklistForm(data=request.POST, checklist=checklist)
    if checklist_form.is_valid():
        answers = {q.id: checklist_form.cleaned_data[q.id] for q in checklist.questions}
        if checklist_form.comments():
            answers[COMMENTS_FIELD] = checklist_form.comments()
        state.save_step("checklist", answers)
        stalking = {name: value for name, value in checklist_form.cleaned_data.items()
                    if name.startswith(STALKING_PREFIX) and value}
        if flow.step_applies("stalking", state, ctx) and stalking:
            state.save_step("stalking", stalking)
        criteria_form = CriteriaEvidenceForm(data=request.POST, today=ctx.today,
                                             rule_set=ctx.rule_set)
        if criteria_form.is_valid():
            state.save_step("criteria", flow.posted_data(criteria_form))
    wizard.save_state(request.session, state)
    return no_store(redirect("referral_form:step", slug="eligibility"))


@require_POST
def keep_alive(request):
    if request.session.get(wizard.SESSION_KEY) is not None:
        wizard.touch(request.session)
    return no_store(HttpResponse(status=204))
