"""What a trainee sees in Chromium (1280×720) under ``anakinra-edu serve`` (``make serve``, app mode).

Measured in the page with its own clock (``performance.now()``), so the times include the websocket round
trip, the kernel's update and the browser drawing it:

- first render: from the start of navigation to the dashboard's result visible (regimen card, chart, …);
- control → card: a key press on the weight slider's handle to the changed regimen card painted;
- control → figure: a key press on a slider (or a new option in a dropdown) to the redrawn Vega-Lite chart.

"Visible" is the first animation frame in which the new content is in the page (Playwright polls on
``requestAnimationFrame``). The server runs on CPU 0 (``taskset``), Chromium on CPU 1, as in room_load.py.
Each dashboard is opened once per run, from the kernel Voilà keeps ready for it, as a trainee would, with the
server at rest before each page and each series of moves (see ``interactions``).

Usage: python benchmarks/browser_latency.py [MOVES]   (default 30 moves per control)
Writes benchmarks/results/browser_latency.json.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from room_load import CLIENT_CPU, SERVER_CPU, free_port, tree_rss_mb, uptime, wait_until_quiet

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).parent / "anakinra-edu"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
BUDGET_MS = {"first render": 2000, "card": 100, "figure": 150}
# notebook: what shows that the dashboard has rendered (every chart drawn, the card present)
READY = {
    "01_dosing_explorer.ipynb": ".ae-dose",
    "02_kidney_function.ipynb": ".vega-embed svg.marks",
    "03_onset_and_pharmacokinetics.ipynb": ".vega-embed svg.marks >> nth=1",
    "04_safety_counseling.ipynb": "a[download]",
    "05_case_studies.ipynb": "text=Check my answer",
    "06_nurse_workshop.ipynb": "text=Keep the syringes in the fridge",
}
CLOCK = """() => { window.__acted = null;
  for (const kind of ['keydown', 'change']) document.addEventListener(kind, () => {
    if (window.__acted === null) window.__acted = performance.now(); }, true); }"""
CARD_CHANGED = """old => { const e = document.querySelector('.ae-dose');
  return e !== null && e.innerText !== old && window.__acted !== null ? performance.now() - window.__acted : false; }"""
# A chart counts as redrawn when the drawing of any chart differs from what it was before the action: a new
# chart element (a new output) or new marks in the same element (the chart widget updates its view in place).
MARK_CHARTS = """() => {
  window.__charts = [...document.querySelectorAll('.vega-embed svg.marks')].map(s => s.outerHTML); }"""
CHART_REDRAWN = """() => { const now = [...document.querySelectorAll('.vega-embed svg.marks')];
  const changed = now.some((s, i) => s.isConnected
    && s.querySelector('path, line, rect, symbol, g.mark-symbol') !== null && s.outerHTML !== window.__charts[i]);
  return changed && window.__acted !== null ? performance.now() - window.__acted : false; }"""


def start_server(log) -> tuple[subprocess.Popen, str]:
    """``anakinra-edu serve`` over the notebooks folder (one kernel ready per notebook), on CPU 0."""
    from tests.room_client import Trainee

    port = free_port()
    proc = subprocess.Popen(["taskset", "-c", SERVER_CPU, str(SCRIPT), "serve", "--port", str(port), "--notebooks",
                             str(ROOT / "notebooks")], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while Trainee().get(f"{base}/voila/render/00_start_here.ipynb", timeout=60)[0] != 200:
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"serve did not start; see {log.name}")
        time.sleep(1)
    return proc, base


def first_render(page, base: str, notebook: str) -> float:
    """Milliseconds from the start of navigation to the dashboard's result painted."""
    page.goto(f"{base}/voila/render/{notebook}", timeout=120_000)
    page.wait_for_selector(READY[notebook], timeout=120_000)
    return page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(performance.now())))")


def first_render_landing(page, base: str) -> None:
    page.goto(f"{base}/voila/render/00_start_here.ipynb", timeout=120_000)
    page.wait_for_selector("text=Position A", timeout=120_000)


def moves(page, handle, moves_n: int, changed: str, before: str | None) -> list[float]:
    """Key presses on a slider handle, alternating right and left; milliseconds to each change painted."""
    out = []
    handle.focus()
    for i in range(moves_n):
        old = page.locator(".ae-dose").first.inner_text() if before == "card" else None
        if before == "figure":
            page.evaluate(MARK_CHARTS)
        page.evaluate("() => { window.__acted = null; }")
        handle.press("ArrowRight" if (i // 5) % 2 == 0 else "ArrowLeft")
        out.append(page.wait_for_function(changed, arg=old, polling="raf", timeout=60_000).json_value())
        time.sleep(0.2)
    return out


def choices(page, select, options: list[str], moves_n: int) -> list[float]:
    """New options picked in a dropdown; milliseconds to the redrawn chart painted."""
    out = []
    for i in range(moves_n):
        page.evaluate(MARK_CHARTS)
        page.evaluate("() => { window.__acted = null; }")
        select.select_option(options[(i + 1) % len(options)])
        out.append(page.wait_for_function(CHART_REDRAWN, polling="raf", timeout=60_000).json_value())
        time.sleep(0.2)
    return out


def slider(page, label: str):
    return page.locator(".widget-hslider", has_text=label).locator(".noUi-handle").first


def interactions(page, base: str, n: int, settle) -> dict[str, list[float]]:
    """The measured controls, per dashboard (the page is already open on the dosing dashboard).

    Each series starts once the server is quiet again (``settle``): opening a page hands its pre-started kernel
    to the visitor and starts a replacement, and leaving the last page stops that page's kernel, all on the
    server's one core; moves made in those seconds wait for it. The kidney chart is also measured in them
    (its first 10 moves right after arrival), as a separate row."""
    settle()
    rows = {"dosing: weight slider → regimen card": moves(page, slider(page, "Weight (kg)"), n, CARD_CHANGED, "card")}
    first_render(page, base, "02_kidney_function.ipynb")
    page.evaluate(CLOCK)
    rows["kidney: creatinine slider → kidney chart, first 10 moves right after arrival"] = moves(
        page, slider(page, "Serum creatinine"), 10, CHART_REDRAWN, "figure")
    settle()
    rows["kidney: creatinine slider → kidney chart"] = moves(page, slider(page, "Serum creatinine"), n, CHART_REDRAWN,
                                                             "figure")
    first_render(page, base, "03_onset_and_pharmacokinetics.ipynb")
    page.evaluate(CLOCK)
    settle()
    rows["PK: CrCl slider → PK chart"] = moves(page, slider(page, "CrCl (mL/min)"), n, CHART_REDRAWN, "figure")
    pick = page.locator(".widget-dropdown", has_text="Indication").locator("select")
    options = [o for o in pick.locator("option").evaluate_all("os => os.map(o => o.value)")]
    rows["onset: indication dropdown → onset timeline"] = choices(page, pick, options, n)
    return rows


def summary(samples: list[float], budget: float) -> dict:
    p95 = statistics.quantiles(samples, n=20, method="inclusive")[18] if len(samples) > 1 else samples[0]
    return {"n": len(samples), "median_ms": round(statistics.median(samples)), "p95_ms": round(p95),
            "max_ms": round(max(samples)), "budget_ms": budget, "within_budget": p95 <= budget}


def main() -> None:
    from playwright.sync_api import sync_playwright

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    os.sched_setaffinity(0, CLIENT_CPU)
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    with (results / "browser_latency_server.log").open("w") as log:
        proc, base = start_server(log)
        try:
            wait_until_quiet(proc.pid)  # every notebook's ready kernel has run it
            uptime_before = uptime()
            print(uptime_before, flush=True)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
                first_render_landing(page, base)  # a trainee arrives at the start page (Voilà's scripts cached)
                first = {}
                for nb in [*(nb for nb in READY if nb != "01_dosing_explorer.ipynb"), "01_dosing_explorer.ipynb"]:
                    wait_until_quiet(proc.pid)  # from a server at rest: its kernels ready, none starting
                    first[nb] = first_render(page, base, nb)
                page.evaluate(CLOCK)
                rows = interactions(page, base, n, lambda: wait_until_quiet(proc.pid))
                browser.close()
            uptime_after = uptime()
            print(uptime_after, flush=True)
            memory_mb = tree_rss_mb(proc.pid)[0]
        finally:
            os.killpg(proc.pid, 15)
            proc.wait(timeout=120)
    out = {"date": datetime.date.today().isoformat(), "viewport": "1280x720", "server": "anakinra-edu serve",
           "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": sys.version.split()[0],
                       "server_cpu": SERVER_CPU, "client_cpu": sorted(CLIENT_CPU), "uptime_before": uptime_before,
                       "uptime_after": uptime_after},
           "first_render_ms": {nb: {"ms": round(ms), "budget_ms": BUDGET_MS["first render"],
                                    "within_budget": ms <= BUDGET_MS["first render"]} for nb, ms in first.items()},
           "updates": {name: summary(s, BUDGET_MS["card" if "card" in name else "figure"]) for name, s in rows.items()},
           "server_memory_mb": round(memory_mb)}
    (results / "browser_latency.json").write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
