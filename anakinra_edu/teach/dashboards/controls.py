"""Shared controls: a number (slider and box, validated, never clamped), serum creatinine with its unit,
the deferred refresh, the indication list."""

from __future__ import annotations

import math
from collections.abc import Callable

import ipywidgets as W

from ...knowledge import Knowledge

GROUP_TITLE = {"us-label": "US label", "eu-label": "EU label", "off-label": "Off-label teaching"}


WIDE = W.Layout(width="400px")


DESC = {"description_width": "150px"}


TYPED_CLASS = "ae-typed"  # a number box beside its slider: its label is read out, not shown (LAYOUT_CSS)


def typed_name(entry: W.Widget, name: str) -> None:
    """Name the number box beside a slider after it ("Weight (kg), typed"), for screen readers: the label is
    in the page (an accessible name in Lab, Voilà and the static site) but not shown, the slider's says it."""
    entry.description = f"{name}, typed"
    entry.add_class(TYPED_CLASS)


def fmt(value: float | None) -> str:
    """A typed number as the user wrote it (9999, not 9999.0); ``None`` (an empty box) as "empty"."""
    return "empty" if value is None else f"{value:.12g}"


class Number:
    """A slider for moving plus a number box for typing, kept in step; typed values are validated, not clamped."""

    def __init__(self, description: str, lo: float, hi: float, step: float, value: float, unit: str,
                 on_change: Callable[[], None], integer: bool = False) -> None:
        cls = W.IntSlider if integer else W.FloatSlider
        self.slider = cls(value=value, min=lo, max=hi, step=step, description=description, readout=False,
                          continuous_update=True, style=DESC, layout=WIDE)
        self.entry = (W.IntText if integer else W.FloatText)(value=value, layout=W.Layout(width="110px"),
                                                             description_allow_html=False)
        typed_name(self.entry, description if unit in description else f"{description} ({unit})")
        self.unit = W.Label(unit)
        self.box = W.HBox([self.slider, self.entry, self.unit])
        self.typed_error: str | None = None
        self._on_change = on_change
        self._busy = False
        self._value = value
        self._echo: float | None = None  # where the browser's slider will snap a typed value between its steps
        self.slider.observe(self._from_slider, "value")
        self.entry.observe(self._from_entry, "value")

    @property
    def value(self) -> float:
        """The number as typed or moved to (a typed 29.9 stays 29.9, though the slider can only show 30)."""
        return self._value

    def _snapped(self, value: float) -> float:
        """Where the browser's slider puts ``value``: its nearest step (it then sends that back)."""
        lo, step = self.slider.min, self.slider.step
        return lo + round((value - lo) / step) * step

    def _from_slider(self, change: dict) -> None:
        if self._busy:
            return
        echo, self._echo = self._echo, None
        if echo is not None and abs(change["new"] - echo) < 1e-6:
            return  # the slider showing a typed value at its nearest step: the typed value stands
        self._value = round(change["new"], 6)  # the browser slider can return 9.000000000000002
        self._busy = True
        self.entry.value = self._value
        self._busy = False
        self.typed_error = None
        self._on_change()

    def _from_entry(self, change: dict) -> None:
        if self._busy:
            return
        value = change["new"]
        if value is None or not (self.slider.min <= value <= self.slider.max):
            self.typed_error = (f"{self.slider.description}: {fmt(value)} is outside the plausible range; allowed: "
                                f"{self.slider.min:g} to {self.slider.max:g} {self.unit.value}")
            self._on_change()
            return
        self._show(value)
        self._on_change()

    def _show(self, value: float) -> None:
        """Take ``value`` as the number and show it in the box and on the slider (no refresh)."""
        self.typed_error = None
        self._value = value
        snapped = self._snapped(value)
        self._echo = snapped if abs(snapped - value) > 1e-9 else None
        self._busy = True
        self.entry.value = value
        self.slider.value = value
        self._busy = False

    def set(self, value: float) -> None:
        """Set the number (a teaching case's weight), exactly, between the slider's steps too; no refresh."""
        self._show(value)


def limits(kb: Knowledge, field: str) -> tuple[float, float, str]:
    row = kb.input_limits[field]
    return row["min"], row["max"], row["unit"]


class Deferred:
    """The dashboard's refresh, called by controls built before it exists; ``paused`` while loading presets."""

    def __init__(self) -> None:
        self.target: Callable[[], None] | None = None
        self.paused = False

    def __call__(self) -> None:
        if self.target is not None and not self.paused:
            self.target()


SCR_STEP = {"mg/dL": 0.01, "umol/L": 0.1}  # display resolution per creatinine unit


SCR_LABEL = {"mg/dL": "mg/dL", "umol/L": "µmol/L"}


def digits(step: float) -> int:
    return max(0, -math.floor(math.log10(step) + 1e-9))


class Creatinine:
    """Serum creatinine: a slider, a number box and a unit toggle; a unit switch shows the same quantity.

    ``quantity`` is the value as last set, with its unit (e.g. ``(1.4, "mg/dL")``), and is what the engine gets,
    so a switch never moves a result across a threshold. The box shows it in the chosen unit (one factor from
    ``data/kidney_equations.csv``). The slider always moves in the unit of ``data/input_limits.csv``: its range
    and step never change in the browser, so nothing is clamped or snapped to another unit's scale, and a
    value the browser sends late still means what it meant when it was sent.
    """

    def __init__(self, kb: Knowledge, value: float, on_change: Callable[[], None]) -> None:
        self.factor = kb.coefficient("creatinine", "umol_per_mg_dl")
        self.lo, self.hi, self.base = limits(kb, "scr_mg_dl")
        self.slider = W.FloatSlider(value=value, min=self.lo, max=self.hi, step=SCR_STEP[self.base],
                                    description="Serum creatinine", readout=False, continuous_update=True,
                                    style=DESC, layout=WIDE)
        self.entry = W.FloatText(value=value, layout=W.Layout(width="110px"))
        typed_name(self.entry, f"Serum creatinine ({SCR_LABEL[self.base]})")
        self.label = W.Label(SCR_LABEL[self.base])
        self.box = W.HBox([self.slider, self.entry, self.label])
        self.unit = W.ToggleButtons(options=[(SCR_LABEL[u], u) for u in SCR_STEP], value=self.base,
                                    description="Creatinine unit", style=DESC)
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
            self.entry.value = round(self._convert(value, unit, shown), digits(SCR_STEP[shown]))
            self._slider_at = round(self._convert(value, unit, self.base), digits(SCR_STEP[self.base]))
            self.slider.value = self._slider_at
            self.label.value = SCR_LABEL[shown]
            typed_name(self.entry, f"Serum creatinine ({SCR_LABEL[shown]})")
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
            self.typed_error = (f"Serum creatinine: {fmt(value)} is outside the plausible range; allowed: {lo:g} to "
                                f"{hi:g} {SCR_LABEL[unit]}")
        else:
            self.typed_error = None
            self.quantity = (value, unit)
            self._busy = True
            self._slider_at = round(self._convert(value, unit, self.base), digits(SCR_STEP[self.base]))
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


def limited(kb: Knowledge, field: str, description: str, step: float, value: float, on_change: Callable[[], None],
             integer: bool = False) -> Number:
    """A slider and number box bounded by the field's plausible range in ``data/input_limits.csv``."""
    lo, hi, unit = limits(kb, field)
    if integer:
        lo, hi = int(lo), int(hi)
    return Number(description, lo, hi, step, value, unit, on_change, integer)


def indication_options(kb: Knowledge) -> list[tuple[str, str]]:
    order = ("us-label", "eu-label", "off-label")
    rows = sorted(kb.indications.values(), key=lambda r: order.index(r["group"]))
    return [(f"{GROUP_TITLE[r['group']]} · {r['name']}", r["id"]) for r in rows]
