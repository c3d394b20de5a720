"""Every admin URL of our apps, given junk, answers 2xx/3xx/400/403/404/405 and never 500,
for a coordinator and for an editor; list filters never take look-ups across relations."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.guidance.factories import MaracMeetingFactory
from tests.referral_form.factories import submit_referral
from tests.referral_form.test_review_access import PASSWORD, make_user

pytestmark = pytest.mark.django_db

OUR_NAMES = re.compile(r"^(referral_form_|guidance_|marac_)")
ID_GROUPS = ("instance_pk", "meeting_id", "notification_id", "action_id")
BAD_IDS = ["999999999", "abc", "1.5", "-1", "1%27%20OR%201=1", "0x1f", "%00"]
QUERIES = [
    "unknown=1",
    "referrals__referrer_agency__startswith=a",
    "meeting__referrals__person_at_risk__icontains=a",
    "referrals__person_at_risk_lookup__gt=0",
    "status=nonsense", "criteria=zzz", "flag=zzz", "kind__exact=zzz", "cancelled__exact=maybe",
    "o=abc", "o=99", "ot=sideways", "p=-1", "p=abc", "q=%00",
    "received_at__gte=not-a-date", "meeting__id__exact=abc", "meeting__isnull=perhaps",
]
CROSS_RELATION = [q for q in QUERIES if q.count("__") >= 2 and "referrals__" in q
                  or q.startswith("meeting__referrals")]


def our_admin_patterns():
    """(name, pattern's parameter names) for every named URL of ours under /admin/."""
    admin = next(p for p in get_resolver().url_patterns
                 if isinstance(p, URLResolver) and str(p.pattern) == "admin/")
    found = {}

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name and OUR_NAMES.match(
                    pattern.name):
                found[pattern.name] = tuple(pattern.pattern.regex.groupindex)
    walk(admin.url_patterns)
    return found


def urls_with_ids(referral, meeting, notification):
    ids = {"referral_form_referral_modeladmin_": referral.pk,
           "guidance_maracmeeting_modeladmin_": meeting.pk,
           "marac_reports_agenda": meeting.pk,
           "marac_meeting_record": meeting.pk,
           "marac_notification_send_again": notification.pk}
    urls = []
    for name, groups in our_admin_patterns().items():
        if not groups:
            urls.append((name, reverse(name), None))
            continue
        assert len(groups) == 1 and groups[0] in ID_GROUPS, (name, groups)
        # Anything else (an agreed action, say) is fuzzed from an id that may not exist.
        pk = next((value for prefix, value in ids.items() if name.startswith(prefix)), 1)
        urls.append((name, reverse(name, args=[pk]), pk))
    return urls


def with_id(url: str, pk: int, replacement: str) -> str:
    return re.sub(rf"/{pk}/", f"/{replacement}/", url, count=1)


@pytest.fixture
def records(site):
    referral = submit_referral()
    spam = submit_referral(spam_reason="honeypot")
    meeting = MaracMeetingFactory()
    from referral_form.models import CoordinatorNotification

    notification, _ = CoordinatorNotification.objects.update_or_create(
        referral=referral, defaults={"state": "failed"})
    return referral, spam, meeting, notification


@pytest.mark.parametrize("who", ["coordinator", "editor"])
def test_no_admin_url_of_ours_answers_500(records, who):
    referral, _spam, meeting, notification = records
    if who == "coordinator":
        make_user(who, groups=["MARAC coordinators"])
    else:
        make_user(who, groups=["Editors"])
    assert Group.objects.filter(name="Editors").exists()
    client = Client(raise_request_exception=False)
    assert client.login(username=who, password=PASSWORD)

    urls = urls_with_ids(referral, meeting, notification)
    names = {name for name, _, _ in urls}
    # The list is really enumerated: the review area, the meetings (with history), reports.
    assert {"referral_form_referral_modeladmin_inspect", "referral_form_referral_modeladmin_spam",
            "guidance_maracmeeting_modeladmin_index", "guidance_maracmeeting_modeladmin_history",
            "guidance_maracmeeting_modeladmin_edit", "marac_reports_agenda_csv",
            "marac_notification_send_again"} <= names

    failures = []
    allowed = {200, 301, 302, 400, 403, 404, 405}
    for name, url, pk in urls:
        attempts = [("get", f"{url}?{query}") for query in QUERIES]
        attempts += [("post", url), ("post", f"{url}?{QUERIES[0]}")]
        if pk is not None:
            for bad in BAD_IDS:
                attempts += [("get", with_id(url, pk, bad)), ("post", with_id(url, pk, bad))]
        for method, target in attempts:
            response = getattr(client, method)(target, {"junk": "1"} if method == "post" else None)
            if response.status_code not in allowed:
                failures.append((method, target, response.status_code))
            elif "__" in target and any(q in target for q in CROSS_RELATION) \
                    and name.endswith("_index") and response.status_code == 200:
                failures.append((method, target, "cross-relation look-up was applied"))
    assert failures == []


def test_meeting_history_is_for_coordinators_only(records, client):
    _referral, _spam, meeting, _notification = records
    url = reverse("guidance_maracmeeting_modeladmin_history", args=[meeting.pk])
    make_user("editor", groups=["Editors"])
    client.login(username="editor", password=PASSWORD)
    assert client.get(url).status_code == 403
    make_user("coordinator", groups=["MARAC coordinators"])
    client.login(username="coordinator", password=PASSWORD)
    assert client.get(url).status_code == 200


def test_the_meetings_list_refuses_lookups_across_relations(records, client):
    make_user("coordinator", groups=["MARAC coordinators"])
    client.login(username="coordinator", password=PASSWORD)
    index = reverse("guidance_maracmeeting_modeladmin_index")
    assert client.get(index).status_code == 200
    assert client.get(index + "?kind__exact=full").status_code == 200
    probe = client.get(index + "?referrals__referrer_agency__startswith=N")
    assert probe.status_code == 302 and probe["Location"] == index
