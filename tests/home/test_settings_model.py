"""The area's MARAC settings: defaults from the rules, and values that cannot work are refused."""

import pytest
from django.core.exceptions import ValidationError

from home.models import MaracSettings
from referral_form import rules

pytestmark = pytest.mark.django_db


def test_defaults_are_the_rules_defaults(site):
    marac = MaracSettings.for_site(site)
    assert rules.thresholds_from_settings(marac) == rules.Thresholds()


@pytest.mark.parametrize("changes, field", [
    ({"checklist_version": "dash-24", "dash_threshold": 25}, "dash_threshold"),
    ({"premarac_band_low": 16, "premarac_band_high": 15}, "premarac_band_high"),
])
def test_settings_that_cannot_work_are_refused_beside_the_field(site, changes, field):
    marac = MaracSettings.for_site(site)
    for name, value in changes.items():
        setattr(marac, name, value)
    with pytest.raises(ValidationError) as problem:
        marac.full_clean()
    assert field in problem.value.message_dict


def test_the_short_checklist_with_a_threshold_it_can_reach_is_accepted(site):
    marac = MaracSettings.for_site(site)
    marac.checklist_version, marac.dash_threshold = "dash-24", 14
    marac.full_clean()
