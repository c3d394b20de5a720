"""Benchmark: a wizard step POST, alone and with 16 referrers at once, and what it costs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/marac_bench REDIS_URL=redis://127.0.0.1:6379/2 \
        .venv/bin/python benchmarks/wizard_steps_bench.py [--duration 10] [--save] [--keepdb]

Production settings, PostgreSQL, gunicorn with 2 sync workers (deploy/stack.py), Redis when
REDIS_URL is set (sessions then read from Redis and written through to PostgreSQL, as `make
stack` runs). Each of 16 referrers walks to 'About you' (eligibility, checklist and criteria
answered); then, for the checklist step (27 questions) and the 'About you' step:

* alone: one referrer posts the step 300 times in a row (keep-alive): median and p95 latency,
  and the server CPU per POST (the gunicorn workers' user+system time over the run);
* 16 at once: `wrk -t2 -c16`, each request carrying the next of the 16 referrers' cookies;
* where the time goes, in-process over 300 POSTs: session read and write, encryption,
  validation, everything else (Django, middleware, the wizard's own logic).

A POST that is accepted answers with a redirect to the next step, so no page is rendered.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from harness import HOST, SITE_HOST, Figures, Site, percentile, wrk  # noqa: E402

ROOT = harness.ROOT
sys.path.insert(0, str(ROOT))
from tests.referral_form.wizard_helpers import VALID_ANSWERS, checklist_step_answers  # noqa: E402

REFERRERS = 16
ALONE_POSTS = 300
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WALK = [("/refer/eligibility/", VALID_ANSWERS["eligibility"]),
        ("/refer/checklist/", checklist_step_answers()),
        ("/refer/criteria/", VALID_ANSWERS["criteria"])]
MEASURED = [("checklist", "/refer/checklist/", checklist_step_answers()),
            ("about-you", "/refer/about-you/", VALID_ANSWERS["about-you"])]


class Referrer:
    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def send(self, method: str, path: str, data: dict | None = None):
        headers = {"Host": SITE_HOST}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = http.client.HTTPResponse  # for type checkers
        response = self.connection.getresponse()
        text = response.read().decode(errors="replace")
        for raw in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = raw.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        if match := CSRF.search(text):
            self.csrf = match.group(1)
        return response.status, response.getheader("Location", "")

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def walk(self) -> None:
        for path, answers in WALK:
            self.send("GET", path)
            status, location = self.send("POST", path, answers)
            if status != 302:
                raise RuntimeError(f"POST {path}: {status}")
        self.send("GET", "/refer/about-you/")


def worker_cpu_seconds(server) -> float:
    """User+system CPU of the gunicorn master's children (its workers)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    children = subprocess.run(["pgrep", "-P", str(server.process.pid)], capture_output=True,
                              text=True, check=False).stdout.split()
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def alone(server, referrer: Referrer, path: str, answers: dict) -> dict:
    for _ in range(10):
        referrer.send("POST", path, answers)
    cpu_before = worker_cpu_seconds(server)
    times = []
    for _ in range(ALONE_POSTS):
        started = time.perf_counter()
        status, _location = referrer.send("POST", path, answers)
        times.append((time.perf_counter() - started) * 1000)
        if status != 302:
            raise RuntimeError(f"POST {path} answered {status}")
    cpu = (worker_cpu_seconds(server) - cpu_before) * 1000 / ALONE_POSTS
    return {"p50": percentile(times, 0.5), "p95": percentile(times, 0.95), "cpu_ms": cpu}


BREAKDOWN = r'''
import json, sys, time
from django.test import Client
from django.contrib.sessions.backends import db as db_sessions, cache as cache_sessions
from django.contrib.sessions.backends import cached_db
from urllib.parse import urlencode
from django import forms
from referral_form import crypto, wizard

spent = {}
def timed(owner, name, label):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - started
    setattr(owner, name, wrapper)

for store in (db_sessions.SessionStore, cached_db.SessionStore, cache_sessions.SessionStore):
    timed(store, "load", "session read")
    timed(store, "save", "session write")
timed(crypto, "encrypt_text", "encryption")
timed(crypto, "decrypt_text", "encryption")
timed(forms.BaseForm, "full_clean", "validation")
path, answers = sys.argv[1], urlencode(json.loads(sys.argv[2]))
form = "application/x-www-form-urlencoded"  # as browsers send it
client = Client(HTTP_HOST="localhost")
for step, data in json.loads(sys.argv[3]):
    client.get(step); client.post(step, data)
for _ in range(20):
    client.post(path, answers, content_type=form)
spent.clear()
runs = 300
started_cpu, started = time.process_time(), time.perf_counter()
for _ in range(runs):
    response = client.post(path, answers, content_type=form)
    assert response.status_code == 302, response.status_code
total_cpu = (time.process_time() - started_cpu) * 1000 / runs
wall = (time.perf_counter() - started) * 1000 / runs
parts = {k: v * 1000 / runs for k, v in spent.items()}
print("BREAKDOWN " + json.dumps({"cpu": total_cpu, "wall": wall, "parts": parts}))
'''


def breakdown(site: Site, path: str, answers: dict) -> dict:
    import json

    env = {**site.env, "DJANGO_SETTINGS_MODULE": "marac_site.settings.production"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + BREAKDOWN, path,
         json.dumps(answers), json.dumps([[p, a] for p, a in WALK])],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    for line in result.stdout.splitlines():
        if line.startswith("BREAKDOWN "):
            return json.loads(line[10:])
    raise RuntimeError(f"breakdown failed:\n{result.stderr[-3000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--keepdb", action="store_true")
    parser.add_argument("--save", action="store_true")
    args = parser.parse_args()
    harness.require_wrk()
    print(f"Machine: {harness.machine_note()}")
    figures = Figures("wizard_steps")
    with Site.prepare("wizard", keep=args.keepdb) as site:
        sessions = site.env.get("REDIS_URL") and "Redis, written through to PostgreSQL" \
            or "PostgreSQL"
        print(f"Sessions in {sessions}; gunicorn 2 workers; production settings.")
        with site.gunicorn(name="wizard") as server:
            referrers = [Referrer(server.port) for _ in range(REFERRERS)]
            for referrer in referrers:
                referrer.walk()
            cookie_file = site.tmp / "referrers.tsv"
            cookie_file.write_text("".join(f"{r.cookie_header()}\t{r.csrf}\n"
                                           for r in referrers))
            print(f"\n{'step':<12} {'alone p50':>10} {'alone p95':>10} {'CPU/POST':>9} "
                  f"{'16 at once p50':>15} {'p95':>8} {'req/s':>7} {'errors':>6}")
            for name, path, answers in MEASURED:
                one = alone(server, referrers[0], path, answers)
                body = urllib.parse.urlencode(answers)
                load = wrk(server.url(path), duration=args.duration, connections=REFERRERS,
                           script=ROOT / "benchmarks" / "wrk_wizard_post.lua",
                           script_args=[str(cookie_file), body, "2"])
                for key, value in (("alone_p50_ms", one["p50"]), ("alone_p95_ms", one["p95"]),
                                   ("cpu_ms", one["cpu_ms"]), ("p95_ms_16", load.p95_ms),
                                   ("rps_16", load.requests_per_second)):
                    figures.add(f"{name}.{key}", value)
                print(f"{name:<12} {one['p50']:>8.1f}ms {one['p95']:>8.1f}ms "
                      f"{one['cpu_ms']:>7.1f}ms {load.p50_ms:>13.1f}ms {load.p95_ms:>6.1f}ms "
                      f"{load.requests_per_second:>7.0f} {load.errors:>6}  p95 16 at once "
                      f"{figures.versus_previous(name + '.p95_ms_16', higher_is_better=False)}")
        print("\nWhere the CPU goes, in-process, per POST (ms):")
        for name, path, answers in MEASURED:
            found = breakdown(site, path, answers)
            parts = found["parts"]
            rest = found["cpu"] - sum(parts.values())
            print(f"  {name:<10} total {found['cpu']:.2f} CPU ({found['wall']:.2f} wall): "
                  + ", ".join(f"{k} {v:.2f}" for k, v in sorted(parts.items()))
                  + f", the rest (Django, middleware, the wizard) {rest:.2f}")
            figures.add(f"{name}.inprocess_cpu_ms", found["cpu"])
    if args.save:
        figures.save()
    return 0


if __name__ == "__main__":
    harness.run_main(main)
