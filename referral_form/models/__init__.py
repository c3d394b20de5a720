from .notification import CoordinatorNotification
from .referral import (
    ChildDependant,
    PersonCausingHarm,
    Referral,
    ReferralLink,
    StatusChange,
)

__all__ = ["ChildDependant", "CoordinatorNotification", "PersonCausingHarm", "Referral",
           "ReferralLink", "StatusChange"]
