"""A room on one machine: N concurrent app sessions against one `anakinra-edu serve`.

Starts the product's own server (Voilà on 127.0.0.1, one pre-started kernel per notebook), opens N browser
sessions of the dosing dashboard at once (headless Debian Chromium, one context per trainee), waits for each
regimen card (time to first render), then moves each session's weight slider three times and waits for the
dose text to change (time per interaction). Memory is the resident size of the server and all its kernels,
before and with every session open. The load generator (Chromium) runs on the same 2 cores, so the figures
are pessimistic for a room of separate laptops.

Usage: python benchmarks/room_load.py [N] [POOL] [EVERY]   (default 30 sessions arriving at once; POOL > 0
serves only the dosing notebook with POOL pre-started kernels and waits for them before the room arrives;
EVERY > 0 spaces the arrivals by that many seconds); writes results/room_load_N[_poolP][_everyEs].json.
"""

import asyncio
import datetime
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss_mb(root_pid: int) -> tuple[float, int]:
    """Resident memory of a process and all its descendants [MB], and how many processes."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[int(entry)] = int(line.split()[1])
    members = {root_pid}
    changed = True
    while changed:
        changed = False
        for pid, ppid in parents.items():
            if ppid in members and pid not in members:
                members.add(pid)
                changed = True
    return sum(rss.get(p, 0) for p in members) / 1024, len(members)


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20, method="inclusive")[18] if len(xs) > 1 else xs[0]


async def session(browser, url: str, timeout_s: float, delay_s: float = 0) -> tuple[float, list[float]]:
    await asyncio.sleep(delay_s)
    ctx = await browser.new_context(viewport={"width": 1280, "height": 1200})
    page = await ctx.new_page()
    t0 = time.perf_counter()
    try:
        await page.goto(url, timeout=timeout_s * 1000)
        await page.wait_for_selector(".ae-dose", timeout=timeout_s * 1000)
    except Exception as exc:
        await ctx.close()
        raise RuntimeError(f"no first render within {timeout_s:g} s: {type(exc).__name__}") from None
    first = time.perf_counter() - t0
    handle = page.locator(".widget-hslider", has_text="Weight (kg)").locator(".noUi-handle")
    await handle.focus()
    moves = []
    for _ in range(3):
        before = await page.locator(".ae-dose").first.inner_text()
        t = time.perf_counter()
        await handle.press("ArrowRight")
        await page.wait_for_function("b => document.querySelector('.ae-dose').innerText !== b", arg=before,
                                     timeout=60_000)
        moves.append(time.perf_counter() - t)
    return first, moves, ctx


async def run(n: int, pool: int = 0, stagger_s: float = 0, timeout_s: float = 240) -> dict:
    from playwright.async_api import async_playwright

    port = free_port()
    script = Path(sys.executable).parent / "anakinra-edu"
    log = open(ROOT / "benchmarks" / "results" / "room_load_server.log", "w")
    cmd = [str(script), "serve", "--port", str(port), "--notebooks", str(ROOT / "notebooks")]
    if pool:
        cmd += ["--notebook", "01_dosing_explorer.ipynb", "--pool-size", str(pool)]
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    try:
        landing = (f"http://127.0.0.1:{port}/" if pool else
                   f"http://127.0.0.1:{port}/voila/render/00_start_here.ipynb")
        t0 = time.perf_counter()
        while True:
            try:
                urllib.request.urlopen(landing, timeout=60).read()
                break
            except OSError:
                if time.perf_counter() - t0 > 180:
                    raise
                await asyncio.sleep(0.5)
        warm = time.perf_counter()
        if pool:  # wait until the pool's kernels exist and the machine is quiet again
            while tree_rss_mb(server.pid)[1] < pool + 1 and time.perf_counter() - warm < 600:
                await asyncio.sleep(2)
            while os.getloadavg()[0] > 1.0 and time.perf_counter() - warm < 900:
                await asyncio.sleep(5)
        else:
            await asyncio.sleep(10)  # let the pre-started kernels finish their notebooks
        warmup_s = time.perf_counter() - warm
        idle_mb, idle_procs = tree_rss_mb(server.pid)
        url = (f"http://127.0.0.1:{port}/" if pool else
               f"http://127.0.0.1:{port}/voila/render/01_dosing_explorer.ipynb")
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            start = time.perf_counter()
            outcomes = await asyncio.gather(*(session(browser, url, timeout_s, i * stagger_s) for i in range(n)),
                                            return_exceptions=True)
            wall = time.perf_counter() - start
            busy_mb, busy_procs = tree_rss_mb(server.pid)
            results = [o for o in outcomes if not isinstance(o, BaseException)]
            failures = [str(o) for o in outcomes if isinstance(o, BaseException)]
            for _, _, ctx in results:
                await ctx.close()
            await browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    firsts = [r[0] for r in results] or [float("nan")]
    moves = [m for r in results for m in r[1]] or [float("nan")]
    return {
        "sessions": n, "arrival_interval_s": stagger_s, "pool_size": pool, "pool_warmup_s": round(warmup_s, 1),
        "completed": len(results),
        "failed": len(failures), "failures": failures[:5],
        "date": datetime.date.today().isoformat(),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "first_render_s": {"median": round(statistics.median(firsts), 2), "p95": round(p95(firsts), 2),
                           "max": round(max(firsts), 2)},
        "interaction_s": {"median": round(statistics.median(moves), 3), "p95": round(p95(moves), 3)},
        "all_sessions_ready_s": round(wall, 1),
        "server_memory_mb": {"idle": round(idle_mb), "with_sessions": round(busy_mb),
                             "per_session": round((busy_mb - idle_mb) / n, 1)},
        "processes": {"idle": idle_procs, "with_sessions": busy_procs},
    }


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    pool = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    stagger = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    (ROOT / "benchmarks" / "results").mkdir(parents=True, exist_ok=True)
    result = asyncio.run(run(n, pool, stagger))
    suffix = (f"_pool{pool}" if pool else "") + (f"_every{stagger:g}s" if stagger else "")
    out = ROOT / "benchmarks" / "results" / f"room_load_{n}{suffix}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
