"""``python -m anakinra_edu.site_server``: the static site served to a room (kept-alive connections, whole
files, the right types, nothing outside the site, nothing logged per request, a clear refusal without a built
site)."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from anakinra_edu.site_server import main


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serves_whole_files_on_kept_alive_connections(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>For education only</p>")
    runtime = bytes(range(256)) * 40_000  # 10 MB, like the Pyodide runtime
    (tmp_path / "pyodide.asm.wasm").write_bytes(runtime)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "anakinra_edu.site_server", str(tmp_path), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/pyodide.asm.wasm")
        first = conn.getresponse()
        assert (first.status, first.getheader("Content-Type"), first.read()) == (200, "application/wasm", runtime)
        sock = conn.sock
        conn.request("GET", "/")
        second = conn.getresponse()
        assert second.status == 200 and b"For education only" in second.read()
        assert conn.sock is sock  # the same connection: HTTP/1.1 kept alive
        (tmp_path.parent / "secret.txt").write_text("not part of the site")
        conn.request("GET", "/../secret.txt")
        outside = conn.getresponse()
        assert outside.status == 404 and b"not part" not in outside.read()
        conn.request("GET", "/missing.js")
        missing = conn.getresponse()
        assert missing.status == 404
        missing.read()
        conn.close()

        def load(_: int) -> bytes:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                c.request("GET", "/pyodide.asm.wasm")
                return c.getresponse().read()
            finally:
                c.close()

        with ThreadPoolExecutor(64) as pool:  # a room's browsers at once
            assert all(body == runtime for body in pool.map(load, range(64)))
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in out and "GET" not in out + err  # no line per request


def test_refuses_a_folder_without_a_site(tmp_path: Path, capsys) -> None:
    assert main([str(tmp_path / "site")]) == 2
    assert "make site" in capsys.readouterr().err
