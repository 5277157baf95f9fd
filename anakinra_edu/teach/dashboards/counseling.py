"""Safety counseling explorer (notebook 04): checklist, vaccines, calendar, the handout as a download."""

from __future__ import annotations

import datetime as dt
import sys
from html import escape

import ipywidgets as W

from ...card import error_card_html
from ...dosing import Regimen, regimen
from ...handout import download_link_html, no_download_html, print_button_html
from ...knowledge import Knowledge, load_knowledge
from ...render.panels import (
    PANEL_CSS,
    checklist_html,
    cleared_html,
    vaccine_html,
)
from .base import Dashboard, Refresh, split
from .controls import (
    DESC,
    Deferred,
    indication_options,
    limited,
)

HANDOUT_FILE = "anakinra-handout.html"
HANDOUT_NOTE = ("<h3>Patient handout</h3><p>The link saves the handout in your browser's downloads; nothing is "
                "stored on the server and no patient identifiers are used. For paper or PDF, open the file and "
                "print it from the browser.</p>")

BROWSER_BUILD_NOTE = ("<p class='ae-browser-note'><b>This browser version runs without a server:</b> it cannot make a "
                      "PDF or store a file anywhere. Save the handout with the link above, or press <b>Print the "
                      "handout</b> (or the browser's Print) and choose <i>Save as PDF</i> in the print window.</p>")


class PatientContext:
    """Indication, label, age, weight, kidney function, other drugs, pregnancy, audience and first-dose date."""

    def __init__(self, kb: Knowledge, changed: Deferred) -> None:
        rows = kb.concomitant.values()
        self.ind = W.Dropdown(options=indication_options(kb), value="ra", description="Indication", style=DESC,
                              layout=W.Layout(width="620px"))
        self.label = W.ToggleButtons(options=[("US label", "us"), ("EU label", "eu")], value="us",
                                     description="Jurisdiction", style=DESC)
        self.age = limited(kb, "age_years", "Age (years)", 1, 55, changed, integer=True)
        self.weight = limited(kb, "weight_kg", "Weight (kg)", 0.5, 70, changed)
        self.crcl_known = W.Checkbox(value=False, description="Creatinine clearance known", indent=False)
        self.crcl = limited(kb, "crcl_ml_min", "CrCl (mL/min)", 1, 90, changed)
        self.biologic = W.Dropdown(options=[("None", "")] + [(d["display"], d["name"]) for d in rows
                                                             if d["kind"] in ("tnf_inhibitor", "biologic", "monitor")],
                                   value="", description="Other drug", style=DESC, layout=W.Layout(width="620px"))
        self.vaccine = W.Dropdown(options=[("None planned", "")] + [(d["display"], d["name"]) for d in rows
                                                                    if d["name"].endswith("-vaccine")],
                                  value="", description="Planned vaccine", style=DESC, layout=W.Layout(width="620px"))
        self.pregnant = W.Checkbox(value=False, description="Pregnant or planning pregnancy", indent=False)
        self.breastfeeding = W.Checkbox(value=False, description="Breastfeeding", indent=False)
        self.audience = W.ToggleButtons(options=[("Prescriber", "prescriber"), ("Nurse", "nurse"),
                                                 ("Patient", "patient")],
                                        value="prescriber", description="Checklist for", style=DESC)
        self.start = W.DatePicker(value=dt.date.today(), description="First dose", style=DESC)
        for w in (self.ind, self.label, self.crcl_known, self.biologic, self.vaccine, self.pregnant,
                  self.breastfeeding, self.audience, self.start):
            w.observe(lambda _change: changed(), "value")

    def regimen(self, kb: Knowledge) -> Regimen:
        kwargs: dict[str, object] = {"label": self.label.value, "kb": kb, "pregnant": self.pregnant.value,
                                     "breastfeeding": self.breastfeeding.value,
                                     "concomitant": [x for x in (self.biologic.value, self.vaccine.value) if x]}
        if self.crcl_known.value:
            kwargs["crcl_ml_min"] = self.crcl.value
        return regimen(self.ind.value, self.weight.value, self.age.value, **kwargs)  # type: ignore[arg-type]

    def numbers(self) -> tuple:
        """The typed numbers the checklist uses: the CrCl box only while the clearance is known."""
        return (self.age, self.weight, *((self.crcl,) if self.crcl_known.value else ()))

    def show_crcl(self) -> None:
        self.crcl.box.layout.display = "" if self.crcl_known.value else "none"

    def by_name(self) -> dict[str, W.Widget]:
        return {
            "indication": self.ind, "label": self.label, "age_years": self.age.slider,
            "age_years_entry": self.age.entry, "weight": self.weight.slider, "weight_entry": self.weight.entry,
            "crcl_known": self.crcl_known, "crcl": self.crcl.slider, "crcl_entry": self.crcl.entry,
            "biologic": self.biologic, "vaccine": self.vaccine, "pregnant": self.pregnant,
            "breastfeeding": self.breastfeeding, "audience": self.audience, "start_date": self.start,
        }

    def column(self) -> W.VBox:
        return W.VBox([self.ind, self.label, self.age.box, self.weight.box, self.crcl_known, self.crcl.box,
                       self.biologic, self.vaccine, self.pregnant, self.breastfeeding, self.audience])


def calendar_table_html(visits: tuple) -> str:
    """The dated monitoring visits as a table: date, month, test, why, sources."""
    rows = "".join(f"<tr><td>{v.date.isoformat()}</td><td>month {v.month}</td><td>{escape(v.test)}</td>"
                   f"<td>{escape(v.text)}</td><td>{escape('; '.join(v.citations))}</td></tr>" for v in visits)
    return (f"{PANEL_CSS}<table class='ae-table'><tr><th>Date</th><th>When</th>"
            f"<th>Check</th><th>Why</th><th>Source</th></tr>{rows}</table>")


class CounselingResult:
    """The checklist, the monitoring calendar (table and chart) and the handout link for the patient context."""

    def __init__(self, kb: Knowledge, context: PatientContext) -> None:
        from ...counseling import rotation_plan

        self.kb, self.c = kb, context
        self.plan = rotation_plan(kb.input_limits["rotation_days"]["min"], kb=kb)  # the handout's plan (shortest)
        self.handout, self.checklist, self.calendar = W.HTML(), W.HTML(), W.HTML()
        self.calendar_img = W.Output()
        self.vaccines = W.HTML(vaccine_html(kb))
        self.drawn: tuple | None = None
        self.outputs: dict[str, object] = {
            "checklist": self.checklist, "points": (), "calendar": self.calendar, "calendar_plot": self.calendar_img,
            "visits": (), "vaccines": self.vaccines, "handout": self.handout, "handout_html": "", "regimen": None}

    def compute(self) -> tuple:
        from ...counseling import counseling_points, monitoring_calendar

        r = self.c.regimen(self.kb)
        points = counseling_points(r, self.c.audience.value, self.kb)
        return r, points, monitoring_calendar(self.c.start.value or dt.date.today(), r.indication, r.label, self.kb)

    def render(self, result: tuple) -> None:
        from ...counseling import counseling_points
        from ...handout import handout_html
        from ...render.charts import calendar_chart, vegalite_output

        r, points, visits = result
        self.outputs.update(points=points, visits=visits, regimen=r)
        self.checklist.value = checklist_html(points, self.c.audience.value)
        self.calendar.value = calendar_table_html(visits)
        self.calendar_img.layout.display = ""
        title = f"Monitoring calendar ({(r.label or 'us').upper()} schedule)"
        if (visits, title) != self.drawn:  # redraw only when the dates change
            self.calendar_img.outputs = (vegalite_output(calendar_chart(visits, title)),)
            self.drawn = (visits, title)
        page = handout_html(r, counseling_points(r, "patient", self.kb), visits, self.plan, self.kb)
        self.outputs["handout_html"] = page
        self.handout.value = download_link_html(page, HANDOUT_FILE, "Download the patient handout (HTML)")

    def show_error(self, message: str) -> None:
        self.outputs.update(points=(), visits=(), regimen=None, handout_html="")
        self.checklist.value = error_card_html(message, "checklist")
        self.calendar.value = cleared_html("monitoring calendar", message)
        self.calendar_img.layout.display = "none"
        self.drawn = None
        self.handout.value = no_download_html(f"no handout while an input is invalid ({message})")

    def sections(self) -> list[W.Widget]:
        """The checklist beside the patient context, then the calendar, the vaccines and the handout."""
        checklist = [W.HTML("<h3 class='ae-head'>Counseling checklist (most urgent first)</h3>"), self.checklist]
        return [split(self.c.column(), checklist), W.HTML("<h3>Monitoring calendar</h3>"), self.c.start,
                self.calendar_img, self.calendar,
                W.HTML("<h3>Vaccines: live or not?</h3>"), self.vaccines, W.HTML(HANDOUT_NOTE), self.handout,
                W.HTML(print_route_html())]


def print_route_html() -> str:
    """The print button for the handout; in the browser build (Pyodide: no server) also what it cannot do."""
    note = BROWSER_BUILD_NOTE if sys.platform == "emscripten" else ""
    return print_button_html(HANDOUT_FILE, "Print the handout") + note


def counseling_explorer(kb: Knowledge | None = None) -> Dashboard:
    """Prescriber view: patient context → ordered counseling checklist, vaccines, monitoring calendar, handout.

    ``controls``: indication, label, age_years, weight, crcl_known, crcl, biologic, vaccine, pregnant,
    breastfeeding, audience, start_date. ``outputs``: checklist (HTML), points (tuple), calendar (HTML table),
    calendar_plot (Output, Vega-Lite), visits, vaccines (HTML), handout (HTML: the handout as a browser download link,
    rebuilt when an input changes; nothing is written on the server), handout_html (the page itself).
    """
    kb = kb or load_knowledge()
    changed = Deferred()
    context = PatientContext(kb, changed)
    result = CounselingResult(kb, context)
    refresh = Refresh(context.numbers, result.compute, result.render, result.show_error,
                      before=context.show_crcl)
    changed.target = refresh
    app = Dashboard(result.sections(), context.by_name(), result.outputs, refresh)
    refresh()
    return app
