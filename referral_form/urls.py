from django.urls import path, register_converter

from referral_form.views import check_criteria, wizard

app_name = "referral_form"



class ListKindConverter:
    """The wizard's add-another lists."""

    regex = "people-causing-harm|children"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ListKindConverter, "list_kind")
LIST_KINDS = "<list_kind:kind>"

urlpatterns = [
    path("refer/", wizard.start, name="start"),
    path("refer/start-again/", wizard.start_again, name="start_again"),
    path("refer/start-with-answers/", wizard.start_with_answers, name="start_with_answers"),
    path("refer/keep-alive/", wizard.keep_alive, name="keep_alive"),
    path("refer/not-eligible/", wizard.not_eligible, name="not_eligible"),
    path("refer/below-threshold/", wizard.below_threshold, name="below_threshold"),
    path("refer/session-expired/", wizard.session_expired, name="session_expired"),
    path("refer/people-causing-harm/", wizard.list_step, {"kind": "people-causing-harm"},
         name="people_list"),
    path("refer/children/", wizard.list_step, {"kind": "children"}, name="children_list"),
    path(f"refer/{LIST_KINDS}/add/", wizard.list_item, name="list_add"),
    path(f"refer/{LIST_KINDS}/<int:index>/", wizard.list_item, name="list_edit"),
    path(f"refer/{LIST_KINDS}/<int:index>/remove/", wizard.list_remove, name="list_remove"),
    path("refer/check-answers/", wizard.check_answers, name="check_answers"),
    path("refer/declaration/", wizard.declaration, name="declaration"),
    path("refer/confirmation/", wizard.confirmation, name="confirmation"),
    path("refer/confirmation/copy/", wizard.referral_copy, name="copy"),
    path("refer/<slug:slug>/", wizard.step, name="step"),
    path("check-criteria/", check_criteria.check_criteria, name="check_criteria"),
]
