"""The static site (``make site``) served by a plain static server: the dashboards run in the browser, and
no request leaves 127.0.0.1 (every other request is aborted and recorded)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from anakinra_edu.dosing import regimen

from .conftest import ROOT, _free_port, shot
from .helpers import only_local

pytestmark = pytest.mark.browser
SITE = ROOT / "site"
DASHBOARDS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def site_server() -> Iterator[str]:
    if not (SITE / "index.html").exists():
        if os.environ.get("ANAKINRA_EDU_REQUIRE_SITE") == "1":
            pytest.fail("site/ is not built (make site)")
        pytest.skip("site/ is not built (make test-site builds it)")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                             "--directory", str(SITE)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/index.html", timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture
def offline_page(browser, site_server: str):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    left = only_local(context, site_server)
    page = context.new_page()
    page.left = left  # type: ignore[attr-defined]
    yield page
    context.close()


def test_index_links_every_dashboard(offline_page, site_server: str) -> None:
    offline_page.goto(site_server + "/index.html")
    hrefs = offline_page.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [f"voici/render/{name}.html" for name in DASHBOARDS]
    assert "education only" in offline_page.inner_text("body").lower()
    assert offline_page.left == []


def test_dosing_dashboard_runs_offline_and_the_card_follows_the_slider(offline_page, site_server: str) -> None:
    page = offline_page
    page.goto(site_server + "/voici/render/01_dosing_explorer.html", timeout=90_000)
    page.wait_for_selector(".ae-dose", timeout=240_000)  # Pyodide boots in the page
    start = regimen("nomid", 20, 6)
    assert f"{start.start_dose_mg[0]:.4g}–{start.start_dose_mg[1]:.4g} mg per dose" in page.inner_text(".ae-dose")
    weight = page.locator(".widget-hslider", has_text="Weight (kg)").locator(".noUi-handle")
    weight.focus()
    for _ in range(10):  # 10 steps of 0.5 kg: 20 -> 25 kg
        weight.press("ArrowRight")
    moved = regimen("nomid", 25, 6)
    expected = f"{moved.start_dose_mg[0]:.4g}–{moved.start_dose_mg[1]:.4g} mg per dose"
    page.wait_for_function("t => document.querySelector('.ae-dose').innerText.includes(t)", arg=expected,
                           timeout=45_000)
    shot(page, "site_01_after_weight")
    assert page.left == []  # nothing was requested from anywhere but the static server


def test_case_progress_is_kept_in_the_browser_of_the_static_site(offline_page, site_server: str) -> None:
    # TV02 (tests/data/answer_key.csv): Cockcroft–Gault with actual weight 25.3 mL/min. The answer survives a
    # reload through the page's localStorage (the case study's progress widget), with no server at all.
    page = offline_page
    page.goto(site_server + "/voici/render/05_case_studies.html", timeout=90_000)
    page.wait_for_selector("text=kept in this browser", timeout=240_000)  # Pyodide booted, the widget loaded
    number = page.locator(".widget-text input[type=text]").first
    number.fill("25.3")
    page.get_by_role("button", name="Check my answer").first.click()
    page.wait_for_selector("text=✔ Correct.", timeout=45_000)
    page.reload()
    page.wait_for_selector("text=kept in this browser", timeout=240_000)
    page.wait_for_selector("text=✔ Correct.", timeout=45_000)
    assert page.locator(".widget-text input[type=text]").first.input_value() == "25.3"
    page.get_by_text("✔ Correct.").first.scroll_into_view_if_needed()
    shot(page, "site_05_after_reload")
    assert page.left == []
