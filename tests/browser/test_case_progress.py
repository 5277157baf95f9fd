"""Case progress in Chromium: answers and scores survive moving between cases and a reload, in this browser only.

Operated like a trainee at 1280×720 under Voilà (``make serve``): typing, clicking, picking a case. Expected
answers from tests/data/answer_key.csv: TV02 Cockcroft–Gault 25.3 mL/min (actual weight); TV11, a 9 kg
infant's 9 mg/day is below the syringe's 20 mg mark (yes).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from anakinra_edu.cases import load_cases
from anakinra_edu.progress import STORAGE_KEY

from .conftest import shot
from .helpers import ERRORS, WAIT_MS

pytestmark = pytest.mark.browser

CASES = {c.id: c for c in load_cases()}
TV02 = CASES["ra-elderly-crcl-near-30"]
TV11 = CASES["nomid-infant-below-mark"]


def _guard(page) -> list[str]:
    """Abort and record every request that would leave this machine (the widget's module loads from a blob:)."""
    off_box: list[str] = []

    def route(r) -> None:
        if urlsplit(r.request.url).hostname == "127.0.0.1" or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            off_box.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return off_box


def _open(page, url: str) -> None:
    page.goto(f"{url}/voila/render/05_case_studies.ipynb", timeout=90_000)
    page.wait_for_selector("text=Check my answer", timeout=90_000)
    page.wait_for_selector("text=kept in this browser", timeout=90_000)  # the browser's copy reached the kernel


def _question(page, prompt: str):
    """The box of one question (the innermost box holding its prompt)."""
    return page.locator(".widget-vbox").filter(has_text=prompt).last


def _pick(page, case) -> None:
    page.locator(".widget-dropdown", has_text="Case").locator("select").select_option(
        label=f"{case.title} ({case.difficulty})")
    page.wait_for_selector(f"text={case.stem[:40]}", timeout=WAIT_MS)


def _score(page) -> str:
    return page.locator(".ae-case-score").inner_text()


def test_progress_survives_cases_and_reload_and_stays_in_this_browser(browser, page, voila_server: str) -> None:
    off_box = _guard(page)
    _open(page, voila_server)
    crcl = _question(page, TV02.questions[0].prompt)
    box = crcl.locator("input[type=text]")
    expect(box).to_have_value("")  # no pre-filled 0
    crcl.get_by_role("button", name="Check my answer").click()
    expect(crcl.locator(".ae-not-answered")).to_contain_text("Not answered", timeout=WAIT_MS)
    expect(crcl.locator(".ae-attempts")).to_have_text("Attempts: 0")
    assert "This case: 0 of 0" in _score(page)
    shot(page, "05_not_answered")

    box.fill("25.3")
    crcl.get_by_role("button", name="Check my answer").click()
    expect(crcl).to_contain_text("✔ Correct.", timeout=WAIT_MS)
    expect(crcl.locator(".ae-attempts")).to_have_text("Attempts: 1 (first: right)", timeout=WAIT_MS)
    expect(page.locator(".ae-case-score")).to_contain_text("This case: 1 of 1", timeout=WAIT_MS)

    _pick(page, TV11)
    below = _question(page, TV11.questions[1].prompt)
    below.get_by_text("Yes", exact=True).click()
    below.get_by_role("button", name="Check my answer").click()
    expect(below).to_contain_text("✔ Correct.", timeout=WAIT_MS)
    expect(page.locator(".ae-case-score")).to_contain_text("This case: 1 of 1", timeout=WAIT_MS)

    _pick(page, TV02)  # back to case 1: its answer, feedback and score are there
    crcl = _question(page, TV02.questions[0].prompt)
    expect(crcl.locator("input[type=text]")).to_have_value("25.3", timeout=WAIT_MS)
    expect(crcl).to_contain_text("✔ Correct.")
    expect(page.locator(".ae-case-score")).to_contain_text("This case: 1 of 1")
    assert TV02.id in (page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") or "")

    page.reload()
    page.wait_for_selector("text=kept in this browser", timeout=90_000)
    crcl = _question(page, TV02.questions[0].prompt)
    expect(crcl.locator("input[type=text]")).to_have_value("25.3", timeout=WAIT_MS)
    expect(crcl).to_contain_text("✔ Correct.")
    expect(crcl.locator(".ae-attempts")).to_have_text("Attempts: 1 (first: right)")
    expect(page.locator(".ae-case-score")).to_contain_text("This case: 1 of 1")
    crcl.scroll_into_view_if_needed()
    shot(page, "05_after_reload")
    _pick(page, TV11)
    expect(_question(page, TV11.questions[1].prompt)).to_contain_text("✔ Correct.", timeout=WAIT_MS)
    assert not ERRORS.search(page.inner_text("body"))
    assert off_box == []  # nothing asked of any other machine, before or after the reload

    other = browser.new_context(viewport={"width": 1280, "height": 720})  # another trainee, another browser
    try:
        second = other.new_page()
        _open(second, voila_server)
        crcl = _question(second, TV02.questions[0].prompt)
        expect(crcl.locator("input[type=text]")).to_have_value("")
        assert "Correct." not in crcl.inner_text() and "This case: 0 of 0" in _score(second)
        assert second.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") in (None, "{}")
    finally:
        other.close()


def test_an_untouched_box_after_an_attempt_costs_nothing(page, voila_server: str) -> None:
    _open(page, voila_server)
    crcl = _question(page, TV02.questions[0].prompt)
    box = crcl.locator("input[type=text]")
    box.fill("38")  # the eGFR on her report, not the clearance
    crcl.get_by_role("button", name="Check my answer").click()
    expect(crcl).to_contain_text("✘ Not quite.", timeout=WAIT_MS)
    crcl.get_by_role("button", name="Try again").click()
    expect(box).to_have_value("", timeout=WAIT_MS)
    crcl.get_by_role("button", name="Check my answer").click()
    expect(crcl.locator(".ae-not-answered")).to_contain_text("Nothing was counted", timeout=WAIT_MS)
    expect(crcl.locator(".ae-attempts")).to_have_text("Attempts: 1 (first: not right)")
    expect(page.locator(".ae-case-score")).to_contain_text("This case: 0 of 1")
