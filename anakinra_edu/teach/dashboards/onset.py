"""Onset and pharmacokinetics explorer (notebook 03)."""

from __future__ import annotations

from html import escape

import ipywidgets as W

from ...card import error_card_html
from ...dosing import regimen
from ...knowledge import Knowledge, load_knowledge
from ...render.panels import (
    PANEL_CSS,
    cleared_html,
    onset_table_html,
)
from .base import Dashboard, Refresh, split
from .chart_view import chart_widget, show_chart
from .controls import (
    DESC,
    Deferred,
    limited,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from ...pk import WeekComparison


TIMELINE_SIZE = (400, 36)  # plot width and row height [px]: beside its menu and within 720 px of height
PK_WIDTH = 480  # plot width [px]: beside its controls at 1280 px


class OnsetTimeline:
    """The indication menu → the onset timeline (chosen indication highlighted) and what each source says."""

    def __init__(self, kb: Knowledge, indication: str, outputs: dict[str, object]) -> None:
        from ...onset import onset_indications

        self.kb = kb
        self.specs: dict[str, dict] = {}  # the timeline changes only with the highlighted indication
        self.pick = W.Dropdown(options=[(kb.indications[i]["name"], i) for i in onset_indications(kb)],
                               value=indication, description="Indication", style={"description_width": "90px"},
                               layout=W.Layout(width="470px"))
        self.image = chart_widget(W.Layout(min_height="560px"))
        self.caption = W.HTML()
        self.statements = W.HTML()
        self.outputs = outputs
        outputs.update(timeline=self.image, timeline_caption=self.caption, statements=self.statements)
        self.pick.observe(self.show, "value")

    def show(self, _change: object = None) -> None:
        from ...render.charts import onset_chart

        if self.pick.value not in self.specs:
            self.specs[self.pick.value] = onset_chart(self.pick.value, self.kb, *TIMELINE_SIZE)
        spec = self.specs[self.pick.value]
        show_chart(self.image, spec)
        self.outputs["timeline_spec"] = spec
        self.caption.value = f"<div role='note' class='ae-caption'>Figure: {escape(spec['description'])}</div>"
        self.statements.value = onset_table_html(self.pick.value, self.kb)


def week_table_html(w: WeekComparison, regimen_text: str, missed_day: float) -> str:
    """Exposure over the last 48 h of the week: the reference, the chosen regimen, a missed dose [ng/mL]."""
    from ...pk import ILLUSTRATION_NOTICE

    ref, cho = w.reference_exposure, w.chosen_exposure
    ratio = cho.auc_ng_h_ml / ref.auc_ng_h_ml
    missed_text = ""
    if w.missed_low_ng_ml is not None:
        share = w.missed_low_ng_ml / w.usual_trough_ng_ml * 100
        missed_text = (f"<tr><td>Missed day-{missed_day:g} dose: lowest level in the next 48 h</td>"
                       f"<td colspan='3'><b>{w.missed_low_ng_ml:.0f} ng/mL</b> ({share:.0f}% of the usual "
                       "trough)</td></tr>")
    return (
        f"{PANEL_CSS}<div class='ae-panel'><table class='ae-table'>"
        "<tr><th>Last 48 h of the week</th><th>AUC (ng·h/mL)</th><th>Trough (ng/mL)</th><th>Peak (ng/mL)</th></tr>"
        f"<tr><td>Daily, normal kidney function</td><td>{ref.auc_ng_h_ml:,.0f}</td><td>{ref.trough_ng_ml:.0f}</td>"
        f"<td>{ref.peak_ng_ml:.0f}</td></tr>"
        f"<tr><td>{escape(regimen_text.capitalize())}, CrCl {w.crcl_ml_min:g} mL/min</td>"
        f"<td>{cho.auc_ng_h_ml:,.0f} ({ratio:.2f}×)</td><td>{cho.trough_ng_ml:.0f}</td>"
        f"<td>{cho.peak_ng_ml:.0f}</td></tr>{missed_text}</table>"
        f"<p><b>{escape(ILLUSTRATION_NOTICE)}</b> One-compartment model: F, half-life and time to peak from "
        "the US label §12.3; clearance falling with creatinine clearance as in Yang 2003.</p></div>"
    )


def week_alt_text(w: WeekComparison, title: str, missed_day: float) -> str:
    """The PK chart's text alternative: the reference trough, the chosen regimen's exposure, a missed dose."""
    ref, cho = w.reference_exposure, w.chosen_exposure
    ratio = cho.auc_ng_h_ml / ref.auc_ng_h_ml
    return (f"Concentration over one week. Daily dosing at normal kidney function: trough "
            f"{ref.trough_ng_ml:.0f} ng/mL. {title}: AUC over the last 48 h {ratio:.2f} times the reference, "
            f"trough {cho.trough_ng_ml:.0f} ng/mL."
            + (f" With the day-{missed_day:g} dose missed the level falls to {w.missed_low_ng_ml:.0f} ng/mL."
               if w.missed_low_ng_ml is not None else ""))


class PkWeek:
    """Kidney function, regimen and a missed dose → one illustrative week of concentrations and its numbers."""

    def __init__(self, kb: Knowledge, changed: Deferred, outputs: dict[str, object]) -> None:
        self.kb = kb
        self.dose = regimen("ra", 70, 50, kb=kb).start_dose_mg[0]  # the flat RA dose, from the table
        self.missed_day = kb.pk["missed_dose_day"]["value"]
        self.crcl = limited(kb, "crcl_ml_min", "CrCl (mL/min)", 1, kb.pk["normal_crcl"]["value"], changed)
        self.interval = W.ToggleButtons(options=[("Daily", 24.0), ("Every other day", 48.0)], value=24.0,
                                        description="Regimen", style=DESC)
        self.missed = W.Checkbox(value=False, description=f"Miss the day-{self.missed_day:g} dose", indent=False)
        self.image = chart_widget(W.Layout(min_height="420px"))
        self.caption = W.HTML()
        self.numbers = W.HTML()
        self.outputs = outputs
        outputs.update(pk_plot=self.image, pk_caption=self.caption, numbers=self.numbers, comparison=None)
        for w in (self.interval, self.missed):
            w.observe(lambda _change: changed(), "value")

    def compute(self) -> WeekComparison:
        from ...pk import week_comparison

        missed_at = self.missed_day * 24.0 if self.missed.value else None
        return week_comparison(self.interval.value, self.crcl.value, missed_at, self.dose, self.kb)

    def render(self, w: WeekComparison) -> None:
        from ...render.charts import pk_chart

        self.outputs["comparison"] = w
        self.image.layout.display = ""
        regimen_text = "daily" if self.interval.value == 24 else "every other day"
        self.numbers.value = week_table_html(w, regimen_text, self.missed_day)
        title = f"{self.dose:g} mg {regimen_text} at CrCl {w.crcl_ml_min:g} mL/min"
        alt = week_alt_text(w, title, self.missed_day)
        self.outputs["pk_spec"] = pk_chart(w, title, alt, width=PK_WIDTH)
        show_chart(self.image, self.outputs["pk_spec"])
        self.caption.value = f"<div role='note' class='ae-caption'>Figure: {escape(alt)}</div>"

    def show_error(self, message: str) -> None:
        self.outputs["comparison"] = None
        self.numbers.value = error_card_html(message, "result")
        self.image.layout.display = "none"
        self.caption.value = cleared_html("figure", message)


def onset_explorer(indication: str = "ra", kb: Knowledge | None = None) -> Dashboard:
    """Onset timeline for every indication (chosen one highlighted) and the pharmacokinetics behind it.

    Returns
    -------
    Dashboard
        ``controls``: indication, crcl, crcl_entry, interval (24 or 48 h), missed_dose.
        ``outputs``: timeline and pk_plot (Outputs showing Vega-Lite charts), timeline_spec, pk_spec,
        timeline_caption, statements (HTML), pk_caption, numbers (HTML), comparison (the last
        :class:`~anakinra_edu.pk.WeekComparison` or ``None``).
    """
    kb = kb or load_knowledge()
    changed = Deferred()
    outputs: dict[str, object] = {}
    timeline, week = OnsetTimeline(kb, indication, outputs), PkWeek(kb, changed, outputs)
    refresh = Refresh((week.crcl,), week.compute, week.render, week.show_error)
    changed.target = refresh
    controls: dict[str, W.Widget] = {"indication": timeline.pick, "crcl": week.crcl.slider,
                                     "crcl_entry": week.crcl.entry, "interval": week.interval,
                                     "missed_dose": week.missed}
    pk_controls = W.VBox([W.HTML("<h3 class='ae-head'>Why daily? The pharmacokinetics (illustration)</h3>"),
                          week.crcl.box, week.interval, week.missed])
    app = Dashboard(
        [split(W.VBox([timeline.pick]), [timeline.image, timeline.caption]), timeline.statements,
         split(pk_controls, [week.image, week.caption, week.numbers])],
        controls, outputs, refresh)
    timeline.show()
    refresh()
    return app
