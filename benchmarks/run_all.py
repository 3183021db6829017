"""Run every ``benchmarks/*_bench.py`` in turn (``make bench``); benchmarks never run in tests."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve().parent
    scripts = sorted(here.glob("*_bench.py"))
    for script in scripts:
        print(f"=== {script.name} ===", flush=True)
        runpy.run_path(str(script), run_name="__main__")
    if not scripts:
        print("no benchmarks found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
