"""Projector layout: from about 1200 px wide the card sits beside the controls that change it."""

from __future__ import annotations

import pytest

from .conftest import shot
from .helpers import open_app

pytestmark = pytest.mark.browser
VIEW = {"width": 1280, "height": 720}


def _boxes(page, *selectors: str) -> list[dict]:
    page.locator(".ae-split").first.evaluate("e => e.scrollIntoView({block: 'start'})")  # the presenter scrolls
    return [page.locator(s).first.bounding_box() for s in selectors]


def _on_screen(box: dict, view: dict) -> bool:
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= view["width"] and \
        box["y"] + box["height"] <= view["height"]


def test_dosing_card_dose_and_syringe_beside_the_controls(page, voila_server: str) -> None:
    open_app(page, voila_server, "01_dosing_explorer.ipynb")
    controls, card, dose, syringe = _boxes(page, ".ae-controls", ".ae-card", ".ae-dose",
                                           "svg[aria-label^='Syringe drawn']")
    assert card["x"] >= controls["x"] + controls["width"]  # side by side, not one column
    assert card["y"] < controls["y"] + controls["height"]
    assert _on_screen(dose, VIEW) and _on_screen(syringe, VIEW), (dose, syringe)
    shot(page, "layout_01_1280x720")


def test_kidney_table_beside_the_controls(page, voila_server: str) -> None:
    open_app(page, voila_server, "02_kidney_function.ipynb")
    controls, table = _boxes(page, ".ae-controls", ".ae-result table")
    assert table["x"] >= controls["x"] + controls["width"]
    assert _on_screen(table, VIEW), table
    shot(page, "layout_02_1280x720")


def test_narrow_screen_puts_the_card_first(browser, voila_server: str) -> None:
    context = browser.new_context(viewport={"width": 1000, "height": 720})
    page = context.new_page()
    open_app(page, voila_server, "01_dosing_explorer.ipynb")
    controls, card, dose = _boxes(page, ".ae-controls", ".ae-card", ".ae-dose")
    assert card["y"] + card["height"] <= controls["y"]  # the card above, the controls below
    assert _on_screen(dose, {"width": 1000, "height": 720})
    shot(page, "layout_01_1000x720")
    context.close()
