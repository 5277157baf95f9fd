"""Dosing explorer (notebook 01): patient, kidney function and safety inputs to the regimen card."""

from __future__ import annotations

from html import escape

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

WIDE_MENU = W.Layout(width="620px")


class DosingInputs:
    """The explorer's controls: patient, kidney function, dose and safety; ``changed`` refreshes the card."""

    def __init__(self, kb: Knowledge, indication: str, weight_kg: float, age_years: int, changed: Deferred) -> None:
        self.kb = kb
        self.ind = W.Dropdown(options=indication_options(kb), value=indication, description="Indication",
                              style=DESC, layout=WIDE_MENU)
        self.label = W.ToggleButtons(options=[("US label", "us"), ("EU label", "eu")], value="us",
                                     description="Jurisdiction", style=DESC)
        self.weight = limited(kb, "weight_kg", "Weight (kg)", 0.5, weight_kg, changed)
        self.pounds = W.Label()
        self.age = limited(kb, "age_years", "Age (years)", 1, age_years, changed, integer=True)
        self.months = Number("+ months", 0, 11, 1, 0, "months", changed, integer=True)
        self.age_text = W.Label()
        self._kidney(changed)
        self._safety(changed)

    def _kidney(self, changed: Deferred) -> None:
        kb = self.kb
        self.kidney_mode = W.ToggleButtons(
            options=[("Not given", "none"), ("CrCl", "crcl"), ("Serum creatinine", "scr"),
                     ("Dialysis (ESRD)", "dialysis")],
            value="none", description="Kidney function", style={**DESC, "button_width": "auto"})
        self.crcl = limited(kb, "crcl_ml_min", "CrCl (mL/min)", 0.5, 90, changed)
        self.creatinine = Creatinine(kb, 0.9, changed)
        self.sex = W.ToggleButtons(options=[("Female", "female"), ("Male", "male")], value="female",
                                   description="Sex", style=DESC)
        self.height = limited(kb, "height_cm", "Height (cm)", 1, 165, changed)

    def _safety(self, changed: Deferred) -> None:
        drug_rows = self.kb.concomitant.values()
        self.titrate = Number("Titrate (mg/kg/day)", 0, 10, 0.25, 0, "mg/kg/day", changed)
        self.titrate_hint = W.HTML("<div class='ae-hint'>0 = the starting range; above it, the titrated dose.</div>")
        # several at once, as the command line's --concomitant takes them: e.g. two biologics and a vaccine
        self.biologic = W.SelectMultiple(options=[(d["display"], d["name"]) for d in drug_rows
                                                  if not d["name"].endswith("-vaccine")],
                                         value=(), rows=6, description="Other drugs", style=DESC, layout=WIDE_MENU)
        self.biologic_hint = W.HTML(self._chosen_text())
        self.biologic.observe(lambda _change: setattr(self.biologic_hint, "value", self._chosen_text()), "value")
        self.vaccine = W.Dropdown(options=[("None planned", "")] + [(d["display"], d["name"]) for d in drug_rows
                                                                    if d["name"].endswith("-vaccine")],
                                  value="", description="Planned vaccine", style=DESC, layout=WIDE_MENU)
        self.infection = W.Checkbox(value=False, description="Active serious infection now", indent=False)

    def _chosen_text(self) -> str:
        """The drugs chosen (the list shows six rows: a choice can be scrolled out of view), and how to add one."""
        names = [label for label, value in self.biologic.options if value in self.biologic.value]
        chosen = f"<b>Chosen:</b> {escape(', '.join(names))}. " if names else ""
        return (f"<div class='ae-hint'>{chosen}Several at once: Ctrl-click (⌘-click on a Mac) to add or remove "
                "one.</div>")

    def numbers(self) -> tuple:
        """The typed numbers whose errors replace the card: those the chosen kidney function uses (a hidden CrCl
        box left at an invalid number does not block a card computed from the creatinine, or from none)."""
        mode = self.kidney_mode.value
        kidney = (self.crcl,) if mode == "crcl" else (self.creatinine, self.height) if mode == "scr" else ()
        return (self.weight, self.age, self.months, *kidney, self.titrate)

    def choices(self) -> tuple[W.Widget, ...]:
        """The menus, toggles and boxes that refresh the card when they change."""
        return (self.ind, self.label, self.kidney_mode, self.sex, self.biologic, self.vaccine, self.infection)

    def by_name(self) -> dict[str, W.Widget]:
        """The controls by the names tests, notebooks and facilitator scripts use."""
        return {
            "indication": self.ind, "label": self.label, "weight": self.weight.slider,
            "weight_entry": self.weight.entry, "age_years": self.age.slider, "age_years_entry": self.age.entry,
            "age_months": self.months.slider, "kidney_mode": self.kidney_mode, "crcl": self.crcl.slider,
            "crcl_entry": self.crcl.entry, "scr": self.creatinine.slider, "scr_entry": self.creatinine.entry,
            "scr_unit": self.creatinine.unit, "sex": self.sex, "height": self.height.slider,
            "height_entry": self.height.entry, "mg_per_kg": self.titrate.slider,
            "mg_per_kg_entry": self.titrate.entry, "biologic": self.biologic, "vaccine": self.vaccine,
            "infection": self.infection,
        }

    def column(self) -> W.VBox:
        """The controls in one column: patient, kidney function, dose and safety."""
        def head(text: str) -> W.HTML:
            return W.HTML(f"<h3 class='ae-head'>{text}</h3>")

        return W.VBox([
            head("Patient"), self.ind, self.label, W.HBox([self.weight.box, self.pounds]),
            W.HBox([self.age.box, self.age_text]), self.months.box,
            head("Kidney function"), self.kidney_mode, self.crcl.box, self.creatinine.unit, self.creatinine.box,
            self.sex, self.height.box,
            head("Dose and safety"), self.titrate.box, self.titrate_hint, self.biologic, self.biologic_hint,
            self.vaccine, self.infection,
        ])

    def concomitant(self) -> list[str]:
        """The other drugs and the planned vaccine, by their names in ``data/concomitant.csv``."""
        return [*self.biologic.value, *([self.vaccine.value] if self.vaccine.value else [])]


class RegimenCard:
    """The card and what it shows: the labels that follow the typed values, the regimen, what changed."""

    def __init__(self, kb: Knowledge, inputs: DosingInputs) -> None:
        self.kb, self.c = kb, inputs
        self.card = W.HTML()
        self.weight_based = False
        self.last: Regimen | None = None
        self.m_lo = limits(kb, "mg_per_kg")[0]
        self.outputs: dict[str, object] = {"card": self.card, "regimen": None, "changes": [],
                                           "pounds": inputs.pounds, "age_text": inputs.age_text}

    def _visibility(self) -> None:
        c = self.c
        mode = c.kidney_mode.value
        c.crcl.box.layout.display = "" if mode == "crcl" else "none"
        for box in (c.creatinine.box, c.creatinine.unit, c.sex, c.height.box):
            box.layout.display = "" if mode == "scr" else "none"
        c.label.disabled = self.kb.indications[c.ind.value]["group"] == "off-label"

    def _derived_labels(self) -> None:
        """Pounds and months follow the typed value: none while it is invalid (the card says why)."""
        c = self.c
        years = c.age.value + c.months.value / 12
        c.pounds.value = "" if c.weight.typed_error else f"= {c.weight.value * self.kb.threshold('lb_per_kg'):.0f} lb"
        c.age_text.value = ("" if c.age.typed_error or c.months.typed_error else
                            f"= {c.age.value * 12 + c.months.value} months" if years < 2 else
                            f"= {c.age.value} years {c.months.value} months" if c.months.value else "")

    def before(self) -> None:
        """Visibility, the labels that follow the typed values, and the titration control."""
        self._visibility()
        self._derived_labels()
        c = self.c
        probe = None
        try:
            probe = regimen(c.ind.value, c.weight.value, c.age.value + c.months.value / 12, label=c.label.value,
                            kb=self.kb)
        except InputError:
            pass
        self.weight_based = probe is not None and probe.basis == "weight"
        c.titrate.slider.disabled = c.titrate.entry.disabled = not self.weight_based
        if self.weight_based and probe is not None and probe.max_mg_per_kg_day is not None:
            top = probe.max_mg_per_kg_day + max(2.0, probe.max_mg_per_kg_day * 0.25)
            if c.titrate.slider.max != top:
                c.titrate.slider.max = top

    def compute(self) -> Regimen:
        c = self.c
        kwargs: dict[str, object] = {"label": c.label.value, "kb": self.kb, "active_infection": c.infection.value,
                                     "concomitant": c.concomitant()}
        mode = c.kidney_mode.value
        if mode == "crcl":
            kwargs["crcl_ml_min"] = c.crcl.value
        elif mode == "scr":
            kwargs.update(c.creatinine.engine_kwargs(), sex=c.sex.value, height_cm=c.height.value)
        elif mode == "dialysis":
            kwargs["dialysis"] = True
        if self.weight_based and c.titrate.value >= self.m_lo:
            kwargs["mg_per_kg"] = c.titrate.value
        return regimen(c.ind.value, c.weight.value, c.age.value + c.months.value / 12, **kwargs)  # type: ignore[arg-type]

    def render(self, r: Regimen) -> None:
        lines = what_changed(self.last, r)
        self.last = r
        self.outputs.update(regimen=r, changes=lines)
        self.card.value = regimen_card_html(r, lines, self.kb)

    def show_error(self, message: str) -> None:
        self.last = None
        self.outputs.update(regimen=None, changes=[])
        self.card.value = error_card_html(message)


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
        biologic (other drugs, several at once: a tuple of names), vaccine, infection. ``outputs``: card
        (HTML), changes (list of the last "what changed" lines), regimen (the last valid :class:`Regimen` or ``None``).
    """
    kb = kb or load_knowledge()
    changed = Deferred()
    inputs = DosingInputs(kb, indication, weight_kg, age_years, changed)
    card = RegimenCard(kb, inputs)
    refresh = Refresh(inputs.numbers, card.compute, card.render, card.show_error, card.before)
    changed.target = refresh
    for w in inputs.choices():
        w.observe(lambda _change: changed(), "value")
    app = Dashboard([split(inputs.column(), [card.card])], inputs.by_name(), card.outputs, refresh)
    refresh()
    return app
