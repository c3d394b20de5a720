"""Load the Kirklees demo content: guidance pages, settings, meetings and (in development) staff.

Safe to run again: pages are found by slug under their parent and created only when missing,
so editors' later changes are never overwritten; the home page is filled only while empty;
settings are set only where still at their defaults; meetings are added only when none are
scheduled in the future; users are created only when missing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from guidance.demo_content import home as home_content
from guidance.demo_content import page_tree
from guidance.demo_content.loading import (
    describe_days,
    home_load,
    meetings_load,
    pages_load,
    settings_load,
    users_load,
)
from home.models import MaracSettings


class Command(BaseCommand):
    help = "Load the demo guidance, settings, meetings and (with DEBUG on) demo staff users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-demo-users", action="store_true",
            help="Create the demo staff users even when DEBUG is off. Never use in production.",
        )

    @transaction.atomic
    def handle(self, *args, with_demo_users: bool = False, **options):
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific

        changed = settings_load(site=site)
        self.stdout.write(f"Settings: {', '.join(changed) if changed else 'nothing to change'}.")

        tree = page_tree(
            retention_period=describe_days(settings.REFERRAL_RETENTION_DAYS),
            idle_minutes=MaracSettings.for_site(site).wizard_idle_minutes,
        )
        pages, created = pages_load(home=home, tree=tree)
        self.stdout.write(
            f"Pages: {len(created)} created, {len(pages) - len(created)} already there."
        )
        if home_load(home=home, intro=home_content.INTRO, body=home_content.BODY, pages=pages):
            self.stdout.write("Home page: introduction and body added.")

        count = meetings_load(now=timezone.now())
        self.stdout.write(f"Meetings: {count} created." if count else
                          "Meetings: future meetings already scheduled, none added.")

        if not (settings.DEBUG or with_demo_users):
            self.stdout.write("Demo users: not created (DEBUG is off; see --with-demo-users).")
            return
        self.stdout.write(self.style.WARNING("Demo users (development only):"))
        for user in users_load():
            role = user.group or "superuser"
            if user.created:  # only a new user's password is known
                self.stdout.write(f"  {user.username} / {user.password} ({role})")
            else:
                self.stdout.write(f"  {user.username} ({role}): already exists, password unchanged")
