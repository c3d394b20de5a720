"""One way for every benchmark to stand up a production-like site and load it.

    from harness import Site, wrk
    with Site.prepare("guidance", demo=True) as site:      # scratch PostgreSQL database
        with site.gunicorn(workers=2) as origin:           # production settings, loopback port
            print(wrk(origin.url("/"), duration=5))

What it gives a benchmark:

* `Site.prepare(suffix)`: a scratch PostgreSQL database beside DATABASE_URL's, migrated, with the
  demo content and collected static files, on the production settings (deploy/stack.py).
* `site.gunicorn()`, `site.varnish()`, `Nginx()`: from deploy/stack.py, the same pieces `make stack`
  and the several-nodes test use; loopback ports from STACK_PORTS (default 8100-8199).
* `wrk()` and `Load`: requests per second and latency from `wrk`, which is required.
* `Figures`: each benchmark's figures saved to `benchmarks/figures/<name>.json` with `--save`, and
  printed beside the saved ones as a ratio ("previous version").

Nothing here passes or fails on a time.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.stack import (  # noqa: E402,F401 (re-exported for the benchmarks)
    HOST,
    RUNNING,
    SITE_HOST,
    CannotRun,
    Gunicorn,
    Nginx,
    Site,
    Varnish,
    free_port,
    get,
    stop_all,
    wait_for_http,
)

FIGURES_DIR = Path(__file__).resolve().parent / "figures"


# --------------------------------------------------------------------------- load


@dataclass
class Load:
    requests_per_second: float
    mean_ms: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    errors: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"rps": round(self.requests_per_second, 1), "p50_ms": round(self.p50_ms, 2),
                "p95_ms": round(self.p95_ms, 2), "p99_ms": round(self.p99_ms, 2),
                "errors": self.errors}


def _milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


WRK_PERCENTILES = ROOT / "benchmarks" / "wrk_percentiles.lua"


def require_wrk() -> str:
    binary = shutil.which("wrk")
    if not binary:
        raise CannotRun("wrk is not installed (apt-get install wrk)")
    return binary


def wrk(url: str, *, duration: int = 5, connections: int = 16, threads: int = 2,
        host: str = SITE_HOST, headers: dict | None = None, script: Path | None = None,
        script_args: list[str] | None = None) -> Load:
    """wrk -t2 -c16 against `url`; latency percentiles from wrk's own histogram."""
    command = [require_wrk(), "--threads", str(threads), "--connections", str(connections),
               "--duration", f"{duration}s", "--timeout", "10s", "--latency",
               "-H", f"Host: {host}"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command += ["--script", str(script or WRK_PERCENTILES), url]
    if script_args:
        command += ["--", *script_args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60,
                            check=False)
    out = result.stdout
    if result.returncode:
        raise RuntimeError(f"wrk failed: {result.stderr or out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    percent = dict(re.findall(r"^PCT (\S+) ([\d.]+)$", out, re.M))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        errors += int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                          out):
        errors += sum(int(n) for n in match.groups())
    return Load(rate, float(percent.get("mean", "nan")) / 1000,
                float(percent.get("50", "nan")) / 1000, float(percent.get("95", "nan")) / 1000,
                float(percent.get("99", "nan")) / 1000, total, errors)


def median_load(loads: list[Load]) -> Load:
    return sorted(loads, key=lambda item: item.requests_per_second)[len(loads) // 2]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


# --------------------------------------------------------------------------- figures


class Figures:
    """This run's figures, printed beside the previous version's saved ones."""

    def __init__(self, name: str):
        self.name = name
        self.path = FIGURES_DIR / f"{name}.json"
        self.current: dict[str, float] = {}
        try:
            self.previous: dict[str, float] = json.loads(self.path.read_text())["figures"]
        except (OSError, ValueError, KeyError):
            self.previous = {}

    def add(self, key: str, value: float) -> None:
        self.current[key] = round(float(value), 3)

    def versus_previous(self, key: str, *, higher_is_better: bool = True) -> str:
        before = self.previous.get(key)
        now = self.current.get(key)
        if not before or now is None:
            return "(no saved figure)"
        ratio = now / before if higher_is_better else before / now if now else float("inf")
        return f"{ratio:.2f}x the saved {before:g}"

    def save(self) -> None:
        FIGURES_DIR.mkdir(exist_ok=True)
        load = os.getloadavg()
        self.path.write_text(json.dumps({
            "benchmark": self.name,
            "saved": time.strftime("%Y-%m-%d %H:%M"),
            "git": _git_head(),
            "load_average_at_end": [round(x, 2) for x in load],
            "figures": self.current,
        }, indent=2, sort_keys=True) + "\n")
        print(f"Saved figures to {self.path.relative_to(ROOT)}")


def _git_head() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    return result.stdout.strip()


def machine_note() -> str:
    one, five, fifteen = os.getloadavg()
    return (f"{os.cpu_count()} cores, load average {one:.2f} {five:.2f} {fifteen:.2f} "
            f"at the start")


def run_main(main) -> None:
    """Run a benchmark's main(): CannotRun exits 1 with its reason; servers always stop."""

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    try:
        code = main()
    except CannotRun as reason:
        print(f"Cannot run: {reason}", file=sys.stderr)
        code = 1
    except KeyboardInterrupt:
        print("Interrupted; stopping servers.", file=sys.stderr)
        code = 1
    finally:
        stop_all()
    sys.exit(code)


def median(values) -> float:
    values = list(values)
    return statistics.median(values) if values else float("nan")
