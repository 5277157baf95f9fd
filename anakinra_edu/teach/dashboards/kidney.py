"""Kidney function explorer (notebook 02): the estimates side by side, which one the rule uses, the plot."""

from __future__ import annotations

from html import escape

import ipywidgets as W

from ...card import error_card_html
from ...dosing import kidney_threshold_ml_min
from ...kidney import kidney_function
from ...knowledge import Knowledge, load_knowledge
from ...render.charts import kidney_chart, vegalite_output
from ...render.panels import (
    cleared_html,
    kidney_table_html,
)
from .base import Dashboard, Refresh, split
from .controls import (
    DESC,
    Creatinine,
    Deferred,
    limited,
)


def kidney_explorer(scenario: str = "tv02-elderly-woman", kb: Knowledge | None = None) -> Dashboard:
    """Kidney estimates side by side, which one the dosing rule uses and why, and the estimate-vs-SCr plot.

    Returns
    -------
    Dashboard
        ``controls``: scenario, age_years, sex, weight, height, scr, scr_unit, weight_basis (and the
        ``*_entry`` number boxes). ``outputs``: table (HTML), plot (Output showing a Vega-Lite chart), spec (its
        specification), kidney (the last :class:`~anakinra_edu.kidney.KidneyFunction` or ``None``), alt_text.
    """
    kb = kb or load_knowledge()
    threshold = kidney_threshold_ml_min("ra", "us", kb=kb)
    assert threshold is not None
    changed = Deferred()

    scenarios = kb.kidney_scenarios
    pick = W.Dropdown(options=[(s["title"], s["id"]) for s in scenarios.values()], value=scenario,
                      description="Teaching case", style=DESC, layout=W.Layout(width="620px"))
    age = limited(kb, "age_years", "Age (years)", 1, 60, changed, integer=True)
    sex = W.ToggleButtons(options=[("Female", "female"), ("Male", "male")], value="female", description="Sex",
                          style=DESC)
    weight = limited(kb, "weight_kg", "Weight (kg)", 0.5, 70, changed)
    height = limited(kb, "height_cm", "Height (cm)", 1, 170, changed)
    creatinine = Creatinine(kb, 1.0, changed)
    scr, scr_unit = creatinine, creatinine.unit
    basis = W.Dropdown(options=[("Actual weight (default)", "actual"), ("Ideal weight (Devine)", "ideal"),
                                ("Adjusted weight (IBW + 0.4 × excess)", "adjusted"),
                                ("MedCalc-Bench rule (by BMI)", "bmi_rule")],
                       value="actual", description="Weight for CG", style=DESC, layout=W.Layout(width="620px"))
    point = W.HTML(layout=W.Layout(max_width="620px"))
    table = W.HTML()
    image = W.Output(layout=W.Layout(min_height="420px", max_width="100%"))
    caption = W.HTML()
    outputs: dict[str, object] = {"table": table, "plot": image, "caption": caption, "kidney": None,
                                  "alt_text": "", "point": point}

    def load_scenario(_change: dict | None = None) -> None:
        s = scenarios[pick.value]
        changed.paused = True
        try:
            age.slider.value = int(s["age_years"])
            sex.value = s["sex"]
            weight.slider.value = s["weight_kg"]
            height.slider.value = s["height_cm"]
            creatinine.set(s["scr"], s["scr_unit"])
        finally:
            changed.paused = False
        point.value = f"<div style='font-size:17px'><b>Teaching point:</b> {escape(s['teaching_point'])}</div>"
        refresh()

    def compute():
        value, unit = creatinine.quantity
        return kidney_function(age.value, value, unit, sex.value, weight.value, height.value, basis.value, kb)

    def render(k) -> None:
        table.value = kidney_table_html(k, threshold)
        spec = kidney_chart(k, threshold, kb)
        image.outputs = (vegalite_output(spec),)
        image.layout.display = ""
        outputs.update(kidney=k, spec=spec, alt_text=spec["description"])
        caption.value = f"<div role='note' class='ae-caption'>Figure: {escape(spec['description'])}</div>"

    def show_error(message: str) -> None:
        outputs["kidney"] = None
        table.value = error_card_html(message, "estimate")
        image.layout.display = "none"  # the plot shows the last valid patient: not beside an invalid one
        caption.value = cleared_html("figure", message)
        return None

    refresh = Refresh((age, weight, height, scr), compute, render, show_error)
    changed.target = refresh
    pick.observe(load_scenario, "value")
    for w in (sex, basis):
        w.observe(lambda _change: changed(), "value")
    controls: dict[str, W.Widget] = {
        "scenario": pick, "age_years": age.slider, "age_years_entry": age.entry, "sex": sex,
        "weight": weight.slider, "weight_entry": weight.entry, "height": height.slider,
        "height_entry": height.entry, "scr": scr.slider, "scr_entry": scr.entry, "scr_unit": scr_unit,
        "weight_basis": basis,
    }
    left = W.VBox([pick, point, age.box, sex, weight.box, height.box, scr_unit, scr.box, basis])
    app = Dashboard([split(left, [table, image, caption])], controls, outputs, refresh)  # type: ignore[arg-type]
    load_scenario()
    return app
