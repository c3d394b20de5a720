"""Benchmark: public guidance pages under gunicorn, with the page cache on and off.

Run through `make bench` (all benchmarks) or on its own:

    .venv/bin/python benchmarks/guidance_pages_bench.py [--duration 5] [--connections 8]
        [--runs 1] [--keepdb]

What it does, all on this machine (loopback only, nothing fetched from outside):

1. Sets up the production settings (marac_site.settings.production) with throwaway local values
   for every required variable, DEBUG off, SECURE_SSL_REDIRECT=false and ALLOWED_HOSTS=127.0.0.1.
   The database is a SQLite file in a temporary folder, or, when DATABASE_URL names a PostgreSQL
   server, a scratch database `test_<name>_guidance` beside the one named (never `<name>` itself),
   dropped at the end unless --keepdb. Migrates, loads the demo content and collects the static
   files (WhiteNoise's compressed manifest storage, as in production) into a temporary folder.
2. Counts the SQL queries each page makes in-process (Django's test client and
   CaptureQueriesContext), with the page cache off and on.
3. Starts gunicorn with 2 workers on a free port of 127.0.0.1, once with PAGE_CACHE_SECONDS=0 and
   once with 300, and loads each page with `wrk` for --duration seconds. Without wrk it falls
   back to a bounded Python loop (urllib, --connections threads), which is slower at sending
   requests, so its absolute figures are lower; the ratio is what to compare. Install wrk with
   `apt-get install wrk` (Debian package `wrk`).
4. Prints requests per second and latency for each page in both modes and the cached/uncached
   ratio, then the CSS and JavaScript a public page loads (each file's size as sent, and gzipped).

It prints figures only and never fails on a time. It exits non-zero only when it cannot run.
Everything it starts is stopped, and its temporary folder removed, even when interrupted.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    ("/", "home page"),
    ("/making-a-referral/", "guidance index"),
    ("/making-a-referral/referral-criteria/", "guidance page"),
    ("/operating-protocol/", "protocol page"),
    ("/meeting-dates/", "meeting schedule"),
    ("/search/?query=consent", "search results"),
]
HOST = "127.0.0.1"
CACHED_SECONDS = "300"
SERVER_START_TIMEOUT = 90  # seconds for gunicorn to answer its first request
FALLBACK_MAX_REQUESTS = 200_000  # per page and mode, whatever the duration
WRK_INSTALL_HINT = "install wrk for sturdier figures: apt-get install wrk"


# Environment and database


def bench_environment(tmp: Path, database_url: str) -> dict[str, str]:
    """The production settings' required variables, all local throwaway values."""
    from cryptography.fernet import Fernet

    env = {
        key: value for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL", "PAGE_CACHE_SECONDS")
    }
    env.update({
        "DJANGO_SETTINGS_MODULE": "marac_site.settings.production",
        "SECRET_KEY": "benchmark-only-" + secrets.token_urlsafe(40),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": HOST,
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "LOOKUP_HASH_KEY": "benchmark-only-" + secrets.token_urlsafe(32),
        "RECAPTCHA_PUBLIC_KEY": "benchmark-only",
        "RECAPTCHA_PRIVATE_KEY": "benchmark-only",
        "RECAPTCHA_VERIFIER": "offline",
        "RECAPTCHA_LOAD_SCRIPT": "false",
        "EMAIL_HOST": "localhost",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DEFAULT_FROM_EMAIL": "marac@example.org",
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "LOG_LEVEL": "ERROR",
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    return env


@dataclass
class ScratchDatabase:
    url: str
    admin_url: str = ""  # set for PostgreSQL: where CREATE/DROP DATABASE are sent
    name: str = ""

    @classmethod
    def choose(cls, tmp: Path) -> ScratchDatabase:
        given = os.environ.get("DATABASE_URL", "")
        if not given.startswith(("postgres://", "postgresql://")):
            return cls(url=f"sqlite:///{tmp / 'bench.sqlite3'}")
        parts = urlsplit(given)
        base = parts.path.lstrip("/") or "postgres"
        name = f"test_{base}_guidance"
        return cls(url=urlunsplit(parts._replace(path="/" + name)), admin_url=given, name=name)

    def _admin(self, sql: str) -> None:
        import psycopg2

        connection = psycopg2.connect(self.admin_url)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()

    def create(self, keep: bool) -> bool:
        """Create the scratch database; True when one kept from an earlier run is reused."""
        if not self.name:
            return False
        import psycopg2

        try:
            self._admin(f'CREATE DATABASE "{self.name}"')
        except psycopg2.errors.DuplicateDatabase:
            if keep:
                return True
            self._admin(f'DROP DATABASE "{self.name}"')
            self._admin(f'CREATE DATABASE "{self.name}"')
        return False

    def drop(self) -> None:
        if self.name:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')


# Django in this process: set-up commands and query counts


def set_up_site(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command

    quiet = StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0, stdout=quiet)
    call_command("load_demo_content", stdout=quiet)
    call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)


def count_queries() -> dict[str, tuple[int, int]]:
    """Queries per request for each page: (page cache off, served from the page cache)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    def counted(client: Client, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_HOST=HOST)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code} in-process")
        return len(queries.captured_queries)

    counts = {}
    cache.clear()
    for url, _label in PAGES:
        client = Client()
        client.get(url, HTTP_HOST=HOST)  # warm the site root paths, as a running site has
        uncached = counted(client, url)
        with override_settings(CACHE_MIDDLEWARE_SECONDS=int(CACHED_SECONDS)):
            cached_client = Client()
            counted(cached_client, url)  # fills the page cache
            cached = counted(cached_client, url)
        counts[url] = (uncached, cached)
    cache.clear()
    connection.close()
    return counts


def clear_page_cache() -> None:
    from django.core.cache import cache
    from django.db import connections

    cache.clear()
    connections.close_all()


# gunicorn


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with two workers on a free loopback port, in its own process group."""

    def __init__(self, env: dict[str, str], page_cache_seconds: str, log: Path):
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "marac_site.wsgi:application",
             "--workers", "2", "--bind", f"{HOST}:{self.port}", "--timeout", "60",
             "--graceful-timeout", "5", "--log-level", "warning",
             "--error-logfile", str(log)],
            cwd=ROOT, env={**env, "PAGE_CACHE_SECONDS": page_cache_seconds},
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
        )
        RUNNING.append(self)

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped on start; see its log:\n{self.tail()}")
            try:
                with urllib.request.urlopen(self.base + "/", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer in {SERVER_START_TIMEOUT}s:\n{self.tail()}")

    def tail(self) -> str:
        try:
            return "\n".join(self.log.read_text().splitlines()[-20:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(timeout=5)
        if self in RUNNING:
            RUNNING.remove(self)


RUNNING: list[Server] = []


# Load generators


@dataclass
class Load:
    requests_per_second: float
    latency_ms: dict[str, float]  # "mean", "p50", "p99"
    requests: int
    errors: int = 0
    notes: list[str] = field(default_factory=list)


def _milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def load_with_wrk(url: str, duration: int, connections: int) -> Load:
    command = ["wrk", "--threads", "2", "--connections", str(connections),
               "--duration", f"{duration}s", "--timeout", "10s", "--latency", url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60,
                            check=False)
    out = result.stdout
    if result.returncode:
        raise RuntimeError(f"wrk failed: {result.stderr or out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    mean = _milliseconds(re.search(r"Latency\s+(\S+)", out).group(1))
    p50 = _milliseconds(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _milliseconds(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        errors += int(match.group(1))
    if match := re.search(r"Socket errors:.*?timeout (\d+)", out):
        errors += int(match.group(1))
    return Load(rate, {"mean": mean, "p50": p50, "p99": p99}, total, errors)


def load_with_python(url: str, duration: int, connections: int) -> Load:
    """A bounded loop of urllib requests from `connections` threads, for `duration` seconds."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def worker():
        while time.monotonic() < stop_at:
            with lock:
                if len(latencies) + errors[0] >= FALLBACK_MAX_REQUESTS:
                    return
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    response.read()
                    ok = response.status == 200
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1

    began = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 30)
    elapsed = time.monotonic() - began
    if not latencies:
        return Load(0.0, {"mean": float("nan"), "p50": float("nan"), "p99": float("nan")},
                    0, errors[0])
    ordered = sorted(latencies)
    return Load(
        len(latencies) / elapsed,
        {"mean": statistics.fmean(ordered), "p50": ordered[len(ordered) // 2],
         "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]},
        len(latencies), errors[0],
    )


# Static files


class AssetParser(HTMLParser):
    """Stylesheets and scripts a page loads, and any inline script text."""

    def __init__(self):
        super().__init__()
        self.assets: list[tuple[str, str]] = []  # (kind, url)
        self.inline_script_bytes = 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.assets.append(("css", attributes.get("href") or ""))
        elif tag == "script":
            if attributes.get("src"):
                self.assets.append(("js", attributes["src"]))
            else:
                self._in_script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.inline_script_bytes += len(data.encode())


def fetch(url: str, *, gzip_ok: bool = False) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), {k.lower(): v for k, v in response.headers.items()}


def static_weight(base: str) -> tuple[list[dict], int, set[str]]:
    """Every CSS and JS file the benchmarked pages load: size as sent and gzipped."""
    files: dict[str, dict] = {}
    inline = 0
    other_hosts: set[str] = set()
    for path, _label in PAGES:
        html, _headers = fetch(base + path)
        parser = AssetParser()
        parser.feed(html.decode())
        inline = max(inline, parser.inline_script_bytes)
        for kind, url in parser.assets:
            host = urlsplit(url).netloc
            if host and host != f"{HOST}:{base.rsplit(':', 1)[1]}":
                other_hosts.add(host)
                continue
            if url in files:
                continue
            body, _ = fetch(base + url)
            gz_body, gz_headers = fetch(base + url, gzip_ok=True)
            sent_gzip = len(gz_body) if gz_headers.get("content-encoding") == "gzip" else None
            files[url] = {
                "kind": kind, "url": url, "bytes": len(body),
                "gzip": sent_gzip if sent_gzip is not None else len(gzip.compress(body, 9)),
                "gzip_served": sent_gzip is not None,
            }
    return sorted(files.values(), key=lambda f: (f["kind"], f["url"])), inline, other_hosts


# Report


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5,
                        help="seconds of load per page and mode (default 5)")
    parser.add_argument("--connections", type=int, default=8,
                        help="concurrent connections (default 8)")
    parser.add_argument("--runs", type=int, default=1,
                        help="rounds of off/on measurements; the median is reported")
    parser.add_argument("--keepdb", action="store_true",
                        help="keep (and reuse) the PostgreSQL scratch database")
    parser.add_argument("--python-loop", action="store_true",
                        help="use the Python fallback even when wrk is installed")
    args = parser.parse_args()
    args.duration = max(1, min(args.duration, 60))
    args.connections = max(1, min(args.connections, 64))
    args.runs = max(1, min(args.runs, 5))

    use_wrk = shutil.which("wrk") is not None and not args.python_loop
    load = load_with_wrk if use_wrk else load_with_python
    tmp = Path(tempfile.mkdtemp(prefix="marac-guidance-bench-"))
    database = ScratchDatabase.choose(tmp)
    env = bench_environment(tmp, database.url)

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    started = time.monotonic()
    try:
        reused = database.create(keep=args.keepdb)
        print(f"Database: {'PostgreSQL ' + database.name if database.name else 'SQLite'}"
              f"{' (kept from an earlier run)' if reused else ''}; production settings, "
              f"DEBUG off, {env['STATIC_ROOT']} for collected static files.", flush=True)
        set_up_site(env)
        counts = count_queries()
        tool = "wrk" if use_wrk else f"Python urllib loop (wrk not installed; {WRK_INSTALL_HINT})"
        print(f"Load: {tool}, "
              f"{args.connections} connections, {args.duration}s per page and mode, "
              f"gunicorn 2 workers, {args.runs} round(s).\n", flush=True)

        results: dict[tuple[str, str], list[Load]] = {}
        static = None
        for _round in range(args.runs):
            for mode, seconds in (("uncached", "0"), ("cached", CACHED_SECONDS)):
                # The fetch half of the page cache still answers from whatever is stored, so
                # the uncached run starts from an empty cache.
                clear_page_cache()
                server = Server(env, seconds, tmp / f"gunicorn-{mode}.log")
                try:
                    server.wait_until_ready()
                    for path, _label in PAGES:
                        for _ in range(3):  # warm: fill the page cache and each worker
                            fetch(server.base + path)
                        results.setdefault((path, mode), []).append(
                            load(server.base + path, args.duration, args.connections))
                    if static is None and mode == "cached":
                        static = static_weight(server.base)
                finally:
                    server.stop()

        def median_load(loads: list[Load]) -> Load:
            return sorted(loads, key=lambda item: item.requests_per_second)[len(loads) // 2]

        print(f"{'page':<40} {'mode':<9} {'req/s':>8} {'mean ms':>8} {'p50 ms':>7} "
              f"{'p99 ms':>7} {'errors':>6} {'queries':>7}")
        ratios = []
        for path, _label in PAGES:
            uncached = median_load(results[(path, "uncached")])
            cached = median_load(results[(path, "cached")])
            for mode, figures in (("uncached", uncached), ("cached", cached)):
                queries = counts[path][0 if mode == "uncached" else 1]
                print(f"{path:<40} {mode:<9} {figures.requests_per_second:>8.1f} "
                      f"{figures.latency_ms['mean']:>8.1f} {figures.latency_ms['p50']:>7.1f} "
                      f"{figures.latency_ms['p99']:>7.1f} {figures.errors:>6} {queries:>7}")
            ratio = (cached.requests_per_second / uncached.requests_per_second
                     if uncached.requests_per_second else float("nan"))
            ratios.append(ratio)
            print(f"{'':<40} {'ratio':<9} {ratio:>7.1f}x requests/s cached vs uncached")
        print(f"\nCached/uncached requests/s ratio: median {statistics.median(ratios):.1f}x, "
              f"lowest {min(ratios):.1f}x.")
        print("Queries per page: 'uncached' with the page cache off; 'cached' is the page "
              "cache's own reads (the database cache unless REDIS_URL is set).")

        files, inline, other_hosts = static
        print("\nCSS and JavaScript loaded by these pages (WhiteNoise, hashed names):")
        for item in files:
            served = "served gzipped" if item["gzip_served"] else "gzip computed"
            print(f"  {item['kind']:<4} {item['url']:<58} {kb(item['bytes']):>9} "
                  f"{kb(item['gzip']):>9} gzip ({served})")
        for kind in ("css", "js"):
            chosen = [f for f in files if f["kind"] == kind]
            print(f"  total {kind}: {kb(sum(f['bytes'] for f in chosen))}, "
                  f"gzip {kb(sum(f['gzip'] for f in chosen))} ({len(chosen)} files)")
        print(f"  total css+js: {kb(sum(f['bytes'] for f in files))}, "
              f"gzip {kb(sum(f['gzip'] for f in files))}; inline script {inline} bytes")
        if other_hosts:
            print(f"  WARNING: assets from other hosts: {', '.join(sorted(other_hosts))}")
        print(f"\nFinished in {time.monotonic() - started:.0f}s.")
        return 0
    except KeyboardInterrupt:
        print("Interrupted; cleaning up.", file=sys.stderr)
        return 1
    except Exception as error:  # report why it could not run, then clean up
        print(f"guidance_pages_bench could not run: {error}", file=sys.stderr)
        return 1
    finally:
        for server in list(RUNNING):
            server.stop()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django may never have been set up
            pass
        if not args.keepdb:
            try:
                database.drop()
            except Exception as error:
                print(f"Could not drop {database.name}: {error}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
