"""Safety counseling explorer (notebook 04): checklist, vaccines, calendar, the handout as a download."""

from __future__ import annotations

from html import escape

import ipywidgets as W

from ...card import error_card_html
from ...dosing import regimen
from ...handout import download_link_html, no_download_html
from ...knowledge import Knowledge, load_knowledge
from ...render.panels import (
    checklist_html,
    cleared_html,
    vaccine_html,
)
from .base import Dashboard, Refresh
from .controls import (
    DESC,
    Deferred,
    indication_options,
    limited,
)

HANDOUT_FILE = "anakinra-handout.html"


def counseling_explorer(kb: Knowledge | None = None) -> Dashboard:
    """Prescriber view: patient context → ordered counseling checklist, vaccines, monitoring calendar, handout.

    ``controls``: indication, label, age_years, weight, crcl_known, crcl, biologic, vaccine, pregnant,
    breastfeeding, audience, start_date. ``outputs``: checklist (HTML), points (tuple), calendar (HTML table),
    calendar_plot (Output, Vega-Lite), visits, vaccines (HTML), handout (HTML: the handout as a browser download link,
    rebuilt when an input changes; nothing is written on the server), handout_html (the page itself).
    """
    import datetime as dt

    from ...counseling import counseling_points, monitoring_calendar, rotation_plan
    from ...handout import handout_html
    from ...render.charts import calendar_chart, vegalite_output

    kb = kb or load_knowledge()
    changed = Deferred()
    plan = rotation_plan(kb.input_limits["rotation_days"]["min"], kb=kb)  # the handout's site plan (shortest)

    ind = W.Dropdown(options=indication_options(kb), value="ra", description="Indication", style=DESC,
                     layout=W.Layout(width="620px"))
    label = W.ToggleButtons(options=[("US label", "us"), ("EU label", "eu")], value="us", description="Jurisdiction",
                            style=DESC)
    age = limited(kb, "age_years", "Age (years)", 1, 55, changed, integer=True)
    weight = limited(kb, "weight_kg", "Weight (kg)", 0.5, 70, changed)
    crcl_known = W.Checkbox(value=False, description="Creatinine clearance known", indent=False)
    crcl = limited(kb, "crcl_ml_min", "CrCl (mL/min)", 1, 90, changed)
    drug_rows = kb.concomitant.values()
    biologic = W.Dropdown(options=[("None", "")] + [(d["display"], d["name"]) for d in drug_rows
                                                    if d["kind"] in ("tnf_inhibitor", "biologic", "monitor")],
                          value="", description="Other drug", style=DESC, layout=W.Layout(width="620px"))
    vaccine = W.Dropdown(options=[("None planned", "")] + [(d["display"], d["name"]) for d in drug_rows
                                                           if d["name"].endswith("-vaccine")],
                         value="", description="Planned vaccine", style=DESC, layout=W.Layout(width="620px"))
    pregnant = W.Checkbox(value=False, description="Pregnant or planning pregnancy", indent=False)
    breastfeeding = W.Checkbox(value=False, description="Breastfeeding", indent=False)
    audience = W.ToggleButtons(options=[("Prescriber", "prescriber"), ("Nurse", "nurse"), ("Patient", "patient")],
                               value="prescriber", description="Checklist for", style=DESC)
    start = W.DatePicker(value=dt.date.today(), description="First dose", style=DESC)
    handout = W.HTML()
    checklist = W.HTML()
    calendar_html = W.HTML()
    calendar_img = W.Output()
    vaccines = W.HTML(vaccine_html(kb))
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

    def compute():
        r = current()
        points = counseling_points(r, audience.value, kb)
        return r, points, monitoring_calendar(start.value or dt.date.today(), r.indication, r.label, kb)

    def render(result) -> None:
        r, points, visits = result
        outputs.update(points=points, visits=visits, regimen=r)
        checklist.value = checklist_html(points, audience.value)
        rows = "".join(f"<tr><td>{v.date.isoformat()}</td><td>month {v.month}</td><td>{escape(v.test)}</td>"
                       f"<td>{escape(v.text)}</td><td>{escape('; '.join(v.citations))}</td></tr>" for v in visits)
        calendar_html.value = ("<table style='border-collapse:collapse;font-size:16px'><tr><th>Date</th><th>When</th>"
                               f"<th>Check</th><th>Why</th><th>Source</th></tr>{rows}</table>")
        calendar_img.layout.display = ""
        title = f"Monitoring calendar ({(r.label or 'us').upper()} schedule)"
        if (visits, title) != outputs.get("_drawn"):  # redraw only when the dates change
            calendar_img.outputs = (vegalite_output(calendar_chart(visits, title)),)
            outputs["_drawn"] = (visits, title)
        page = handout_html(r, counseling_points(r, "patient", kb), visits, plan, kb)
        outputs["handout_html"] = page
        handout.value = download_link_html(page, HANDOUT_FILE, "Download the patient handout (HTML)")

    def show_error(message: str) -> None:
        outputs.update(points=(), visits=(), regimen=None, handout_html="")
        checklist.value = error_card_html(message, "checklist")
        calendar_html.value = cleared_html("monitoring calendar", message)
        calendar_img.layout.display = "none"
        outputs["_drawn"] = None
        handout.value = no_download_html(f"no handout while an input is invalid ({message})")

    def show_crcl() -> None:
        crcl.box.layout.display = "" if crcl_known.value else "none"

    refresh = Refresh((age, weight, crcl), compute, render, show_error, before=show_crcl)
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
