"""Benchmark: 200 referrals submitted at once to gunicorn on the production settings.

Run through `make bench` (all benchmarks) or on its own:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/marac_bench .venv/bin/python \
        benchmarks/referral_submit_bench.py [--sessions 200] [--resubmit 20] [--workers 4] \
        [--keepdb]

It never touches the database named in DATABASE_URL: it creates `test_<name>_submit` beside it
(its own name, so it cannot collide with another benchmark's kept `test_<name>`), migrates it, and
drops it at the end unless given --keepdb. Everything runs on 127.0.0.1.

What it does:

1. starts gunicorn (`--workers`, default 4) on a free loopback port with
   `marac_site.settings.production` and throwaway values for the required secrets,
   SECURE_SSL_REDIRECT=false, RECAPTCHA_VERIFIER=offline (nothing is sent to Google) and
   TRUSTED_PROXY_COUNT=1, so each simulated referrer has its own address (X-Forwarded-For) and
   the per-address rate limit sees 200 practitioners, not one machine. The one deviation from
   production is the plain static files storage instead of the manifest one (no collectstatic
   needed), made in a settings module written to a temporary folder;
2. walks `--sessions` independent referrers (own cookies, own CSRF token) through every wizard
   step to the declaration, checking each step accepts its answers (not timed);
3. releases all their final submits at the same moment (one thread each, behind a barrier) and
   prints throughput, median, 95th percentile and slowest response time;
4. checks in the database that every submission token is stored exactly once, then re-sends
   `--resubmit` of the same submits at once (back and resubmit) and checks no row is added;
5. sends `--resubmit` fresh referrals twice each at the same moment (a double click racing
   itself) and checks each is stored exactly once.

It prints figures only and never fails on a time; it exits non-zero when it cannot run (no
PostgreSQL, gunicorn does not start) or when a referral is lost or stored twice.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.referral_form.wizard_helpers import (  # noqa: E402 (needs ROOT on the path)
    VALID_ANSWERS,
    checklist_answers,
)

SETTINGS_MODULE = "referral_submit_bench_settings"
SETTINGS_SOURCE = '''"""Production settings, plain static storage (no collectstatic manifest)."""
from marac_site.settings.production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
'''
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN_FIELD = re.compile(r'name="submission_token" value="([0-9a-f-]{36})"')
REQUEST_TIMEOUT = 600  # generous: a loaded machine queues 200 submits behind 4 workers
# The steps, in order: (path, answers, where the wizard should go next).
JOURNEY = [
    ("/refer/eligibility/", VALID_ANSWERS["eligibility"], "/refer/checklist/"),
    ("/refer/checklist/", checklist_answers(), "/refer/criteria/"),
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scratch_database(url: str) -> tuple[str, str]:
    """(admin URL for the server's 'postgres' database, URL of test_<name>_submit)."""
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/") or "marac"
    scratch = f"test_{name}_submit"
    return (urllib.parse.urlunsplit(parts._replace(path="/postgres")),
            urllib.parse.urlunsplit(parts._replace(path=f"/{scratch}")))


def admin_sql(admin_url: str, sql: str) -> None:
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def server_env(database_url: str, settings_dir: str) -> dict:
    from cryptography.fernet import Fernet

    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "PYTHONPATH": os.pathsep.join([settings_dir, str(ROOT), env.get("PYTHONPATH", "")]),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "benchmark-only-" + secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "LOOKUP_HASH_KEY": "benchmark-only-" + secrets.token_urlsafe(32),
        "RECAPTCHA_PUBLIC_KEY": "benchmark-only",
        "RECAPTCHA_PRIVATE_KEY": "benchmark-only",
        "RECAPTCHA_VERIFIER": "offline",
        "RECAPTCHA_LOAD_SCRIPT": "false",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "1",  # nothing listens: mail is only queued by the task backend here
        "DEFAULT_FROM_EMAIL": "marac@example.org",
        "WAGTAILADMIN_BASE_URL": "https://marac.example.org",
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTED_PROXY_COUNT": "1",
        "PYTHONWARNINGS": "ignore",
    })
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)


def start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(
        [str(gunicorn), "marac_site.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--timeout", "120", "--backlog", "2048",
         "--log-level", "warning"],
        env=env, cwd=ROOT,
    )


def wait_until_ready(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/refer/", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer within 120 seconds")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


FIRST_NAMES = ["Alex", "Sam", "Jo", "Chris", "Kim", "Robin", "Priya", "Aisha", "Olena", "Maria",
               "Grace", "Zainab", "Hannah", "Megan", "Nadia", "Emma"]
LAST_NAMES = ["Smith", "Jones", "Patel", "Khan", "Begum", "Evans", "Walker", "Wright", "Hughes",
              "Green", "Hall", "Clarke", "Kowalski", "Novak", "Lewis", "Martin"]


def people_for(number: int) -> dict:
    """Different people for each referrer, as 200 real referrals would be (the same person
    referred 200 times would make every referral a repeat of all the others)."""
    first = FIRST_NAMES[number % len(FIRST_NAMES)]
    last = LAST_NAMES[number // len(FIRST_NAMES) % len(LAST_NAMES)]
    birth = f"{1 + number % 28:02d}/{1 + number // 28 % 12:02d}/{1960 + number % 40}"
    harmer = f"{FIRST_NAMES[(number + 5) % len(FIRST_NAMES)]} {last}-{LAST_NAMES[number % 16]}"
    return {
        "/refer/person-at-risk/": {"first_name": first, "last_name": last,
                                   "date_of_birth": birth},
        "/refer/people-causing-harm/add/": {"name": harmer},
    }


class Referrer:
    """One practitioner's browser: own cookies, own address, own CSRF token."""

    def __init__(self, base: str, number: int):
        self.base = base
        self.http = requests.Session()
        self.http.headers["X-Forwarded-For"] = f"10.{number // 250 % 250}.{number % 250}.{7}"
        self.csrf = ""
        self.token = ""
        self.cookies_before_submit = None
        self.people = people_for(number)

    def loopback_cookies(self) -> None:
        """Send the production settings' Secure cookies back over plain HTTP on 127.0.0.1."""
        for cookie in self.http.cookies:
            cookie.secure = False

    def get(self, path: str) -> requests.Response:
        response = self.http.get(self.base + path, timeout=REQUEST_TIMEOUT,
                                 allow_redirects=False)
        self.loopback_cookies()
        match = CSRF_FIELD.search(response.text)
        if match:
            self.csrf = match.group(1)
        return response

    def post(self, path: str, data: dict) -> requests.Response:
        response = self.http.post(self.base + path,
                                  data={**data, "csrfmiddlewaretoken": self.csrf},
                                  timeout=REQUEST_TIMEOUT, allow_redirects=False)
        self.loopback_cookies()
        return response

    def walk_to_declaration(self) -> None:
        for path, answers, expected in JOURNEY:
            page = self.get(path)
            if page.status_code != 200:
                raise RuntimeError(f"GET {path}: {page.status_code}")
            response = self.post(path, {**answers, **self.people.get(path, {})})
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not location.endswith(expected):
                raise RuntimeError(f"POST {path}: {response.status_code} to {location!r}")
        if self.get("/refer/check-answers/").status_code != 200:
            raise RuntimeError("check answers was not shown")
        page = self.get("/refer/declaration/")
        match = TOKEN_FIELD.search(page.text)
        if page.status_code != 200 or not match:
            raise RuntimeError(f"declaration: {page.status_code}, token found: {bool(match)}")
        self.token = match.group(1)
        self.cookies_before_submit = self.http.cookies.copy()

    def submit_data(self) -> dict:
        return {"confirm": "on", "submission_token": self.token, "website": "", "captcha": ""}


def fire_together(calls) -> list[tuple[float, int, str]]:
    """Run the (zero-argument) calls at the same moment; (seconds, status, location) each."""
    barrier = threading.Barrier(len(calls))

    def timed(call):
        barrier.wait()
        started = time.perf_counter()
        try:
            response = call()
            status, location = response.status_code, response.headers.get("Location", "")
        except requests.RequestException as exc:
            status, location = 0, type(exc).__name__
        return time.perf_counter() - started, status, location

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(timed, calls))


def stored_counts(database_url: str, tokens: list[str]) -> tuple[int, int, dict]:
    """(rows for these tokens, distinct tokens among them, {spam reason or verdict: rows})."""
    connection = psycopg2.connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "select count(*), count(distinct submission_token) from referral_form_referral "
                "where submission_token::text = any(%s)", (tokens,))
            rows, distinct = cursor.fetchone()
            cursor.execute(
                "select coalesce(nullif(spam_reason, ''), verification), count(*) "
                "from referral_form_referral where submission_token::text = any(%s) "
                "group by 1", (tokens,))
            kinds = dict(cursor.fetchall())
    finally:
        connection.close()
    return rows, distinct, kinds


def describe(label: str, results, wall: float) -> None:
    times = sorted(seconds for seconds, _status, _location in results)
    statuses: dict = {}
    for _seconds, status, location in results:
        key = f"{status} -> {location.replace('http://127.0.0.1', '') or '-'}"
        statuses[key] = statuses.get(key, 0) + 1
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
    print(f"{label}: {len(results)} requests in {wall:.2f} s = "
          f"{len(results) / wall:.1f} per second")
    print(f"  response time: median {statistics.median(times) * 1000:.0f} ms, "
          f"95th percentile {p95 * 1000:.0f} ms, slowest {times[-1] * 1000:.0f} ms")
    print("  answers: " + ", ".join(f"{count} x {key}" for key, count in sorted(statuses.items())))


def prepare(base: str, count: int, first_number: int) -> list[Referrer]:
    referrers = [Referrer(base, first_number + n) for n in range(count)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(Referrer.walk_to_declaration, referrers))
    print(f"Prepared {count} referrers at the declaration step "
          f"({len(JOURNEY) * 2 + 2} requests each) in {time.perf_counter() - started:.1f} s")
    return referrers


def run(args, database_url: str) -> int:
    problems = []
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="marac-bench-") as settings_dir:
        Path(settings_dir, f"{SETTINGS_MODULE}.py").write_text(SETTINGS_SOURCE)
        env = server_env(database_url, settings_dir)
        started = time.perf_counter()
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        name = database_url.rsplit("/", 1)[-1]
        print(f"Migrated {name} in {time.perf_counter() - started:.0f} s")
        server = start_gunicorn(env, port, args.workers)
        try:
            wait_until_ready(server, port)
            print(f"gunicorn: {args.workers} workers on {base}, production settings")
            referrers = prepare(base, args.sessions, 0)
            tokens = [r.token for r in referrers]

            begin = time.perf_counter()
            results = fire_together(
                [lambda r=r: r.post("/refer/declaration/", r.submit_data()) for r in referrers])
            describe(f"{args.sessions} submits at once", results, time.perf_counter() - begin)
            rows, distinct, kinds = stored_counts(database_url, tokens)
            print(f"  stored: {rows} rows for {len(tokens)} submission tokens "
                  f"({distinct} distinct); " + ", ".join(f"{v} {k}" for k, v in kinds.items()))
            confirmed = sum(1 for _s, status, location in results
                            if status == 302 and location.endswith("/refer/confirmation/"))
            if rows != len(tokens) or distinct != len(tokens) or confirmed != len(tokens):
                problems.append(f"{rows} rows, {distinct} tokens, {confirmed} confirmations "
                                f"for {len(tokens)} submits")

            # Back and resubmit: the same POST with the cookies held before the first submit.
            again = referrers[: args.resubmit]
            for referrer in again:
                referrer.http.cookies = referrer.cookies_before_submit
            begin = time.perf_counter()
            results = fire_together(
                [lambda r=r: r.post("/refer/declaration/", r.submit_data()) for r in again])
            describe(f"{len(again)} resubmits at once", results, time.perf_counter() - begin)
            after, _distinct, _kinds = stored_counts(database_url, tokens)
            print(f"  stored: {after} rows for the {len(tokens)} tokens "
                  f"({after - rows} added)")
            if after != rows:
                problems.append(f"resubmitting added {after - rows} rows")

            # Double click: fresh referrers each send the same submit twice at the same moment.
            doubles = prepare(base, args.resubmit, args.sessions)
            begin = time.perf_counter()
            results = fire_together(
                [lambda r=r: r.post("/refer/declaration/", r.submit_data())
                 for r in doubles for _ in range(2)])
            describe(f"{len(doubles)} double clicks ({2 * len(doubles)} submits at once)",
                     results, time.perf_counter() - begin)
            double_tokens = [r.token for r in doubles]
            rows, distinct, _kinds = stored_counts(database_url, double_tokens)
            print(f"  stored: {rows} rows for {len(double_tokens)} submission tokens")
            if rows != len(double_tokens) or distinct != len(double_tokens):
                problems.append(f"double clicks stored {rows} rows for {len(double_tokens)}")
        finally:
            stop(server)
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--resubmit", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--keepdb", action="store_true")
    parser.add_argument("--runs", type=int, help="accepted for run.py; this benchmark runs once")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("referral_submit_bench: set DATABASE_URL to a PostgreSQL server, for example "
              "postgres://postgres@127.0.0.1:5432/marac_bench (the benchmark works in "
              "test_<name>_submit and never touches <name> itself).")
        return 2
    admin_url, database_url = scratch_database(url)
    name = database_url.rsplit("/", 1)[-1]
    try:
        admin_sql(admin_url, f'create database "{name}"')
    except psycopg2.errors.DuplicateDatabase:
        if not args.keepdb:
            admin_sql(admin_url, f'drop database "{name}" with (force)')
            admin_sql(admin_url, f'create database "{name}"')
    except psycopg2.OperationalError as exc:
        print(f"referral_submit_bench: cannot reach PostgreSQL ({exc}).")
        return 2
    try:
        return run(args, database_url)
    finally:
        if not args.keepdb:
            admin_sql(admin_url, f'drop database if exists "{name}" with (force)')
            print(f"Dropped {name}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
