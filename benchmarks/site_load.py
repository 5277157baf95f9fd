"""A room opening the zero-install site: N page loads in the same second from one static server on this box.

1. ``site/`` (``make site``) is served by ``python -m anakinra_edu.site_server`` (standard library; or, to
   compare, ``python -m http.server``) pinned to CPU 0; this script and its clients run on CPU 1.
2. One real load in Chromium records the page and every asset it fetched until the dosing dashboard shows its
   regimen card (the Pyodide runtime, the wheels, the JupyterLab bundles): what one trainee's browser asks for.
3. N lightweight clients (asyncio, standard library) are released at the same instant; each fetches that
   whole set as a browser does, six connections at a time, and checks every status and length. "Done" is the
   last byte of a trainee's last asset: the site is on the trainee's machine, and Pyodide then runs there.

Usage: python benchmarks/site_load.py [N] [--server site_server|http.server]
Writes benchmarks/results/site_load_{N}_{server}.json (with the machine, the date, the site's size and
``uptime`` before and after).
"""

from __future__ import annotations

import argparse
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
import urllib.parse
import urllib.request
from pathlib import Path

from room_load import tree_cpu_s

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
SERVER_CPU, CLIENT_CPU = "0", {1}
PAGE = "voici/render/01_dosing_explorer.html"
CONNECTIONS = 6  # a browser's connections per host over HTTP/1.1
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def site_size() -> tuple[int, int]:
    """Bytes and files under site/."""
    files = [p for p in SITE.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


SERVERS = {  # name: command after ``python -m`` (the port is appended)
    "site_server": ["anakinra_edu.site_server", str(SITE), "--port"],
    "http.server": ["http.server", "--bind", "127.0.0.1", "--directory", str(SITE)],
}


def start_server(name: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(["taskset", "-c", SERVER_CPU, sys.executable, "-m", *SERVERS[name], str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(base, timeout=5).close()
            return proc, base
        except OSError:
            time.sleep(0.1)
    raise SystemExit("static server did not start")


def record_assets(base: str) -> list[str]:
    """Paths (with query) of every 200 response of one real page load, in the order the browser asked."""
    from playwright.sync_api import sync_playwright

    paths: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()

        def seen(response) -> None:
            parts = urllib.parse.urlsplit(response.url)
            if response.status == 200 and parts.netloc == urllib.parse.urlsplit(base).netloc:
                paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))

        page.on("response", seen)
        page.goto(base + PAGE, timeout=300_000)
        page.wait_for_selector(".ae-dose", timeout=300_000)
        page.wait_for_load_state("networkidle")
        browser.close()
    return list(dict.fromkeys(paths))


async def fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> tuple[int, bool]:
    """One GET on an open connection; (bytes of body, whether the connection may be reused)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n".encode())
    await writer.drain()
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status, headers = head[0].split(" ", 2), {}
    for line in head[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip().lower()] = value.strip()
    if status[1] != "200":
        raise RuntimeError(f"{path}: HTTP {status[1]}")
    length, left = int(headers["content-length"]), int(headers["content-length"])
    while left:  # the body is counted, not kept
        chunk = await reader.read(min(left, 2**20))
        if not chunk:
            raise RuntimeError(f"{path}: connection closed {left} bytes short")
        left -= len(chunk)
    reuse = status[0] == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
    return length, reuse


async def trainee(port: int, paths: list[str], start: asyncio.Event) -> tuple[float, int]:
    """Fetch the page's whole set on up to six connections; seconds from the release and bytes received."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    received = 0

    async def connection() -> None:
        nonlocal received
        conn = None
        while not queue.empty():
            path = queue.get_nowait()
            if conn is None:
                conn = await asyncio.open_connection("127.0.0.1", port, limit=2**20)
            size, reuse = await fetch(*conn, path)
            received += size
            if not reuse:
                conn[1].close()
                conn = None
        if conn:
            conn[1].close()

    await start.wait()
    t0 = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(CONNECTIONS)))
    return time.perf_counter() - t0, received


async def room(port: int, paths: list[str], n: int) -> tuple[list[float], list[str], int]:
    start = asyncio.Event()
    tasks = [asyncio.create_task(trainee(port, paths, start)) for _ in range(n)]
    await asyncio.sleep(0.5)  # every trainee is waiting at the door
    start.set()
    done, failures, received = [], [], 0
    for outcome in await asyncio.gather(*tasks, return_exceptions=True):
        if isinstance(outcome, BaseException):
            failures.append(f"{type(outcome).__name__}: {outcome}"[:200])
        else:
            done.append(outcome[0])
            received += outcome[1]
    return done, failures, received


def summary(values: list[float]) -> dict:
    if not values:
        return {}
    p95 = statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]
    return {"median": round(statistics.median(values), 2), "p95": round(p95, 2), "max": round(max(values), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=300, help="page loads in the same second")
    parser.add_argument("--server", default="site_server", choices=sorted(SERVERS),
                        help="python -m anakinra_edu.site_server (default) or python -m http.server")
    parser.add_argument("--reuse-assets", action="store_true",
                        help="reuse the set of the last recorded load if the site has not changed")
    args = parser.parse_args()
    if not (SITE / "index.html").is_file():
        raise SystemExit("site/ is not built: run `make site` first")
    os.sched_setaffinity(0, CLIENT_CPU)  # the clients and the recording browser stay off the server's core
    size, files = site_size()
    proc, base = start_server(args.server)
    try:
        assets = ROOT / "benchmarks" / "results" / "site_assets.json"  # the last real load's set, with the site
        if args.reuse_assets and assets.exists() and json.loads(assets.read_text())["site_bytes"] == size:
            paths = json.loads(assets.read_text())["paths"]
        else:
            paths = record_assets(base)
            assets.write_text(json.dumps({"site_bytes": size, "paths": paths}, indent=1) + "\n")
        page_bytes = sum(len(urllib.request.urlopen(base + p.lstrip("/"), timeout=60).read()) for p in paths)
        uptime_before = uptime()
        print(uptime_before, flush=True)
        server_cpu, client_cpu = tree_cpu_s(proc.pid), time.process_time()
        t0 = time.perf_counter()
        done, failures, received = asyncio.run(room(int(base.rsplit(":", 1)[1].strip("/")), paths, args.n))
        wall = time.perf_counter() - t0
        cpu = {"server_s": round(tree_cpu_s(proc.pid) - server_cpu, 1),
               "clients_s": round(time.process_time() - client_cpu, 1)}
        uptime_after = uptime()
        print(uptime_after, flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    result = {"server": f"python -m {SERVERS[args.server][0]}, one process", "page": PAGE,
              "page_loads": args.n, "same_second": True, "completed": len(done), "failed": len(failures),
              "failures": failures[:5], "all_done_s": round(wall, 1), "done_s": summary(done),
              "requests_per_load": len(paths), "bytes_per_load": page_bytes,
              "bytes_received": received, "cpu": cpu, "site": {"bytes": size, "files": files},
              "date": datetime.date.today().isoformat(),
              "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": sys.version.split()[0],
                          "server_cpu": SERVER_CPU, "client_cpu": sorted(CLIENT_CPU),
                          "uptime_before": uptime_before, "uptime_after": uptime_after}}
    out = ROOT / "benchmarks" / "results" / f"site_load_{args.n}_{args.server.replace('.', '_')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "machine"}, indent=2))


if __name__ == "__main__":
    main()
