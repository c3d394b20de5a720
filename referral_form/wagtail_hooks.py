"""The coordinators' review area in the Wagtail admin (wagtail-modeladmin)."""

from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from referral_form.models import Referral


class ReferralAdmin(ModelAdmin):
    """Submitted referrals; access comes from the referral_form.referral model permissions."""

    model = Referral
    menu_label = "Referrals"
    menu_icon = "form"
    menu_order = 200
    inspect_view_enabled = True
    list_display = ("reference", "received_at", "status", "yes_count", "verification")
    list_filter = ("status", "verification", "is_repeat", "is_linked")
    search_fields = ("reference",)
    ordering = ("-received_at",)

    def get_permission_helper_class(self):
        return super().get_permission_helper_class()


modeladmin_register(ReferralAdmin)
from referral_form import report_hooks  # noqa: F401,E402
