"""Kidney function explorer (notebook 02): the estimates side by side, which one the rule uses, the plot."""

from __future__ import annotations

from html import escape

import ipywidgets as W

from ...card import error_card_html
from ...dosing import kidney_threshold_ml_min
from ...kidney import KidneyFunction, kidney_function
from ...knowledge import Knowledge, load_knowledge
from ...render.charts import kidney_chart
from ...render.panels import (
    cleared_html,
    kidney_table_html,
)
from .base import Dashboard, Refresh, split
from .chart_view import chart_widget, show_chart
from .controls import (
    DESC,
    Creatinine,
    Deferred,
    limited,
)

WEIGHT_BASES = (("Actual weight (default)", "actual"), ("Ideal weight (Devine)", "ideal"),
                ("Adjusted weight (IBW + 0.4 × excess)", "adjusted"), ("MedCalc-Bench rule (by BMI)", "bmi_rule"))


class KidneyInputs:
    """The teaching case menu and the patient: age, sex, weight, height, creatinine with its unit, weight basis."""

    def __init__(self, kb: Knowledge, scenario: str, changed: Deferred) -> None:
        self.kb, self.changed = kb, changed
        self.pick = W.Dropdown(options=[(s["title"], s["id"]) for s in kb.kidney_scenarios.values()],
                               value=scenario, description="Teaching case", style=DESC,
                               layout=W.Layout(width="620px"))
        self.age = limited(kb, "age_years", "Age (years)", 1, 60, changed, integer=True)
        self.sex = W.ToggleButtons(options=[("Female", "female"), ("Male", "male")], value="female",
                                   description="Sex", style=DESC)
        self.weight = limited(kb, "weight_kg", "Weight (kg)", 0.5, 70, changed)
        self.height = limited(kb, "height_cm", "Height (cm)", 1, 170, changed)
        self.creatinine = Creatinine(kb, 1.0, changed)
        self.basis = W.Dropdown(options=WEIGHT_BASES, value="actual", description="Weight for CG", style=DESC,
                                layout=W.Layout(width="620px"))
        self.point = W.HTML(layout=W.Layout(max_width="620px"))

    def load_case(self) -> None:
        """Set the patient of the chosen teaching case without refreshing in between, and its teaching point."""
        s = self.kb.kidney_scenarios[self.pick.value]
        self.changed.paused = True
        try:
            self.age.set(int(s["age_years"]))
            self.sex.value = s["sex"]
            self.weight.set(s["weight_kg"])
            self.height.set(s["height_cm"])
            self.creatinine.set(s["scr"], s["scr_unit"])
        finally:
            self.changed.paused = False
        self.point.value = f"<div class='ae-point'><b>Teaching point:</b> {escape(s['teaching_point'])}</div>"

    def by_name(self) -> dict[str, W.Widget]:
        return {
            "scenario": self.pick, "age_years": self.age.slider, "age_years_entry": self.age.entry, "sex": self.sex,
            "weight": self.weight.slider, "weight_entry": self.weight.entry, "height": self.height.slider,
            "height_entry": self.height.entry, "scr": self.creatinine.slider, "scr_entry": self.creatinine.entry,
            "scr_unit": self.creatinine.unit, "weight_basis": self.basis,
        }

    def column(self) -> W.VBox:
        return W.VBox([self.pick, self.point, self.age.box, self.sex, self.weight.box, self.height.box,
                       self.creatinine.unit, self.creatinine.box, self.basis])


class KidneyResult:
    """The estimates table, the estimate-vs-creatinine chart and its caption."""

    def __init__(self, kb: Knowledge, inputs: KidneyInputs) -> None:
        self.kb, self.c = kb, inputs
        self.threshold = kidney_threshold_ml_min("ra", "us", kb=kb)
        assert self.threshold is not None
        self.table = W.HTML()
        self.image = chart_widget(W.Layout(min_height="420px", max_width="100%"))
        self.caption = W.HTML()
        self.outputs: dict[str, object] = {"table": self.table, "plot": self.image, "caption": self.caption,
                                           "kidney": None, "alt_text": "", "point": inputs.point}

    def compute(self) -> KidneyFunction:
        c = self.c
        value, unit = c.creatinine.quantity
        return kidney_function(c.age.value, value, unit, c.sex.value, c.weight.value, c.height.value, c.basis.value,
                               self.kb)

    def render(self, k: KidneyFunction) -> None:
        assert self.threshold is not None
        self.table.value = kidney_table_html(k, self.threshold)
        spec = kidney_chart(k, self.threshold, self.kb)
        show_chart(self.image, spec)
        self.image.layout.display = ""
        self.outputs.update(kidney=k, spec=spec, alt_text=spec["description"])
        self.caption.value = f"<div role='note' class='ae-caption'>Figure: {escape(spec['description'])}</div>"

    def show_error(self, message: str) -> None:
        self.outputs["kidney"] = None
        self.table.value = error_card_html(message, "estimate")
        self.image.layout.display = "none"  # the plot shows the last valid patient: not beside an invalid one
        self.caption.value = cleared_html("figure", message)


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
    changed = Deferred()
    c = KidneyInputs(kb, scenario, changed)
    result = KidneyResult(kb, c)
    refresh = Refresh((c.age, c.weight, c.height, c.creatinine), result.compute, result.render, result.show_error)
    changed.target = refresh

    def load_case(_change: object = None) -> None:
        c.load_case()
        refresh()

    c.pick.observe(load_case, "value")
    for w in (c.sex, c.basis):
        w.observe(lambda _change: changed(), "value")
    app = Dashboard([split(c.column(), [result.table, result.image, result.caption])], c.by_name(), result.outputs,
                    refresh)
    load_case()
    return app
