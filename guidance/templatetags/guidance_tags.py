"""Date and time formats for public guidance pages in the GOV.UK style: '9:30am', '4 March 2026'."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def govuk_time(value: datetime.datetime | None) -> str:
    """'9am', '2:30pm', 'midday' or 'midnight'."""
    if not value:
        return ""
    local = _local(value)
    if local.hour == 12 and local.minute == 0:
        return "midday"
    if local.hour == 0 and local.minute == 0:
        return "midnight"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{suffix}"


@register.filter
def govuk_date(value: datetime.date | datetime.datetime | None, with_weekday: bool = False) -> str:
    """'4 March 2026', or 'Wednesday 4 March 2026' with a weekday."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    text = f"{value.day} {value:%B %Y}"
    return f"{value:%A} {text}" if with_weekday else text


@register.filter
def govuk_datetime(value: datetime.datetime | None) -> str:
    """'Wednesday 4 March 2026 at 9:30am'."""
    if not value:
        return ""
    return f"{govuk_date(value, True)} at {govuk_time(value)}"


@register.filter
def iso_local(value: datetime.date | datetime.datetime | None) -> str:
    """A machine-readable value for a <time datetime> attribute, in local time."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        return _local(value).isoformat(timespec="minutes")
    return value.isoformat()
