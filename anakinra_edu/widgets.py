"""Dashboards (ipywidgets): the only module that imports ipywidgets. It only calls the core.

Each builder returns a :class:`Dashboard` — a ``VBox`` that exposes its controls and outputs by name, so a
notebook, a test or a facilitator script can drive it::

    app = dosing_explorer()
    app.controls["weight"].value = 9
    app.outputs["card"].value          # the regimen card HTML

Numbers are entered with a slider (bounded by ``data/input_limits.csv``) or typed in the box beside it.
A typed value outside the plausible range is not clamped: the card is replaced by a message naming the
field, the value and the allowed range, and no regimen is shown until the input is valid again.
Updates run in the kernel (``observe``), never through ``interact`` or ``with out:``, so notebooks stay
deterministic under nbval and work in Voilà.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from html import escape

import ipywidgets as W

from . import EDUCATION_NOTICE
from .card import CARD_CSS, error_card_html, regimen_card_html, what_changed
from .dosing import Regimen, kidney_threshold_ml_min, regimen
from .figures import KidneyPlot
from .handout import download_link_html, no_download_html
from .inputs import InputError
from .kidney import kidney_function
from .knowledge import Knowledge, load_knowledge

__all__ = [
    "CaseQuestion",
    "Dashboard",
    "case_study",
    "counseling_explorer",
    "dosing_explorer",
    "kidney_explorer",
    "nurse_workshop",
    "onset_explorer",
    "teachback_quiz",
]

HANDOUT_FILE = "anakinra-handout.html"
WORKSHEET_FILE = "anakinra-cases-worksheet.html"
ANSWERS_FILE = "anakinra-cases-answers.html"
GROUP_TITLE = {"us-label": "US label", "eu-label": "EU label", "off-label": "Off-label teaching"}
_WIDE = W.Layout(width="400px")
_DESC = {"description_width": "150px"}


PRESENTATION_ENV = "ANAKINRA_EDU_PRESENT"
PRESENTATION_CSS = """<style>
.ae-card{font-size:26px !important;max-width:none !important}
.ae-card h2{font-size:34px !important}
.ae-dose{font-size:50px !important}
.ae-badge{font-size:21px !important}
.ae-change,.ae-error{font-size:26px !important}
.widget-label,.widget-label-basic,.widget-readout,.widget-dropdown select,.widget-toggle-buttons button,
.widget-text input,.widget-checkbox label,.widget-radio-box label,.widget-tab .lm-TabBar-tab,
.widget-button{font-size:21px !important}
.widget-html-content{font-size:21px !important}
.widget-image img,img.jupyter-widgets,.widget-image{width:100% !important;max-width:1200px}
</style>"""


LAYOUT_CSS = """<style>
.widget-box.ae-split{display:flex;flex-flow:row wrap;align-items:flex-start;column-gap:16px;row-gap:8px}
.widget-box.ae-split>.ae-controls{flex:0 1 auto;max-width:100%}
.widget-box.ae-split>.ae-result{flex:1 1 500px;min-width:0}
@media (max-width:1199px){.widget-box.ae-split>.ae-result{order:-1;flex-basis:100%}}
</style>"""


def _split(controls: W.Box, result: list[W.Widget]) -> W.Box:
    """Controls and what they change side by side from about 1200 px wide; narrower, the result on top."""
    right = W.VBox(result)
    right.add_class("ae-result")
    controls.add_class("ae-controls")
    box = W.Box([controls, right])
    box.add_class("ae-split")
    return box


def presentation_default() -> bool:
    """Presentation mode on at start: ``ANAKINRA_EDU_PRESENT=1`` or ``?present=1`` in the app's URL (Voilà)."""
    import os

    query = os.environ.get("QUERY_STRING", "")
    return os.environ.get(PRESENTATION_ENV) == "1" or "present=1" in query.split("&")


class Dashboard(W.VBox):
    """A dashboard container with its controls and outputs by name (``.controls``, ``.outputs``).

    Every dashboard starts with the education-only notice and a **presentation mode** toggle (large fonts and
    figures for projection; on at start with ``?present=1`` in a Voilà URL or ``ANAKINRA_EDU_PRESENT=1``).
    """

    def __init__(self, children: list[W.Widget], controls: dict[str, W.Widget], outputs: dict[str, W.Widget],
                 refresh: Callable[[], None], header: bool = True) -> None:
        if header:
            style = W.HTML()
            toggle = W.ToggleButton(value=False, description="Presentation mode (large text)", icon="desktop",
                                    layout=W.Layout(width="300px"))

            def apply(_change: object = None) -> None:
                style.value = PRESENTATION_CSS if toggle.value else ""

            toggle.observe(apply, "value")
            toggle.value = presentation_default()
            apply()
            controls = {**controls, "presentation": toggle}
            children = [W.HBox([_notice(), toggle]), style, W.HTML(LAYOUT_CSS), *children]
        super().__init__(children)
        self.controls = controls
        self.outputs = outputs
        self.refresh = refresh

    def __repr__(self) -> str:
        return f"Dashboard(controls={sorted(self.controls)}, outputs={sorted(self.outputs)})"


CLEARED_CSS = """<style>
.ae-cleared{background:#eee;color:#333;border:2px dashed #777;padding:8px 10px;font-size:18px;margin:6px 0}
</style>"""


def cleared_html(subject: str, reason: str) -> str:
    """Greyed placeholder for a result that depends on an invalid input: what is not shown, and why."""
    return f'{CLEARED_CSS}<div class="ae-cleared" role="status">No {escape(subject)} shown: {escape(reason)}</div>'


def _fmt(value: float | None) -> str:
    """A typed number as the user wrote it (9999, not 9999.0); ``None`` (an empty box) as "empty"."""
    return "empty" if value is None else f"{value:.12g}"


class _Number:
    """A slider for moving plus a number box for typing, kept in step; typed values are validated, not clamped."""

    def __init__(self, description: str, lo: float, hi: float, step: float, value: float, unit: str,
                 on_change: Callable[[], None], integer: bool = False) -> None:
        cls = W.IntSlider if integer else W.FloatSlider
        self.slider = cls(value=value, min=lo, max=hi, step=step, description=description, readout=False,
                          continuous_update=True, style=_DESC, layout=_WIDE)
        self.entry = (W.IntText if integer else W.FloatText)(value=value, layout=W.Layout(width="110px"),
                                                             description_allow_html=False)
        self.entry.description = ""
        self.unit = W.Label(unit)
        self.box = W.HBox([self.slider, self.entry, self.unit])
        self.typed_error: str | None = None
        self._on_change = on_change
        self._busy = False
        self.slider.observe(self._from_slider, "value")
        self.entry.observe(self._from_entry, "value")

    @property
    def value(self) -> float:
        return self.slider.value

    def _from_slider(self, change: dict) -> None:
        if self._busy:
            return
        self._busy = True
        self.entry.value = round(change["new"], 6)  # the browser slider can return 9.000000000000002
        self._busy = False
        self.typed_error = None
        self._on_change()

    def _from_entry(self, change: dict) -> None:
        if self._busy:
            return
        value = change["new"]
        if value is None or not (self.slider.min <= value <= self.slider.max):
            self.typed_error = (f"{self.slider.description}: {_fmt(value)} is outside the plausible range; allowed: "
                                f"{self.slider.min:g} to {self.slider.max:g} {self.unit.value}")
            self._on_change()
            return
        self.typed_error = None
        self._busy = True
        self.slider.value = value
        self._busy = False
        self._on_change()


def _limits(kb: Knowledge, field: str) -> tuple[float, float, str]:
    row = kb.input_limits[field]
    return row["min"], row["max"], row["unit"]


class _Deferred:
    """The dashboard's refresh, called by controls built before it exists; ``paused`` while loading presets."""

    def __init__(self) -> None:
        self.target: Callable[[], None] | None = None
        self.paused = False

    def __call__(self) -> None:
        if self.target is not None and not self.paused:
            self.target()


_SCR_STEP = {"mg/dL": 0.01, "umol/L": 0.1}  # display resolution per creatinine unit
_SCR_LABEL = {"mg/dL": "mg/dL", "umol/L": "µmol/L"}


def _digits(step: float) -> int:
    return max(0, -math.floor(math.log10(step) + 1e-9))


class _Creatinine:
    """Serum creatinine: a slider, a number box and a unit toggle; a unit switch shows the same quantity.

    ``quantity`` is the value as last set, with its unit (e.g. ``(1.4, "mg/dL")``), and is what the engine gets,
    so a switch never moves a result across a threshold. The box shows it in the chosen unit (one factor from
    ``data/kidney_equations.csv``). The slider always moves in the unit of ``data/input_limits.csv``: its range
    and step never change in the browser, so nothing is clamped or snapped to another unit's scale, and a
    value the browser sends late still means what it meant when it was sent.
    """

    def __init__(self, kb: Knowledge, value: float, on_change: Callable[[], None]) -> None:
        self.factor = kb.coefficient("creatinine", "umol_per_mg_dl")
        self.lo, self.hi, self.base = _limits(kb, "scr_mg_dl")
        self.slider = W.FloatSlider(value=value, min=self.lo, max=self.hi, step=_SCR_STEP[self.base],
                                    description="Serum creatinine", readout=False, continuous_update=True,
                                    style=_DESC, layout=_WIDE)
        self.entry = W.FloatText(value=value, layout=W.Layout(width="110px"))
        self.label = W.Label(_SCR_LABEL[self.base])
        self.box = W.HBox([self.slider, self.entry, self.label])
        self.unit = W.ToggleButtons(options=[(_SCR_LABEL[u], u) for u in _SCR_STEP], value=self.base,
                                    description="Creatinine unit", style=_DESC)
        self.quantity: tuple[float, str] = (value, self.base)
        self.typed_error: str | None = None
        self._slider_at = value
        self._busy = False
        self._on_change = on_change
        self.slider.observe(self._from_slider, "value")
        self.entry.observe(self._from_entry, "value")
        self.unit.observe(self._switch, "value")

    def _convert(self, value: float, unit: str, to: str) -> float:
        if unit == to:
            return value
        return value * self.factor if to == "umol/L" else value / self.factor

    def _bounds(self, unit: str) -> tuple[float, float]:
        return round(self._convert(self.lo, self.base, unit), 2), round(self._convert(self.hi, self.base, unit), 2)

    def _display(self) -> None:
        """Show the quantity: the box in the chosen unit, the slider in its own unit (no callbacks)."""
        value, unit = self.quantity
        shown = self.unit.value
        self._busy = True
        try:
            self.entry.value = round(self._convert(value, unit, shown), _digits(_SCR_STEP[shown]))
            self._slider_at = round(self._convert(value, unit, self.base), _digits(_SCR_STEP[self.base]))
            self.slider.value = self._slider_at
            self.label.value = _SCR_LABEL[shown]
        finally:
            self._busy = False

    def _from_slider(self, change: dict) -> None:
        if self._busy or abs(change["new"] - self._slider_at) < 1e-6:
            return  # set by the kernel, or the browser's rounding of that value
        self.quantity = (round(change["new"], 6), self.base)
        self.typed_error = None
        self._display()
        self._on_change()

    def _from_entry(self, change: dict) -> None:
        if self._busy:
            return
        value, unit = change["new"], self.unit.value
        lo, hi = self._bounds(unit)
        if value is None or not lo <= value <= hi:
            self.typed_error = (f"Serum creatinine: {_fmt(value)} is outside the plausible range; allowed: {lo:g} to "
                                f"{hi:g} {_SCR_LABEL[unit]}")
        else:
            self.typed_error = None
            self.quantity = (value, unit)
            self._busy = True
            self._slider_at = round(self._convert(value, unit, self.base), _digits(_SCR_STEP[self.base]))
            self.slider.value = self._slider_at
            self._busy = False
        self._on_change()

    def _switch(self, change: dict) -> None:
        if self._busy:
            return
        typed = self.entry.value if self.typed_error else None
        self._display()
        if typed is None:
            self._on_change()
        else:  # an invalid typed number is converted too, and stays an error
            self.entry.value = round(self._convert(typed, change["old"], change["new"]), 6)

    def set(self, value: float, unit: str) -> None:
        """Set the quantity and show it in its unit (a teaching case's creatinine); no refresh."""
        self.quantity, self.typed_error = (value, unit), None
        self._busy = True
        self.unit.value = unit
        self._busy = False
        self._display()

    def engine_kwargs(self) -> dict[str, object]:
        """``scr`` and ``scr_unit`` for the engine: the quantity as set."""
        value, unit = self.quantity
        return {"scr": value, "scr_unit": unit}


def _limited(kb: Knowledge, field: str, description: str, step: float, value: float, on_change: Callable[[], None],
             integer: bool = False) -> _Number:
    """A slider and number box bounded by the field's plausible range in ``data/input_limits.csv``."""
    lo, hi, unit = _limits(kb, field)
    if integer:
        lo, hi = int(lo), int(hi)
    return _Number(description, lo, hi, step, value, unit, on_change, integer)


def _notice() -> W.HTML:
    html = (f'<div style="font-size:16px;border:2px solid #222;padding:6px 10px;background:#fffbe6">'
            f"<b>Education only.</b> {escape(EDUCATION_NOTICE)}</div>")
    return W.HTML(value=html, layout=W.Layout(flex="1 1 auto"))


def _indication_options(kb: Knowledge) -> list[tuple[str, str]]:
    order = ("us-label", "eu-label", "off-label")
    rows = sorted(kb.indications.values(), key=lambda r: order.index(r["group"]))
    return [(f"{GROUP_TITLE[r['group']]} · {r['name']}", r["id"]) for r in rows]


def dosing_explorer(indication: str = "nomid", weight_kg: float = 20, age_years: int = 6,
                    kb: Knowledge | None = None) -> Dashboard:
    """Sliders for indication, label, weight, age, kidney function and safety inputs → the regimen card.

    Parameters
    ----------
    indication : str
        Initial indication id.
    weight_kg : float
        Initial weight [kg].
    age_years : int
        Initial age [whole years]; months are a separate control.

    Returns
    -------
    Dashboard
        ``controls``: indication, label, weight, weight_entry, age_years, age_months, kidney_mode, crcl,
        crcl_entry, scr, scr_entry, scr_unit, sex, height, height_entry, mg_per_kg, mg_per_kg_entry,
        biologic, vaccine, infection. ``outputs``: card (HTML), changes (list of the last "what changed"
        lines), regimen (the last valid :class:`Regimen` or ``None``).
    """
    kb = kb or load_knowledge()
    state: dict[str, object] = {"last": None, "changes": []}
    changed = _Deferred()

    m_lo, _, _ = _limits(kb, "mg_per_kg")

    ind = W.Dropdown(options=_indication_options(kb), value=indication, description="Indication",
                     style=_DESC, layout=W.Layout(width="620px"))
    label = W.ToggleButtons(options=[("US label", "us"), ("EU label", "eu")], value="us", description="Jurisdiction",
                            style=_DESC)
    weight = _limited(kb, "weight_kg", "Weight (kg)", 0.5, weight_kg, changed)
    pounds = W.Label()
    age = _limited(kb, "age_years", "Age (years)", 1, age_years, changed, integer=True)
    months = _Number("+ months", 0, 11, 1, 0, "months", changed, integer=True)
    kidney_mode = W.ToggleButtons(options=[("Not given", "none"), ("CrCl", "crcl"), ("Serum creatinine", "scr"),
                                           ("Dialysis (ESRD)", "dialysis")], value="none",
                                  description="Kidney function", style={**_DESC, "button_width": "auto"})
    crcl = _limited(kb, "crcl_ml_min", "CrCl (mL/min)", 0.5, 90, changed)
    creatinine = _Creatinine(kb, 0.9, changed)
    scr, scr_unit = creatinine, creatinine.unit
    sex = W.ToggleButtons(options=[("Female", "female"), ("Male", "male")], value="female", description="Sex",
                          style=_DESC)
    height = _limited(kb, "height_cm", "Height (cm)", 1, 165, changed)
    titrate = _Number("Titrate (mg/kg/day)", 0, 10, 0.25, 0, "mg/kg/day (0 = starting range)", changed)
    drug_rows = kb.concomitant.values()
    biologic = W.Dropdown(options=[("None", "")] + [(d["display"], d["name"]) for d in drug_rows
                                                    if d["kind"] in ("tnf_inhibitor", "biologic")],
                          value="", description="Other biologic", style=_DESC, layout=W.Layout(width="620px"))
    vaccine = W.Dropdown(options=[("None planned", "")] + [(d["display"], d["name"]) for d in drug_rows
                                                           if d["name"].endswith("-vaccine")],
                         value="", description="Planned vaccine", style=_DESC, layout=W.Layout(width="620px"))
    infection = W.Checkbox(value=False, description="Active serious infection now", indent=False)
    card = W.HTML()
    age_text = W.Label()

    def sync_visibility() -> None:
        mode = kidney_mode.value
        crcl.box.layout.display = "" if mode == "crcl" else "none"
        for box in (scr.box, scr_unit, sex, height.box):
            box.layout.display = "" if mode == "scr" else "none"
        row = kb.indications[ind.value]
        label.disabled = row["group"] == "off-label"

    def refresh() -> None:
        sync_visibility()
        years = age.value + months.value / 12
        # the derived labels follow the typed value: none while it is invalid (the card says why)
        pounds.value = "" if weight.typed_error else f"= {weight.value * kb.threshold('lb_per_kg'):.0f} lb"
        age_text.value = ("" if age.typed_error or months.typed_error else
                          f"= {age.value * 12 + months.value} months" if years < 2 else
                          f"= {age.value} years {months.value} months" if months.value else "")
        typed = [n.typed_error for n in (weight, age, months, crcl, scr, height, titrate) if n.typed_error]
        probe_rule = None
        try:
            probe_rule = regimen(ind.value, weight.value, years, label=label.value, kb=kb)
        except InputError:
            pass
        weight_based = probe_rule is not None and probe_rule.basis == "weight"
        titrate.slider.disabled = titrate.entry.disabled = not weight_based
        if weight_based and probe_rule is not None and probe_rule.max_mg_per_kg_day is not None:
            top = probe_rule.max_mg_per_kg_day + max(2.0, probe_rule.max_mg_per_kg_day * 0.25)
            if titrate.slider.max != top:
                titrate.slider.max = top
        if typed:
            show_error(typed[0])
            return
        kwargs: dict[str, object] = {"label": label.value, "kb": kb,
                                     "active_infection": infection.value,
                                     "concomitant": [x for x in (biologic.value, vaccine.value) if x]}
        mode = kidney_mode.value
        if mode == "crcl":
            kwargs["crcl_ml_min"] = crcl.value
        elif mode == "scr":
            kwargs.update(creatinine.engine_kwargs(), sex=sex.value, height_cm=height.value)
        elif mode == "dialysis":
            kwargs["dialysis"] = True
        if weight_based and titrate.value >= m_lo:
            kwargs["mg_per_kg"] = titrate.value
        try:
            r = regimen(ind.value, weight.value, years, **kwargs)  # type: ignore[arg-type]
        except InputError as exc:
            show_error(str(exc))
            return
        last = state["last"]
        lines = what_changed(last if isinstance(last, Regimen) else None, r)
        state["last"] = r
        state["changes"] = lines
        outputs["regimen"] = r
        outputs["changes"] = lines
        card.value = regimen_card_html(r, lines, kb)

    def show_error(message: str) -> None:
        state["last"] = None
        outputs["regimen"] = None
        outputs["changes"] = []
        card.value = error_card_html(message)

    changed.target = refresh
    for w in (ind, label, kidney_mode, sex, biologic, vaccine, infection):
        w.observe(lambda _change: changed(), "value")

    controls: dict[str, W.Widget] = {
        "indication": ind, "label": label, "weight": weight.slider, "weight_entry": weight.entry,
        "age_years": age.slider, "age_years_entry": age.entry, "age_months": months.slider,
        "kidney_mode": kidney_mode, "crcl": crcl.slider, "crcl_entry": crcl.entry, "scr": scr.slider,
        "scr_entry": scr.entry, "scr_unit": scr_unit, "sex": sex, "height": height.slider,
        "height_entry": height.entry, "mg_per_kg": titrate.slider, "mg_per_kg_entry": titrate.entry,
        "biologic": biologic, "vaccine": vaccine, "infection": infection,
    }
    outputs: dict[str, object] = {"card": card, "regimen": None, "changes": [], "pounds": pounds, "age_text": age_text}
    left = W.VBox([
        W.HTML("<h3 style='margin:4px 0'>Patient</h3>"), ind, label, W.HBox([weight.box, pounds]),
        W.HBox([age.box, age_text]), months.box,
        W.HTML("<h3 style='margin:4px 0'>Kidney function</h3>"), kidney_mode, crcl.box, scr_unit, scr.box, sex,
        height.box,
        W.HTML("<h3 style='margin:4px 0'>Dose and safety</h3>"), titrate.box, biologic, vaccine, infection,
    ])
    app = Dashboard([_split(left, [card])], controls, outputs, refresh)  # type: ignore[arg-type]
    refresh()
    return app


def kidney_explorer(scenario: str = "tv02-elderly-woman", kb: Knowledge | None = None) -> Dashboard:
    """Kidney estimates side by side, which one the dosing rule uses and why, and the estimate-vs-SCr plot.

    Returns
    -------
    Dashboard
        ``controls``: scenario, age_years, sex, weight, height, scr, scr_unit, weight_basis (and the
        ``*_entry`` number boxes). ``outputs``: table (HTML), plot (Image, PNG), kidney (the last
        :class:`~anakinra_edu.kidney.KidneyFunction` or ``None``), alt_text.
    """
    kb = kb or load_knowledge()
    threshold = kidney_threshold_ml_min("ra", "us", kb=kb)
    assert threshold is not None
    plot = KidneyPlot(threshold, kb=kb)
    changed = _Deferred()

    scenarios = kb.kidney_scenarios
    pick = W.Dropdown(options=[(s["title"], s["id"]) for s in scenarios.values()], value=scenario,
                      description="Teaching case", style=_DESC, layout=W.Layout(width="620px"))
    age = _limited(kb, "age_years", "Age (years)", 1, 60, changed, integer=True)
    sex = W.ToggleButtons(options=[("Female", "female"), ("Male", "male")], value="female", description="Sex",
                          style=_DESC)
    weight = _limited(kb, "weight_kg", "Weight (kg)", 0.5, 70, changed)
    height = _limited(kb, "height_cm", "Height (cm)", 1, 170, changed)
    creatinine = _Creatinine(kb, 1.0, changed)
    scr, scr_unit = creatinine, creatinine.unit
    basis = W.Dropdown(options=[("Actual weight (default)", "actual"), ("Ideal weight (Devine)", "ideal"),
                                ("Adjusted weight (IBW + 0.4 × excess)", "adjusted"),
                                ("MedCalc-Bench rule (by BMI)", "bmi_rule")],
                       value="actual", description="Weight for CG", style=_DESC, layout=W.Layout(width="620px"))
    point = W.HTML(layout=W.Layout(max_width="620px"))
    table = W.HTML()
    image = W.Image(format="png", layout=W.Layout(width="600px", max_width="100%"))
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

    def fmt(x: float | None, unit: str) -> str:
        return "—" if x is None else f"{x:.1f} {unit}"

    def decision(x: float | None) -> str:
        if x is None:
            return "—"
        return "below: every other day" if x < threshold else "not below: daily"

    def refresh() -> None:
        typed = [n.typed_error for n in (age, weight, height, scr) if n.typed_error]
        if typed:
            return show_error(typed[0])
        try:
            value, unit = creatinine.quantity
            k = kidney_function(age.value, value, unit, sex.value, weight.value, height.value, basis.value, kb)
        except InputError as exc:
            return show_error(str(exc))
        cg = k.cockcroft_gault
        rows = [
            ("Cockcroft–Gault, actual weight", cg.actual, "mL/min"),
            (f"Cockcroft–Gault, ideal weight ({cg.ideal_weight_kg:.1f} kg)" if cg.ideal_weight_kg else
             "Cockcroft–Gault, ideal weight", cg.ideal, "mL/min"),
            (f"Cockcroft–Gault, adjusted weight ({cg.adjusted_weight_kg:.1f} kg)" if cg.adjusted_weight_kg else
             "Cockcroft–Gault, adjusted weight", cg.adjusted, "mL/min"),
            ("CKD-EPI 2021 (adults, race-free)", k.ckd_epi_2021, "mL/min/1.73 m²"),
            ("Bedside Schwartz (under 18)", k.bedside_schwartz, "mL/min/1.73 m²"),
        ]
        body = "".join(f"<tr><td>{escape(n)}</td><td style='text-align:right'><b>{escape(fmt(v, u))}</b></td>"
                       f"<td>{escape(decision(v))}</td></tr>" for n, v, u in rows)
        used = k.used_for_dosing
        decisions = {decision(v) for _, v, _ in rows if v is not None}
        disagree = (f"<div style='background:#fff8d6;border:2px dashed #6b5900;padding:6px;font-weight:600'>"
                    f"The formulas disagree about the every-other-day decision at {threshold:g} mL/min.</div>"
                    if len(decisions) > 1 else "")
        table.value = (
            "<div style='font-size:18px;line-height:1.45'>"
            f"<table style='border-collapse:collapse;font-size:18px'><tr><th style='text-align:left'>Estimate</th>"
            f"<th>Value</th><th>Versus {threshold:g} mL/min</th></tr>{body}</table>"
            f"{disagree}<p><b>Used for dosing:</b> {escape(used.method.replace('_', ' '))}"
            + (f" ({escape(used.weight_basis)} weight)" if used.weight_basis else "")
            + (f" = {used.value_ml_min:.1f} mL/min" if used.value_ml_min is not None else "")
            + f"<br><b>Why:</b> {escape(used.reason)}</p>"
            f"<p style='font-size:15px'>Serum creatinine {k.scr_mg_dl:.2f} mg/dL"
            + (f"; BMI {k.bmi:.1f} kg/m²" if k.bmi is not None else "") + "</p></div>"
        )
        image.value = plot.update(k)
        image.layout.display = ""
        outputs["kidney"] = k
        outputs["alt_text"] = plot.alt_text
        caption.value = f"<div role='note' style='font-size:15px;max-width:600px'>Figure: {escape(plot.alt_text)}</div>"
        return None

    def show_error(message: str) -> None:
        outputs["kidney"] = None
        table.value = error_card_html(message, "estimate")
        image.layout.display = "none"  # the plot shows the last valid patient: not beside an invalid one
        caption.value = cleared_html("figure", message)
        return None

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
    app = Dashboard([_split(left, [table, image, caption])], controls, outputs, refresh)  # type: ignore[arg-type]
    load_scenario()
    return app


def _onset_table_html(indication: str, kb: Knowledge) -> str:
    from .onset import SOURCE_KINDS, onset_window

    rows = onset_window(indication, kb)
    if not rows:
        return "<p>No quantitative onset statement is sourced for this indication.</p>"
    body = "".join(
        f"<tr><td><b>{escape(SOURCE_KINDS[s.source_kind])}</b></td><td>{escape(s.endpoint)}</td>"
        f"<td><b>{escape(s.when)}</b></td><td>{escape(s.statement)}</td><td>{escape('; '.join(s.citations))}"
        + ("" if s.verified else " (unverified)") + "</td></tr>"
        for s in rows)
    name = kb.indications[indication]["name"]
    return (f"<div style='font-size:17px'><h3 style='margin:4px 0'>{escape(name)}: what each source says</h3>"
            "<table style='border-collapse:collapse;font-size:16px'><tr><th>Source</th><th>Endpoint</th>"
            f"<th>When</th><th>Statement</th><th>Cited</th></tr>{body}</table>"
            "<p>Where the fact sheet and the label or trials differ, both are shown: they answer different "
            "questions (first relief vs a measured response) and neither is averaged.</p></div>")


def onset_explorer(indication: str = "ra", kb: Knowledge | None = None) -> Dashboard:
    """Onset timeline for every indication (chosen one highlighted) and the pharmacokinetics behind it.

    Returns
    -------
    Dashboard
        ``controls``: indication, crcl, crcl_entry, interval (24 or 48 h), missed_dose.
        ``outputs``: timeline (Image), timeline_caption, statements (HTML), pk_plot (Image), pk_caption,
        numbers (HTML), comparison (the last :class:`~anakinra_edu.pk.WeekComparison` or ``None``).
    """
    from .figures import OnsetTimeline, PKPlot
    from .onset import onset_indications
    from .pk import ILLUSTRATION_NOTICE, week_comparison

    kb = kb or load_knowledge()
    timeline = OnsetTimeline(kb)
    pk_plot = PKPlot(kb)
    dose = regimen("ra", 70, 50, kb=kb).start_dose_mg[0]  # the flat RA dose, from the table
    missed_day = kb.pk["missed_dose_day"]["value"]
    missed_at = missed_day * 24.0
    changed = _Deferred()

    ids = onset_indications(kb)
    pick = W.Dropdown(options=[(kb.indications[i]["name"], i) for i in ids], value=indication,
                      description="Indication", style=_DESC, layout=W.Layout(width="620px"))
    crcl = _limited(kb, "crcl_ml_min", "CrCl (mL/min)", 1, kb.pk["normal_crcl"]["value"], changed)
    interval = W.ToggleButtons(options=[("Daily", 24.0), ("Every other day", 48.0)], value=24.0,
                               description="Regimen", style=_DESC)
    missed = W.Checkbox(value=False, description=f"Miss the day-{missed_day:g} dose", indent=False)
    timeline_img = W.Image(format="png", layout=W.Layout(width="760px"))
    timeline_caption = W.HTML()
    statements = W.HTML()
    pk_img = W.Image(format="png", layout=W.Layout(width="720px"))
    pk_caption = W.HTML()
    numbers = W.HTML()
    outputs: dict[str, object] = {"timeline": timeline_img, "timeline_caption": timeline_caption,
                                  "statements": statements, "pk_plot": pk_img, "pk_caption": pk_caption,
                                  "numbers": numbers, "comparison": None}

    def show_timeline(_change: dict | None = None) -> None:
        timeline_img.value = timeline.update(pick.value)
        timeline_caption.value = f"<div role='note' style='font-size:15px'>Figure: {escape(timeline.alt_text)}</div>"
        statements.value = _onset_table_html(pick.value, kb)

    def show_error(message: str) -> None:
        outputs["comparison"] = None
        numbers.value = error_card_html(message, "result")
        pk_img.layout.display = "none"
        pk_caption.value = cleared_html("figure", message)

    def refresh() -> None:
        if crcl.typed_error:
            return show_error(crcl.typed_error)
        try:
            w = week_comparison(interval.value, crcl.value, missed_at if missed.value else None, dose, kb)
        except InputError as exc:
            return show_error(str(exc))
        outputs["comparison"] = w
        pk_img.layout.display = ""
        regimen_text = "daily" if interval.value == 24 else "every other day"
        ref, cho = w.reference_exposure, w.chosen_exposure
        ratio = cho.auc_ng_h_ml / ref.auc_ng_h_ml
        missed_text = ""
        if w.missed_low_ng_ml is not None:
            share = w.missed_low_ng_ml / w.usual_trough_ng_ml * 100
            missed_text = (f"<tr><td>Missed day-{missed_day:g} dose: lowest level in the next 48 h</td>"
                           f"<td colspan='3'><b>{w.missed_low_ng_ml:.0f} ng/mL</b> ({share:.0f}% of the usual "
                           "trough)</td></tr>")
        numbers.value = (
            "<div style='font-size:17px'><table style='border-collapse:collapse;font-size:17px'>"
            "<tr><th>Last 48 h of the week</th><th>AUC (ng·h/mL)</th><th>Trough (ng/mL)</th><th>Peak (ng/mL)</th></tr>"
            f"<tr><td>Daily, normal kidney function</td><td>{ref.auc_ng_h_ml:,.0f}</td><td>{ref.trough_ng_ml:.0f}</td>"
            f"<td>{ref.peak_ng_ml:.0f}</td></tr>"
            f"<tr><td>{escape(regimen_text.capitalize())}, CrCl {w.crcl_ml_min:g} mL/min</td>"
            f"<td>{cho.auc_ng_h_ml:,.0f} ({ratio:.2f}×)</td><td>{cho.trough_ng_ml:.0f}</td>"
            f"<td>{cho.peak_ng_ml:.0f}</td></tr>{missed_text}</table>"
            f"<p><b>{escape(ILLUSTRATION_NOTICE)}</b> One-compartment model: F, half-life and time to peak from "
            "the US label §12.3; clearance falling with creatinine clearance as in Yang 2003.</p></div>"
        )
        title = f"{dose:g} mg {regimen_text} at CrCl {w.crcl_ml_min:g} mL/min"
        alt = (f"Concentration over one week. Daily dosing at normal kidney function: trough "
               f"{ref.trough_ng_ml:.0f} ng/mL. {title}: AUC over the last 48 h {ratio:.2f} times the reference, "
               f"trough {cho.trough_ng_ml:.0f} ng/mL."
               + (f" With the day-{missed_day:g} dose missed the level falls to {w.missed_low_ng_ml:.0f} ng/mL."
                  if w.missed_low_ng_ml is not None else ""))
        pk_img.value = pk_plot.update(w.reference, w.chosen, w.missed, title, alt)
        pk_caption.value = f"<div role='note' style='font-size:15px'>Figure: {escape(alt)}</div>"

    changed.target = refresh
    pick.observe(show_timeline, "value")
    for w in (interval, missed):
        w.observe(lambda _change: changed(), "value")
    controls: dict[str, W.Widget] = {"indication": pick, "crcl": crcl.slider, "crcl_entry": crcl.entry,
                                     "interval": interval, "missed_dose": missed}
    app = Dashboard(
        [pick, timeline_img, timeline_caption, statements,
         W.HTML("<h3 style='margin:4px 0'>Why daily? The pharmacokinetics (illustration)</h3>"),
         crcl.box, interval, missed, pk_img, pk_caption, numbers],
        controls, outputs, refresh)  # type: ignore[arg-type]
    show_timeline()
    refresh()
    return app


# ---------------------------------------------------------------------------------------------
# Quiz items (teach-back now; case questions reuse them)
# ---------------------------------------------------------------------------------------------


def teachback_quiz(kb: Knowledge | None = None, header: bool = True) -> Dashboard:
    """The nurse workshop's teach-back questions with feedback for every choice and a running score."""
    kb = kb or load_knowledge()
    items: dict[str, list[Mapping[str, object]]] = {}
    for row in kb.teachback:
        items.setdefault(str(row["item_id"]), []).append(row)
    from .cases import Choice, Question

    score = W.HTML()
    questions: list[CaseQuestion] = []

    def update_score() -> None:
        answered = [q for q in questions if q.first is not None]
        right = sum(1 for q in answered if q.first)
        score.value = (f"<div style='font-size:18px'><b>Score:</b> {right} of {len(answered)} answered correctly "
                       f"at the first attempt ({len(questions)} questions).</div>")

    for item_id, rows in items.items():
        choices = tuple(Choice(str(r["choice_id"]), str(r["choice_text"]), r["correct"] == "yes", str(r["feedback"]),
                               tuple(str(x) for x in r["refs"])) for r in rows)  # type: ignore[union-attr]
        cites = tuple(dict.fromkeys(c for ch in choices for c in ch.citations))
        q = Question(item_id, "single", str(rows[0]["stem"]), None, None, None, "", choices, "", cites)
        questions.append(CaseQuestion(q, None, update_score))
    update_score()
    controls: dict[str, W.Widget] = {q.q.id: q.input for q in questions}
    outputs: dict[str, object] = {"score": score, "questions": {q.q.id: q for q in questions}}
    return Dashboard([*(q.box for q in questions), score], controls, outputs, update_score,  # type: ignore[arg-type]
                     header=header)


# ---------------------------------------------------------------------------------------------
# Safety counseling (prescriber view) and the nurse workshop
# ---------------------------------------------------------------------------------------------

PRIORITY_TEXT = {1: "URGENT", 2: "IMPORTANT", 3: "ROUTINE", 4: "ROUTINE", 5: "GOOD TO KNOW"}


def checklist_html(points, audience: str = "prescriber") -> str:
    """Checklist as HTML: priority as a text badge, words for the audience, detail, sources, disagreements.

    Patients and nurses never see research vocabulary: an unverified point carries a neutral marker and the
    sources are named by document (:func:`anakinra_edu.counseling.audience_words`, ``plain_sources``).
    """
    from .counseling import audience_words, plain_sentences, plain_sources

    items = []
    for p in points:
        words, detail_text, marker = audience_words(p, audience)
        detail = f"<div style='font-size:15px;color:#222'>{escape(detail_text)}</div>" if detail_text else ""
        dis = ""
        if p.disagreement is not None and audience == "prescriber":
            d = p.disagreement
            dis = (f"<div style='font-size:15px;background:#fff8d6;border:1px dashed #6b5900;padding:3px 6px'>"
                   f"<b>Sources disagree ({escape(d.topic)}):</b> {escape(d.position_a)} "
                   f"[{escape('; '.join(d.sources_a))}] <b>vs</b> {escape(d.position_b)} "
                   f"[{escape('; '.join(d.sources_b))}]</div>")
        elif p.disagreement is not None:
            d = p.disagreement
            dis = (f"<div style='font-size:15px;background:#fff8d6;border:1px dashed #6b5900;padding:3px 6px'>"
                   f"<b>Sources disagree ({escape(d.topic)}):</b> {escape(plain_sentences(d.position_a))} <b>vs</b> "
                   f"{escape(plain_sentences(d.position_b))}</div>")
        badge = f" <span class='ae-badge'>{escape(marker)}</span>" if marker else ""
        sources = "; ".join(p.citations) if audience == "prescriber" else plain_sources(p.citations)
        items.append(
            f"<li style='margin:6px 0'><span class='ae-badge'>{PRIORITY_TEXT[p.priority]}</span>{badge} "
            f"<b>{escape(words)}</b>{detail}{dis}"
            f"<div style='font-size:13px;color:#333'>Sources: {escape(sources)}</div></li>")
    return f"{CARD_CSS}<div class='ae-card'><ol style='padding-left:22px'>{''.join(items)}</ol></div>"


def _vaccine_html(kb: Knowledge) -> str:
    from .counseling import vaccine_table

    rows = "".join(
        f"<tr><td>{escape(name)}</td><td><b>{'LIVE — do not give' if live else 'not live'}</b></td>"
        f"<td>{escape('; '.join(c))}{'' if ok else ' (classification not label text)'}</td></tr>"
        for name, live, c, ok in vaccine_table(kb))
    return ("<table style='border-collapse:collapse;font-size:16px'><tr><th>Vaccine</th><th>Live?</th>"
            f"<th>Source</th></tr>{rows}</table>")


def counseling_explorer(kb: Knowledge | None = None) -> Dashboard:
    """Prescriber view: patient context → ordered counseling checklist, vaccines, monitoring calendar, handout.

    ``controls``: indication, label, age_years, weight, crcl_known, crcl, biologic, vaccine, pregnant,
    breastfeeding, audience, start_date. ``outputs``: checklist (HTML), points (tuple), calendar (HTML table),
    calendar_plot (Image), visits, vaccines (HTML), handout (HTML: the handout as a browser download link,
    rebuilt when an input changes; nothing is written on the server), handout_html (the page itself).
    """
    import datetime as dt

    from .counseling import counseling_points, monitoring_calendar, rotation_plan
    from .figures import calendar_figure
    from .handout import handout_html

    kb = kb or load_knowledge()
    changed = _Deferred()
    plan = rotation_plan(kb.input_limits["rotation_days"]["min"], kb=kb)  # the handout's site plan (shortest)

    ind = W.Dropdown(options=_indication_options(kb), value="ra", description="Indication", style=_DESC,
                     layout=W.Layout(width="620px"))
    label = W.ToggleButtons(options=[("US label", "us"), ("EU label", "eu")], value="us", description="Jurisdiction",
                            style=_DESC)
    age = _limited(kb, "age_years", "Age (years)", 1, 55, changed, integer=True)
    weight = _limited(kb, "weight_kg", "Weight (kg)", 0.5, 70, changed)
    crcl_known = W.Checkbox(value=False, description="Creatinine clearance known", indent=False)
    crcl = _limited(kb, "crcl_ml_min", "CrCl (mL/min)", 1, 90, changed)
    drug_rows = kb.concomitant.values()
    biologic = W.Dropdown(options=[("None", "")] + [(d["display"], d["name"]) for d in drug_rows
                                                    if d["kind"] in ("tnf_inhibitor", "biologic", "monitor")],
                          value="", description="Other drug", style=_DESC, layout=W.Layout(width="620px"))
    vaccine = W.Dropdown(options=[("None planned", "")] + [(d["display"], d["name"]) for d in drug_rows
                                                           if d["name"].endswith("-vaccine")],
                         value="", description="Planned vaccine", style=_DESC, layout=W.Layout(width="620px"))
    pregnant = W.Checkbox(value=False, description="Pregnant or planning pregnancy", indent=False)
    breastfeeding = W.Checkbox(value=False, description="Breastfeeding", indent=False)
    audience = W.ToggleButtons(options=[("Prescriber", "prescriber"), ("Nurse", "nurse"), ("Patient", "patient")],
                               value="prescriber", description="Checklist for", style=_DESC)
    start = W.DatePicker(value=dt.date.today(), description="First dose", style=_DESC)
    handout = W.HTML()
    checklist = W.HTML()
    calendar_html = W.HTML()
    calendar_img = W.Image(format="png", layout=W.Layout(width="700px"))
    vaccines = W.HTML(_vaccine_html(kb))
    outputs: dict[str, object] = {"checklist": checklist, "points": (), "calendar": calendar_html,
                                  "calendar_plot": calendar_img, "visits": (), "vaccines": vaccines,
                                  "handout": handout, "handout_html": "", "regimen": None}

    def current():
        kwargs: dict[str, object] = {"label": label.value, "kb": kb, "pregnant": pregnant.value,
                                     "breastfeeding": breastfeeding.value,
                                     "concomitant": [x for x in (biologic.value, vaccine.value) if x]}
        if crcl_known.value:
            kwargs["crcl_ml_min"] = crcl.value
        return regimen(ind.value, weight.value, age.value, **kwargs)  # type: ignore[arg-type]

    def refresh() -> None:
        crcl.box.layout.display = "" if crcl_known.value else "none"
        typed = [n.typed_error for n in (age, weight, crcl) if n.typed_error]
        if typed:
            return show_error(typed[0])
        try:
            r = current()
            points = counseling_points(r, audience.value, kb)
            visits = monitoring_calendar(start.value or dt.date.today(), r.indication, r.label, kb)
        except InputError as exc:
            return show_error(str(exc))
        outputs.update(points=points, visits=visits, regimen=r)
        checklist.value = checklist_html(points, audience.value)
        rows = "".join(f"<tr><td>{v.date.isoformat()}</td><td>month {v.month}</td><td>{escape(v.test)}</td>"
                       f"<td>{escape(v.text)}</td><td>{escape('; '.join(v.citations))}</td></tr>" for v in visits)
        calendar_html.value = ("<table style='border-collapse:collapse;font-size:16px'><tr><th>Date</th><th>When</th>"
                               f"<th>Check</th><th>Why</th><th>Source</th></tr>{rows}</table>")
        calendar_img.layout.display = ""
        title = f"Monitoring calendar ({(r.label or 'us').upper()} schedule)"
        if (visits, title) != outputs.get("_drawn"):  # redraw only when the dates change
            _, png = calendar_figure(visits, title)
            calendar_img.value = png
            outputs["_drawn"] = (visits, title)
        page = handout_html(r, counseling_points(r, "patient", kb), visits, plan, kb)
        outputs["handout_html"] = page
        handout.value = download_link_html(page, HANDOUT_FILE, "Download the patient handout (HTML)")
        return None

    def show_error(message: str) -> None:
        outputs.update(points=(), visits=(), regimen=None, handout_html="")
        checklist.value = error_card_html(message, "checklist")
        calendar_html.value = cleared_html("monitoring calendar", message)
        calendar_img.layout.display = "none"
        outputs["_drawn"] = None
        handout.value = no_download_html(f"no handout while an input is invalid ({message})")
        return None

    changed.target = refresh
    for w in (ind, label, crcl_known, biologic, vaccine, pregnant, breastfeeding, audience, start):
        w.observe(lambda _change: changed(), "value")
    controls: dict[str, W.Widget] = {
        "indication": ind, "label": label, "age_years": age.slider, "age_years_entry": age.entry,
        "weight": weight.slider, "weight_entry": weight.entry, "crcl_known": crcl_known, "crcl": crcl.slider,
        "crcl_entry": crcl.entry, "biologic": biologic, "vaccine": vaccine, "pregnant": pregnant,
        "breastfeeding": breastfeeding, "audience": audience, "start_date": start,
    }
    left = W.VBox([ind, label, age.box, weight.box, crcl_known, crcl.box, biologic, vaccine, pregnant, breastfeeding,
                   audience])
    app = Dashboard(
        [left, W.HTML("<h3>Counseling checklist (most urgent first)</h3>"), checklist,
         W.HTML("<h3>Monitoring calendar</h3>"), start, calendar_img, calendar_html,
         W.HTML("<h3>Vaccines: live or not?</h3>"), vaccines,
         W.HTML("<h3>Patient handout</h3><p>The link saves the handout in your browser's downloads; nothing is "
                "stored on the server and no patient identifiers are used. For paper or PDF, open the file and "
                "print it from the browser.</p>"), handout],
        controls, outputs, refresh)  # type: ignore[arg-type]
    refresh()
    return app


WORKSHOP_STEPS = (("storage", "1 Storage"), ("preparation", "2 Dose"), ("injection", "3 Injection"),
                  ("side_effects", "4 Side effects"), ("when_to_call", "5 When to call"), ("teachback", "6 Teach-back"))


def nurse_workshop(kb: Knowledge | None = None) -> Dashboard:
    """The nurse educator workshop in six steps (tabs), usable with code hidden.

    Storage → preparation (the syringe drawn to the patient's dose) → injection and rotation (body map and a
    2–4 week plan) → side effects → when to call → teach-back quiz. ``controls``: indication, weight,
    age_years, rotation_days, caregiver, tabs. ``outputs``: one HTML per step, syringe (HTML), body_map
    (Image), plan (tuple), quiz (the teach-back Dashboard).
    """
    from .card import syringe_svg
    from .counseling import counseling_points, indication_points, rotation_plan
    from .figures import BodyMap

    kb = kb or load_knowledge()
    changed = _Deferred()

    ind = W.Dropdown(options=_indication_options(kb), value="nomid", description="Indication", style=_DESC,
                     layout=W.Layout(width="620px"))
    weight = _limited(kb, "weight_kg", "Weight (kg)", 0.5, 20, changed)
    age = _limited(kb, "age_years", "Age (years)", 1, 6, changed, integer=True)
    shortest = kb.input_limits["rotation_days"]["min"]
    days = _limited(kb, "rotation_days", "Plan length (days)", 1, shortest, changed, integer=True)
    caregiver = W.Checkbox(value=False, description="A caregiver gives some injections", indent=False)
    step_html = {key: W.HTML() for key, _ in WORKSHOP_STEPS if key != "teachback"}
    syringe = W.HTML()
    body_map = W.Image(format="png", layout=W.Layout(width="640px"))
    body = BodyMap(kb)
    plan_html = W.HTML()
    quiz = teachback_quiz(kb, header=False)
    outputs: dict[str, object] = {**step_html, "syringe": syringe, "body_map": body_map, "plan": (),
                                  "plan_table": plan_html, "quiz": quiz}

    def points_html(points, step: str) -> str:
        return checklist_html([p for p in points if p.workshop_step == step], "nurse")

    def show_dose() -> None:
        """The dose step: syringe and dose-specific points (weight, age, indication)."""
        reason = next((n.typed_error for n in (weight, age) if n.typed_error), None)
        r = None
        if reason is None:
            try:
                r = regimen(ind.value, weight.value, age.value, kb=kb)
            except InputError as exc:
                reason = str(exc)
        if r is None:
            syringe.value = cleared_html("dose or syringe", reason)
            step_html["preparation"].value = points_html(indication_points(ind.value, "nurse", kb), "preparation")
            return
        syringe.value = (f"<div class='ae-sub'><b>{escape(r.indication_name)}, {weight.value:g} kg:</b> "
                         f"starting dose {r.start_dose_mg[0]:.4g} mg = {r.syringe[0].volume_ml:.3f} mL. Expel the "
                         "excess to this line before injecting.</div>" + syringe_svg(r.syringe[0].dose_mg, kb))
        step_html["preparation"].value = points_html(counseling_points(r, "nurse", kb), "preparation")

    def show_plan() -> None:
        """The rotation plan and body map (plan length, caregiver)."""
        reason, plan = days.typed_error, ()
        if reason is None:
            try:
                plan = rotation_plan(days.value, caregiver.value, kb)
            except InputError as exc:
                reason = str(exc)
        if reason is not None:
            body_map.layout.display = "none"
            outputs["plan"] = ()
            plan_html.value = cleared_html("rotation plan or body map", reason)
            return
        body_map.layout.display = ""
        if plan != outputs["plan"]:  # the body map depends on the plan only: redraw when it changes
            body_map.value = body.update(plan)
        outputs["plan"] = plan
        rows = "".join(f"<tr><td>Day {d.day}</td><td>{escape(d.site_name)}</td></tr>" for d in plan)
        plan_html.value = ("<table style='border-collapse:collapse;font-size:16px'><tr><th>Day</th><th>Site</th></tr>"
                           f"{rows}</table>")

    def refresh() -> None:
        """Each step from the inputs it depends on: an invalid number clears only what it feeds."""
        general = indication_points(ind.value, "nurse", kb)
        for key in ("storage", "injection", "side_effects", "when_to_call"):
            step_html[key].value = points_html(general, key)
        show_dose()
        show_plan()

    changed.target = refresh
    for w in (ind, caregiver):
        w.observe(lambda _change: changed(), "value")
    heads = {
        "storage": "Storage and warming", "preparation": "Preparing the dose",
        "injection": "Injection and site rotation", "side_effects": "Side effects", "when_to_call": "When to call",
    }
    h = {k: W.HTML(f"<h3 style='margin:4px 0'>{escape(v)}</h3>") for k, v in heads.items()}
    pages = {
        "storage": W.VBox([h["storage"], step_html["storage"]]),
        "preparation": W.VBox([h["preparation"], ind, weight.box, age.box, syringe, step_html["preparation"]]),
        "injection": W.VBox([h["injection"], days.box, caregiver, body_map, plan_html, step_html["injection"]]),
        "side_effects": W.VBox([h["side_effects"], step_html["side_effects"]]),
        "when_to_call": W.VBox([h["when_to_call"], step_html["when_to_call"]]),
        "teachback": quiz,
    }
    tabs = W.Tab(children=[pages[key] for key, _ in WORKSHOP_STEPS])
    for i, (_, title) in enumerate(WORKSHOP_STEPS):
        tabs.set_title(i, title)
    controls: dict[str, W.Widget] = {"indication": ind, "weight": weight.slider, "weight_entry": weight.entry,
                                     "age_years": age.slider, "rotation_days": days.slider,
                                     "rotation_days_entry": days.entry, "caregiver": caregiver, "tabs": tabs}
    app = Dashboard([tabs], controls, outputs, refresh)  # type: ignore[arg-type]
    refresh()
    return app


# ---------------------------------------------------------------------------------------------
# Case-based self-study with an instructor mode
# ---------------------------------------------------------------------------------------------

INSTRUCTOR_ENV = "ANAKINRA_EDU_INSTRUCTOR"


def _feedback_html(ok: bool | None, text: str, cites: tuple[str, ...]) -> str:
    if ok is None:
        head = "<b>Model answer:</b>"
        colour = "#555555"
    else:
        head = "<b>✔ Correct.</b>" if ok else "<b>✘ Not quite.</b>"
        colour = "#1b7f3b" if ok else "#b00020"
    return (f"<div style='font-size:17px;border-left:8px solid {colour};padding-left:8px'>{head} {escape(text)}"
            f" <span style='font-size:14px'>[{escape('; '.join(cites))}]</span></div>")


class CaseQuestion:
    """Widget for one case question of any kind; scores the first attempt, allows retry.

    ``answer(value)`` gives an answer and checks it (number, True/False, a choice id, or a list of choice ids);
    ``reveal()`` shows the answer without scoring (instructor mode).
    """

    def __init__(self, q, r: Regimen | None, on_checked: Callable[[], None], shuffle: bool = False,
                 seed: int = 0) -> None:
        import random

        from .cases import expected_answer

        self.q, self.r = q, r
        self.first: bool | None = None
        self._on_checked = on_checked
        self.feedback = W.HTML()
        self.check = W.Button(description="Check my answer")
        self.retry = W.Button(description="Try again")
        prompt = W.HTML(f"<div style='font-size:18px;font-weight:600'>{escape(q.prompt)}</div>")
        choices = list(q.choices)
        if shuffle:
            random.Random(f"{seed}-{q.id}").shuffle(choices)
        self.choices = choices
        if q.kind == "numeric":
            self.input: W.Widget = W.FloatText(value=0, description="Answer", style={"description_width": "80px"})
            body: list[W.Widget] = [W.HBox([self.input, W.Label(q.unit or "")])]
        elif q.kind == "flag":
            self.input = W.RadioButtons(options=[("Yes", True), ("No", False)], value=None, description="Answer",
                                        style={"description_width": "80px"})
            body = [self.input]
        elif q.kind == "single":
            listing = "".join(f"<div style='margin:3px 0'><b>{chr(97 + i)})</b> {escape(c.text)}</div>"
                              for i, c in enumerate(choices))
            self.input = W.RadioButtons(options=[(f"{chr(97 + i)})", c.id) for i, c in enumerate(choices)],
                                        value=None, description="Your answer", style={"description_width": "110px"})
            body = [W.HTML(f"<div style='font-size:17px'>{listing}</div>"), self.input]
        elif q.kind == "multiple":
            self.boxes = {c.id: W.Checkbox(value=False, description=c.text, indent=False,
                                           layout=W.Layout(width="auto")) for c in choices}
            self.input = W.VBox(list(self.boxes.values()))
            body = [W.HTML("<i>Tick every answer that applies.</i>"), self.input]
        else:
            self.input = W.Textarea(placeholder="Write your answer, then show the model answer.",
                                    layout=W.Layout(width="600px", height="80px"))
            self.check.description = "Show model answer"
            body = [self.input]
        self.expected = expected_answer(q, r)
        self.check.on_click(lambda _b: self._check())
        self.retry.on_click(lambda _b: self.reset())
        buttons = [self.check] + ([] if q.kind == "reflection" else [self.retry])
        self.box = W.VBox([prompt, *body, W.HBox(buttons), self.feedback],
                          layout=W.Layout(border="1px solid #999", padding="6px", margin="6px 0"))

    def _given(self):
        if self.q.kind == "multiple":
            return [cid for cid, box in self.boxes.items() if box.value]
        return self.input.value

    def _check(self) -> None:
        from .cases import check_answer

        q = self.q
        if q.kind == "reflection":
            self.feedback.value = _feedback_html(None, q.model_answer, q.citations)
            return
        given = self._given()
        if given is None:
            self.feedback.value = "<div style='font-size:17px'>Choose an answer first.</div>"
            return
        ok = bool(check_answer(q, self.r, given))
        if self.first is None:
            self.first = ok
        self.feedback.value = self._explain(ok)
        self._on_checked()

    def _explain(self, ok: bool | None) -> str:
        q = self.q
        if q.kind == "numeric":
            text = (f"The engine gives {self.expected:.4g} {q.unit} (tolerance ± {q.tolerance:g}). {q.feedback}")
            return _feedback_html(ok, text, q.citations)
        if q.kind == "flag":
            text = f"The answer is {'yes' if self.expected else 'no'}. {q.feedback}"
            return _feedback_html(ok, text, q.citations)
        if q.kind in ("single", "multiple"):
            chosen = set(self._given() or []) if q.kind == "multiple" else {self._given()}
            lines = "".join(
                f"<li><b>{chr(97 + i)}) {'correct' if c.correct else 'incorrect'}</b>"
                f"{' (your choice)' if c.id in chosen else ''}: {escape(c.feedback)} "
                f"<span style='font-size:14px'>[{escape('; '.join(c.citations))}]</span></li>"
                for i, c in enumerate(self.choices) if c.id in chosen or ok is not None)
            head = _feedback_html(ok, "", q.citations) if ok is not None else ""
            return f"{head}<ul style='font-size:16px'>{lines}</ul>"
        return _feedback_html(None, q.model_answer, q.citations)

    def reset(self) -> None:
        """Clear the answer and feedback (the first attempt still counts for the score)."""
        self.feedback.value = ""
        if self.q.kind == "multiple":
            for box in self.boxes.values():
                box.value = False
        elif self.q.kind in ("flag", "single"):
            self.input.value = None

    def answer(self, value) -> bool | None:
        """Give an answer and check it; returns whether it was correct (None for reflection)."""
        if self.q.kind == "multiple":
            for cid, box in self.boxes.items():
                box.value = cid in value
        elif self.q.kind != "reflection":
            self.input.value = value
        self._check()
        if self.q.kind == "reflection":
            return None
        from .cases import check_answer

        return check_answer(self.q, self.r, value)

    def reveal(self) -> None:
        """Instructor mode: show the answer and every choice's feedback, without scoring."""
        q = self.q
        if q.kind == "numeric":
            self.feedback.value = _feedback_html(None, f"{self.expected:.4g} {q.unit}. {q.feedback}", q.citations)
        elif q.kind == "flag":
            self.feedback.value = _feedback_html(None, f"{'Yes' if self.expected else 'No'}. {q.feedback}",
                                                 q.citations)
        elif q.kind in ("single", "multiple"):
            lines = "".join(f"<li><b>{chr(97 + i)}) {'correct' if c.correct else 'incorrect'}</b>: "
                            f"{escape(c.feedback)}</li>" for i, c in enumerate(self.choices))
            self.feedback.value = f"<ul style='font-size:16px'>{lines}</ul>"
        else:
            self.feedback.value = _feedback_html(None, q.model_answer, q.citations)


def case_study(audience: str | None = None, indication: str | None = None, difficulty: str | None = None,
               instructor: bool | None = None, shuffle: bool = False, kb: Knowledge | None = None) -> Dashboard:
    """Work through the case bank: filter by audience, indication and difficulty, answer, get feedback.

    Parameters
    ----------
    audience, indication, difficulty : str, optional
        Initial filters.
    instructor : bool, optional
        Offer the instructor toggle (reveals answers and instructor notes). Default: only when the facilitator
        sets the environment variable ``ANAKINRA_EDU_INSTRUCTOR=1``. Off by default; in trainee mode nothing
        instructor-only is rendered.
    shuffle : bool
        Shuffle choice order (deterministically per question).

    ``controls``: audience, indication, difficulty, case, instructor (when offered). ``outputs``: stem, notes,
    questions (dict of :class:`CaseQuestion`), score (HTML), scores (dict case id → (right, answered)),
    by_objective (dict objective → (right, answered)), worksheet and answers (HTML: browser download links
    for the cases matching the filters; the answer sheet only when the instructor toggle is offered).
    """
    import os

    from .cases import AUDIENCES, DIFFICULTIES, case_regimen, load_cases

    kb = kb or load_knowledge()
    cases = load_cases(kb=kb)
    offer = instructor if instructor is not None else os.environ.get(INSTRUCTOR_ENV) == "1"
    f_aud = W.Dropdown(options=[("Any audience", "")] + [(a.capitalize(), a) for a in AUDIENCES], value=audience or "",
                       description="Audience", style=_DESC)
    inds = sorted({c.indication for c in cases}, key=lambda i: list(kb.indications).index(i))
    f_ind = W.Dropdown(options=[("Any indication", "")] + [(kb.indications[i]["name"], i) for i in inds],
                       value=indication or "", description="Indication", style=_DESC, layout=W.Layout(width="620px"))
    f_dif = W.Dropdown(options=[("Any difficulty", "")] + [(d.capitalize(), d) for d in DIFFICULTIES],
                       value=difficulty or "", description="Difficulty", style=_DESC)
    pick = W.Dropdown(description="Case", style=_DESC, layout=W.Layout(width="720px"))
    toggle = W.ToggleButton(value=False, description="Instructor mode", icon="eye")
    stem = W.HTML()
    notes = W.HTML()
    holder = W.VBox()
    score = W.HTML()
    scores: dict[str, tuple[int, int]] = {}
    by_objective: dict[str, tuple[int, int]] = {}
    outputs: dict[str, object] = {"stem": stem, "notes": notes, "questions": {}, "score": score, "scores": scores,
                                  "by_objective": by_objective, "cases": ()}

    def filtered() -> list:
        return [c for c in cases
                if (not f_aud.value or f_aud.value in c.audience) and (not f_ind.value or c.indication == f_ind.value)
                and (not f_dif.value or c.difficulty == f_dif.value)]

    def update_filter(_change: object = None) -> None:
        chosen = filtered()
        outputs["cases"] = tuple(chosen)
        pick.options = [(f"{c.title} ({c.difficulty})", c.id) for c in chosen] or [("No case matches", "")]
        pick.value = chosen[0].id if chosen else ""
        show_case()
        update_sheets(chosen)

    def update_sheets(chosen: list) -> None:
        from .cases import worksheet_html

        if not chosen:
            sheet_link.value = key_link.value = no_download_html("no case matches the filters")
            return
        n = f"{len(chosen)} case{'s' if len(chosen) > 1 else ''}"
        sheet_link.value = download_link_html(worksheet_html(chosen, False, kb), WORKSHEET_FILE,
                                              f"Download the worksheet ({n}, HTML)")
        if offer:
            key_link.value = download_link_html(worksheet_html(chosen, True, kb), ANSWERS_FILE,
                                                f"Download the answer sheet ({n}, HTML)")

    def update_score() -> None:
        current = {q.q.id: q for q in outputs["questions"].values()}  # type: ignore[union-attr]
        case = next((c for c in cases if c.id == pick.value), None)
        if case is not None:
            scored = [q for q in current.values() if q.first is not None]
            scores[case.id] = (sum(1 for q in scored if q.first), len(scored))
        by_objective.clear()
        for c in cases:
            if c.id in scores:
                right, n = by_objective.get(c.objective, (0, 0))
                by_objective[c.objective] = (right + scores[c.id][0], n + scores[c.id][1])
        rows = "".join(f"<tr><td>{escape(obj)}</td><td>{r} of {n}</td></tr>" for obj, (r, n) in by_objective.items())
        here = scores.get(pick.value, (0, 0))
        score.value = (f"<div style='font-size:17px'><b>This case:</b> {here[0]} of {here[1]} answered correctly at "
                       "the first attempt.<br><b>By learning objective (this session):</b>"
                       f"<table style='border-collapse:collapse'>{rows}</table></div>")

    def show_case(_change: object = None) -> None:
        case = next((c for c in cases if c.id == pick.value), None)
        if case is None:
            stem.value, notes.value, holder.children = "<p>No case matches these filters.</p>", "", ()
            outputs["questions"] = {}
            return
        r = case_regimen(case, kb)
        patient = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in case.patient.items() if k != "indication")
        stem.value = (f"<div style='font-size:18px'><h3 style='margin:4px 0'>{escape(case.title)}</h3>"
                      f"<p>{escape(case.stem)}</p><p style='font-size:15px'><b>Inputs:</b> {escape(patient)}</p>"
                      f"<p style='font-size:15px'><b>Objective:</b> {escape(case.objective)} · "
                      f"<b>Difficulty:</b> {escape(case.difficulty)} · <b>For:</b> {escape(', '.join(case.audience))}"
                      f"</p></div>")
        widgets_q = {q.id: CaseQuestion(q, r, update_score, shuffle) for q in case.questions}
        outputs["questions"] = widgets_q
        holder.children = tuple(w.box for w in widgets_q.values())
        apply_mode()
        update_score()

    def apply_mode(_change: object = None) -> None:
        case = next((c for c in cases if c.id == pick.value), None)
        if offer and toggle.value and case is not None:
            notes.value = (f"<div style='font-size:17px;background:#eef3ff;border:2px solid #234;padding:6px'>"
                           f"<b>Instructor notes:</b> {escape(case.instructor_notes)} "
                           f"<span style='font-size:14px'>[{escape('; '.join(case.citations))}]</span></div>")
            for q in outputs["questions"].values():  # type: ignore[union-attr]
                q.reveal()
        else:
            notes.value = ""
            for q in outputs["questions"].values():  # type: ignore[union-attr]
                if q.first is None:
                    q.feedback.value = ""

    sheet_link = W.HTML()
    key_link = W.HTML()
    outputs.update(worksheet=sheet_link, answers=key_link)

    for w in (f_aud, f_ind, f_dif):
        w.observe(update_filter, "value")
    pick.observe(show_case, "value")
    toggle.observe(apply_mode, "value")
    controls: dict[str, W.Widget] = {"audience": f_aud, "indication": f_ind, "difficulty": f_dif, "case": pick}
    top: list[W.Widget] = [W.HBox([f_aud, f_dif]), f_ind, pick]
    export_row: list[W.Widget] = [sheet_link]
    if offer:
        controls["instructor"] = toggle
        top.append(toggle)
        export_row.append(key_link)
    app = Dashboard([*top, stem, notes, holder, score,
                     W.HTML("<h3>Printable worksheet for the cases matching the filters</h3><p>Saved by your "
                            "browser; nothing is stored on the server. Print it from the browser.</p>"),
                     W.HBox(export_row)], controls, outputs, update_filter)  # type: ignore[arg-type]
    update_filter()
    return app
