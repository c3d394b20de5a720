"""Fixtures shared by every test package."""

import pytest
from django.core.management import call_command
from wagtail.models import Site


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database gets the cache table too, as every real deployment has one."""
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(site):
    return site.root_page.specific


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate limits, page caches and the page map must not leak from one test into the next
    (a rolled-back test leaves no signal behind to retire them)."""
    from django.core.cache import caches

    from caching import pagemap

    def clear():
        for cache in caches.all(initialized_only=False):
            cache.clear()
        pagemap.forget()

    clear()
    yield
    clear()
