from .meeting_record import AgreedAction, Hearing, MeetingRecord
from .referral import (
    ChildDependant,
    PersonCausingHarm,
    Referral,
    ReferralLink,
    StatusChange,
)

__all__ = ["AgreedAction", "ChildDependant", "Hearing", "MeetingRecord", "PersonCausingHarm",
           "Referral", "ReferralLink", "StatusChange"]
