"""Charts as data: Vega-Lite v5 specifications built from the core's rows (standard library only).

Each function returns a plain ``dict`` (JSON) whose named ``datasets`` hold exactly the values plotted, so
tests read the patient's point or a window's end from the spec. ``description`` is the chart's alt text.
Colours are Okabe–Ito (colour-blind safe) and every series also differs by line dash or marker shape.
Font sizes in :data:`CONFIG` are chosen for a projector.

Display in Jupyter with :func:`vegalite_bundle` (a mimebundle) or :func:`vegalite_output` (an output
record for ``ipywidgets.Output.outputs``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..kidney import KidneyFunction, ckd_epi_2021, cockcroft_gault
from ..knowledge import Knowledge, load_knowledge

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from typing import Any

    from ..counseling import MonitoringVisit
    from ..pk import WeekComparison

    Spec = dict[str, Any]  # a Vega-Lite specification or a part of one (JSON object)

__all__ = [
    "CONFIG",
    "SOURCE_STYLE",
    "TIME_TICKS",
    "VEGALITE_MIME",
    "calendar_chart",
    "kidney_chart",
    "onset_chart",
    "pk_chart",
    "vegalite_bundle",
    "vegalite_output",
]

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # an identifier only: never fetched

BLUE, VERMILLION, ORANGE, GREEN, PINK, GREY = "#0072B2", "#D55E00", "#E69F00", "#009E73", "#CC79A7", "#555555"
SKY_BLUE = "#56B4E9"
SOLID, DASHED, DOTTED = [1, 0], [10, 5], [2, 4]

CONFIG: dict[str, object] = {
    "font": "sans-serif",
    "axis": {"labelFontSize": 14, "titleFontSize": 16, "labelLimit": 320},
    "legend": {"labelFontSize": 14, "titleFontSize": 15, "symbolSize": 220, "labelLimit": 420,
               "symbolStrokeWidth": 3},
    "title": {"fontSize": 18, "subtitleFontSize": 15, "anchor": "start"},
}

#: Vega-Embed options: SVG, and no action menu (its links would point off the machine or add download links
#: beside the dashboard's own).
EMBED_OPTIONS = {"renderer": "svg", "actions": False}

# Okabe–Ito colours and distinct marker shapes per kind of source (never colour alone).
SOURCE_STYLE = {
    "fact_sheet": {"color": ORANGE, "shape": "diamond", "label": "ACR fact sheet"},
    "label": {"color": BLUE, "shape": "square", "label": "Label / SmPC"},
    "manufacturer": {"color": SKY_BLUE, "shape": "triangle-down", "label": "Manufacturer site"},
    "secondary": {"color": GREY, "shape": "cross", "label": "Secondary summary"},
    "trial": {"color": GREEN, "shape": "circle", "label": "Trial"},
    "guideline": {"color": PINK, "shape": "triangle-up", "label": "Guideline"},
}
#: Time axis of the onset chart: (hours, label), 1 hour to 6 months.
TIME_TICKS = ((1, "1 h"), (6, "6 h"), (24, "1 d"), (72, "3 d"), (168, "1 wk"), (720, "1 mo"), (2160, "3 mo"),
              (4380, "6 mo"))
_CALENDAR_STYLE = ((BLUE, "circle"), (VERMILLION, "square"), (GREEN, "diamond"), (PINK, "triangle-up"))


def vegalite_bundle(spec: Spec) -> dict[str, Spec]:
    """A display mimebundle ``{"application/vnd.vegalite.v5+json": spec}`` (for ``IPython.display``)."""
    return {VEGALITE_MIME: spec}


def vegalite_output(spec: Spec) -> dict[str, object]:
    """One output record for ``ipywidgets.Output.outputs`` showing the chart (SVG renderer, no menu)."""
    return {"output_type": "display_data", "data": vegalite_bundle(spec),
            "metadata": {VEGALITE_MIME: {"embed_options": EMBED_OPTIONS}}}


def _spec(description: str, title: str | Spec, width: int, height: int, datasets: Spec, layer: list[Spec],
          **extra: object) -> Spec:
    """The specification; a layer that draws an empty dataset (no missed dose, no patient point) is left out:
    Vega would put its empty mark in the page as an unnamed graphic for screen readers."""
    drawn = [part for part in layer if "data" not in part or datasets[part["data"]["name"]]]
    return {"$schema": SCHEMA, "description": description, "title": title, "width": width, "height": height,
            "config": CONFIG, "datasets": datasets, "layer": drawn, **extra}


def _scale(domain: Sequence[Any], values: Sequence[Any]) -> Spec:
    return {"domain": list(domain), "range": list(values)}


def _js(text: str) -> str:
    """A string literal for a Vega expression."""
    return json.dumps(text)


# --------------------------------------------------------------------------------------------- kidney


def _kidney_curves(k: KidneyFunction, grid: Sequence[float], kb: Knowledge) -> list[Spec]:
    names = ("Cockcroft–Gault, actual weight (mL/min)", "CKD-EPI 2021 (mL/min/1.73 m²)")
    rows: list[Spec] = []
    if k.sex is not None and k.weight_kg is not None:
        rows += [{"series": names[0], "scr_mg_dl": round(s, 4),
                  "estimate": round(cockcroft_gault(k.age_years, k.weight_kg, s, k.sex, kb), 3)} for s in grid]
    if k.sex is not None and k.ckd_epi_2021 is not None:
        rows += [{"series": names[1], "scr_mg_dl": round(s, 4),
                  "estimate": round(ckd_epi_2021(k.age_years, s, k.sex, kb), 3)} for s in grid]
    return rows


def _kidney_alt(k: KidneyFunction, grid: Sequence[float], threshold: float, used: float | None) -> str:
    side = "below" if used is not None and used < threshold else "not below"
    return (f"Line chart of kidney function estimate against serum creatinine from {grid[0]:g} to {grid[-1]:g} "
            f"mg/dL, with a dotted threshold line at {threshold:g} mL/min. "
            + (f"The patient's estimate used for dosing is {used:.1f} at {k.scr_mg_dl:.2f} mg/dL, {side} the "
               "threshold." if used is not None else "No estimate is available for this patient."))


def kidney_chart(k: KidneyFunction, threshold_ml_min: float, kb: Knowledge | None = None,
                 scr_max_mg_dl: float = 5.0, points: int = 120) -> Spec:
    """Estimates [mL/min] against serum creatinine [mg/dL] for this patient, the threshold line and the
    patient's point (the estimate used for dosing).

    Datasets: ``curves`` (series, scr_mg_dl, estimate), ``threshold`` (threshold_ml_min, label), ``patient``
    (scr_mg_dl, estimate_ml_min, label; empty when no estimate is available).
    """
    kb = kb or load_knowledge()
    lo = kb.input_limits["scr_mg_dl"]["min"]
    grid = [lo + (scr_max_mg_dl - lo) * i / (points - 1) for i in range(points)]
    curves = _kidney_curves(k, grid, kb)
    used = k.used_for_dosing.value_ml_min
    patient = [] if used is None else [{"scr_mg_dl": k.scr_mg_dl, "estimate_ml_min": round(used, 3),
                                        "label": f"{used:.1f}"}]
    early = [r["estimate"] for r in curves if r["scr_mg_dl"] <= grid[min(9, len(grid) - 1)]]
    top = min(max([*early, used or 0, threshold_ml_min * 2]) * 1.1, 250)
    x = {"field": "scr_mg_dl", "type": "quantitative", "title": "Serum creatinine (mg/dL)",
         "scale": {"domain": [0, scr_max_mg_dl]}}
    y = {"type": "quantitative", "title": "Estimate", "scale": {"domain": [0, round(top, 1)]}}
    names = list(dict.fromkeys(r["series"] for r in curves)) or ["Cockcroft–Gault, actual weight (mL/min)"]
    style = {"Cockcroft–Gault, actual weight (mL/min)": (BLUE, SOLID), "CKD-EPI 2021 (mL/min/1.73 m²)":
             (VERMILLION, DASHED)}
    series = {"field": "series", "type": "nominal", "legend": {"title": None, "orient": "bottom", "direction":
                                                                "vertical"}}
    layer: list[Spec] = [
        {"data": {"name": "curves"}, "mark": {"type": "line", "strokeWidth": 3, "clip": True},
         "encoding": {"x": x, "y": {**y, "field": "estimate"},
                      "color": {**series, "scale": _scale(names, [style[n][0] for n in names])},
                      "strokeDash": {**series, "scale": _scale(names, [style[n][1] for n in names])}}},
        {"data": {"name": "threshold"}, "mark": {"type": "rule", "color": "#000000", "strokeWidth": 2.5,
                                                 "strokeDash": DOTTED},
         "encoding": {"y": {**y, "field": "threshold_ml_min"}}},
        {"data": {"name": "threshold"}, "mark": {"type": "text", "align": "right", "x": "width", "dy": -10,
                                                 "fontSize": 15},
         "encoding": {"y": {**y, "field": "threshold_ml_min"}, "text": {"field": "label"}}},
        {"data": {"name": "patient"}, "mark": {"type": "point", "filled": True, "size": 300, "color": "#000000"},
         "encoding": {"x": x, "y": {**y, "field": "estimate_ml_min"}}},
        {"data": {"name": "patient"}, "mark": {"type": "text", "align": "left", "dx": 12, "dy": -14,
                                               "fontSize": 17, "fontWeight": "bold"},
         "encoding": {"x": x, "y": {**y, "field": "estimate_ml_min"}, "text": {"field": "label"}}},
    ]
    title = (f"Age {k.age_years:g} y, {k.sex or 'sex not given'}" + (f", {k.weight_kg:g} kg" if k.weight_kg else ""))
    datasets = {"curves": curves, "patient": patient,
                "threshold": [{"threshold_ml_min": threshold_ml_min,
                               "label": f"Threshold: below {threshold_ml_min:g} mL/min"}]}
    return _spec(_kidney_alt(k, grid, threshold_ml_min, used), {"text": title, "subtitle": "Black dot: this "
                 "patient (estimate used for dosing)"}, 560, 300, datasets, layer)


# --------------------------------------------------------------------------------------------- onset


def _onset_rows(indications: Sequence[str], kb: Knowledge) -> list[Spec]:
    from ..onset import onset_window

    slots = max(len(onset_window(i, kb)) for i in indications)
    rows = []
    for ind in indications:
        statements = onset_window(ind, kb)
        first = (slots - len(statements)) // 2  # centre each indication's statements in its row
        for i, s in enumerate(statements):
            rows.append({"id": s.id, "indication": ind, "name": kb.indications[ind]["name"],
                         "kind": s.source_kind, "source": SOURCE_STYLE[s.source_kind]["label"], "shape": s.shape,
                         "x0": TIME_TICKS[0][0] if s.low_h is None else s.low_h, "x1": s.high_h,
                         "slot": first + i, "when": s.when, "endpoint": s.endpoint})
    return rows


def _time_axis() -> Spec:
    expr = " : ".join(f"datum.value == {h} ? {_js(label)}" for h, label in TIME_TICKS) + " : ''"
    return {"values": [h for h, _ in TIME_TICKS], "labelExpr": expr, "grid": True,
            "title": "Time after the first dose (log scale)"}


def onset_chart(highlight: str, kb: Knowledge | None = None, width: int = 700, row_height: int = 58) -> Spec:
    """Every indication's onset statements on one log time axis [h], one indication highlighted.

    ``width`` is the plot's width and ``row_height`` the height of one indication's row [px].

    Ranges are thick bars from ``x0`` to ``x1``, "within X" bounds a thin line from the first hour to X, time
    points a marker at X; marker shape and colour say the kind of source, and each statement has its own
    sub-row (``slot``) so that sources that disagree stand side by side, never averaged. Datasets:
    ``statements`` (id, indication, name, kind, source, shape, x0, x1, slot, when, endpoint), ``highlight``.
    """
    from ..onset import SOURCE_KINDS, onset_indications, onset_window

    kb = kb or load_knowledge()
    indications = onset_indications(kb)
    if highlight not in indications:
        highlight = indications[0]
    rows = _onset_rows(indications, kb)
    names = list(dict.fromkeys(r["name"] for r in rows))
    name = kb.indications[highlight]["name"]
    kinds = list(SOURCE_STYLE)
    source = {"field": "source", "type": "nominal", "title": "Source",
              "legend": {"orient": "bottom", "columns": 4 if width >= 600 else 3}}
    colour = {**source, "scale": _scale([SOURCE_STYLE[k]["label"] for k in kinds],
                                        [SOURCE_STYLE[k]["color"] for k in kinds])}
    shape = {**source, "scale": _scale([SOURCE_STYLE[k]["label"] for k in kinds],
                                       [SOURCE_STYLE[k]["shape"] for k in kinds])}
    bold = {"condition": {"test": f"datum.value === {_js(name)}", "value": "bold"}, "value": "normal"}
    y = {"field": "name", "type": "nominal", "title": None, "sort": names,
         "axis": {"labelFontWeight": bold, "labelFontSize": 15, "labelLimit": 420}}  # the longest name whole
    offset = {"field": "slot", "type": "ordinal", "scale": {"domain": list(range(max(r["slot"] for r in rows) + 1))},
              "legend": None}
    x = {"type": "quantitative", "scale": {"type": "log", "domain": [TIME_TICKS[0][0] * 0.8,
                                                                     TIME_TICKS[-1][0] * 1.3]}, "axis": _time_axis()}
    tooltip = [{"field": "source"}, {"field": "endpoint"}, {"field": "when"}]
    marker = {"type": "point", "filled": True, "size": 190, "stroke": "#000000", "strokeWidth": 1, "opacity": 1}
    layer: list[Spec] = [
        {"data": {"name": "highlight"}, "mark": {"type": "rect", "color": "#000000", "opacity": 0.08},
         "encoding": {"y": {"field": "name", "type": "nominal", "sort": names}}},
        {"data": {"name": "statements"}, "transform": [{"filter": "datum.shape !== 'at'"}],
         "mark": {"type": "rule"},
         "encoding": {"x": {**x, "field": "x0"}, "x2": {"field": "x1"}, "y": y, "yOffset": offset, "color": colour,
                      "strokeWidth": {"condition": {"test": "datum.shape === 'range'", "value": 8}, "value": 2.5}}},
        {"data": {"name": "statements"}, "transform": [{"filter": "datum.shape === 'range'"}], "mark": marker,
         "encoding": {"x": {**x, "field": "x0"}, "y": y, "yOffset": offset, "color": colour, "shape": shape,
                      "tooltip": tooltip}},
        {"data": {"name": "statements"}, "mark": marker,
         "encoding": {"x": {**x, "field": "x1"}, "y": y, "yOffset": offset, "color": colour, "shape": shape,
                      "tooltip": tooltip}},
    ]
    parts = [f"{SOURCE_KINDS[s.source_kind]}: {s.endpoint} {s.when}" for s in onset_window(highlight, kb)]
    alt = (f"Timeline of time to response for {len(indications)} indications on a log axis from 1 hour to "
           f"6 months. Highlighted, {name}: " + "; ".join(parts) + ".")
    title = {"text": f"Time to response by indication — highlighted: {name}",
             "subtitle": "Thick bar: a range · thin line: 'within X' (ends at X) · single marker: a time point"}
    return _spec(alt, title, width, row_height * len(names), {"statements": rows, "highlight": [{"name": name}]}, layer)


# --------------------------------------------------------------------------------------------- PK


PK_SERIES = ("Daily, normal kidney function", "Chosen regimen", "Chosen regimen, one dose missed")


def _curve_rows(series: str, curve: tuple[list[float], list[float]], every: int) -> list[Spec]:
    times, values = curve
    pairs = list(zip(times, values, strict=True))[::every]
    return [{"series": series, "t_h": t, "ng_ml": round(v, 2)} for t, v in pairs]


def pk_chart(w: WeekComparison, title: str, description: str, every: int = 4, width: int = 660) -> Spec:
    """A week of concentrations [ng/mL] against time [h]: daily dosing at normal kidney function, the chosen
    regimen and, if set, the same regimen with one dose missed (every ``every``-th simulated point).

    Datasets: ``curves`` (series, t_h, ng_ml), ``missed_dose`` (t_h, label; empty without a missed dose).
    Subtitled as an illustrative model, not for dosing; ``width`` of the plot [px].
    """
    rows = _curve_rows(PK_SERIES[0], w.reference, every) + _curve_rows(PK_SERIES[1], w.chosen, every)
    if w.missed is not None:
        rows += _curve_rows(PK_SERIES[2], w.missed, every)
    top = max(r["ng_ml"] for r in rows) * 1.4
    missed = [] if w.missed_dose_time_h is None else [
        {"t_h": w.missed_dose_time_h, "label": f"dose missed (day {w.missed_dose_time_h / 24:g})"}]
    series = {"field": "series", "type": "nominal", "legend": {"title": None, "orient": "bottom", "columns": 3}}
    days = int(max(w.reference[0]) // 24)
    x = {"field": "t_h", "type": "quantitative", "title": "Time (days after the first dose)",
         "scale": {"domain": [0, days * 24]},
         "axis": {"values": list(range(0, days * 24 + 1, 24)), "labelExpr": "'day ' + datum.value / 24"}}
    layer: list[Spec] = [
        {"data": {"name": "curves"}, "mark": {"type": "line", "strokeWidth": 3},
         "encoding": {"x": x, "y": {"field": "ng_ml", "type": "quantitative", "title": "Concentration (ng/mL)",
                                    "scale": {"domain": [0, round(top, 1)]}},
                      "color": {**series, "scale": _scale(PK_SERIES, (GREY, BLUE, VERMILLION))},
                      "strokeDash": {**series, "scale": _scale(PK_SERIES, (DASHED, SOLID, DOTTED))}}},
        {"data": {"name": "missed_dose"}, "mark": {"type": "rule", "color": VERMILLION, "strokeWidth": 1.5},
         "encoding": {"x": x}},
        {"data": {"name": "missed_dose"}, "mark": {"type": "text", "align": "left", "dx": 4, "y": 12,
                                                   "fontSize": 14, "color": "#000000"},
         "encoding": {"x": x, "text": {"field": "label"}}},
    ]
    title_block = {"text": title, "subtitle": "ILLUSTRATIVE MODEL, NOT FOR DOSING", "subtitleFontWeight": "bold"}
    return _spec(description, title_block, width, 300, {"curves": rows, "missed_dose": missed}, layer)


# --------------------------------------------------------------------------------------------- calendar


def calendar_chart(visits: Sequence[MonitoringVisit], title: str = "Monitoring calendar") -> Spec:
    """Dated checks on a line of months after the first dose, one row per test (shape and colour per test).

    Dataset ``visits``: date (ISO), label (e.g. "15 Jan 26"), month, test.
    """
    tests = list(dict.fromkeys(v.test for v in visits))
    rows = [{"date": v.date.isoformat(), "label": v.date.strftime("%d %b %y"), "month": v.month, "test": v.test}
            for v in visits]
    last = max((v.month for v in visits), default=12)
    x = {"field": "month", "type": "quantitative", "title": "Months after the first dose",
         "scale": {"domain": [-0.5, last + 0.5]}, "axis": {"values": list(range(0, int(last) + 1)), "grid": True}}
    y = {"field": "test", "type": "nominal", "title": None, "sort": tests}
    style = [_CALENDAR_STYLE[i % len(_CALENDAR_STYLE)] for i in range(len(tests))]
    test = {"field": "test", "type": "nominal", "legend": None}
    layer: list[Spec] = [
        {"mark": {"type": "line", "color": "#777777", "strokeWidth": 1}, "encoding": {"x": x, "y": y, "detail": test}},
        {"mark": {"type": "point", "filled": True, "size": 240, "stroke": "#000000", "strokeWidth": 1, "opacity": 1},
         "encoding": {"x": x, "y": y, "color": {**test, "scale": _scale(tests, [c for c, _ in style])},
                      "shape": {**test, "scale": _scale(tests, [s for _, s in style])},
                      "tooltip": [{"field": "date"}, {"field": "test"}]}},
        {"mark": {"type": "text", "align": "left", "angle": 325, "dx": 4, "dy": -16, "fontSize": 12},
         "encoding": {"x": x, "y": y, "text": {"field": "label"}}},
    ]
    alt = (f"{title}: " + "; ".join(f"{t} at months " + ", ".join(f"{v.month}" for v in visits if v.test == t)
                                     for t in tests) + "." if tests else f"{title}: no dated checks.")
    return _spec(alt, title, 640, 70 * max(len(tests), 1), {"visits": rows}, layer, data={"name": "visits"})
