"""The criteria self-check: the checklist and routes on one page, with nothing stored."""

from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from referral_form.area_rules import rule_set_for_request
from referral_form.forms import ChecklistForm, CriteriaEvidenceForm, error_summary_items
from referral_form.rules import advice_for, assess, describe_criterion, get_checklist, yes_count

TEMPLATE = "referral_form/check_criteria.html"


def _start_with_answers_url() -> str | None:
    """Where 'Start a referral with these answers' posts to, if the wizard offers it yet."""
    try:
        return reverse("referral_form:start_with_answers")
    except NoReverseMatch:
        return None


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def check_criteria(request):
    """Show the checklist and criteria questions; on POST, show which routes are met.

    Answers live only in this request: no session, no database, and the response is never
    cached (never_cache sends Cache-Control: no-store).
    """
    rule_set = rule_set_for_request(request)
    checklist = get_checklist(rule_set.checklist_version)
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else None
    checklist_form = ChecklistForm(data, checklist=checklist)
    evidence_form = CriteriaEvidenceForm(data, today=today, rule_set=rule_set)

    assessment = None
    errors = []
    if data is not None:
        checklist_valid = checklist_form.is_valid()
        evidence_valid = evidence_form.is_valid()  # validated even if the checklist is not
        if checklist_valid and evidence_valid:
            assessment = assess(
                checklist, checklist_form.answers(), evidence_form.evidence(), rule_set
            )
        else:
            errors = error_summary_items(checklist_form, evidence_form)

    context = {
        "checklist": checklist,
        "rule_set": rule_set,
        "checklist_form": checklist_form,
        "evidence_form": evidence_form,
        "errors": errors,
        "assessment": assessment,
        "advice": advice_for(rule_set),
        "rules_text": {route: describe_criterion(route, rule_set) for route in rule_set.routes},
        # Only for the running count shown before the result; the result itself is scored
        # from the validated answers.
        "live_yes_count": yes_count(checklist, data) if data is not None else 0,
        "start_url": _start_with_answers_url() if assessment else None,
        "hidden_items": (
            checklist_form.hidden_items() + evidence_form.hidden_items() if assessment else []
        ),
    }
    return TemplateResponse(request, TEMPLATE, context)
