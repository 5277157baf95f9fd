"""Onset and pharmacokinetics explorer (notebook 03)."""

from __future__ import annotations

from html import escape

import ipywidgets as W

from ...card import error_card_html
from ...dosing import regimen
from ...knowledge import Knowledge, load_knowledge
from ...render.panels import (
    cleared_html,
    onset_table_html,
)
from .base import Dashboard, Refresh
from .controls import (
    DESC,
    Deferred,
    limited,
)


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
    from ...onset import onset_indications
    from ...pk import ILLUSTRATION_NOTICE, week_comparison
    from ...render.charts import onset_chart, pk_chart, vegalite_output

    kb = kb or load_knowledge()
    timeline_specs: dict[str, dict] = {}  # the timeline changes only with the highlighted indication
    dose = regimen("ra", 70, 50, kb=kb).start_dose_mg[0]  # the flat RA dose, from the table
    missed_day = kb.pk["missed_dose_day"]["value"]
    missed_at = missed_day * 24.0
    changed = Deferred()

    ids = onset_indications(kb)
    pick = W.Dropdown(options=[(kb.indications[i]["name"], i) for i in ids], value=indication,
                      description="Indication", style=DESC, layout=W.Layout(width="620px"))
    crcl = limited(kb, "crcl_ml_min", "CrCl (mL/min)", 1, kb.pk["normal_crcl"]["value"], changed)
    interval = W.ToggleButtons(options=[("Daily", 24.0), ("Every other day", 48.0)], value=24.0,
                               description="Regimen", style=DESC)
    missed = W.Checkbox(value=False, description=f"Miss the day-{missed_day:g} dose", indent=False)
    timeline_img = W.Output(layout=W.Layout(min_height="700px"))
    timeline_caption = W.HTML()
    statements = W.HTML()
    pk_img = W.Output(layout=W.Layout(min_height="420px"))
    pk_caption = W.HTML()
    numbers = W.HTML()
    outputs: dict[str, object] = {"timeline": timeline_img, "timeline_caption": timeline_caption,
                                  "statements": statements, "pk_plot": pk_img, "pk_caption": pk_caption,
                                  "numbers": numbers, "comparison": None}

    def show_timeline(_change: dict | None = None) -> None:
        if pick.value not in timeline_specs:
            timeline_specs[pick.value] = onset_chart(pick.value, kb)
        spec = timeline_specs[pick.value]
        timeline_img.outputs = (vegalite_output(spec),)
        outputs["timeline_spec"] = spec
        timeline_caption.value = f"<div role='note' style='font-size:15px'>Figure: {escape(spec['description'])}</div>"
        statements.value = onset_table_html(pick.value, kb)

    def show_error(message: str) -> None:
        outputs["comparison"] = None
        numbers.value = error_card_html(message, "result")
        pk_img.layout.display = "none"
        pk_caption.value = cleared_html("figure", message)

    def compute():
        return week_comparison(interval.value, crcl.value, missed_at if missed.value else None, dose, kb)

    def render(w) -> None:
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
        outputs["pk_spec"] = pk_chart(w, title, alt)
        pk_img.outputs = (vegalite_output(outputs["pk_spec"]),)
        pk_caption.value = f"<div role='note' style='font-size:15px'>Figure: {escape(alt)}</div>"

    refresh = Refresh((crcl,), compute, render, show_error)
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
