"""Views for the referral wizard and the criteria self-check (one module per area)."""
