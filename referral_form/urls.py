from django.urls import path
from django.views.generic import TemplateView

app_name = "referral_form"

# Replaced by the wizard and self-check views as they land.
urlpatterns = [
    path("refer/", TemplateView.as_view(template_name="base.html"), name="start"),
    path("check-criteria/", TemplateView.as_view(template_name="base.html"), name="check_criteria"),
]
