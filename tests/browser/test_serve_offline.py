"""App mode as a room sees it: behind the token, and no request leaves 127.0.0.1 from the login or any page."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import ROOT, _free_port, _need_browser

pytestmark = pytest.mark.browser

FONT_FACES = """() => [...document.styleSheets]
    .flatMap(s => { try { return [...s.cssRules]; } catch (e) { return []; } })
    .filter(r => r instanceof CSSFontFaceRule).map(r => r.style.getPropertyValue('font-family'))"""


@pytest.fixture(scope="module")
def token_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``anakinra-edu serve --token`` on 127.0.0.1; yields the room URL it printed."""
    _need_browser()
    port = _free_port()
    out = tmp_path_factory.mktemp("serve") / "serve.log"
    with out.open("w") as fh:
        proc = subprocess.Popen([str(Path(sys.executable).parent / "anakinra-edu"), "serve", "--token", "--no-preheat",
                                 "--port", str(port), "--notebooks", str(ROOT / "notebooks")],
                                stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except OSError:
                assert proc.poll() is None, out.read_text()
                time.sleep(0.3)
        room = re.search(r"http://\S+\?token=\S+", out.read_text())
        assert room, out.read_text()
        yield room.group(0)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _guard(page) -> list[str]:
    """Abort every request that is not to 127.0.0.1 and record it."""
    off_box: list[str] = []

    def route(r) -> None:
        if urlsplit(r.request.url).hostname == "127.0.0.1" or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            off_box.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda req: off_box.append(f"failed: {req.url}") if "127.0.0.1" not in req.url else None)
    return off_box


def test_login_and_landing_stay_on_this_machine(page, token_server: str) -> None:
    off_box = _guard(page)
    base = token_server.split("/voila/")[0]
    page.goto(base + "/voila/render/00_start_here.ipynb", timeout=60_000)
    assert "/login" in page.url  # no token, no page
    page.goto(token_server, timeout=90_000)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
    page.wait_for_load_state("networkidle", timeout=30_000)
    assert "Start here" in page.inner_text("body")
    assert any("Font Awesome" in family for family in page.evaluate(FONT_FACES))  # the icons come from Voilà
    page.goto(base + "/voila/render/01_dosing_explorer.ipynb", timeout=90_000)  # the cookie now carries the token
    page.wait_for_selector(".ae-dose", timeout=90_000)
    page.wait_for_load_state("networkidle", timeout=30_000)
    assert off_box == []
