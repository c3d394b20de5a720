"""Real-browser test harness: Playwright's sync API driving Debian's chromium.

One browser for the whole session; a fresh context (no cookies, no history) for every test.
Every request that is not for the live server or the local neutral site is aborted and recorded,
so tests can assert that no page ever reaches a third party, and nothing ever leaves the machine.
"""

import os

# Playwright's sync API runs an event loop in this thread; Django's database calls in fixtures
# and tests would otherwise refuse to run (SynchronousOnlyOperation). Set before anything runs.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import http.server  # noqa: E402
import json  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

# MARAC_CHROMIUM points elsewhere (the harness's own test uses a path that does not exist).
CHROMIUM = Path(os.environ.get("MARAC_CHROMIUM", "/usr/bin/chromium"))
MISSING = f"{CHROMIUM} is not installed (apt-get install chromium)"


def in_ci() -> bool:
    """CI sets CI (to 'true' on most services): there, a missing browser is a failure."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Belt and braces: no host name resolves, so even a request Playwright cannot intercept
    # (the target of a server redirect) fails on the machine instead of reaching the internet.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
NEUTRAL_TITLE = "Neutral page"
NEUTRAL_BODY = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
    f"<title>{NEUTRAL_TITLE}</title></head><body><h1>Weather</h1>"
    "<p>Sunny spells later.</p></body></html>"
).encode()


_playwright = {}


def pytest_collection_modifyitems(config, items):
    """Without the browser, browser tests are skipped with the reason on a workstation, and
    fail the run in CI (so CI can never pass with none of them run)."""
    if CHROMIUM.exists():
        return
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if browser_items and in_ci():
        raise pytest.UsageError(f"CI is set and {MISSING}: {len(browser_items)} browser "
                                "tests cannot run.")
    skip = pytest.mark.skip(reason=MISSING)
    for item in browser_items:
        item.add_marker(skip)


def pytest_collection_finish(session):
    """Start Playwright before anything opens a database connection.

    Starting Playwright's sync API gives the test thread a fresh set of Django connections, so
    a connection opened earlier (the test database's, which carries the data that
    `serialized_rollback` restores after each flush) would be lost. Started here, after
    collection and before the first fixture, every connection is made after it.
    """
    wanted = any(item.get_closest_marker("browser") for item in session.items)
    if wanted and CHROMIUM.exists() and "manager" not in _playwright:
        from playwright.sync_api import sync_playwright

        _playwright["manager"] = sync_playwright().start()


def pytest_sessionfinish(session, exitstatus):
    manager = _playwright.pop("manager", None)
    if manager is not None:
        manager.stop()


class _NeutralHandler(http.server.BaseHTTPRequestHandler):
    """Stands in for the neutral site the exit control goes to (a real one is never fetched)."""

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.server.paths.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(NEUTRAL_BODY)))
        self.end_headers()
        self.wfile.write(NEUTRAL_BODY)

    def log_message(self, format, *args):  # noqa: A002 (signature fixed by http.server)
        return


@pytest.fixture(scope="session")
def neutral_site():
    """A local HTTP server on its own port: a different origin from the site, like the real one.

    A local server rather than page.route(): Playwright does not intercept the target of a
    redirect, and /exit/ answers with a redirect to the neutral site.
    """
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NeutralHandler)
    server.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}/weather"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def playwright_instance():
    if "manager" not in _playwright:
        if in_ci():
            pytest.fail(f"CI is set and {MISSING}")
        pytest.skip(MISSING)
    return _playwright["manager"]


@pytest.fixture(scope="session")
def browser(playwright_instance):
    # launch() starts chromium on a fresh, empty temporary profile (Playwright makes and removes
    # the user-data-dir itself and refuses a --user-data-dir argument), and every test gets its
    # own new context on top of that: no cookies, storage or history carry over.
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def outside_requests():
    """Every request the browser tried to make outside the live server (and the neutral site)."""
    return []


def _new_page(browser, live_server, neutral_site, outside_requests, *, javascript: bool):
    context = browser.new_context(java_script_enabled=javascript, locale="en-GB")
    context.set_default_timeout(10_000)
    allowed = (live_server.url + "/", neutral_site.url)

    def on_route(route):
        url = route.request.url
        if url.startswith(allowed):
            route.continue_()
        else:
            outside_requests.append(url)
            route.abort("blockedbyclient")

    def on_request(request):
        # Catches what routing cannot see (redirect targets); the resolver rule stops them.
        url = request.url
        if not url.startswith(allowed) and url not in outside_requests:
            outside_requests.append(url)

    context.route("**/*", on_route)
    context.on("request", on_request)
    page = context.new_page()
    return context, page


@pytest.fixture
def page(browser, live_server, neutral_site, outside_requests):
    """A tab with JavaScript on, in a brand-new browser context."""
    context, tab = _new_page(browser, live_server, neutral_site, outside_requests, javascript=True)
    yield tab
    context.close()


@pytest.fixture
def page_no_js(browser, live_server, neutral_site, outside_requests):
    """A tab with JavaScript switched off, in a brand-new browser context."""
    context, tab = _new_page(browser, live_server, neutral_site, outside_requests, javascript=False)
    yield tab
    context.close()


_demo_snapshot = {}


def _rows_added_since_migrations(connection) -> str:
    """The rows that differ from the migrated database `serialized_rollback` restores, as JSON.

    Leaving out the hundreds of unchanged rows (permissions, content types) makes writing the
    demo content back several times faster.
    """
    baseline = {
        json.dumps(row, sort_keys=True)
        for row in json.loads(connection._test_serialized_contents)
    }
    rows = json.loads(connection.creation.serialize_db_to_string())
    return json.dumps([row for row in rows if json.dumps(row, sort_keys=True) not in baseline])


def _restore_snapshot(data: str) -> None:
    """Write the saved rows back (on top of the migrated data they include) and fix sequences."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    connection.creation.deserialize_db_from_string(data)
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@pytest.fixture
def demo_content(transactional_db, django_db_serialized_rollback, live_server, neutral_site):
    """The realistic demo site: the guidance tree, privacy and accessibility pages, meetings.

    `load_demo_content` runs once per session; its result is saved and written back for every
    later test, since the database is emptied after each live-server test and loading the
    content takes seconds. The exit control's neutral site is pointed at the local stand-in,
    so nothing is ever fetched from the internet. Caches are cleared: Wagtail caches the site's
    root paths, and the rows are rewritten for every test.
    """
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Site

    from home.models import MaracSettings

    neutral_site.paths.clear()
    cache.clear()
    key = connection.vendor
    if key in _demo_snapshot:
        _restore_snapshot(_demo_snapshot[key])
    else:
        call_command("load_demo_content", verbosity=0)
        _demo_snapshot[key] = _rows_added_since_migrations(connection)
    cache.clear()
    site = Site.objects.get(is_default_site=True)
    settings = MaracSettings.for_site(site)
    settings.exit_url = neutral_site.url
    settings.save()
    return site


@pytest.fixture
def coordinator(demo_content):
    """A member of the 'MARAC coordinators' group (created by migration)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from tests.browser.helpers import COORDINATOR_PASSWORD

    user = get_user_model().objects.create_user("coordinator", "coordinator@example.org",
                                                COORDINATOR_PASSWORD)
    user.groups.add(Group.objects.get(name="MARAC coordinators"))
    return user
