"""Start-up of the CLI next to a bare `python -c pass`, measured side by side in one run.

Usage: python benchmarks/cli_startup.py [--against REV]   (or `make bench`)

Each command runs interleaved with the others, so drift in machine load hits all alike. Two figures per
command: wall time, and CPU time (user + system of the child process), which a busy machine inflates far
less than wall time. ``--against REV`` adds the same `dose` run from an earlier revision of this repository
(extracted with `git archive` into a temporary folder, run with this interpreter), to show whether a change
made start-up slower. Writes benchmarks/results/cli_startup.json; the budget is reported, not asserted.
"""

import argparse
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WARMUPS = 3
REPETITIONS = 30
BUDGET = 3.0  # median ≤ 3× bare python
DOSE_ARGS = ["dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "55"]
ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "cli_startup.json"
BARE = "python -c pass"


def commands(against: Path | None, rev: str | None) -> dict[str, tuple[list[str], Path | None]]:
    script = Path(sys.executable).parent / "anakinra-edu"
    if not script.exists():
        sys.exit(f"error: console script not found at {script}; install the package (make bench does)")
    cmds: dict[str, tuple[list[str], Path | None]] = {
        BARE: ([sys.executable, "-c", "pass"], None),
        "anakinra-edu dose": ([str(script), *DOSE_ARGS], None),
        "python -m anakinra_edu dose": ([sys.executable, "-m", "anakinra_edu", *DOSE_ARGS], ROOT),
    }
    if against is not None:
        cmds[f"python -m anakinra_edu dose at {rev}"] = ([sys.executable, "-m", "anakinra_edu", *DOSE_ARGS], against)
    return cmds


def run_once(argv: list[str], cwd: Path | None) -> tuple[float, float]:
    """Wall and CPU time [s] of one run; bytecode may be cached as for a user."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=cwd, env=env)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"error: {' '.join(argv)} exited with {proc.returncode}\n--- stderr ---\n{proc.stderr}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def extract(rev: str, into: str) -> Path:
    """The package and data of ``rev`` in ``into`` (nothing else of the working tree is touched)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "anakinra_edu", "data"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", into], input=archive, check=True)
    return Path(into)


def measure(cmds: dict[str, tuple[list[str], Path | None]]) -> dict[str, dict[str, list[float]]]:
    for argv, cwd in cmds.values():
        for _ in range(WARMUPS):
            run_once(argv, cwd)
    samples: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in cmds}
    for _ in range(REPETITIONS):  # interleaved
        for name, (argv, cwd) in cmds.items():
            wall, cpu = run_once(argv, cwd)
            samples[name]["wall"].append(wall)
            samples[name]["cpu"].append(cpu)
    return samples


def summarise(samples: dict[str, dict[str, list[float]]]) -> list[dict[str, object]]:
    bare = {kind: statistics.median(samples[BARE][kind]) for kind in ("wall", "cpu")}
    rows = []
    for name, s in samples.items():
        wall, cpu = statistics.median(s["wall"]), statistics.median(s["cpu"])
        rows.append({"name": name, "median_s": round(wall, 4), "p95_s": round(p95(s["wall"]), 4),
                     "ratio_to_bare_python": round(wall / bare["wall"], 2), "cpu_median_s": round(cpu, 4),
                     "cpu_ratio_to_bare_python": round(cpu / bare["cpu"], 2),
                     "within_budget": name == BARE or wall / bare["wall"] <= BUDGET})
    return rows


def report(rows: list[dict[str, object]], load: list[float]) -> None:
    print(f"{'command':<42} {'wall ms':>8} {'p95 ms':>8} {'ratio':>6}  {'CPU ms':>7} {'ratio':>6}  "
          f"budget ≤ {BUDGET:g}×")
    for row in rows:
        verdict = "-" if row["name"] == BARE else ("ok" if row["within_budget"] else "OVER")
        print(f"{row['name']:<42} {row['median_s'] * 1000:>8.1f} {row['p95_s'] * 1000:>8.1f} "
              f"{row['ratio_to_bare_python']:>5.2f}×  {row['cpu_median_s'] * 1000:>7.1f} "
              f"{row['cpu_ratio_to_bare_python']:>5.2f}×  {verdict}")
    print(f"load average (1 min) before/after: {load}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", metavar="REV", help="also time `dose` at this earlier revision")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        earlier = extract(args.against, tmp) if args.against else None
        rows = summarise(measure(commands(earlier, args.against)))
    load = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    report(rows, load)
    result = {
        "date": datetime.date.today().isoformat(),
        "machine": {"platform": platform.platform(), "cpu_count": os.cpu_count(), "python": platform.python_version()},
        "load_average_1min": load, "warmups": WARMUPS, "repetitions": REPETITIONS, "budget_ratio": BUDGET,
        "results": rows,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
