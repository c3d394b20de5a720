from .meeting_record import AgreedAction, Hearing, MeetingRecord
from .referral import (
    ChildDependant,
    PersonCausingHarm,
    Referral,
    ReferralLink,
    StatusChange,
)
from .rule_set import AreaRuleSet, sync_seeded_rule_sets

__all__ = ["AgreedAction", "AreaRuleSet", "ChildDependant", "Hearing", "MeetingRecord",
           "PersonCausingHarm", "Referral", "ReferralLink", "StatusChange",
           "sync_seeded_rule_sets"]
