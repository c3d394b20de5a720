from django.apps import AppConfig


class ReferralFormConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "referral_form"
    verbose_name = "MARAC referrals"

    def ready(self):
        from referral_form import checks  # noqa: F401 - registers the system checks
