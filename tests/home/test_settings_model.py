"""The area's settings choose its rule set; administrators' copies are validated and versioned."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from home.models import MaracSettings
from referral_form import rules
from referral_form.area_rules import referral_rule_set, rule_set_for_request, rule_set_for_site
from referral_form.models import AreaRuleSet
from tests.referral_form.factories import submit_referral

pytestmark = pytest.mark.django_db


def copy_of(key: str, **changes) -> AreaRuleSet:
    original = AreaRuleSet.objects.get(key=key)
    values = AreaRuleSet.values_from_rule_set(original.to_rule_set())
    values.update(changes)
    return AreaRuleSet(key=f"{key}-copy", based_on=key, source_notes="Agreed by the board.",
                       **values)


def test_the_seeded_rule_sets_are_in_the_database_and_answer_with_the_documents_rules():
    assert set(AreaRuleSet.objects.filter(seeded=True).values_list("key", flat=True)) == {
        "kirklees", "kent-medway", "bristol"}
    for key, rule_set in rules.SEEDED_RULE_SETS.items():
        assert AreaRuleSet.objects.get(key=key).to_rule_set() is rule_set


def test_an_area_uses_the_rule_set_its_settings_choose(site, rf):
    marac = MaracSettings.for_site(site)
    assert rule_set_for_site(site) is rules.DEFAULT_RULE_SET  # until the area chooses
    marac.rule_set = AreaRuleSet.objects.get(key="bristol")
    marac.save()
    request = rf.get("/", HTTP_HOST=site.hostname)
    assert rule_set_for_request(request) is rules.BRISTOL
    assert rule_set_for_request(request) is rule_set_for_request(request)
    assert rule_set_for_site(site) is rules.BRISTOL


def test_no_site_at_all_falls_back_to_the_default_rule_set(rf):
    from wagtail.models import Site

    Site.objects.all().delete()
    assert rule_set_for_request(rf.get("/")) is rules.DEFAULT_RULE_SET


def test_a_seeded_rule_set_cannot_be_edited():
    seeded = AreaRuleSet.objects.get(key="kent-medway")
    seeded.visible_high_risk_count = 10
    with pytest.raises(ValidationError, match="copy it"):
        seeded.full_clean()


def test_a_copy_keeps_the_originals_sources_and_a_changed_value_becomes_the_areas_choice():
    copy = copy_of("kirklees", visible_high_risk_count=12)
    copy.full_clean()
    copy.save()
    rule_set = copy.to_rule_set()
    assert rule_set.visible_high_risk_count == 12
    assert rule_set.source("visible_high_risk_count").is_area_choice
    assert rule_set.source("idva_contact_days") == rules.KIRKLEES.source("idva_contact_days")
    assert rule_set.based_on == "kirklees" and rule_set.version == 1
    copy.idva_contact_days = 3
    copy.save()
    assert copy.to_rule_set().version == 2


@pytest.mark.parametrize(("changes", "field"), [
    ({"checklist_version": "dash-24", "visible_high_risk_count": 25}, "visible_high_risk_count"),
    ({"premarac_enabled": True, "premarac_band_low": 16, "premarac_band_high": 15},
     "premarac_band_high"),
    ({"escalation_mode": "count", "escalation_incidents": None}, "escalation_incidents"),
    ({"routes": ["visible_high_risk", "suicide_self_harm"], "suicide_self_harm_definition": ""},
     "suicide_self_harm_definition"),
])
def test_a_copy_that_cannot_work_is_refused_beside_the_field(changes, field):
    copy = copy_of("kirklees", **changes)
    with pytest.raises(ValidationError) as problem:
        copy.full_clean()
    assert field in problem.value.message_dict


def test_a_referral_keeps_the_rules_it_was_judged_by_when_the_area_changes_them(site):
    copy = copy_of("bristol")
    copy.save()
    received = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 30))
    referral = submit_referral(received_at=received, rule_set=copy.to_rule_set(), yes=14,
                               checklist_version="dash-24",
                               checklist_answers={q.id: "yes" if i < 14 else "no" for i, q in
                                                  enumerate(rules.BRISTOL.checklist.questions)})
    copy.premarac_enabled = False
    copy.save()
    stored = referral_rule_set(referral)
    assert stored.premarac == rules.BRISTOL.premarac and stored.version == 1
    assert referral.rule_set_key == "bristol-copy" and referral.rule_set_version == 1
    assert referral.suggested_forum == rules.Forum.PRE_MARAC
