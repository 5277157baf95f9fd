"""Browser fixtures: Debian chromium driven by Python playwright, and Voilà on a free 127.0.0.1 port.

On a user's machine without chromium the browser tests skip with the reason; in CI
(``ANAKINRA_EDU_REQUIRE_BROWSER=1``, set by ``.ci/run``) a missing browser is a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "artifacts" / "browser"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _need_browser() -> None:
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} (apt-get install -y chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (pip install -e '.[test]')")
    if missing:
        reason = "browser tests need " + " and ".join(missing)
        if os.environ.get("ANAKINRA_EDU_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def voila_server() -> Iterator[str]:
    """Voilà serving notebooks/ on 127.0.0.1; yields the base URL."""
    _need_browser()
    port = _free_port()
    log = (ROOT / "artifacts").joinpath("voila.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as fh:
        # The product's own command (make serve): Voilà on 127.0.0.1 with a pre-started kernel per notebook.
        script = Path(sys.executable).parent / "anakinra-edu"
        proc = subprocess.Popen([str(script), "serve", "--port", str(port), "--notebooks", str(ROOT / "notebooks")],
                                stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180  # a shared 2-core machine under load starts it slowly
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"voila exited: see {log}")
                time.sleep(0.3)
        else:
            proc.terminate()
            pytest.fail(f"voila did not start within 180 s: see {log}")
        yield url
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)  # a projector
    pg = context.new_page()
    yield pg
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
