"""Benchmark: public pages through the front cache, from the origin (page cache on and off),
against nginx serving the same HTML as files and, when present, wagtail/bakerydemo.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/marac_bench .venv/bin/python \
        benchmarks/public_pages_bench.py [--duration 5] [--runs 3] [--save] [--keepdb]

All on loopback, production settings, PostgreSQL, gunicorn with 2 sync workers, `wrk -t2 -c16`:

* front cache: Varnish with deploy/varnish/marac.vcl in front of gunicorn;
* origin, page cached: gunicorn alone with the page cache on (Redis when REDIS_URL is set, as
  `make stack` runs it; the shipped default otherwise);
* origin, uncached: gunicorn with PAGE_CACHE_SECONDS=0, and the SQL queries each page makes;
* nginx: the same HTML saved to files (and gzipped beside them), the ceiling for any cache;
* bakerydemo (BAKERYDEMO_DIR, see benchmarks/README.md): its home page and a blog post, served
  the same way (production-like settings, PostgreSQL, gunicorn 2 workers).

Each figure is printed as req/s and p50/p99 latency, as a ratio to nginx in this run and to the
previous saved figures (benchmarks/figures/public_pages.json; `--save` replaces them). Then the
weight of each page: HTML, CSS and JS before compression, and any request to another host.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from harness import Figures, Load, Nginx, Site, get, median_load, wrk  # noqa: E402

PAGES = [
    ("home", "/"),
    ("guidance", "/making-a-referral/referral-criteria/"),
    ("index", "/making-a-referral/"),
    ("protocol", "/operating-protocol/"),
    ("meetings", "/meeting-dates/"),
]
GOAL_PAGES = ("home", "guidance")
ENCODINGS = {"plain": {}, "gzip": {"Accept-Encoding": "gzip"}}


def count_queries(site: Site, paths: list[str]) -> dict[str, int]:
    """SQL queries per page with the page cache off, counted in-process on the second request."""
    script = (
        "import json, sys\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client(HTTP_HOST='localhost')\n"
        "out = {}\n"
        "for path in sys.argv[1:]:\n"
        "    client.get(path)\n"
        "    with CaptureQueriesContext(connection) as q:\n"
        "        client.get(path)\n"
        "    out[path] = len(q.captured_queries)\n"
        "print('QUERIES ' + json.dumps(out))\n"
    )
    env = {**site.env, "PAGE_CACHE_SECONDS": "0"}
    output = None
    result = subprocess.run([sys.executable, "-c",
                             "import django; django.setup()\n" + script, *paths],
                            cwd=harness.ROOT, env=env, capture_output=True, text=True,
                            check=False)
    for line in result.stdout.splitlines():
        if line.startswith("QUERIES "):
            output = json.loads(line[8:])
    if output is None:
        raise RuntimeError(f"query count failed:\n{result.stderr[-2000:]}")
    return output


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("href"):
            rel = (attributes.get("rel") or "").split()
            if "stylesheet" in rel or "icon" in rel or "preload" in rel:
                self.urls.append(("css" if "stylesheet" in rel else "other",
                                  attributes["href"]))
        elif tag == "script" and attributes.get("src"):
            self.urls.append(("js", attributes["src"]))
        elif tag in ("img", "iframe", "source") and attributes.get("src"):
            self.urls.append(("other", attributes["src"]))


def page_weight(base: str, path: str) -> dict:
    status, _headers, html = get(base + path)
    parser = Assets()
    parser.feed(html.decode())
    css = js = 0
    third_party = []
    for kind, url in parser.urls:
        netloc = urlsplit(url).netloc
        if netloc and netloc not in ("localhost", urlsplit(base).netloc):
            third_party.append(url)
            continue
        if kind in ("css", "js"):
            _s, _h, body = get(base + urlsplit(url).path)
            if kind == "css":
                css += len(body)
            else:
                js += len(body)
    return {"status": status, "html": len(html), "css": css, "js": js,
            "total": len(html) + css + js, "third_party": third_party}


def save_html(base: str, folder: Path) -> None:
    """Each page's HTML as the origin sends it, as files for nginx (gzipped beside them)."""
    for _name, path in PAGES:
        _status, _headers, html = get(base + path)
        target = folder / path.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(html)
        Path(str(target) + ".gz").write_bytes(gzip.compress(html, 6))


def measure(label: str, base: str, args, results: dict, *, encodings=("plain",),
            pages=PAGES) -> None:
    for name, path in pages:
        for _ in range(3):
            get(base + path)
        for encoding in encodings:
            load = wrk(base + path, duration=args.duration, headers=ENCODINGS[encoding])
            results.setdefault((label, name, encoding), []).append(load)


def row(label: str, load: Load, ceiling: Load | None, extra: str = "") -> str:
    share = (f"{100 * load.requests_per_second / ceiling.requests_per_second:6.1f}%"
             if ceiling else "      -")
    return (f"  {label:<34} {load.requests_per_second:>9.0f} {load.p50_ms:>8.2f} "
            f"{load.p99_ms:>8.2f} {load.errors:>6} {share} {extra}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--keepdb", action="store_true")
    parser.add_argument("--save", action="store_true",
                        help="save this run's figures as the ones the next run compares with")
    parser.add_argument("--no-bakerydemo", action="store_true")
    args = parser.parse_args()
    harness.require_wrk()
    print(f"Machine: {harness.machine_note()}")
    figures = Figures("public_pages")
    results: dict[tuple[str, str, str], list[Load]] = {}
    with Site.prepare("pages", keep=args.keepdb) as site:
        redis = os.environ.get("REDIS_URL", "")
        cache_env = {"REDIS_URL": redis} if redis else {}
        print(f"Site: {site.database.name}, production settings, page cache in "
              f"{'Redis ' + redis if redis else 'the default cache'}")
        queries = count_queries(site, [path for _name, path in PAGES])
        bakery = None
        if not args.no_bakerydemo:
            import bakerydemo_peer

            bakery = bakerydemo_peer.Peer.find(site.tmp)
        for _round in range(args.runs):
            with site.gunicorn(name="uncached", PAGE_CACHE_SECONDS="0", **cache_env) as origin:
                measure("origin, uncached", origin.url(""), args, results)
            with site.gunicorn(name="cached", **cache_env) as origin:
                measure("origin, page cached", origin.url(""), args, results)
                html_dir = site.tmp / "html"
                save_html(origin.url(""), html_dir)
                weights = {name: page_weight(origin.url(""), path) for name, path in PAGES}
                with site.varnish([origin]) as front:
                    measure("front cache", front.url(""), args, results,
                            encodings=("plain", "gzip"))
                    _s, front_headers, _b = get(front.url(PAGES[1][1]))
            with Nginx(html_dir, tmp=site.tmp) as nginx:
                harness.wait_for_http(nginx, nginx.url("/"))
                measure("nginx, same HTML", nginx.url(""), args, results,
                        encodings=("plain", "gzip"))
            if bakery:
                bakery.measure(args, results, measure)

    print(f"\nwrk -t2 -c16, {args.duration}s per figure, median of {args.runs} run(s). "
          "Share = req/s as a percentage of nginx serving the same HTML file.")
    print(f"  {'':<34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'share':>7}")
    for name, path in PAGES:
        print(f"{name} {path} (uncached queries: {queries[path]})")
        figures.add(f"{name}.queries", queries[path])
        for encoding in ("plain", "gzip"):
            key = ("nginx, same HTML", name, encoding)
            ceiling = median_load(results[key]) if key in results else None
            for label in ("nginx, same HTML", "front cache", "origin, page cached",
                          "origin, uncached"):
                if (label, name, encoding) not in results:
                    continue
                load = median_load(results[(label, name, encoding)])
                figure = f"{name}.{label.split(',')[0].replace(' ', '_')}" + (
                    "" if label != "origin, page cached" else "_cached") + (
                    "" if label != "origin, uncached" else "_uncached") + f".{encoding}.rps"
                figures.add(figure, load.requests_per_second)
                print(row(f"{label} ({encoding})", load, ceiling,
                          figures.versus_previous(figure)))
        if bakery:
            bakery.report(name, results, figures, row)
    print(f"\nFront cache headers on {PAGES[1][1]}: X-Cache {front_headers.get('x-cache')}, "
          f"Cache-Control {front_headers.get('cache-control')!r}, "
          f"Vary {front_headers.get('vary')!r}")
    print("\nPage weight before compression (HTML + CSS + JS the page loads):")
    for name, path in PAGES:
        w = weights[name]
        figures.add(f"{name}.weight_kb", w["total"] / 1024)
        print(f"  {path:<42} HTML {w['html'] / 1024:5.1f} KB + CSS {w['css'] / 1024:5.1f} KB + "
              f"JS {w['js'] / 1024:4.1f} KB = {w['total'] / 1024:5.1f} KB; third-party "
              f"requests: {len(w['third_party']) or 'none'}")
    if args.save:
        figures.save()
    return 0


if __name__ == "__main__":
    harness.run_main(main)
