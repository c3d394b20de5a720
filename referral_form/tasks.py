"""Background work: notifying the coordinators. Emails carry a reference and a link only."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task
from wagtail.models import Site

from home.models import MaracSettings
from referral_form.models import Referral


def coordinator_address() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        address = MaracSettings.for_site(site).secure_email
        if address:
            return address
    return settings.MARAC_NOTIFY_EMAIL


def admin_link(referral: Referral) -> str:
    path = reverse("referral_form_referral_modeladmin_inspect", args=[referral.pk])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@task()
def notify_coordinators_of_referral(referral_id: int) -> None:
    referral = Referral.objects.get(pk=referral_id)
    flags = []
    if referral.verification == Referral.Verification.UNVERIFIED:
        flags.append("It could not be verified as coming from a person (check it with care).")
    if referral.is_repeat:
        flags.append("It looks like a repeat referral.")
    body = "\n\n".join([
        f"A new MARAC referral has been submitted: {referral.reference}.",
        *flags,
        f"Open it in the review area (sign-in required): {admin_link(referral)}",
        "This email deliberately contains no personal details.",
    ])
    send_mail(
        subject=f"New MARAC referral {referral.reference}",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[coordinator_address()],
    )
