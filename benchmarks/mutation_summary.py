"""Kill rates of the last ``make mutation`` run, for ``dosing/`` and ``kidney.py`` separately.

Reads ``mutmut results --all true`` (one line per mutant: ``name: status``) and prints, per area, killed /
(killed + survived + timeout), with the surviving mutants listed. Timeouts count as killed (the mutant made the
tests hang). Usage: ``.venv/bin/python benchmarks/mutation_summary.py`` after ``make mutation``.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

AREAS = {"dosing/": "anakinra_edu.dosing.", "kidney.py": "anakinra_edu.kidney."}


def main() -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    out = subprocess.run([str(mutmut), "results", "--all", "true"], capture_output=True, text=True, check=True).stdout
    counts: dict[str, Counter] = {area: Counter() for area in AREAS}
    survivors: dict[str, list[str]] = {area: [] for area in AREAS}
    for line in out.splitlines():
        name, _, status = line.strip().rpartition(": ")
        for area, prefix in AREAS.items():
            if name.startswith(prefix):
                counts[area][status] += 1
                if status == "survived":
                    survivors[area].append(name)
    for area, c in counts.items():
        killed = c["killed"] + c["timeout"]
        total = killed + c["survived"]
        rate = 100 * killed / total if total else 0.0
        other = ", ".join(f"{k} {v}" for k, v in sorted(c.items()) if k not in ("killed", "timeout", "survived"))
        print(f"{area}: {killed}/{total} killed = {rate:.1f} % (survived {c['survived']}, timeout {c['timeout']}"
              + (f"; {other}" if other else "") + ")")
    for area, names in survivors.items():
        for name in names:
            print(f"  survived [{area}] {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
