"""An invalid typed number clears, with the reason, what depends on it, and leaves the rest alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import shot
from .helpers import ERRORS, WAIT_MS, open_app, type_number, wait_text

pytestmark = pytest.mark.browser
SYRINGE = "svg[aria-label^='Syringe drawn']"
BODY_MAP = "svg[aria-label^='Body map of injection sites']"
CHART = ".vega-embed svg.marks"  # a rendered Vega-Lite chart


def test_workshop_invalid_weight_clears_the_syringe_not_storage(page, voila_server: str) -> None:
    open_app(page, voila_server, "06_nurse_workshop.ipynb", ready="text=Keep the syringes in the fridge")
    page.get_by_text("2 Dose", exact=True).click()
    page.wait_for_selector("text=starting dose 20 mg", timeout=WAIT_MS)
    expect(page.locator(SYRINGE).locator("visible=true")).to_have_count(1, timeout=WAIT_MS)
    type_number(page, "Weight (kg)", "9999")
    wait_text(page, ".ae-cleared", "9999")
    cleared = page.locator(".ae-cleared").locator("visible=true")
    expect(cleared).to_contain_text("No dose or syringe shown: Weight (kg)")
    expect(page.locator(SYRINGE).locator("visible=true")).to_have_count(0)
    assert not page.get_by_text("starting dose").locator("visible=true").count()
    cleared.scroll_into_view_if_needed()
    shot(page, "06_invalid_weight_dose")
    page.get_by_text("1 Storage", exact=True).click()
    expect(page.get_by_text("Keep the syringes in the fridge").first).to_be_visible()
    expect(page.locator(".ae-error, .ae-cleared").locator("visible=true")).to_have_count(0)
    shot(page, "06_invalid_weight_storage")
    page.get_by_text("3 Injection", exact=True).click()  # the rotation plan needs no weight
    expect(page.locator(BODY_MAP).locator("visible=true")).to_have_count(1, timeout=WAIT_MS)
    page.get_by_text("2 Dose", exact=True).click()
    type_number(page, "Weight (kg)", "20")
    expect(page.locator(SYRINGE).locator("visible=true")).to_have_count(1, timeout=WAIT_MS)
    assert not ERRORS.search(page.inner_text("body"))


def test_dosing_pound_label_follows_the_typed_weight(page, voila_server: str) -> None:
    open_app(page, voila_server, "01_dosing_explorer.ipynb")
    row = page.locator(".widget-hbox", has_text="Weight (kg)").first
    expect(row).to_contain_text(" lb")
    type_number(page, "Weight (kg)", "9999")
    page.wait_for_selector("text=No regimen shown", timeout=WAIT_MS)
    expect(row).not_to_contain_text(" lb", timeout=WAIT_MS)
    assert page.locator(".ae-dose").count() == 0


def test_kidney_plot_is_not_shown_beside_an_invalid_weight(page, voila_server: str) -> None:
    open_app(page, voila_server, "02_kidney_function.ipynb")
    plot = page.locator(CHART).locator("visible=true")
    expect(plot).to_have_count(1, timeout=WAIT_MS)
    type_number(page, "Weight (kg)", "1000")
    wait_text(page, ".ae-cleared", "1000")
    expect(page.locator(".ae-cleared")).to_contain_text("No figure shown: Weight (kg)")
    expect(plot).to_have_count(0, timeout=WAIT_MS)
    page.locator(".ae-cleared").scroll_into_view_if_needed()
    shot(page, "02_invalid_weight")
    type_number(page, "Weight (kg)", "70")
    expect(plot).to_have_count(1, timeout=WAIT_MS)
    assert page.locator(".ae-cleared").count() == 0
