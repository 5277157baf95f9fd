"""The static site (``make site``) served by a plain static server, operated in Chromium like a user.

Each of the seven pages opens in the site, a control is operated through the page (slider, typed box, dropdown,
tab, link) and the visible result changes as the engine or the label says; no request leaves 127.0.0.1 (every
other request is aborted and recorded) and the browser console shows no error.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from anakinra_edu import EDUCATION_NOTICE
from anakinra_edu.knowledge import load_knowledge

from .conftest import ROOT, _free_port, shot
from .helpers import ERRORS, only_local

pytestmark = pytest.mark.browser
SITE = ROOT / "site"
DASHBOARDS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
BOOT_MS = 300_000  # Pyodide starts in the page: generous, the machine is shared
WAIT_MS = 60_000


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
    """A 1280×720 page that may request only the static server; ``.left`` lists what it tried elsewhere and
    ``.errors`` the console errors and uncaught page errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    left = only_local(context, site_server)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.left = left  # type: ignore[attr-defined]
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def open_page(page, base: str, name: str, ready: str) -> None:
    """Open one page of the site and wait until ``ready`` (a selector) is visible: Pyodide has run the notebook."""
    page.goto(f"{base}/voici/render/{name}.html", timeout=90_000)
    page.wait_for_selector(ready, state="visible", timeout=BOOT_MS)


def clean(page) -> None:
    """Nothing left 127.0.0.1, no console error, no Python traceback on the page."""
    assert page.left == []
    assert page.errors == []
    assert not ERRORS.search(page.inner_text("body"))


def wait_card(page, text: str) -> None:
    page.wait_for_function("t => document.querySelector('.ae-dose') && "
                           "document.querySelector('.ae-dose').innerText.includes(t)", arg=text, timeout=WAIT_MS)


def test_index_links_every_dashboard(offline_page, site_server: str) -> None:
    offline_page.goto(site_server + "/index.html")
    hrefs = offline_page.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [f"voici/render/{name}.html" for name in DASHBOARDS]
    assert "education only" in offline_page.inner_text("body").lower()
    clean(offline_page)


def test_00_start_here_says_what_is_missing_and_links_open_the_dashboards(offline_page, site_server: str) -> None:
    page = offline_page
    open_page(page, site_server, "00_start_here", f"text={EDUCATION_NOTICE[:40]}")
    page.wait_for_selector("text=pandas does not run in the browser build", timeout=WAIT_MS)  # a table it cannot build
    assert " dosing rules; " not in page.inner_text("body")  # the nbval check cell (counts of the tables) is left out
    page.get_by_role("link", name="01 Dosing explorer").click()  # the map's link, rewritten for the site
    page.wait_for_selector(".ae-dose", timeout=BOOT_MS)
    assert page.url.endswith("/voici/render/01_dosing_explorer.html")
    shot(page, "site_00_to_01")
    clean(page)


def test_01_dosing_slider_and_typed_weight_change_the_card(offline_page, site_server: str) -> None:
    page = offline_page
    open_page(page, site_server, "01_dosing_explorer", ".ae-dose")
    # NOMID, US label 1–2 mg/kg/day: 20 kg -> 20–40 mg, 25 kg -> 25–50 mg (digest, NOMID dosing)
    assert "20–40 mg per dose" in page.inner_text(".ae-dose")
    assert "Key scenarios as text" not in page.inner_text("body")  # the nbval check cells are not on the page
    weight = page.locator(".widget-hslider", has_text="Weight (kg)").locator(".noUi-handle")
    weight.focus()
    for _ in range(10):  # 10 steps of 0.5 kg: 20 -> 25 kg
        weight.press("ArrowRight")
    wait_card(page, "25–50 mg per dose")
    shot(page, "site_01_after_weight")
    box = page.locator(".widget-hbox", has_text="Weight (kg)").locator("input[type=number]").first
    box.fill("9")
    box.press("Enter")
    wait_card(page, "9–18 mg per dose")  # US label: 1–2 mg/kg for NOMID, 9 kg
    assert "BELOW THE LOWEST MARK" in page.inner_text("body")
    clean(page)


def test_01_present_in_the_url_turns_presentation_mode_on(offline_page, site_server: str) -> None:
    # the same page script as the app's template: ?present=1 presses the dashboard's toggle (it can turn it off)
    page = offline_page
    page.goto(f"{site_server}/voici/render/01_dosing_explorer.html?present=1", timeout=90_000)
    page.wait_for_selector(".ae-dashboard.ae-present .ae-dose", state="visible", timeout=BOOT_MS)
    toggle = page.locator("button.ae-present-toggle").first
    assert "mod-active" in (toggle.get_attribute("class") or "")
    toggle.click()
    page.wait_for_selector(".ae-dashboard:not(.ae-present) .ae-dose", state="visible", timeout=WAIT_MS)


def test_02_kidney_scenario_dropdown_changes_the_estimate_and_chart(offline_page, site_server: str) -> None:
    page = offline_page
    open_page(page, site_server, "02_kidney_function", ".vega-embed svg.marks")
    page.locator(".vega-embed svg.marks text", has_text="25.3").first.wait_for(timeout=WAIT_MS)  # the patient
    assert "25.3 mL/min" in page.inner_text("body")  # digest section 5: CG 25.3 for the 80-year-old woman
    title = load_knowledge().kidney_scenarios["tv03-exactly-30"]["title"]
    page.locator("select").first.select_option(label=title)
    page.wait_for_selector("text=30.0 mL/min", timeout=WAIT_MS)
    page.locator(".vega-embed svg.marks text", has_text="30.0").first.wait_for(timeout=WAIT_MS)  # the chart follows
    shot(page, "site_02_exactly_30")
    clean(page)


def test_03_onset_dropdown_and_interval_toggle(offline_page, site_server: str) -> None:
    page = offline_page
    open_page(page, site_server, "03_onset_and_pharmacokinetics", ".vega-embed svg.marks")
    body = page.inner_text("body")
    assert "4 weeks to 6 weeks" in body and "within 2 weeks" in body  # ACR fact sheet vs EU SmPC 5.1
    page.locator("select").first.select_option(label=load_knowledge().indications["aosd"]["name"])
    page.wait_for_selector("text=24 h to 3 days", timeout=WAIT_MS)  # Kotter 2007
    page.locator(".widget-toggle-buttons button", has_text="Every other day").click()
    page.wait_for_selector("text=Every other day, CrCl 100 mL/min", timeout=WAIT_MS)
    shot(page, "site_03_aosd_eod")
    clean(page)


def test_04_counseling_dropdown_and_the_print_route(offline_page, site_server: str) -> None:
    page = offline_page
    open_page(page, site_server, "04_safety_counseling", "text=Counseling checklist (most urgent first)")
    page.locator("select").nth(1).select_option(label=load_knowledge().concomitant["etanercept"]["display"])
    page.wait_for_selector("text=Another biologic", timeout=WAIT_MS)
    body = page.inner_text("body")
    assert "cannot make a PDF" in body and "print" in body.lower()  # what the browser build cannot do, said
    with page.expect_popup(timeout=WAIT_MS) as opened:
        page.get_by_role("button", name="Print the handout").click()
    handout = opened.value
    handout.wait_for_load_state()
    assert "No name or date of birth is printed on this sheet" in handout.inner_text("body")
    shot(page, "site_04_etanercept")
    clean(page)


def test_05_case_typed_answer_gets_feedback(offline_page, site_server: str) -> None:
    page = offline_page
    open_page(page, site_server, "05_case_studies", "text=Check my answer")
    number = page.locator(".widget-text input[type=text]").first
    number.fill("25.3")  # TV02: Cockcroft-Gault 25.3 mL/min
    number.press("Enter")
    page.get_by_role("button", name="Check my answer").first.click()
    page.wait_for_selector("text=✔ Correct.", timeout=WAIT_MS)
    shot(page, "site_05_feedback")
    clean(page)


def test_06_workshop_tab_shows_the_dose_step(offline_page, site_server: str) -> None:
    page = offline_page
    open_page(page, site_server, "06_nurse_workshop", "text=Keep the syringes in the fridge")
    page.get_by_text("2 Dose", exact=True).click()
    page.wait_for_selector("text=starting dose 20 mg = 0.133 mL", timeout=WAIT_MS)  # TV10, 150 mg/mL
    shot(page, "site_06_dose_tab")
    clean(page)


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
    clean(page)
