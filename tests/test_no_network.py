"""No network at run time: with outbound sockets blocked, the engine, the CLI and a notebook's code all run.

The guard refuses every connection that is not to a loopback address or a Unix socket and records it; nothing
may be recorded. Also: JupyterLab keeps its token (Makefile), servers bind 127.0.0.1 by default (tests/test_serve),
and nothing is written outside an explicit export path (checked here by comparing the working folder).
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = ("127.", "::1", "localhost")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        if self.family == getattr(socket, "AF_UNIX", None) or (
                isinstance(address, tuple) and str(address[0]).startswith(LOOPBACK)):
            return real_connect(self, address)
        attempts.append(address)
        raise OSError(f"network blocked in test: {address}")

    def refuse(*args: object, **kwargs: object) -> object:
        attempts.append(args[0] if args else kwargs)
        raise OSError("network blocked in test")

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_engine_and_cli_offline(no_network: list[object], capsys: pytest.CaptureFixture[str]) -> None:
    from anakinra_edu.cli import main
    from anakinra_edu.counseling import counseling_points
    from anakinra_edu.dosing import regimen

    r = regimen("nomid", 9, 0.67, concomitant=["yellow-fever-vaccine"])
    assert r.start_dose_mg == (9, 18) and counseling_points(r)
    assert main(["dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "55", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["start_dose_mg"] == [100, 100]
    assert no_network == []


@pytest.mark.parametrize("notebook", sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")))
def test_notebook_code_offline_and_writes_nothing(no_network: list[object], notebook: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Every code cell of the notebook, run in this process with the network blocked, in an empty folder."""
    monkeypatch.chdir(tmp_path)
    nb = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))
    namespace: dict[str, object] = {"__name__": "__main__"}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{notebook}", "exec"), namespace)
    assert no_network == []
    assert os.listdir(tmp_path) == []  # nothing written without an export
