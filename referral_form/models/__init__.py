from .notification import CoordinatorNotification
from .referral import (
    ChildDependant,
    PersonCausingHarm,
    Referral,
    ReferralLink,
    StatusChange,
)
from .spam import SpamTally

__all__ = ["ChildDependant", "CoordinatorNotification", "PersonCausingHarm", "Referral",
           "ReferralLink", "SpamTally", "StatusChange"]
