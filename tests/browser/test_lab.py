"""`make lab` in a classroom: JupyterLab opens without the "Jupyter news" pop-up and asks the internet nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request

import pytest

from .conftest import ROOT, _free_port, _need_browser, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def lab_url():
    """``make lab`` itself (its configuration), on a free port; without a token only because this is a test."""
    _need_browser()
    port = _free_port()
    extra = (f"--no-browser --port={port} --IdentityProvider.token= --ServerApp.password= "
             "--LabApp.expose_app_in_browser=True")
    env = {k: v for k, v in os.environ.items() if k != "JUPYTER_CONFIG_PATH"}
    log = (ROOT / "artifacts" / "lab.log").open("w")
    proc = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={extra}"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(url + "/lab", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("make lab did not start: see artifacts/lab.log")
                time.sleep(0.3)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


def test_lab_has_no_news_popup_and_no_outside_request(browser, lab_url: str) -> None:
    assert json.loads(urllib.request.urlopen(lab_url + "/lab/api/news", timeout=30).read()) == {"news": []}
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    outside: list[str] = []

    def only_this_machine(route) -> None:
        url = route.request.url
        if url.startswith((lab_url, "data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", only_this_machine)
    page.goto(lab_url + "/lab", timeout=90_000)
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=90_000)
    page.evaluate("async () => { await window.jupyterapp.restored; }")
    config = json.loads(page.locator("#jupyter-config-data").text_content())
    assert config["news"] == {"disabled": True}
    assert "@jupyterlab/apputils-extension:announcements" in config["disabledExtensions"]
    end = time.monotonic() + 5  # the pop-up, where enabled, appears as soon as the layout is restored
    while time.monotonic() < end:
        assert page.locator(".Toastify__toast").count() == 0, page.locator(".Toastify__toast").all_inner_texts()
        page.wait_for_timeout(250)
    assert "Jupyter news" not in page.inner_text("body")
    shot(page, "lab_no_news")
    assert outside == []
    context.close()
