"""The referral app's manage.py commands."""
