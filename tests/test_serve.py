"""`anakinra-edu serve`: Voilà on 127.0.0.1 by default, a warning when asked to bind wider, clear errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from anakinra_edu.cli import LANDING, main, serve_command
from anakinra_edu.inputs import InputError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = str(ROOT / "notebooks")


def test_default_is_loopback_with_preheat() -> None:
    cmd, url, warnings = serve_command("127.0.0.1", "8866", NOTEBOOKS)
    assert "--Voila.ip=127.0.0.1" in cmd and "--preheat_kernel=True" in cmd and "--no-browser" in cmd
    assert "--show_tracebacks=False" in cmd
    assert url == f"http://127.0.0.1:8866/voila/render/{LANDING}"
    assert warnings == []
    assert (Path(NOTEBOOKS) / LANDING).exists()


def test_wider_binding_warns() -> None:
    cmd, url, warnings = serve_command("0.0.0.0", "9000", NOTEBOOKS, preheat=False)
    assert url.startswith("http://localhost:9000/")
    assert "--Voila.ip=0.0.0.0" in cmd and "--preheat_kernel=True" not in cmd
    assert warnings and "other machines" in warnings[0]


@pytest.mark.parametrize(("port", "folder"), [("80", NOTEBOOKS), ("http", NOTEBOOKS), ("8866.5", NOTEBOOKS),
                                              ("8866", "/no/such/folder")])
def test_bad_serve_input(port: str, folder: str) -> None:
    with pytest.raises(InputError):
        serve_command("127.0.0.1", port, folder)


def test_cli_dry_run_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--dry-run", "--notebooks", NOTEBOOKS]) == 0
    out = capsys.readouterr().out
    assert f"/voila/render/{LANDING}" in out and "For education only" in out
    assert main(["serve", "--dry-run", "--host", "0.0.0.0", "--notebooks", NOTEBOOKS]) == 0
    assert "warning" in capsys.readouterr().err
    assert main(["serve", "--port", "22", "--notebooks", NOTEBOOKS]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--port" in err and "1024 to 65535" in err


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


@pytest.mark.slow
def test_serve_binds_loopback_only(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    script = Path(sys.executable).parent / "anakinra-edu"
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([str(script), "serve", "--port", str(port), "--notebooks", NOTEBOOKS, "--no-preheat"],
                            stdout=log, stderr=subprocess.STDOUT)
    log.close()  # the child keeps its own descriptor
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/render/{LANDING}", timeout=30) as r:
                    page = r.read().decode("utf-8", "replace")
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(0.3)
        else:
            pytest.fail("serve did not answer within 60 s")
        assert "Start here" in page
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1 only, not 0.0.0.0 or ::
    finally:
        proc.terminate()
        proc.wait(timeout=20)
