from .referral import (
    ChildDependant,
    PersonCausingHarm,
    Referral,
    ReferralLink,
    StatusChange,
)

__all__ = ["ChildDependant", "PersonCausingHarm", "Referral", "ReferralLink", "StatusChange"]
