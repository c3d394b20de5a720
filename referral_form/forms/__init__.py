"""Forms for the referral wizard and the criteria self-check."""

from .assessment import (
    INCIDENT_DATE_FIELDS,
    STALKING_PREFIX,
    ChecklistForm,
    CriteriaEvidenceForm,
    FlexibleDateField,
    YesNo,
    stalking_field_name,
)


def error_summary_items(*forms) -> list[tuple[str, str]]:
    """(anchor id, message) for every error in these forms, in page order.

    Each link goes to the field's first input (`id_<name>`, or the field's own auto id);
    errors that belong to no field link to the form's first visible field.
    """
    items = []
    for form in forms:
        if not form.is_bound or not form.errors:
            continue
        visible = form.visible_fields()
        first_id = visible[0].auto_id if visible else ""
        for message in form.non_field_errors():
            items.append((first_id, message))
        for field in visible:
            for message in field.errors:
                items.append((field.auto_id, message))
        for field in form.hidden_fields():
            for message in field.errors:
                items.append((first_id, message))
    return items



__all__ = [
    "INCIDENT_DATE_FIELDS",
    "STALKING_PREFIX",
    "ChecklistForm",
    "CriteriaEvidenceForm",
    "FlexibleDateField",
    "YesNo",
    "error_summary_items",
    "stalking_field_name",
]
