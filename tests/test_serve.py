"""`anakinra-edu serve`: 127.0.0.1 without a token; a token whenever it is asked for or the bind is wider;
idle kernels culled, no traceback in the page, clear errors. The servers here are started for real."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from anakinra_edu.cli import main
from anakinra_edu.inputs import InputError
from anakinra_edu.serve import LANDING, TEMPLATE_ROOT, is_loopback, serve_plan

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = str(ROOT / "notebooks")
SCRIPT = Path(sys.executable).parent / "anakinra-edu"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _get(url: str) -> tuple[int, str, str]:
    """Status, Location header and body of one GET, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=60) as r:
            return r.status, "", r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location", ""), exc.read().decode("utf-8", "replace")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening_addresses(port: int) -> set[str]:
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                found.add(addr)
    return found


def _start(args: list[str], log: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    with log.open("w") as fh:
        proc = subprocess.Popen([str(SCRIPT), "serve", "--port", str(port), *args], stdout=fh,
                                stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, port
        except OSError:
            assert proc.poll() is None, log.read_text()
            time.sleep(0.3)
    proc.terminate()
    pytest.fail(f"serve did not listen within 60 s: {log.read_text()}")


def _notebook(path: Path, source: str) -> None:
    cell = {"cell_type": "code", "execution_count": None, "id": "c1", "metadata": {}, "outputs": [],
            "source": source}
    path.write_text(json.dumps({"cells": [cell], "metadata": {"kernelspec": {"name": "python3", "language": "python",
                                "display_name": "Python 3"}}, "nbformat": 4, "nbformat_minor": 5}))


@pytest.fixture(scope="module")
def token_serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, Path]]:
    """``serve --token`` over a folder with one good and one failing notebook; yields (room URL, port, log)."""
    folder = tmp_path_factory.mktemp("nbs")
    _notebook(folder / "ok.ipynb", "print('rendered ' + 'fine')")
    _notebook(folder / "boom.ipynb", "raise ValueError('internal detail /srv/secret')")
    log = folder.parent / "token_serve.log"
    proc, port = _start(["--token", "--no-preheat", "--notebooks", str(folder)], log)
    try:
        yield re.search(r"\?token=(\S+)", log.read_text()).group(1), port, log
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_loopback_needs_no_token_and_a_wider_bind_always_gets_one() -> None:
    local = serve_plan("127.0.0.1", "8866", NOTEBOOKS)
    assert local.token is None and "JUPYTER_TOKEN" not in local.env and local.warnings == []
    assert local.url == f"http://127.0.0.1:8866/voila/render/{LANDING}"
    assert local.env["JUPYTER_PATH"].split(os.pathsep)[0] == str(TEMPLATE_ROOT)
    for host in ("0.0.0.0", "::", "192.168.1.20", "workshop.example"):
        wide = serve_plan(host, "9000", NOTEBOOKS, preheat=False, environ={"JUPYTER_TOKEN": ""})
        assert wide.token and len(wide.token) >= 32 and wide.env["JUPYTER_TOKEN"] == wide.token
        assert wide.url.endswith(f"?token={wide.token}") and wide.token not in " ".join(wide.cmd)
        assert wide.warnings and "other machines" in wide.warnings[0]
    assert serve_plan("0.0.0.0", "9000", NOTEBOOKS).token != serve_plan("0.0.0.0", "9000", NOTEBOOKS).token
    assert [is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "::1", "localhost", "10.0.0.1", "")] == [
        True, True, True, True, False, False]


@pytest.mark.parametrize(("port", "folder"), [("80", NOTEBOOKS), ("http", NOTEBOOKS), ("8866.5", NOTEBOOKS),
                                              ("8866", "/no/such/folder")])
def test_bad_serve_input(port: str, folder: str) -> None:
    with pytest.raises(InputError):
        serve_plan("127.0.0.1", port, folder)


def test_cli_dry_run_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--dry-run", "--notebooks", NOTEBOOKS]) == 0
    out = capsys.readouterr().out
    assert f"/voila/render/{LANDING}" in out and "For education only" in out and "token" not in out
    assert main(["serve", "--dry-run", "--host", "0.0.0.0", "--notebooks", NOTEBOOKS]) == 0
    captured = capsys.readouterr()
    assert "warning" not in captured.err and "other machines" in captured.err
    assert len(re.findall(r"\?token=\S{32,}", captured.out)) == 1  # printed once, in the room URL
    assert main(["serve", "--port", "22", "--notebooks", NOTEBOOKS]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--port" in err and "1024 to 65535" in err


@pytest.mark.slow
def test_serve_binds_loopback_only_without_token(tmp_path: Path) -> None:
    proc, port = _start(["--notebooks", NOTEBOOKS, "--no-preheat"], tmp_path / "serve.log")
    try:
        status, _, page = _get(f"http://127.0.0.1:{port}/voila/render/{LANDING}")
        assert status == 200 and "Start here" in page
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1 only, not 0.0.0.0 or ::
        assert "Culling kernels with idle durations > 900 seconds" in (tmp_path / "serve.log").read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.slow
def test_token_is_required(token_serve: tuple[str, int, Path]) -> None:
    token, port, _ = token_serve
    base = f"http://127.0.0.1:{port}"
    for url in (f"{base}/voila/render/ok.ipynb", f"{base}/voila/render/ok.ipynb?token=wrong-{token}",
                f"{base}/voila/render/ok.ipynb?token="):
        status, location, page = _get(url)
        assert status == 302 and location.startswith("/login"), (url, status)
        assert "rendered fine" not in page
    status, _, page = _get(f"{base}/voila/render/ok.ipynb?token={token}")
    assert status == 200 and "rendered fine" in page
    assert _get(f"{base}/api/kernels?token=wrong")[0] in (302, 403, 404)


@pytest.mark.slow
def test_no_traceback_in_the_page_and_kernels_culled(token_serve: tuple[str, int, Path]) -> None:
    token, port, log = token_serve
    status, _, page = _get(f"http://127.0.0.1:{port}/voila/render/boom.ipynb?token={token}")
    assert status == 200 and "There was an error when executing cell" in page
    assert "/srv/secret" not in page and "Traceback" not in page and "ValueError" not in page
    assert "Culling kernels with idle durations > 900 seconds at 60 second intervals" in log.read_text()
    assert _listening_addresses(port) == {"0100007F"}


def _kernel_connections(server_pid: int) -> list[dict]:
    """The connection files of the kernels the server started (read from each kernel's ``-f`` argument)."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            argv = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat[1]) == server_pid and b"ipykernel_launcher" in b" ".join(argv):
            found.append(json.loads(Path(argv[argv.index(b"-f") + 1].decode()).read_text()))
    return found


def test_pool_kept_for_the_room_notebook_only() -> None:
    plan = serve_plan("127.0.0.1", "8866", NOTEBOOKS, pool_size="30", room_notebook="01_dosing_explorer.ipynb")
    pools = json.loads(next(a for a in plan.cmd if "kernel_pools_config" in a).split("=", 1)[1])
    assert pools == {"default": {"pool_size": 1}, "01_dosing_explorer.ipynb": {"pool_size": 30}}
    landing = serve_plan("127.0.0.1", "8866", NOTEBOOKS, pool_size="4")
    assert f'"{LANDING}": {{"pool_size": 4}}' in " ".join(landing.cmd)
    assert not any("pool" in a for a in serve_plan("127.0.0.1", "8866", NOTEBOOKS, preheat=False).cmd)
    for bad in ("0", "101", "2.5", "many"):
        with pytest.raises(InputError, match="pool_size"):
            serve_plan("127.0.0.1", "8866", NOTEBOOKS, pool_size=bad)
    with pytest.raises(InputError, match="notebook"):
        serve_plan("127.0.0.1", "8866", NOTEBOOKS, pool_size="3", room_notebook="no_such.ipynb")


@pytest.mark.slow
def test_room_arrivals_get_pre_started_kernels_over_unix_sockets(tmp_path: Path) -> None:
    folder = tmp_path / "nbs"
    folder.mkdir()
    _notebook(folder / "room.ipynb", "print('room ' + 'ready')")
    _notebook(folder / "other.ipynb", "print('other')")
    log = tmp_path / "serve.log"
    proc, port = _start(["--notebooks", str(folder), "--pool-size", "3", "--room-notebook", "room.ipynb"], log)
    try:
        deadline = time.monotonic() + 120
        while len(_kernel_connections(proc.pid)) < 4 and time.monotonic() < deadline:
            time.sleep(0.5)
        connections = _kernel_connections(proc.pid)
        assert len(connections) == 4  # three ready for the room's notebook, one for the other
        assert {c["transport"] for c in connections} == {"ipc"}
        runtime = Path(connections[0]["ip"]).parent
        assert runtime.stat().st_mode & 0o077 == 0  # the sockets' folder is the server user's only
        for _ in range(3):
            status, _, page = _get(f"http://127.0.0.1:{port}/voila/render/room.ipynb")
            assert status == 200 and "room ready" in page
        assert log.read_text().count("Using pre-heated kernel") == 3
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_kernels_start_one_per_core_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

    from anakinra_edu import kernel_queue

    running, most = 0, 0

    async def slow_start(self: object, *args: object, **kwargs: object) -> str:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.05)
        running -= 1
        return "kernel-id"

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", slow_start)
    for cores in (1, 2):
        monkeypatch.setattr(kernel_queue, "cores_available", lambda cores=cores: cores)
        manager, most = kernel_queue.QueuedKernelManager(), 0

        async def room(manager: kernel_queue.QueuedKernelManager = manager) -> list[str]:
            return await asyncio.gather(*(manager.start_kernel() for _ in range(6)))

        with ThreadPoolExecutor(1) as thread:  # an own event loop, whatever the test run has running
            assert thread.submit(asyncio.run, room()).result() == ["kernel-id"] * 6
        assert most == cores


def test_a_kernel_leaving_the_pool_gets_an_idle_period_before_it_can_be_culled(monkeypatch) -> None:
    # A pool kernel idle for 1692 s was culled as it was handed to a visitor (seen under `anakinra-edu serve`):
    # the culler now gives each kernel one idle period (CULL_IDLE_S) from the first time it considers it.
    import asyncio
    import datetime
    from concurrent.futures import ThreadPoolExecutor
    from types import SimpleNamespace

    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

    from anakinra_edu import kernel_queue

    culled: list[str] = []

    async def culler(self: object, kernel_id: str) -> None:  # the base class's rule: idle > timeout -> cull
        kernel = self._kernels[kernel_id]  # type: ignore[attr-defined]
        if (datetime.datetime.now(datetime.UTC) - kernel.last_activity).total_seconds() > 900:
            culled.append(kernel_id)

    async def shutdown(self: object, kernel_id: str, *args: object, **kwargs: object) -> None:
        pass

    monkeypatch.setattr(AsyncMappingKernelManager, "cull_kernel_if_idle", culler)
    monkeypatch.setattr(AsyncMappingKernelManager, "shutdown_kernel", shutdown)
    manager = kernel_queue.QueuedKernelManager()
    long_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=1692)
    manager._kernels["k1"] = SimpleNamespace(last_activity=long_ago)

    async def ticks() -> None:
        await manager.cull_kernel_if_idle("k1")  # just handed out: not culled, its idle time starts now
        assert culled == [] and manager._kernels["k1"].last_activity > long_ago
        await manager.cull_kernel_if_idle("k1")  # the next tick: the base rule again (not idle long enough)
        assert culled == []
        manager._kernels["k1"].last_activity = long_ago
        await manager.cull_kernel_if_idle("k1")  # idle for an idle period since: culled
        assert culled == ["k1"]
        await manager.shutdown_kernel("k1")
        assert "k1" not in manager._considered

    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, ticks()).result()
