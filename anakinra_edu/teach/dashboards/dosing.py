"""Dosing explorer (notebook 01): patient, kidney function and safety inputs to the regimen card."""

from __future__ import annotations

import ipywidgets as W

from ...card import error_card_html, regimen_card_html, what_changed
from ...dosing import Regimen, regimen
from ...inputs import InputError
from ...knowledge import Knowledge, load_knowledge
from .base import Dashboard, Refresh, split
from .controls import (
    DESC,
    Creatinine,
    Deferred,
    Number,
    indication_options,
    limited,
    limits,
)


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
    changed = Deferred()

    m_lo, _, _ = limits(kb, "mg_per_kg")

    ind = W.Dropdown(options=indication_options(kb), value=indication, description="Indication",
                     style=DESC, layout=W.Layout(width="620px"))
    label = W.ToggleButtons(options=[("US label", "us"), ("EU label", "eu")], value="us", description="Jurisdiction",
                            style=DESC)
    weight = limited(kb, "weight_kg", "Weight (kg)", 0.5, weight_kg, changed)
    pounds = W.Label()
    age = limited(kb, "age_years", "Age (years)", 1, age_years, changed, integer=True)
    months = Number("+ months", 0, 11, 1, 0, "months", changed, integer=True)
    kidney_mode = W.ToggleButtons(options=[("Not given", "none"), ("CrCl", "crcl"), ("Serum creatinine", "scr"),
                                           ("Dialysis (ESRD)", "dialysis")], value="none",
                                  description="Kidney function", style={**DESC, "button_width": "auto"})
    crcl = limited(kb, "crcl_ml_min", "CrCl (mL/min)", 0.5, 90, changed)
    creatinine = Creatinine(kb, 0.9, changed)
    scr, scr_unit = creatinine, creatinine.unit
    sex = W.ToggleButtons(options=[("Female", "female"), ("Male", "male")], value="female", description="Sex",
                          style=DESC)
    height = limited(kb, "height_cm", "Height (cm)", 1, 165, changed)
    titrate = Number("Titrate (mg/kg/day)", 0, 10, 0.25, 0, "mg/kg/day (0 = starting range)", changed)
    drug_rows = kb.concomitant.values()
    biologic = W.Dropdown(options=[("None", "")] + [(d["display"], d["name"]) for d in drug_rows
                                                    if d["kind"] in ("tnf_inhibitor", "biologic")],
                          value="", description="Other biologic", style=DESC, layout=W.Layout(width="620px"))
    vaccine = W.Dropdown(options=[("None planned", "")] + [(d["display"], d["name"]) for d in drug_rows
                                                           if d["name"].endswith("-vaccine")],
                         value="", description="Planned vaccine", style=DESC, layout=W.Layout(width="620px"))
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

    def before() -> None:
        """Visibility, the labels that follow the typed values, and the titration control."""
        sync_visibility()
        years = age.value + months.value / 12
        # the derived labels follow the typed value: none while it is invalid (the card says why)
        pounds.value = "" if weight.typed_error else f"= {weight.value * kb.threshold('lb_per_kg'):.0f} lb"
        age_text.value = ("" if age.typed_error or months.typed_error else
                          f"= {age.value * 12 + months.value} months" if years < 2 else
                          f"= {age.value} years {months.value} months" if months.value else "")
        probe_rule = None
        try:
            probe_rule = regimen(ind.value, weight.value, years, label=label.value, kb=kb)
        except InputError:
            pass
        weight_based = probe_rule is not None and probe_rule.basis == "weight"
        state["weight_based"] = weight_based
        titrate.slider.disabled = titrate.entry.disabled = not weight_based
        if weight_based and probe_rule is not None and probe_rule.max_mg_per_kg_day is not None:
            top = probe_rule.max_mg_per_kg_day + max(2.0, probe_rule.max_mg_per_kg_day * 0.25)
            if titrate.slider.max != top:
                titrate.slider.max = top

    def compute() -> Regimen:
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
        if state["weight_based"] and titrate.value >= m_lo:
            kwargs["mg_per_kg"] = titrate.value
        return regimen(ind.value, weight.value, age.value + months.value / 12, **kwargs)  # type: ignore[arg-type]

    def render(r: Regimen) -> None:
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

    refresh = Refresh((weight, age, months, crcl, scr, height, titrate), compute, render, show_error, before)
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
    app = Dashboard([split(left, [card])], controls, outputs, refresh)  # type: ignore[arg-type]
    refresh()
    return app
