"""Creatinine unit switches in the browser keep the quantity and the decision (dosing and kidney dashboards)."""

from __future__ import annotations

import pytest

from anakinra_edu.dosing import regimen
from anakinra_edu.kidney import kidney_function
from anakinra_edu.knowledge import load_knowledge

from .conftest import shot
from .helpers import ERRORS, open_app, stays, type_number, wait_input, wait_text

pytestmark = pytest.mark.browser
SCR_MG_DL = 1.4  # TV02: 80-year-old woman, 50 kg


def _factor() -> float:
    return load_knowledge().coefficient("creatinine", "umol_per_mg_dl")


def _scr_box(page):
    return page.locator(".widget-hbox", has_text="Serum creatinine").locator("input[type=number]").first


def _switch(page, unit: str, shown: str) -> None:
    page.get_by_role("button", name=unit, exact=True).click()
    wait_input(page, _scr_box(page), shown)


def test_dosing_card_keeps_value_and_decision(page, voila_server: str) -> None:
    open_app(page, voila_server, "01_dosing_explorer.ipynb")
    kb = load_knowledge()
    row = kb.indications["ra"]
    page.locator("select").first.select_option(label=f"US label · {row['name']}")
    type_number(page, "Weight (kg)", "50")
    type_number(page, "Age (years)", "80")
    page.get_by_role("button", name="Serum creatinine", exact=True).click()
    type_number(page, "Serum creatinine", str(SCR_MG_DL))
    r = regimen("ra", 50, 80, sex="female", scr=SCR_MG_DL, height_cm=165)
    assert r.interval_hours == 48  # every other day: the decision a bad switch used to flip
    cg = f"kidney estimate used: {r.crcl_ml_min:.1f} mL/min"
    wait_text(page, ".ae-card", cg)
    assert "every other day" in page.locator(".ae-dose").inner_text()
    umol = f"{SCR_MG_DL * _factor():.1f}"
    assert umol == "123.8"
    for unit, shown in (("µmol/L", umol), ("mg/dL", f"{SCR_MG_DL:g}")):
        _switch(page, unit, shown)
        assert stays(page, lambda s=shown: _scr_box(page).input_value() == s and
                     cg in page.locator(".ae-card").inner_text() and
                     "every other day" in page.locator(".ae-dose").inner_text())
        shot(page, f"units_01_{unit.replace('/', '_')}")
    assert not ERRORS.search(page.inner_text("body"))


def test_kidney_table_keeps_value_and_slider_steps_in_new_unit(page, voila_server: str) -> None:
    open_app(page, voila_server, "02_kidney_function.ipynb")
    k = kidney_function(80, SCR_MG_DL, "mg/dL", "female", 50, 160)
    cg = f"{k.cockcroft_gault.actual:.1f} mL/min"
    wait_text(page, "body", cg)
    umol = f"{SCR_MG_DL * _factor():.1f}"
    row = page.locator("tr", has_text="Cockcroft–Gault, actual weight")
    handle = page.locator(".widget-hslider", has_text="Serum creatinine").locator(".noUi-handle")
    for unit, shown in (("µmol/L", umol), ("mg/dL", f"{SCR_MG_DL:g}")):
        _switch(page, unit, shown)
        assert stays(page, lambda s=shown: _scr_box(page).input_value() == s and
                     cg in row.inner_text() and "every other day" in row.inner_text())
        # the slider keeps its place: it moves in one unit whichever unit the box shows
        assert float(handle.get_attribute("aria-valuetext")) == pytest.approx(SCR_MG_DL)
    # in µmol/L, one arrow step of the slider shows the new quantity in µmol/L
    _switch(page, "µmol/L", umol)
    handle.focus()
    handle.press("ArrowRight")
    page.wait_for_function("h => Number(h.getAttribute('aria-valuetext')) > " + str(SCR_MG_DL),
                           arg=handle.element_handle(), timeout=45_000)
    moved = float(handle.get_attribute("aria-valuetext"))
    step_up = f"{moved * _factor():.1f}"
    wait_input(page, _scr_box(page), step_up)
    cg_moved = kidney_function(80, moved, "mg/dL", "female", 50, 160).cockcroft_gault.actual
    wait_text(page, "body", f"{cg_moved:.1f} mL/min")
    shot(page, "units_02_umol_step")
    assert not ERRORS.search(page.inner_text("body"))
