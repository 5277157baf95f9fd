"""A trainee who leaves a page frees its kernel at once (as ``make serve`` serves it), instead of leaving it
to the idle culler: one person's forty reloads once held forty kernels (3.9 GB)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest

from .helpers import open_app

pytestmark = pytest.mark.browser


def _status(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=10).status
    except urllib.error.HTTPError as exc:
        return exc.code


def _kernel_id(page) -> str:
    return page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def test_leaving_a_dashboard_shuts_its_kernel_down(page, voila_server: str) -> None:
    open_app(page, voila_server, "01_dosing_explorer.ipynb")
    first = _kernel_id(page)
    assert _status(f"{voila_server}/api/kernels/{first}") == 200
    refused: list[str] = []
    page.on("response", lambda r: refused.append(r.url) if "/voila/api/shutdown/" in r.url and r.status >= 400
            else None)
    page.reload()  # a trainee reloads: the old page's kernel goes, the new page has its own
    page.wait_for_selector(".widget-slider .noUi-handle", timeout=90_000)
    second = _kernel_id(page)
    assert second != first
    deadline = time.monotonic() + 30
    while _status(f"{voila_server}/api/kernels/{first}") != 404:
        assert time.monotonic() < deadline, f"kernel {first} still running 30 s after the page was left"
        time.sleep(0.5)
    assert refused == []
    assert _status(f"{voila_server}/api/kernels/{second}") == 200  # the page in use keeps its kernel
