"""The static site (``make site``) in Chromium: first render of the dosing dashboard, and slider → card.

Serves ``site/`` from a local static server on 127.0.0.1 (every other request is aborted) and opens
``voici/render/01_dosing_explorer.html`` at 1280×720:

- **cold**: a new browser context per run (empty HTTP cache), **warm**: the same page loaded again in the
  context of the previous run (files and compiled WebAssembly from the browser's cache).
- Where the time goes, from the page's own requests and DOM: the page and its JavaScript, the Pyodide runtime
  (``pyodide.asm.wasm`` and the standard library fetched), the kernel's packages fetched (last wheel), the
  notebook's first output (imports done, the education notice printed) and the dosing card visible.
- **in Pyodide, step by step** (a probe page on the same server, outside Voici): Pyodide boot, loading and
  unpacking the packages, ``import IPython`` (what the kernel imports), ``import ipywidgets``,
  ``import anakinra_edu.widgets`` and building the dashboard (``dosing_explorer()``).
- **slider → card**: after the first render, the weight slider's handle is moved with the keyboard; the time
  from the key event to the card's text changing is taken inside the page (``performance.now()`` in a key
  listener and a MutationObserver), so it is what a user sees, with no network round trip.

Usage: python benchmarks/site_first_render.py [RUNS] [SITE_DIR]   (default 3 runs of site/: the median of RUNS
cold and RUNS warm; SITE_DIR compares another build, e.g. an older one)
Writes benchmarks/results/site_first_render.json; prints the 1-minute load average before and after.
"""

from __future__ import annotations

import datetime
import functools
import http.server
import json
import os
import platform
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.browser.helpers import only_local  # noqa: E402

SITE = ROOT / "site"
RESULTS = ROOT / "benchmarks" / "results" / "site_first_render.json"
PAGE = "voici/render/01_dosing_explorer.html"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
MOVES = 20

PROBE = """<!doctype html><html><head><meta charset="utf-8"><script src="static/pyodide/pyodide.js"></script></head>
<body><script>
window.probe = (async () => {
  const t = {}; let last = performance.now();
  const mark = (k) => { const n = performance.now(); t[k] = n - last; last = n; };
  const lock = await (await fetch("static/pyodide/pyodide-lock.json")).json();
  const py = await loadPyodide({ indexURL: new URL("static/pyodide/", location.href).href }); mark("pyodide_boot");
  await py.loadPackage(Object.keys(lock.packages)); mark("packages");
  py.runPython("import IPython"); mark("import_IPython");
  py.runPython("import ipywidgets"); mark("import_ipywidgets");
  py.runPython("import anakinra_edu.widgets"); mark("import_anakinra_edu_widgets");
  py.runPython("anakinra_edu.widgets.dosing_explorer()"); mark("dosing_explorer");
  return t;
})();
</script></body></html>"""

# In the page: key events on the weight handle and changes of the card's text, on the page's own clock.
TRACE_JS = """() => {
  const card = document.querySelector('.ae-dose').closest('.widget-html');  // its content is replaced
  window.__keys = []; window.__changes = [];
  document.addEventListener('keydown', () => window.__keys.push(performance.now()), true);
  new MutationObserver(() => window.__changes.push([performance.now(), card.innerText]))
    .observe(card, {childList: true, subtree: true, characterData: true});
}"""


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """``site/`` as any static host serves it, plus the probe page (from memory, not written into site/)."""

    def do_GET(self) -> None:
        if self.path.split("?")[0] == "/_probe.html":
            body = PROBE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, *args: object) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(SiteHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def first_render(page, base: str) -> dict[str, float]:
    """Open the dosing dashboard; seconds from navigation to each milestone."""
    marks: dict[str, float] = {}
    t0 = time.perf_counter()

    def finished(request) -> None:
        name = request.url.split("?")[0].rsplit("/", 1)[-1]
        now = time.perf_counter() - t0
        if name == "python_stdlib.zip" or name == "pyodide.asm.wasm":
            marks["pyodide_fetched"] = max(marks.get("pyodide_fetched", 0), now)
        elif name.endswith(".whl"):
            marks["wheels_fetched"] = max(marks.get("wheels_fetched", 0), now)

    page.on("requestfinished", finished)
    page.goto(f"{base}/{PAGE}", wait_until="load", timeout=120_000)
    marks["page_loaded"] = time.perf_counter() - t0
    page.wait_for_selector(".jp-OutputArea-output", timeout=300_000)
    marks["first_output"] = time.perf_counter() - t0
    page.wait_for_selector(".ae-dose", state="visible", timeout=300_000)
    marks["dosing_card"] = time.perf_counter() - t0
    page.remove_listener("requestfinished", finished)
    return marks


def slider_to_card(page) -> list[float]:
    """Milliseconds from each key press on the weight handle to the card's new text (in the page's clock)."""
    page.evaluate(TRACE_JS)
    handle = page.locator(".widget-hslider", has_text="Weight (kg)").locator(".noUi-handle")
    handle.focus()
    latencies = []
    for i in range(MOVES):
        before = page.evaluate("window.__changes.length")
        handle.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        page.wait_for_function(f"window.__changes.length > {before}", timeout=30_000)
        time.sleep(0.15)  # let the update settle: the last mutation of this move is the one that counts
        key = page.evaluate("window.__keys[window.__keys.length - 1]")
        changes = page.evaluate("window.__changes")
        latencies.append(max(t for t, _ in changes[before:]) - key)
    return latencies


def probe(browser, base: str) -> dict[str, float]:
    """Pyodide step by step, outside Voici (seconds per step)."""
    context = browser.new_context()
    only_local(context, base)
    page = context.new_page()
    page.goto(f"{base}/_probe.html")
    steps = page.evaluate("window.probe")
    context.close()
    return {k: v / 1000 for k, v in steps.items()}


def runs(browser, base: str, n: int) -> dict[str, list]:
    out: dict[str, list] = {"cold": [], "warm": [], "slider_ms": [], "left": []}
    for _ in range(n):
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        out["left"].append(only_local(context, base))  # filled as the run goes
        page = context.new_page()
        out["cold"].append(first_render(page, base))
        out["slider_ms"] += slider_to_card(page)
        page.close()
        page = context.new_page()
        out["warm"].append(first_render(page, base))
        context.close()
    return out


def median_marks(samples: list[dict[str, float]]) -> dict[str, float]:
    return {k: round(statistics.median(s[k] for s in samples), 2) for k in samples[0]}


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 3
    site = Path(argv[1]).resolve() if len(argv) > 1 else SITE
    if not (site / PAGE).exists():
        print(f"{site} is not built: make site", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    server, base = serve(site)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        measured = runs(browser, base, n)
        steps = [probe(browser, base) for _ in range(n)]
        browser.close()
    server.shutdown()
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    slider = sorted(measured["slider_ms"])
    result = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs", "runs": n,
        "load_1min_before": round(load_before[0], 2), "load_1min_after": round(os.getloadavg()[0], 2),
        "site": str(site.relative_to(ROOT)) if site.is_relative_to(ROOT) else str(site),
        "site_mb": round(size / 1e6, 1),
        "cold_s": median_marks(measured["cold"]), "warm_s": median_marks(measured["warm"]),
        "pyodide_steps_s": median_marks(steps),
        "slider_to_card_ms": {"median": round(statistics.median(slider), 1),
                              "p95": round(slider[int(0.95 * (len(slider) - 1))], 1), "moves": len(slider)},
        "requests_off_127_0_0_1": sorted({url for left in measured["left"] for url in left}),
        "all_cold_dosing_card_s": [round(m["dosing_card"], 2) for m in measured["cold"]],
    }
    if site == SITE:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
