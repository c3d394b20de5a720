from .meeting_record import AgreedAction, Hearing, MeetingRecord
from .notification import CoordinatorNotification
from .referral import (
    ChildDependant,
    PersonCausingHarm,
    Referral,
    ReferralLink,
    StatusChange,
)
from .rule_set import AreaRuleSet, sync_seeded_rule_sets
from .spam import SpamTally

__all__ = ["AgreedAction", "AreaRuleSet", "ChildDependant", "CoordinatorNotification", "Hearing",
           "MeetingRecord", "PersonCausingHarm", "Referral", "ReferralLink", "SpamTally",
           "StatusChange", "sync_seeded_rule_sets"]
