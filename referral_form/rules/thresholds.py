"""The numbers the referral rules use, read from the area's MARAC settings."""

from dataclasses import dataclass

from .checklists import DEFAULT_CHECKLIST_VERSION


@dataclass(frozen=True)
class Thresholds:
    """Per-area thresholds; the defaults are those in the protocol and professionals' leaflet."""

    dash_threshold: int = 14
    escalation_incidents: int = 3
    escalation_window_months: int = 6
    repeat_window_months: int = 12
    premarac_enabled: bool = False
    premarac_band_low: int = 14
    premarac_band_high: int = 15
    checklist_version: str = DEFAULT_CHECKLIST_VERSION

    def in_premarac_band(self, count: int) -> bool:
        """Whether a 'yes' count falls within the pre-MARAC band (inclusive at both ends)."""
        return self.premarac_band_low <= count <= self.premarac_band_high


THRESHOLD_FIELDS = (
    "dash_threshold",
    "escalation_incidents",
    "escalation_window_months",
    "repeat_window_months",
    "premarac_enabled",
    "premarac_band_low",
    "premarac_band_high",
    "checklist_version",
)


def thresholds_from_settings(marac_settings) -> Thresholds:
    """Thresholds from a `home.models.MaracSettings` instance (or anything with the same fields)."""
    return Thresholds(**{name: getattr(marac_settings, name) for name in THRESHOLD_FIELDS})


def thresholds_for_request(request) -> Thresholds:
    """Thresholds for the site serving this request (the defaults if no site matches)."""
    from home.models import MaracSettings  # imported here so the rules import without apps ready

    try:
        marac_settings = MaracSettings.for_request(request)
    except MaracSettings.DoesNotExist:  # raised by Wagtail when there is no site at all
        return Thresholds()
    return thresholds_from_settings(marac_settings)
