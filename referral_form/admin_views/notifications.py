"""'Send again' for a new-referral notification that failed (from the coordinators' dashboard)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from referral_form.admin_views.permissions import forbidden, user_can_act
from referral_form.models import CoordinatorNotification
from referral_form.notifications import notification_send_again


@require_POST
def send_again(request, notification_id: int):
    if not user_can_act(request.user):
        return forbidden(request)
    notification = get_object_or_404(CoordinatorNotification.objects.select_related("referral"),
                                     pk=notification_id)
    if notification.state != CoordinatorNotification.State.FAILED:
        messages.info(request, f"The notification of {notification.referral.reference} is not "
                      "waiting to be sent again.")
        return redirect("wagtailadmin_home")
    notification_send_again(notification=notification, user=request.user)
    notification.refresh_from_db()
    if notification.state == CoordinatorNotification.State.SENT:
        messages.success(request, f"The notification of {notification.referral.reference} "
                         "has been sent.")
    else:
        messages.warning(request, f"The notification of {notification.referral.reference} is "
                         "being sent again; if it fails again it will show here.")
    return redirect("wagtailadmin_home")
