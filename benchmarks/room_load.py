"""A room on one machine: N trainees arriving in the same second at `anakinra-edu serve` or `anakinra-edu hub`.

The server (and every kernel and per-trainee server it starts) is pinned to CPU 0 with ``taskset``; the load
generator pins itself to CPU 1, so the clients do not steal the server's core. On a 2-core machine the server
therefore has ONE core: the figures are for a one-core server.

Clients:
- ``http`` (default): lightweight trainees (tests/room_client.py), one thread each: the page load, then the
  kernel websocket until the widget state with the regimen card arrives ("rendered": what the server must do;
  drawing it is the trainee's laptop's job). A hub trainee first logs in with the room password.
- ``browser``: N headless Chromium pages (one context each) until the card is visible, then three slider
  steps (slider -> card in the browser). Keep N small: the browsers share CPU 1.

The room arrives once the server is quiet (every pre-started kernel has run its notebook). Memory is the
resident size of the server's process tree then and with every session open; ``uptime`` is printed (and
stored) before and after the arrivals, since the machine may be shared.

Usage: python benchmarks/room_load.py voila|hub N [http|browser] [--pool P]
(``--pool P``: Voilà keeps P kernels ready, ``serve --pool-size P``).
Writes benchmarks/results/room_{voila|hub}_{N}[_poolP][_browser].json.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.room_client import Trainee  # noqa: E402

SERVER_CPU, CLIENT_CPU = "0", {1}
DOSING = "01_dosing_explorer.ipynb"
SCRIPT = Path(sys.executable).parent / "anakinra-edu"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss_mb(root_pid: int) -> tuple[float, int]:
    """Resident memory of a process and all its descendants [MB], and how many processes."""
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        try:
            parents[int(entry)] = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            for line in Path(f"/proc/{entry}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss[int(entry)] = int(line.split()[1])
        except (ValueError, OSError):
            continue
    members, todo = {root_pid}, [root_pid]
    while todo:
        current = todo.pop()
        for pid, ppid in parents.items():
            if ppid == current and pid not in members:
                members.add(pid)
                todo.append(pid)
    return sum(rss.get(p, 0) for p in members) / 1024, len(members)


def tree_cpu_s(root_pid: int) -> float:
    """CPU time used so far by a process and its living descendants [s]."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in os.listdir("/proc"):
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except (ValueError, OSError):
            continue
        if entry.isdigit():
            stats[int(entry)] = fields
            children.setdefault(int(fields[1]), []).append(int(entry))
    todo = [root_pid]
    while todo:
        pid = todo.pop()
        if pid in stats:
            total += (int(stats[pid][11]) + int(stats[pid][12])) / tick
        todo.extend(children.get(pid, []))
    return total


def wait_until_quiet(root_pid: int, timeout: float = 900) -> float:
    """Wait until the server's tree uses under 5 % of a core for 3 s (the kernel pool has run its notebooks)."""
    start = time.monotonic()
    before = tree_cpu_s(root_pid)
    while time.monotonic() - start < timeout:
        time.sleep(3)
        now = tree_cpu_s(root_pid)
        if now - before < 0.15:
            return time.monotonic() - start
        before = now
    raise SystemExit(f"the server was still busy after {timeout:.0f} s")


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20, method="inclusive")[18] if len(xs) > 1 else xs[0]


def start_server(kind: str, log, state: str, pool: int = 1) -> tuple[subprocess.Popen, str, str]:
    """The product's own command on CPU 0; returns (process, base URL, room password or '')."""
    port = free_port()
    env, password = dict(os.environ), ""
    if kind == "voila":
        cmd = [str(SCRIPT), "serve", "--port", str(port), "--notebooks", str(ROOT / "notebooks"), "--notebook", DOSING,
               "--pool-size", str(pool)]
    else:
        password = secrets.token_urlsafe(16)
        env["ANAKINRA_EDU_ROOM_PASSWORD"] = password
        cmd = [str(SCRIPT), "hub", "--port", str(port), "--state", state, "--notebooks", str(ROOT / "notebooks")]
    proc = subprocess.Popen(["taskset", "-c", SERVER_CPU, *cmd], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    probe = f"{base}/" if kind == "voila" else f"{base}/hub/health"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if Trainee().get(probe, timeout=60)[0] == 200:
            return proc, base, password
        if proc.poll() is not None:
            raise SystemExit(f"server exited; see {log.name}")
        time.sleep(1)
    raise SystemExit("server did not start within 180 s")


def http_room(kind: str, base: str, password: str, n: int) -> tuple[list[dict], list[str]]:
    """N lightweight trainees released at the same instant; per trainee: seconds to page and to rendered."""
    barrier, results, failures = threading.Barrier(n), [], []

    def one(i: int) -> None:
        t = Trainee()
        barrier.wait()
        t0 = time.perf_counter()
        try:
            if kind == "hub":
                t.login(base, f"trainee{i:02d}", password)
            url = f"{base}/" if kind == "voila" else f"{base}/user/trainee{i:02d}/voila/render/{DOSING}"
            r = t.render(url, timeout=600)
            if "mg per dose" not in r.card:
                raise RuntimeError(f"no regimen card in the widget state: {r.card!r}")
            results.append({"page_s": time.perf_counter() - t0 - (r.state_s - r.page_s),
                            "rendered_s": time.perf_counter() - t0})
        except Exception as exc:  # a failed trainee is a result, not a crash
            failures.append(f"{type(exc).__name__}: {exc}"[:200])

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return results, failures


def browser_room(base: str, n: int) -> tuple[list[dict], list[str]]:
    """N Chromium pages opened at once (Voilà only): seconds to the card visible, and three slider steps."""
    from playwright.sync_api import sync_playwright

    results, failures = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        pages = [browser.new_context(viewport={"width": 1280, "height": 1200}).new_page() for _ in range(n)]
        t0 = time.perf_counter()
        for page in pages:  # navigation is asynchronous in the browser: all n load at once
            page.evaluate(f"window.location.href = {json.dumps(base + '/')}")
        for page in pages:
            try:
                page.wait_for_selector(".ae-dose", timeout=600_000)
                first = time.perf_counter() - t0
                handle = page.locator(".widget-hslider", has_text="Weight (kg)").locator(".noUi-handle")
                handle.focus()
                moves = []
                for _ in range(3):
                    before, t = page.locator(".ae-dose").first.inner_text(), time.perf_counter()
                    handle.press("ArrowRight")
                    page.wait_for_function("b => document.querySelector('.ae-dose').innerText !== b", arg=before,
                                           timeout=60_000)
                    moves.append(time.perf_counter() - t)
                results.append({"rendered_s": first, "moves_s": moves})
            except Exception as exc:
                failures.append(f"{type(exc).__name__}: {exc}"[:200])
        browser.close()
    return results, failures


def summary(values: list[float]) -> dict:
    if not values:
        return {}
    return {"median": round(statistics.median(values), 2), "p95": round(p95(values), 2), "max": round(max(values), 2)}


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def run(kind: str, n: int, client: str, pool: int) -> dict:
    results_dir = ROOT / "benchmarks" / "results"
    results_dir.mkdir(exist_ok=True)
    with (results_dir / f"room_{kind}_server.log").open("w") as log, tempfile.TemporaryDirectory() as state:
        t0 = time.monotonic()
        proc, base, password = start_server(kind, log, state, pool)  # state: hub database, trainees' homes
        try:
            time.sleep(5)
            wait_until_quiet(proc.pid)  # every pre-started kernel has run its notebook
            ready_s = time.monotonic() - t0
            idle_mb, idle_procs = tree_rss_mb(proc.pid)
            load_before, uptime_before = os.getloadavg()[0], uptime()
            print(uptime_before, flush=True)
            start = time.perf_counter()
            results, failures = (http_room(kind, base, password, n) if client == "http" else browser_room(base, n))
            wall = time.perf_counter() - start
            busy_mb, busy_procs = tree_rss_mb(proc.pid)
            uptime_after = uptime()
            print(uptime_after, flush=True)
        finally:
            os.killpg(proc.pid, 15)
            proc.wait(timeout=120)
    out = {"server": kind, "client": client, "arrivals": n, "same_second": True, "rendered": len(results),
           "failed": len(failures), "failures": failures[:5], "date": datetime.date.today().isoformat(),
           "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": sys.version.split()[0],
                       "server_cpu": SERVER_CPU, "client_cpu": sorted(CLIENT_CPU),
                       "load_average_1min_before": round(load_before, 2), "uptime_before": uptime_before,
                       "uptime_after": uptime_after},
           "pool_size": pool if kind == "voila" else None, "server_ready_s": round(ready_s, 1),
           "rendered_s": summary([r["rendered_s"] for r in results]), "all_done_s": round(wall, 1),
           "memory_mb": {"idle": round(idle_mb), "with_sessions": round(busy_mb),
                         "per_session": round((busy_mb - idle_mb) / n, 1)},
           "processes": {"idle": idle_procs, "with_sessions": busy_procs}}
    if client == "http":
        out["page_s"] = summary([r["page_s"] for r in results])
    else:
        out["slider_to_card_s"] = summary([m for r in results for m in r["moves_s"]])
    return out


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server", choices=("voila", "hub"))
    parser.add_argument("n", type=int, help="trainees arriving in the same second")
    parser.add_argument("client", nargs="?", default="http", choices=("http", "browser"))
    parser.add_argument("--pool", type=int, default=1, help="Voilà: kernels kept ready (serve --pool-size)")
    args = parser.parse_args()
    if (args.server, args.client) == ("hub", "browser"):
        parser.error("the browser client is for Voilà only")
    os.sched_setaffinity(0, CLIENT_CPU)  # the load generator (and any browser it starts) stays off CPU 0
    result = run(args.server, args.n, args.client, args.pool)
    name = f"room_{args.server}_{args.n}" + (f"_pool{args.pool}" if args.pool > 1 else "")
    out = ROOT / "benchmarks" / "results" / f"{name}{'_browser' if args.client == 'browser' else ''}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
