"""In-kernel latency of the dashboards: slider change → card updated, slider change → figure updated.

Setting a widget's ``.value`` in Python runs its observers synchronously (as a message from the browser
would), so the time of the assignment is the kernel-side update time; the browser round trip is extra.
Also measures memory growth over 1,000 slider moves (catches unclosed figures).
Usage: python benchmarks/dashboard_latency.py   (or `make bench`); writes results/dashboard_latency.json.
"""

import datetime
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from anakinra_edu.widgets import (
    case_study,
    counseling_explorer,
    dosing_explorer,
    kidney_explorer,
    nurse_workshop,
    onset_explorer,
)

RESULTS = Path(__file__).resolve().parent / "results" / "dashboard_latency.json"
BUDGETS_MS = {"card": 20.0, "figure": 100.0}


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def time_moves(control, values: list[float]) -> list[float]:
    out = []
    for v in values:
        start = time.perf_counter()
        control.value = v
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    app = dosing_explorer()
    weights = [10 + (i % 80) * 0.5 for i in range(300)]
    time_moves(app.controls["weight"], weights[:20])  # warm-up
    card = time_moves(app.controls["weight"], weights)
    app.controls["indication"].value = "ra"
    app.controls["kidney_mode"].value = "scr"
    scr_card = time_moves(app.controls["scr"], [0.6 + (i % 40) * 0.05 for i in range(300)])

    kid = kidney_explorer()
    scrs = [0.5 + (i % 45) * 0.1 for i in range(150)]
    time_moves(kid.controls["scr"], scrs[:10])
    figure = time_moves(kid.controls["scr"], scrs)

    onset = onset_explorer()
    crcls = [10 + (i % 60) * 2 for i in range(150)]
    time_moves(onset.controls["crcl"], crcls[:10])
    pk_figure = time_moves(onset.controls["crcl"], crcls)
    onset.controls["missed_dose"].value = True
    pk_missed = time_moves(onset.controls["crcl"], crcls)

    counsel = counseling_explorer()
    time_moves(counsel.controls["weight"], weights[:10])
    counsel_moves = time_moves(counsel.controls["weight"], weights[:150])
    counsel_label = time_moves(counsel.controls["label"], ["eu" if i % 2 else "us" for i in range(1, 101)])

    workshop = nurse_workshop()
    time_moves(workshop.controls["weight"], weights[:10])
    workshop_moves = time_moves(workshop.controls["weight"], weights[:150])
    workshop_days = time_moves(workshop.controls["rotation_days"], [14 + i % 15 for i in range(1, 101)])

    cases = case_study()
    ids = [c.id for c in cases.outputs["cases"]]
    case_moves = time_moves(cases.controls["case"], [ids[i % len(ids)] for i in range(1, 101)])

    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    time_moves(app.controls["weight"], [10 + (i % 80) * 0.5 for i in range(1000)])
    time_moves(kid.controls["scr"], [0.5 + (i % 45) * 0.1 for i in range(1000)])
    growth_mb = (tracemalloc.get_traced_memory()[0] - before) / 1e6
    tracemalloc.stop()

    rows = {
        "dosing card (weight slider)": card,
        "dosing card (creatinine slider, Cockcroft–Gault)": scr_card,
        "kidney figure + table (creatinine slider)": figure,
        "PK figure + exposures (CrCl slider)": pk_figure,
        "PK figure with missed dose (CrCl slider)": pk_missed,
        "counseling checklist (weight slider)": counsel_moves,
        "counseling checklist + calendar figure (US/EU toggle)": counsel_label,
        "nurse workshop: syringe and steps (weight slider)": workshop_moves,
        "nurse workshop: body-map figure (plan-length slider)": workshop_days,
        "case study: next case rendered (case picker)": case_moves,
    }
    print(f"{'update':<56} {'p50 ms':>8} {'p95 ms':>8}  budget")
    result = {"date": datetime.date.today().isoformat(), "machine": {
        "platform": platform.platform(), "cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "updates": [], "memory_growth_mb_after_2000_moves": round(growth_mb, 2)}
    for name, samples in rows.items():
        budget = BUDGETS_MS["figure" if "figure" in name or "case study" in name else "card"]
        row = {"name": name, "n": len(samples), "p50_ms": round(statistics.median(samples), 2),
               "p95_ms": round(p95(samples), 2), "budget_p95_ms": budget}
        row["within_budget"] = row["p95_ms"] <= budget
        result["updates"].append(row)
        print(f"{name:<56} {row['p50_ms']:>8.2f} {row['p95_ms']:>8.2f}  ≤ {budget:g} ms "
              f"{'ok' if row['within_budget'] else 'OVER'}")
    print(f"memory growth after 1,000 card moves + 1,000 figure moves: {growth_mb:.2f} MB (budget ≤ 10 MB)")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
