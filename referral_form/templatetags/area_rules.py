"""Template tags that render an area's rule set, so every page words the rules the same way."""

from django import template

from referral_form import rules

register = template.Library()


@register.simple_tag
def route_label(rule_set: rules.RuleSet, route: str) -> str:
    return rule_set.route_label(route)


@register.simple_tag
def route_definition(rule_set: rules.RuleSet, route: str) -> str:
    return rules.describe_criterion(route, rule_set)


def rules_summary(rule_set: rules.RuleSet) -> dict:
    """Everything a referrer reads about the area's rules, in display order."""
    checklist = rule_set.checklist
    standalone = [checklist.question(qid) for qid in rule_set.standalone_indicator_ids]
    premarac = rule_set.premarac
    return {
        "rule_set": rule_set,
        "checklist": checklist,
        "routes": [{"key": route, "label": rule_set.route_label(route),
                    "definition": rules.describe_criterion(route, rule_set)}
                   for route in rule_set.routes],
        "standalone": sorted(standalone, key=lambda q: q.number),
        "premarac": premarac,
        "repeat_kinds": [rules.RepeatIncident(k).label for k in rule_set.repeat_incident_types],
    }


@register.inclusion_tag("referral_form/includes/area_rules.html")
def area_rules(rule_set: rules.RuleSet, heading_level: int = 2):
    """The area's routes, standalone indicators, pre-MARAC routing and IDVA promise."""
    return {**rules_summary(rule_set), "heading_level": heading_level}


@register.inclusion_tag("referral_form/includes/area_rules.html", takes_context=True)
def area_rules_here(context, heading_level: int = 2):
    """`area_rules` for the area serving the page being rendered (guidance blocks use it)."""
    from referral_form.area_rules import rule_set_for_request

    request = context.get("request")
    rule_set = rule_set_for_request(request) if request is not None else rules.DEFAULT_RULE_SET
    return area_rules(rule_set, heading_level)
