"""Calendar-month arithmetic and date wording used by the referral rules."""

import calendar
from datetime import date

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def add_months(day: date, months: int) -> date:
    """Move `day` by a whole number of calendar months, clamping to the end of a shorter month.

    31 August plus 6 months is 28 February (29 in a leap year); 31 March minus 1 month is
    28 or 29 February. The day of the month never rolls over into the next month.
    """
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, clamped to the end of a shorter month."""
    if months < 0:
        raise ValueError("months must not be negative")
    return add_months(day, -months)


def months_after(day: date, months: int) -> date:
    """The same day `months` calendar months later, clamped to the end of a shorter month."""
    if months < 0:
        raise ValueError("months must not be negative")
    return add_months(day, months)


def format_day(day: date) -> str:
    """A date as people write it in the UK, e.g. '5 March 2025' (independent of the locale)."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 answer', '2 answers': the count followed by the right form of the noun."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"
