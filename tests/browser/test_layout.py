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


def _in_split(page, index: int, *selectors: str) -> list[dict]:
    """Scroll the ``index``-th visible split to the top, as the presenter does; boxes of selectors inside it."""
    split = page.locator(".ae-split:visible").nth(index)
    split.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    return [split.locator(s).first.bounding_box() for s in selectors]


def _beside(controls: dict, result: dict) -> bool:
    return result["x"] >= controls["x"] + controls["width"] and result["y"] < controls["y"] + controls["height"]


def _on_screen(box: dict, view: dict) -> bool:
    return box["x"] >= -1 and box["y"] >= -1 and box["x"] + box["width"] <= view["width"] + 1 and \
        box["y"] + box["height"] <= view["height"] + 1  # 1 px for the scroll position's rounding


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


def test_onset_timeline_and_pk_chart_beside_their_controls(page, voila_server: str) -> None:
    open_app(page, voila_server, "03_onset_and_pharmacokinetics.ipynb")
    page.wait_for_selector(".ae-split .vega-embed svg", timeout=45_000)
    menu, timeline = _in_split(page, 0, "select", ".ae-result .vega-embed")
    assert _beside(menu, timeline) and _on_screen(menu, VIEW) and _on_screen(timeline, VIEW), (menu, timeline)
    shot(page, "layout_03_timeline_1280x720")
    slider, toggle, missed, chart = _in_split(page, 1, ".widget-slider", ".widget-toggle-buttons",
                                              ".widget-checkbox", ".ae-result .vega-embed")
    for box in (slider, toggle, missed, chart):
        assert _on_screen(box, VIEW), box
    assert _beside(slider, chart)
    shot(page, "layout_03_pk_1280x720")


def test_counseling_checklist_beside_the_patient_context(page, voila_server: str) -> None:
    open_app(page, voila_server, "04_safety_counseling.ipynb")
    page.wait_for_selector(".ae-result li", timeout=45_000)
    controls, first = _in_split(page, 0, ".ae-controls", ".ae-result li")
    assert _beside(controls, first) and _on_screen(controls, VIEW) and _on_screen(first, VIEW), (controls, first)
    assert "URGENT" in page.locator(".ae-result li").first.inner_text()  # the most urgent point, in view
    shot(page, "layout_04_1280x720")


def test_workshop_syringe_and_body_map_beside_their_controls(page, voila_server: str) -> None:
    open_app(page, voila_server, "06_nurse_workshop.ipynb", ready=".lm-TabBar-tab")
    page.get_by_role("tab", name="2 Dose").click()
    page.wait_for_selector("svg[aria-label^='Syringe drawn']", timeout=45_000)
    weight, syringe = _in_split(page, 0, ".widget-slider", "svg[aria-label^='Syringe drawn']")
    assert _beside(weight, syringe) and _on_screen(weight, VIEW) and _on_screen(syringe, VIEW), (weight, syringe)
    shot(page, "layout_06_dose_1280x720")
    page.get_by_role("tab", name="3 Injection").click()
    page.wait_for_selector("svg[aria-label^='Body map']", timeout=45_000)
    days, body = _in_split(page, 0, ".widget-slider", ".ae-result svg")
    assert _beside(days, body) and _on_screen(days, VIEW) and _on_screen(body, VIEW), (days, body)
    shot(page, "layout_06_injection_1280x720")


def test_toggle_labels_beside_their_buttons(page, voila_server: str) -> None:
    open_app(page, voila_server, "01_dosing_explorer.ipynb")
    for group in page.locator(".ae-controls .widget-toggle-buttons:visible").all():
        label, button = (group.locator(s).first.bounding_box() for s in (".widget-label", "button"))
        assert label["x"] + label["width"] <= button["x"] + 1, group.inner_text()  # left of the buttons
        assert abs((label["y"] + label["height"] / 2) - (button["y"] + button["height"] / 2)) < 6  # same line


def test_syringe_caption_clear_of_its_line(page, voila_server: str) -> None:
    open_app(page, voila_server, "01_dosing_explorer.ipynb")
    svg = page.locator(".ae-card svg[aria-label^='Syringe drawn']")
    caption = svg.locator("text", has_text="draw to").bounding_box()
    line = svg.locator("line[stroke-dasharray]").bounding_box()
    assert caption["y"] + caption["height"] <= line["y"], (caption, line)  # above the line, not across it


def test_two_biologics_and_a_live_vaccine_every_stop_on_screen_with_the_dose(page, voila_server: str) -> None:
    # MAS, 20 kg, on dialysis, etanercept and rituximab, MMR planned: three STOPs (US PI §5 TNF inhibitors,
    # ACR fact sheet other biologics, US PI §5 live vaccines), each read on the card with the dose.
    open_app(page, voila_server, "01_dosing_explorer.ipynb")
    page.locator(".ae-controls select").first.select_option(label="Off-label teaching · Macrophage activation "
                                                                  "syndrome / secondary HLH")
    page.get_by_role("button", name="Dialysis (ESRD)").click()
    others = page.locator(".ae-controls select[multiple]")
    others.get_by_role("option", name="Etanercept (TNF inhibitor)").click()
    others.get_by_role("option", name="Rituximab (biologic)").click(modifiers=["Control"])  # a second one
    page.locator(".widget-dropdown", has_text="Planned vaccine").locator("select").select_option(
        label="Measles, mumps, rubella vaccine (live)")
    page.wait_for_function("() => document.querySelectorAll('.ae-card .ae-stop').length === 3", timeout=45_000)
    card = page.locator(".ae-card").first.inner_text()
    assert "TNF inhibitor" in card and "Not with other biologics" in card and "Live vaccines" in card
    assert "dialysis" in card.lower()
    boxes = _in_split(page, 0, ".ae-dose")
    stops = [s.bounding_box() for s in page.locator(".ae-card .ae-stop").all()]
    for box in [*stops, *boxes]:
        assert _on_screen(box, VIEW), box
    shot(page, "dosing_two_biologics_mmr_dialysis_1280x720")
