"""Run every benchmark in turn (``make bench``); benchmarks never run in tests.

Each ``benchmarks/*_bench.py`` runs once with its defaults, except the storage benchmarks,
which run once per size (issue 15: pages at 10k, 100k and 1M tickets on each store; the reply
cost and bulk parts once, at 1M). ``--quick`` runs each storage benchmark at 10k only.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

#: Extra runs of the storage benchmarks: (script, arguments), smallest first.
STORAGE_RUNS = {
    "storage_sqlite_bench.py": (
        ["--big", "10000", "--only", "queries"],
        ["--big", "100000", "--only", "queries"],
        ["--big", "1000000"],
    ),
    "storage_postgres_bench.py": (
        ["--tickets", "10000", "--only", "pages"],
        ["--tickets", "100000", "--only", "pages"],
        ["--tickets", "1000000"],
    ),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="storage benchmarks at 10k only")
    args = parser.parse_args()
    here = Path(__file__).resolve().parent
    scripts = sorted(here.glob("*_bench.py"))
    failed = 0
    for script in scripts:
        runs = STORAGE_RUNS.get(script.name, ([],))
        if args.quick:
            runs = runs[:1]
        for extra in runs:
            print(f"=== {script.name} {' '.join(extra)} ===", flush=True)
            done = subprocess.run([sys.executable, str(script), *extra], check=False)  # noqa: S603
            failed += done.returncode != 0
    if not scripts:
        print("no benchmarks found")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
