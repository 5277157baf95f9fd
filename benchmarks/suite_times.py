"""Whole-notebook validation time and app first render (median of 5), for the README's Performance section.

Usage: python benchmarks/suite_times.py   (or `make bench`); writes results/suite_times.json.
"""

import asyncio
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from room_load import run

ROOT = Path(__file__).resolve().parents[1]


def nbval_seconds() -> float:
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
           "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "notebooks"]
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(proc.stdout[-2000:])
    return elapsed


def main() -> None:
    nbval = nbval_seconds()
    firsts = []
    for _ in range(5):  # one trainee at a time, a fresh server each time: the cold first render of the app
        firsts.append(asyncio.run(run(1))["first_render_s"]["median"])
    result = {"date": datetime.date.today().isoformat(),
              "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": sys.version.split()[0]},
              "nbval_notebooks_s": round(nbval, 1), "app_first_render_s": {"runs": firsts,
                                                                          "median": statistics.median(firsts)}}
    out = ROOT / "benchmarks" / "results" / "suite_times.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"nbval over notebooks/: {nbval:.1f} s (budget ≤ 60 s)")
    print(f"app first render, median of 5: {statistics.median(firsts):.2f} s ({firsts})")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
