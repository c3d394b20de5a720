"""Who may see and act on referrals: the referral_form permissions held by the coordinators."""

from django.shortcuts import render
from wagtail_modeladmin.helpers import PermissionHelper

REVIEW_PERMISSION = "referral_form.review_referral"
CHANGE_PERMISSION = "referral_form.change_referral"


def user_can_review(user) -> bool:
    """Seeing referrals at all: the coordinators' review permission (superusers have it)."""
    return bool(user and user.is_active and user.has_perm(REVIEW_PERMISSION))


def user_can_act(user) -> bool:
    """Accepting, returning, scheduling and closing also need the change permission."""
    return user_can_review(user) and user.has_perm(CHANGE_PERMISSION)


def forbidden(request):
    return render(request, "referral_form/admin/forbidden.html", status=403)


def coordinator_required(view):
    """Answer 403 before anything is looked up, so no one else learns whether a record exists."""

    def wrapped(request, *args, **kwargs):
        if not user_can_review(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = getattr(view, "__name__", "referral_view")
    wrapped.__doc__ = view.__doc__
    return wrapped


class ReferralPermissionHelper(PermissionHelper):
    """Referrals are listed and opened by coordinators; never created, edited or deleted here."""

    def user_can_list(self, user):
        return user_can_review(user)

    def user_can_inspect_obj(self, user, obj):
        return user_can_review(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False
