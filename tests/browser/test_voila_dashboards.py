"""The dashboards in Voilà (code hidden), operated in Chromium: the visible text changes as the engine says."""

from __future__ import annotations

import re

import pytest

from anakinra_edu.dosing import regimen
from anakinra_edu.knowledge import load_knowledge

from .conftest import shot

pytestmark = pytest.mark.browser
ERRORS = re.compile(r"Traceback|Error:|Exception", re.I)
CDN_FONT = re.compile(r"Failed to load resource: net::ERR_NAME_NOT_RESOLVED")  # Voilà's template icon font


def _open(page, url: str, notebook: str) -> None:
    page.goto(f"{url}/voila/render/{notebook}", timeout=90_000)
    page.wait_for_selector(".widget-slider .noUi-handle", timeout=90_000)


def _dose_text(page) -> str:
    return page.locator(".ae-dose").first.inner_text()


def test_01_weight_slider_changes_dose(page, voila_server: str) -> None:
    _open(page, voila_server, "01_dosing_explorer.ipynb")
    start = regimen("nomid", 20, 6)
    assert f"{start.start_dose_mg[0]:.4g}–{start.start_dose_mg[1]:.4g} mg per dose" in _dose_text(page)
    assert "education only" in page.inner_text("body").lower()
    weight = page.locator(".widget-hslider", has_text="Weight (kg)").locator(".noUi-handle")
    weight.focus()
    for _ in range(10):  # 10 steps of 0.5 kg: 20 -> 25 kg
        weight.press("ArrowRight")
    moved = regimen("nomid", 25, 6)
    expected = f"{moved.start_dose_mg[0]:.4g}–{moved.start_dose_mg[1]:.4g} mg per dose"
    page.wait_for_function(
        "t => document.querySelector('.ae-dose') && document.querySelector('.ae-dose').innerText.includes(t)",
        arg=expected, timeout=45_000)
    shot(page, "01_after_weight")
    assert not ERRORS.search(page.inner_text("body"))


def test_01_typed_weight_9kg_and_error(page, voila_server: str) -> None:
    _open(page, voila_server, "01_dosing_explorer.ipynb")
    box = page.locator(".widget-hbox", has_text="Weight (kg)").locator("input[type=number]").first
    box.fill("9")
    box.press("Enter")
    page.wait_for_function("() => document.querySelector('.ae-dose').innerText.includes('9–18 mg per dose')",
                           timeout=45_000)
    body = page.inner_text("body")
    assert "BELOW THE LOWEST MARK" in body and "needs pharmacy preparation" in body
    assert "US-PI-2018 §3" in body  # the source is on the page
    shot(page, "01_nomid_9kg")
    box.fill("400")
    box.press("Enter")
    page.wait_for_selector("text=No regimen shown", timeout=45_000)
    assert page.locator(".ae-dose").count() == 0  # the last valid regimen is not shown
    assert not ERRORS.search(page.inner_text("body"))


def _console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and not CDN_FONT.search(m.text) else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_02_kidney_case_changes_table(page, voila_server: str) -> None:
    errors = _console_errors(page)
    _open(page, voila_server, "02_kidney_function.ipynb")
    page.locator(".vega-embed svg.marks text", has_text="25.3").first.wait_for(timeout=45_000)  # the patient
    assert page.locator(".vega-embed svg.marks text", has_text="Threshold: below 30 mL/min").count() == 1
    assert "25.3 mL/min" in page.inner_text("body")  # digest section 5: CG 25.3 for the 80-year-old woman
    title = load_knowledge().kidney_scenarios["tv03-exactly-30"]["title"]
    page.locator("select").first.select_option(label=title)
    page.wait_for_selector("text=30.0 mL/min", timeout=45_000)
    page.locator(".vega-embed svg.marks text", has_text="30.0").first.wait_for(timeout=45_000)  # the chart follows
    shot(page, "02_exactly_30")
    assert errors == []
    assert not ERRORS.search(page.inner_text("body"))


def test_03_onset_indication_and_pk(page, voila_server: str) -> None:
    errors = _console_errors(page)
    _open(page, voila_server, "03_onset_and_pharmacokinetics.ipynb")
    page.locator(".vega-embed svg.marks text", has_text="Time to response by indication").first.wait_for(timeout=45_000)
    page.locator(".vega-embed svg.marks text", has_text="ILLUSTRATIVE MODEL, NOT FOR DOSING").first.wait_for(
        timeout=45_000)
    body = page.inner_text("body")
    assert "4 weeks to 6 weeks" in body and "within 2 weeks" in body  # ACR fact sheet vs EU SmPC 5.1, both shown
    assert "ILLUSTRATIVE MODEL" in body.upper()
    name = load_knowledge().indications["aosd"]["name"]
    page.locator("select").first.select_option(label=name)
    page.wait_for_selector("text=24 h to 3 days", timeout=45_000)  # Kotter 2007
    toggle = page.locator(".widget-toggle-buttons button", has_text="Every other day")
    toggle.click()
    page.wait_for_selector("text=Every other day, CrCl 100 mL/min", timeout=45_000)
    page.locator(".vega-embed svg.marks text", has_text="every other day at CrCl 100 mL/min").first.wait_for(
        timeout=45_000)
    shot(page, "03_aosd_eod")
    assert errors == []
    assert not ERRORS.search(page.inner_text("body"))


def test_06_nurse_workshop_tabs_and_teachback(page, voila_server: str) -> None:
    page.goto(f"{voila_server}/voila/render/06_nurse_workshop.ipynb", timeout=90_000)
    page.wait_for_selector("text=Storage and warming", timeout=90_000)
    page.wait_for_selector("text=Keep the syringes in the fridge", timeout=90_000)
    page.get_by_text("2 Dose", exact=True).click()
    page.wait_for_selector("text=starting dose 20 mg = 0.133 mL", timeout=45_000)  # TV10, 150 mg/mL
    page.get_by_text("6 Teach-back", exact=True).click()
    first = page.locator(".widget-radio-box").first
    first.locator("input[type=radio]").first.check()
    page.get_by_role("button", name="Check my answer").first.click()
    page.wait_for_selector("text=/Correct\\.|Not quite\\./", timeout=45_000)
    assert "answered correctly at the first attempt" in page.inner_text("body")
    shot(page, "06_teachback")
    assert not ERRORS.search(page.inner_text("body"))


def test_04_counseling_checklist(page, voila_server: str) -> None:
    page.goto(f"{voila_server}/voila/render/04_safety_counseling.ipynb", timeout=90_000)
    page.wait_for_selector("text=Counseling checklist (most urgent first)", timeout=90_000)
    name = load_knowledge().concomitant["etanercept"]["display"]
    page.locator("select").nth(1).select_option(label=name)
    page.wait_for_selector("text=Another biologic", timeout=45_000)
    page.wait_for_selector("text=Neutrophil count", timeout=45_000)
    body = page.inner_text("body")
    assert "URGENT" in body and "Neutrophil count" in body
    shot(page, "04_etanercept")
    assert not ERRORS.search(page.inner_text("body"))


def test_05_case_quiz_feedback(page, voila_server: str) -> None:
    page.goto(f"{voila_server}/voila/render/05_case_studies.ipynb", timeout=90_000)
    page.wait_for_selector("text=Check my answer", timeout=90_000)
    body = page.inner_text("body")
    assert "Instructor notes" not in body and "Instructor mode" not in body  # trainee mode by default
    number = page.locator(".widget-text input[type=text]").first  # empty until the trainee types
    number.fill("25.3")  # TV02: Cockcroft-Gault 25.3 mL/min
    number.press("Enter")
    page.get_by_role("button", name="Check my answer").first.click()
    page.wait_for_selector("text=✔ Correct.", timeout=45_000)
    assert "answered correctly at the first attempt" in page.inner_text("body")
    shot(page, "05_case_feedback")
    assert not ERRORS.search(page.inner_text("body"))


def test_landing_page_links_to_every_dashboard(page, voila_server: str) -> None:
    page.goto(f"{voila_server}/voila/render/00_start_here.ipynb", timeout=90_000)
    page.wait_for_selector("text=Start here", timeout=90_000)
    page.wait_for_selector("text=Position A", timeout=90_000)  # the last cell: the page is fully rendered
    body = page.inner_text("body")
    assert "education" in body.lower()
    for name in ("01 Dosing explorer", "02 Kidney function", "03 Onset and pharmacokinetics", "04 Safety counseling",
                 "05 Case studies", "06 Nurse workshop"):
        assert page.get_by_role("link", name=name).count() == 1, name
    assert "Position A" in body  # the sources-disagree table generated from data/
    page.get_by_role("link", name="01 Dosing explorer").click()
    page.wait_for_selector(".ae-dose", timeout=90_000)
    assert "/voila/render/01_dosing_explorer.ipynb" in page.url
    shot(page, "00_landing_to_01")


def test_presentation_mode_and_accessibility(page, voila_server: str) -> None:
    _open(page, voila_server, "01_dosing_explorer.ipynb")
    before_h = page.locator(".ae-card .ae-badge").first.bounding_box()["height"]  # one line of the card
    page.get_by_role("button", name="Presentation mode (large text)").click()
    page.wait_for_selector(".ae-dashboard.ae-present", timeout=45_000)
    page.wait_for_timeout(300)
    assert page.locator(".ae-card .ae-badge").first.bounding_box()["height"] >= 1.3 * before_h  # drawn larger
    shot(page, "01_presentation")
    # every slider and number box has a visible label in its row
    for slider in page.locator(".widget-hslider").all():
        assert slider.locator(".widget-label").inner_text().strip(), "a slider without a visible label"
    # keyboard: Tab reaches the weight slider's handle, and ArrowLeft changes the dose
    handle = page.locator(".widget-hslider", has_text="Weight (kg)").locator(".noUi-handle")
    handle.focus()
    assert page.evaluate("() => document.activeElement.classList.contains('noUi-handle')")
    before = _dose_text(page)
    for _ in range(4):
        handle.press("ArrowLeft")
    page.wait_for_function("t => document.querySelector('.ae-dose').innerText !== t", arg=before, timeout=45_000)
    assert not ERRORS.search(page.inner_text("body"))
