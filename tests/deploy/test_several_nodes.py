"""Several app nodes behind the front cache, as production runs them (deploy/stack.py).

Two gunicorn nodes with the production settings share one PostgreSQL database and one Redis,
behind Varnish with deploy/varnish/marac.vcl, with the task worker sending Wagtail's purges.
One referrer walks the wizard with each step on the other node, one node is stopped and
restarted in the middle of it, and an editor publishes a page on one node while the change is
read back through the front cache.

Needs PostgreSQL (DATABASE_URL), Redis (STACK_REDIS_URL, default redis://127.0.0.1:6379/5) and
varnishd (`apt-get install varnish`; .ci/run installs it). Select with `-m nodes`.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import time
import urllib.parse
from html.parser import HTMLParser

import pytest

from deploy import stack
from tests.referral_form.wizard_helpers import VALID_ANSWERS, checklist_step_answers

pytestmark = pytest.mark.nodes

REDIS_URL = os.environ.get("STACK_REDIS_URL", "redis://127.0.0.1:6379/5")
EDITOR, PASSWORD = "nodes-editor", "a-long-password-for-the-nodes-test"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STEPS = [
    ("/refer/eligibility/", VALID_ANSWERS["eligibility"], "/refer/checklist/"),
    ("/refer/checklist/", checklist_step_answers(), "/refer/criteria/"),
    ("/refer/criteria/", VALID_ANSWERS["criteria"], "/refer/about-you/"),
    ("/refer/about-you/", VALID_ANSWERS["about-you"], "/refer/person-at-risk/"),
    ("/refer/person-at-risk/", VALID_ANSWERS["person-at-risk"], "/refer/people-causing-harm/"),
    ("/refer/people-causing-harm/add/", VALID_ANSWERS["people-causing-harm"],
     "/refer/people-causing-harm/"),
    ("/refer/people-causing-harm/", {"add_another": "no"}, "/refer/children/"),
    ("/refer/children/", {"has_children": "no"}, "/refer/what-happened/"),
    ("/refer/what-happened/", VALID_ANSWERS["what-happened"], "/refer/closed-marac/"),
    ("/refer/closed-marac/", VALID_ANSWERS["closed-marac"], "/refer/check-answers/"),
]
RESTART_AFTER = 4  # steps answered before one node is stopped


def redis_reachable(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def missing_requirement() -> str | None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return "needs DATABASE_URL pointing at PostgreSQL"
    if not (shutil.which("varnishd") or os.path.exists("/usr/sbin/varnishd")):
        return "needs varnishd (apt-get install varnish)"
    if not redis_reachable(REDIS_URL):
        return f"needs Redis at {REDIS_URL}"
    return None


class Browser:
    """Cookies and CSRF token of one browser, sending each request to the address given."""

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(self, base: str, path: str, data: dict | None = None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf},
                                          doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response_headers, content = stack.get(
            base + path, method="POST" if data is not None else "GET", data=body,
            headers=headers)
        for raw in response_headers.get("_set_cookie", []):
            name, _, rest = raw.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in raw.lower() or value in ('""', ""):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        text = content.decode(errors="replace")
        if match := CSRF_FIELD.search(text):
            self.csrf = match.group(1)
        return status, response_headers, text


class FormFields(HTMLParser):
    """Every field of one form (by id) with the value a browser would send unchanged."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._textarea = self._select = None
        self._buffer = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or not a.get("name"):
            if tag == "option" and self._select is not None and "selected" in a:
                self.fields.append((self._select, a.get("value", "")))
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._buffer = a["name"], ""
        elif tag == "select":
            self._select = a["name"]

    def handle_data(self, data):
        if self._textarea is not None:
            self._buffer += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._buffer))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


@pytest.fixture(scope="module")
def nodes():
    if reason := missing_requirement():
        if os.environ.get("CI"):
            pytest.fail(f"The several-nodes test cannot run in CI: it {reason}")
        pytest.skip(reason)
    front_port = stack.free_port()
    site = stack.Site.prepare("nodes", REDIS_URL=REDIS_URL,
                              FRONT_CACHE_URL=f"http://{stack.HOST}:{front_port}",
                              PAGE_CACHE_SECONDS="300")
    try:
        site.manage("shell", "-c", (
            "from django.contrib.auth import get_user_model; "
            f"get_user_model().objects.create_superuser('{EDITOR}', 'nodes@example.org', "
            f"'{PASSWORD}')"))
        first = site.gunicorn(workers=1, name="a", access_log=True)
        second = site.gunicorn(workers=1, name="b", access_log=True)
        front = site.varnish([first, second], port=front_port)
        worker = site.worker()
        yield {"site": site, "nodes": [first, second], "front": front, "worker": worker}
    finally:
        site.close()


def wait_until_healthy(front: stack.Varnish, path: str = "/", tries: int = 60) -> None:
    for _ in range(tries):
        if stack.get(front.url(path))[0] == 200:
            return
        time.sleep(0.25)
    raise AssertionError(f"the front cache never answered 200 for {path}")


def answer(browser: Browser, base: str, path: str, answers: dict, expected: str) -> None:
    status, _headers, _text = browser.request(base, path)
    assert status == 200, f"GET {path} on {base}: {status}"
    status, headers, _text = browser.request(base, path, answers)
    assert status == 302 and headers.get("location", "").endswith(expected), (
        f"POST {path} on {base}: {status} to {headers.get('location')!r}")


def test_a_referral_walks_across_two_nodes_and_survives_a_restart(nodes):
    first, second = nodes["nodes"]
    browser = Browser()
    people = {"/refer/person-at-risk/": {"first_name": "Nodes", "last_name": "Walker"}}
    for number, (path, answers, expected) in enumerate(STEPS):
        node = nodes["nodes"][number % 2]
        answer(browser, node.url(""), path, {**answers, **people.get(path, {})}, expected)
        if number + 1 == RESTART_AFTER:
            # Stop one node in the middle of the referral; the next step goes through the
            # front cache, which must send it to the node still running.
            port = second.port
            second.stop()
            next_path, next_answers, next_expected = STEPS[number + 1]
            status, headers, _text = browser.request(nodes["front"].url(""), next_path)
            assert status == 200 and "no-store" in headers.get("cache-control", "")
            assert headers.get("x-cache") == "MISS"
            second = nodes["site"].gunicorn(workers=1, port=port, name="b2", access_log=True)
            nodes["nodes"][1] = second
    status, _headers, text = browser.request(nodes["nodes"][0].url(""), "/refer/check-answers/")
    assert status == 200
    # Everything typed on either node, before and after the restart, is still there.
    for expected_text in ("Nodes", "Walker", VALID_ANSWERS["about-you"]["name"]):
        assert expected_text in text
    served = [line for node in (first, nodes["nodes"][1]) for line in node.requests_served()]
    assert any(line.startswith("POST /refer/") for line in first.requests_served())
    assert any(line.startswith("POST /refer/") for line in nodes["nodes"][1].requests_served())
    assert not [line for line in served if line.endswith((" 500", " 502", " 503"))]


def test_a_page_published_on_one_node_is_purged_from_the_front_cache(nodes):
    front, first = nodes["front"], nodes["nodes"][0]
    wait_until_healthy(front)
    index, home = "/making-a-referral/", "/"
    for path in (index, home):
        stack.get(front.url(path))
        status, headers, _body = stack.get(front.url(path))
        assert status == 200 and headers.get("x-cache") == "HIT", (path, headers)

    editor = Browser()
    editor.request(first.url(""), "/admin/login/")
    status, _h, _t = editor.request(first.url(""), "/admin/login/",
                                    {"username": EDITOR, "password": PASSWORD})
    assert status == 302 and "marac_staff" in editor.cookies
    # A signed-in browser is never given a cached page, and its own is never stored.
    status, headers, text = editor.request(front.url(""), index)
    assert headers.get("x-cache") == "MISS" and "wagtail-userbar" in text

    page_id = nodes["site"].manage("shell", "-c", (
        "from wagtail.models import Page; "
        "print(Page.objects.get(url_path='/home/making-a-referral/').pk)")).split()[-1]
    status, _h, edit = editor.request(first.url(""), f"/admin/pages/{page_id}/edit/")
    assert status == 200
    form = FormFields("page-edit-form")
    form.feed(edit)
    fields = [(name, "Making a referral, revised on node A" if name == "title" else value)
              for name, value in form.fields if name != "csrfmiddlewaretoken"]
    fields.append(("action-publish", "action-publish"))
    body = urllib.parse.urlencode([*fields, ("csrfmiddlewaretoken", editor.csrf)]).encode()
    status, headers, _text = stack.get(
        first.url(f"/admin/pages/{page_id}/edit/"), method="POST", data=body,
        headers={"Cookie": "; ".join(f"{k}={v}" for k, v in editor.cookies.items()),
                 "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 302, "the publish was refused"

    # The worker sends the purge; both the page and the home page that lists it change.
    deadline = time.monotonic() + 30
    seen = {}
    while time.monotonic() < deadline:
        seen = {path: stack.get(front.url(path))[2].decode() for path in (index, home)}
        if all("revised on node A" in text for text in seen.values()):
            break
        time.sleep(0.25)
    assert all("revised on node A" in text for text in seen.values()), (
        "the front cache still serves the old page:\n" + nodes["worker"].tail())
    # And it is cached again for everyone else.
    answers = [stack.get(front.url(index))[1] for _ in range(3)]
    assert answers[-1].get("x-cache") == "HIT", [
        {k: v for k, v in a.items() if k in ("x-cache", "age", "cache-control", "vary")}
        for a in answers]


def test_the_front_cache_never_keeps_forms_search_or_a_session(nodes):
    front = nodes["front"]
    wait_until_healthy(front)
    for path in ("/refer/", "/check-criteria/", "/search/?query=consent", "/admin/login/"):
        for _ in range(2):
            status, headers, _body = stack.get(front.url(path))
        assert status == 200 and headers.get("x-cache") == "MISS", (path, headers)
    stack.get(front.url("/making-a-referral/"))
    _s, headers, _b = stack.get(front.url("/making-a-referral/"),
                                headers={"Cookie": "sessionid=not-a-real-session"})
    assert headers.get("x-cache") == "MISS"
    # A purge from anywhere but the app nodes' addresses is refused by the VCL's ACL, which
    # only lists loopback; here every client is loopback, so check the PURGE method is handled.
    status, _h, _b = stack.get(front.url("/making-a-referral/"), method="PURGE")
    assert status == 200
