"""Which rule set an area uses: one immutable `RuleSet` per site, read once per request."""

from referral_form import rules

_REQUEST_ATTRIBUTE = "_marac_rule_set"


def rule_set_for_settings(marac_settings) -> rules.RuleSet:
    """The rule set an area's MARAC settings choose (the default rule set if none is chosen)."""
    if marac_settings is None or marac_settings.rule_set_id is None:
        return rules.DEFAULT_RULE_SET
    return marac_settings.rule_set.to_rule_set()


def rule_set_for_site(site) -> rules.RuleSet:
    from home.models import MaracSettings  # imported here: rules load before the apps

    if site is None:
        return rules.DEFAULT_RULE_SET
    return rule_set_for_settings(MaracSettings.for_site(site))


def rule_set_for_request(request) -> rules.RuleSet:
    """The rule set of the site serving this request, the same object for the whole request."""
    cached = getattr(request, _REQUEST_ATTRIBUTE, None)
    if cached is not None:
        return cached
    from home.models import MaracSettings

    try:
        marac_settings = MaracSettings.for_request(request)
    except MaracSettings.DoesNotExist:  # Wagtail raises it when there is no site at all
        marac_settings = None
    rule_set = rule_set_for_settings(marac_settings)
    setattr(request, _REQUEST_ATTRIBUTE, rule_set)
    return rule_set


def referral_rule_set(referral) -> rules.RuleSet:
    """The rule set a stored referral was judged by (kept with it at submission)."""
    if referral.rule_set:
        return rules.RuleSet.from_dict(referral.rule_set)
    return rules.SEEDED_RULE_SETS.get(referral.rule_set_key, rules.DEFAULT_RULE_SET)
