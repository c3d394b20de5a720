"""Users for admin tests: a page editor (group with page permissions) and a meetings clerk."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page


def make_editor(username: str = "editor", *, root: Page | None = None):
    """A user in an 'Editors' group that may add, edit and publish pages under `root`."""
    root = root or Page.objects.get(depth=2)
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission_type in ("add", "change", "publish"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=root,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
            ),
        )
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="a-long-test-password"
    )
    user.groups.add(group)
    return user


def make_admin_user_with(username: str, *codenames: str):
    """A user who can enter the admin and holds only the given model permissions."""
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="a-long-test-password"
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user
