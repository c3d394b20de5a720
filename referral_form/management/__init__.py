"""Management commands for referrals."""
