"""Benchmark: 200 referrals submitted at once to gunicorn on the production settings.

Run through `make bench` (all benchmarks) or on its own:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/marac_bench .venv/bin/python \
        benchmarks/referral_submit_bench.py [--sessions 200] [--resubmit 20] [--workers 4] \
        [--keepdb]

It never touches the database named in DATABASE_URL: it creates `test_<name>_submit` beside it,
migrates it, and drops it at the end unless given --keepdb. Everything runs on 127.0.0.1, on
ports from STACK_PORTS (default 8100-8199). `--save` keeps the figures for the next run.

What it does:

1. starts gunicorn (`--workers`, default 4) through the harness (deploy/stack.py): production
   settings with throwaway secrets, collected static files, Redis when REDIS_URL is set,
   RECAPTCHA_VERIFIER=offline (nothing is sent to Google) and TRUSTED_PROXY_COUNT=1, so each
   simulated referrer has its own address (X-Forwarded-For) and the per-address rate limit sees
   200 practitioners, not one machine;
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
import re
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import harness  # noqa: E402
from harness import Site  # noqa: E402

from tests.referral_form.wizard_helpers import (  # noqa: E402 (needs ROOT on the path)
    VALID_ANSWERS,
    checklist_step_answers,
)

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN_FIELD = re.compile(r'name="submission_token" value="([0-9a-f-]{36})"')
REQUEST_TIMEOUT = 600  # generous: a loaded machine queues 200 submits behind 4 workers
# The steps, in order: (path, answers, where the wizard should go next).
JOURNEY = [
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


def describe(label: str, results, wall: float) -> dict:
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
    return {"per_second": len(results) / wall, "median_ms": statistics.median(times) * 1000,
            "p95_ms": p95 * 1000, "slowest_ms": times[-1] * 1000}


def prepare(base: str, count: int, first_number: int) -> list[Referrer]:
    referrers = [Referrer(base, first_number + n) for n in range(count)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(Referrer.walk_to_declaration, referrers))
    print(f"Prepared {count} referrers at the declaration step "
          f"({len(JOURNEY) * 2 + 2} requests each) in {time.perf_counter() - started:.1f} s")
    return referrers


def run(args) -> int:
    problems = []
    print(f"Machine: {harness.machine_note()}")
    figures = harness.Figures("referral_submit")
    with Site.prepare("submit", keep=args.keepdb, demo=False, TRUSTED_PROXY_COUNT="1") as site:
        database_url = site.database.url
        redis = site.env.get("REDIS_URL")
        with site.gunicorn(workers=args.workers, name="submit") as server:
            base = server.url("")
            print(f"gunicorn: {args.workers} workers on {base}, production settings, "
                  f"{'Redis ' + redis if redis else 'no Redis'}")
            referrers = prepare(base, args.sessions, 0)
            tokens = [r.token for r in referrers]

            begin = time.perf_counter()
            results = fire_together(
                [lambda r=r: r.post("/refer/declaration/", r.submit_data()) for r in referrers])
            summary = describe(f"{args.sessions} submits at once", results,
                               time.perf_counter() - begin)
            for key, value in summary.items():
                figures.add(key, value)
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
    for problem in problems:
        print(f"PROBLEM: {problem}")
    figures.add("lost_or_doubled", len(problems))
    print(f"p95 of the 200: {figures.versus_previous('p95_ms', higher_is_better=False)}")
    if args.save:
        figures.save()
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--resubmit", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--keepdb", action="store_true")
    parser.add_argument("--runs", type=int, help="accepted for run.py; this benchmark runs once")
    parser.add_argument("--save", action="store_true", help="save the figures for next time")
    args = parser.parse_args(argv)
    return run(args)


if __name__ == "__main__":
    harness.run_main(lambda: main(sys.argv[1:]))
