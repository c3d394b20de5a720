"""Run every benchmark in this folder: each `*_bench.py` file, in name order, in its own process.

    .venv/bin/python benchmarks/run.py                 # all of them (what `make bench` runs)
    .venv/bin/python benchmarks/run.py review_list     # only names containing 'review_list'
    .venv/bin/python benchmarks/run.py -- --runs 3     # pass arguments to every benchmark

Benchmarks print figures; none of them passes or fails on a time. This script exits non-zero
only when a benchmark itself crashes or refuses to run (for example without DATABASE_URL).
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover(filters: list[str]) -> list[Path]:
    found = sorted(HERE.glob("*_bench.py"))
    if filters:
        found = [path for path in found if any(word in path.stem for word in filters)]
    return found


def main(argv: list[str]) -> int:
    if "--" in argv:
        split = argv.index("--")
        filters, passed = argv[:split], argv[split + 1:]
    else:
        filters, passed = argv, []
    scripts = discover(filters)
    if not scripts:
        print("No benchmarks found (files named benchmarks/*_bench.py).")
        return 1
    failed = []
    for script in scripts:
        print(f"=== {script.name}", flush=True)
        result = subprocess.run([sys.executable, str(script), *passed], cwd=HERE.parent)
        if result.returncode:
            failed.append(script.name)
        print(flush=True)
    if failed:
        print("Did not complete: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
