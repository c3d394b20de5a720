from .meetings import MaracMeeting
from .pages import GuidanceIndexPage, GuidancePage, MeetingSchedulePage, ProtocolPage

__all__ = [
    "GuidanceIndexPage",
    "GuidancePage",
    "MaracMeeting",
    "MeetingSchedulePage",
    "ProtocolPage",
]
