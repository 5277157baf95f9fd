"""Wall time of the CLI next to a bare `python -c pass`, measured side by side in one run.

Usage: python benchmarks/cli_startup.py   (or `make bench`)
Writes benchmarks/results/cli_startup.json. The budget is reported here, not asserted in tests.
"""

import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

WARMUPS = 3
REPETITIONS = 30
BUDGET = 3.0  # median ≤ 3× bare python
DOSE_ARGS = ["dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "55"]
RESULTS = Path(__file__).resolve().parent / "results" / "cli_startup.json"


def commands() -> dict[str, list[str]]:
    script = Path(sys.executable).parent / "anakinra-edu"
    if not script.exists():
        sys.exit(f"error: console script not found at {script}; install the package (make bench does)")
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "anakinra-edu dose": [str(script), *DOSE_ARGS],
        "python -m anakinra_edu dose": [sys.executable, "-m", "anakinra_edu", *DOSE_ARGS],
    }


def run_once(argv: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(
            f"error: {' '.join(argv)} exited with {proc.returncode}\n"
            f"--- stdout ---\n{proc.stdout}--- stderr ---\n{proc.stderr}"
        )
    return elapsed


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def main() -> None:
    cmds = commands()
    for argv in cmds.values():
        for _ in range(WARMUPS):
            run_once(argv)
    samples: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(REPETITIONS):  # interleaved, so drift in machine load hits every command alike
        for name, argv in cmds.items():
            samples[name].append(run_once(argv))

    bare = statistics.median(samples["python -c pass"])
    rows = []
    for name, argv in cmds.items():
        median = statistics.median(samples[name])
        ratio = median / bare
        rows.append(
            {
                "name": name,
                "argv": [Path(argv[0]).name, *argv[1:]],
                "median_s": round(median, 4),
                "p95_s": round(p95(samples[name]), 4),
                "ratio_to_bare_python": round(ratio, 2),
                "within_budget": name == "python -c pass" or ratio <= BUDGET,
            }
        )

    print(f"{'command':<30} {'median ms':>10} {'p95 ms':>10} {'ratio':>7}  budget ≤ {BUDGET:g}×")
    for row in rows:
        verdict = "-" if row["name"] == "python -c pass" else ("ok" if row["within_budget"] else "OVER")
        print(
            f"{row['name']:<30} {row['median_s'] * 1000:>10.1f} {row['p95_s'] * 1000:>10.1f} "
            f"{row['ratio_to_bare_python']:>6.2f}×  {verdict}"
        )

    result = {
        "date": datetime.date.today().isoformat(),
        "machine": {
            "platform": platform.platform(),
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
        },
        "warmups": WARMUPS,
        "repetitions": REPETITIONS,
        "budget_ratio": BUDGET,
        "results": rows,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
