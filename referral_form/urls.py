from django.urls import path
from django.views.generic import TemplateView

from referral_form.views import check_criteria

app_name = "referral_form"

# Replaced by the wizard and self-check views as they land.
urlpatterns = [
    path("refer/", TemplateView.as_view(template_name="base.html"), name="start"),
    path("check-criteria/", check_criteria.check_criteria, name="check_criteria"),
]
