"""The handout and the case worksheet arrive as browser downloads; nothing appears on the server."""

from __future__ import annotations

from pathlib import Path

import pytest

from anakinra_edu.cases import load_cases
from anakinra_edu.dosing import regimen
from anakinra_edu.widgets import HANDOUT_FILE, WORKSHEET_FILE

from .conftest import ROOT, shot
from .helpers import ERRORS, WAIT_MS, type_number, wait_text

pytestmark = pytest.mark.browser


def _server_files() -> set[str]:
    """What a write by the app would change: the notebooks folder and the server's working folder."""
    return {p.name for p in (ROOT / "notebooks").iterdir()} | {p.name for p in ROOT.iterdir()}


def _link_says(page, label: str, text: str) -> None:
    """Wait until the download link named ``label`` carries a file containing ``text``."""
    page.wait_for_function(
        """([label, text]) => [...document.querySelectorAll('a[download]')].some(a =>
             a.innerText.includes(label) && new TextDecoder().decode(
               Uint8Array.from(atob(a.href.split(',')[1]), c => c.charCodeAt(0))).includes(text))""",
        arg=[label, text], timeout=WAIT_MS)


def _download(page, label: str) -> tuple[str, str]:
    with page.expect_download(timeout=WAIT_MS) as info:
        page.get_by_role("link", name=label).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_text(encoding="utf-8")


def test_handout_is_a_download_that_follows_the_inputs(page, voila_server: str) -> None:
    before = _server_files()
    page.goto(f"{voila_server}/voila/render/04_safety_counseling.ipynb", timeout=90_000)
    page.wait_for_selector("a[download]", timeout=90_000)
    assert page.get_by_role("button", name="Export handout").count() == 0  # no server export, no path box
    assert page.get_by_text("Handout file").count() == 0
    page.get_by_text("Creatinine clearance known").click()
    type_number(page, "CrCl (mL/min)", "25")
    r = regimen("ra", 70, 55, crcl_ml_min=25)
    dose = f"Your dose: {r.start_dose_mg[0]:.4g} mg, {r.interval_text}"
    label = "Download the patient handout"
    _link_says(page, label, dose)
    name, content = _download(page, label)
    assert name == HANDOUT_FILE
    assert dose in content and "No name or date of birth" in content
    shot(page, "04_handout_link")
    assert _server_files() == before
    assert not ERRORS.search(page.inner_text("body"))


def test_invalid_input_gives_no_handout_link(page, voila_server: str) -> None:
    page.goto(f"{voila_server}/voila/render/04_safety_counseling.ipynb", timeout=90_000)
    page.wait_for_selector("a[download]", timeout=90_000)
    type_number(page, "Weight (kg)", "9999")
    wait_text(page, ".ae-download-none", "9999")
    assert page.locator("a[download]").count() == 0


def test_case_worksheet_is_a_download(page, voila_server: str) -> None:
    before = _server_files()
    page.goto(f"{voila_server}/voila/render/05_case_studies.ipynb", timeout=90_000)
    page.wait_for_selector("a[download]", timeout=90_000)
    assert page.get_by_text("Worksheet file").count() == 0
    shown = page.locator("select").nth(3).evaluate("s => s.options[s.selectedIndex].text")  # the case on screen
    title = shown.replace("\xa0", " ").rsplit(" (", 1)[0]  # the browser shows spaces as no-break spaces
    assert title in {c.title for c in load_cases()}
    name, content = _download(page, "Download the worksheet")
    assert name == WORKSHEET_FILE and title in content
    assert "Answer:" not in content and "Instructor notes" not in content  # trainee copy
    assert _server_files() == before
