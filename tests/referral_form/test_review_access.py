"""Every referral URL, for every kind of user: only coordinators and superusers see referrals."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.referral_form.factories import PERSON_AT_RISK, submit_referral

pytestmark = pytest.mark.django_db

PREFIX = "referral_form_referral_modeladmin_"
LIST_URLS = ["index", "find_person", "spam"]
RECORD_URLS = ["inspect", "print", "accept", "assign_meeting", "return", "idva_referral",
               "close", "release"]
PASSWORD = "a-long-test-password"


def make_user(username, *, groups=(), superuser=False, access_admin=False):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD,
                                                is_superuser=superuser, is_staff=superuser)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    if access_admin:
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def referral():
    return submit_referral()


def all_urls(referral):
    urls = [reverse(PREFIX + name) for name in LIST_URLS]
    urls += [reverse(PREFIX + name, args=[referral.pk]) for name in RECORD_URLS]
    urls.append(reverse(PREFIX + "index") + "?status=suspected_spam")
    return urls


def assert_no_referral_data(response, referral):
    html = response.content.decode()
    for value in (referral.reference, PERSON_AT_RISK["first_name"],
                  PERSON_AT_RISK["last_name"]):
        assert value not in html


def test_the_groups_hold_the_right_referral_permissions():
    coordinators = Group.objects.get(name="MARAC coordinators")
    codenames = set(coordinators.permissions.filter(
        content_type__app_label="referral_form").values_list("codename", flat=True))
    assert {"view_referral", "change_referral", "review_referral"} <= codenames
    editors = Group.objects.get(name="Editors")
    assert not editors.permissions.filter(content_type__app_label="referral_form").exists()


def test_anonymous_users_are_sent_to_the_login_page(client, referral):
    for url in all_urls(referral):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("wagtailadmin_login")), url
            assert_no_referral_data(response, referral)


@pytest.mark.parametrize("kind", ["editor", "staff_with_admin_access", "meetings_only"])
def test_admin_users_outside_the_coordinators_group_get_403(client, referral, kind):
    users = {
        "editor": lambda: make_user("editor", groups=["Editors"]),
        "staff_with_admin_access": lambda: make_user("staff", access_admin=True),
        "meetings_only": lambda: _meetings_only_user(),
    }
    client.force_login(users[kind]())
    for url in all_urls(referral):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 403, url
            assert "Only MARAC coordinators can see referrals" in response.content.decode()
            assert_no_referral_data(response, referral)
    # Nor can they find out whether a record exists.
    assert client.get(reverse(PREFIX + "inspect", args=[referral.pk + 999])).status_code == 403


def _meetings_only_user():
    user = make_user("clerk", access_admin=True)
    user.user_permissions.add(*Permission.objects.filter(codename__endswith="_maracmeeting"))
    return user


def test_a_logged_in_user_without_admin_access_is_turned_away(client, referral):
    client.force_login(make_user("plain"))
    for url in all_urls(referral):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_editors_do_not_see_the_referrals_menu(client):
    client.force_login(make_user("editor", groups=["Editors"]))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(PREFIX + "index") not in html


@pytest.mark.parametrize("kind", ["coordinator", "superuser"])
def test_coordinators_and_superusers_reach_every_url(client, referral, kind):
    user = (make_user("coord", groups=["MARAC coordinators"]) if kind == "coordinator"
            else make_user("root", superuser=True))
    client.force_login(user)
    available = {"inspect", "print", "accept", "idva_referral", "return", "close"}
    for name in LIST_URLS:
        assert client.get(reverse(PREFIX + name)).status_code == 200, name
    for name in RECORD_URLS:
        response = client.get(reverse(PREFIX + name, args=[referral.pk]))
        expected = 200 if name in available else 302  # not available for a new referral
        assert response.status_code == expected, name
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(PREFIX + "index") in html
    assert reverse("guidance_maracmeeting_modeladmin_index") in html


def test_there_is_no_create_edit_or_delete_url():
    from django.urls import NoReverseMatch

    for name in ("create", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(PREFIX + name, args=[1] if name != "create" else [])
