"""Charts as data: the plotted values are read from the Vega-Lite specifications and the SVG drawings.

Expected kidney values: answer key TV02 (tests/data/answer_key.csv), 80 y F, 50 kg, SCr 1.4 mg/dL ->
Cockcroft-Gault 25.3 mL/min, CKD-EPI 2021 38.0; threshold 30 mL/min (US PI 12/2020 2.4). Onset windows
are read from data/onset.csv; the US neutrophil schedule (months 0, 1, 2, 3, 6, 9, 12) is US PI section 5.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import re
from pathlib import Path

import pytest

from anakinra_edu.counseling import monitoring_calendar, rotation_plan
from anakinra_edu.kidney import kidney_function
from anakinra_edu.onset import SOURCE_KINDS
from anakinra_edu.pk import week_comparison
from anakinra_edu.render import (
    VEGALITE_MIME,
    body_map_svg,
    calendar_chart,
    kidney_chart,
    onset_chart,
    pk_chart,
    vegalite_bundle,
    vegalite_output,
)

DATA = Path(__file__).resolve().parents[1] / "data"
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000", "#555555"}


def layers_on(spec: dict, dataset: str) -> list[dict]:
    return [layer for layer in spec["layer"] if layer.get("data", spec.get("data")) == {"name": dataset}]


def test_kidney_chart_plots_tv02() -> None:
    spec = kidney_chart(kidney_function(80, 1.4, sex="female", weight_kg=50), 30)
    assert spec["$schema"].endswith("vega-lite/v5.json")
    (point,) = spec["datasets"]["patient"]
    assert point["scr_mg_dl"] == 1.4 and point["estimate_ml_min"] == pytest.approx(25.3, abs=0.05)
    assert point["label"] == "25.3"
    assert spec["datasets"]["threshold"][0]["threshold_ml_min"] == 30
    assert layers_on(spec, "threshold")[0]["mark"]["type"] == "rule"
    curves = spec["datasets"]["curves"]
    cg = [r for r in curves if r["series"].startswith("Cockcroft–Gault")]
    epi = [r for r in curves if r["series"].startswith("CKD-EPI 2021")]
    assert len(cg) == len(epi) == 120
    nearest = min(epi, key=lambda r: abs(r["scr_mg_dl"] - 1.4))
    assert nearest["estimate"] == pytest.approx(38.0, abs=1.5)  # nearest grid point to 1.4 mg/dL
    assert all(a["estimate"] >= b["estimate"] for a, b in itertools.pairwise(cg))  # falls as SCr rises
    assert "25.3" in spec["description"] and "below the threshold" in spec["description"]
    assert "80" in spec["title"]["text"] and "female" in spec["title"]["text"]


def test_kidney_lines_differ_by_dash_and_colour() -> None:
    spec = kidney_chart(kidney_function(80, 1.4, sex="female", weight_kg=50), 30)
    enc = layers_on(spec, "curves")[0]["encoding"]
    dashes = enc["strokeDash"]["scale"]["range"]
    colours = enc["color"]["scale"]["range"]
    assert len(set(map(tuple, dashes))) == 2 and len(set(colours)) == 2
    assert set(colours) <= OKABE_ITO
    threshold_dash = layers_on(spec, "threshold")[0]["mark"]["strokeDash"]
    assert threshold_dash not in dashes
    assert spec["config"]["axis"]["labelFontSize"] >= 14 and spec["config"]["axis"]["titleFontSize"] >= 16


def test_child_has_no_adult_curve() -> None:
    spec = kidney_chart(kidney_function(10, 0.6, sex="male", weight_kg=32, height_cm=140), 30)
    assert not [r for r in spec["datasets"]["curves"] if r["series"].startswith("CKD-EPI")]  # not under 18
    assert spec["datasets"]["patient"][0]["estimate_ml_min"] == pytest.approx(0.413 * 140 / 0.6, abs=1e-3)


def test_no_estimate_no_point() -> None:
    spec = kidney_chart(kidney_function(60, 1.0), 30)  # no sex, no weight: nothing to plot for the patient
    assert spec["datasets"]["patient"] == []
    assert layers_on(spec, "patient") == []  # no empty point and label for screen readers to meet
    assert "No estimate is available" in spec["description"]


def onset_rows() -> list[dict[str, str]]:
    with open(DATA / "onset.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_onset_chart_windows_from_the_table() -> None:
    spec = onset_chart("aosd")
    by_id = {r["id"]: r for r in spec["datasets"]["statements"]}
    table = onset_rows()
    assert set(by_id) == {r["id"] for r in table}
    for row in table:
        drawn = by_id[row["id"]]
        assert drawn["x1"] == float(row["time_high_hours"]) and drawn["shape"] == row["shape"]
        if row["shape"] == "range":
            assert drawn["x0"] == float(row["time_low_hours"])
    assert (by_id["ra-factsheet"]["x0"], by_id["ra-factsheet"]["x1"]) == (672, 1008)  # ACR: 4-6 weeks
    assert (by_id["aosd-kotter"]["x0"], by_id["aosd-kotter"]["x1"]) == (24, 72)  # Kotter 2007: 1-3 days
    # the fact sheet and the label stand side by side for RA, not averaged
    assert by_id["ra-factsheet"]["slot"] != by_id["ra-smpc-first"]["slot"]


def test_onset_chart_axis_highlight_and_kinds() -> None:
    spec = onset_chart("aosd")
    x = layers_on(spec, "statements")[-1]["encoding"]["x"]
    assert x["scale"]["type"] == "log"
    lo, hi = x["scale"]["domain"]
    assert lo <= 1 and hi >= 6 * 30 * 24  # 1 hour to 6 months
    assert spec["datasets"]["highlight"] == [{"name": "Adult-onset Still's disease"}]
    enc = layers_on(spec, "statements")[-1]["encoding"]
    assert enc["color"]["field"] == enc["shape"]["field"] == "source"
    shapes, colours = enc["shape"]["scale"]["range"], enc["color"]["scale"]["range"]
    n_kinds = len(SOURCE_KINDS)  # every kind of source in onset.csv gets its own shape and colour
    assert len(set(shapes)) == len(shapes) == n_kinds and len(set(colours)) == n_kinds
    assert set(colours) <= OKABE_ITO
    assert enc["color"]["scale"]["domain"] == ["ACR fact sheet", "Label / SmPC", "Manufacturer site",
                                               "Secondary summary", "Trial", "Guideline"]
    assert "Adult-onset Still's disease" in spec["description"] and "24 h to 3 days" in spec["description"]
    assert "Adult-onset Still's disease" in json.dumps(enc["y"]["axis"]["labelFontWeight"])


def test_pk_chart_curves_and_missed_dose() -> None:
    w = week_comparison(48, 20, missed_at_h=96)
    spec = pk_chart(w, "100 mg every other day at CrCl 20 mL/min", "alt text")
    rows = spec["datasets"]["curves"]
    series = {r["series"] for r in rows}
    assert series == {"Daily, normal kidney function", "Chosen regimen", "Chosen regimen, one dose missed"}
    chosen = [r for r in rows if r["series"] == "Chosen regimen"]
    missed = [r for r in rows if r["series"] == "Chosen regimen, one dose missed"]
    assert chosen[0]["t_h"] == 0 and chosen[-1]["t_h"] == 168
    after = [(c["ng_ml"], m["ng_ml"]) for c, m in zip(chosen, missed, strict=True) if 100 <= c["t_h"] <= 140]
    assert all(m < c for c, m in after)  # the missed dose lowers the level after day 4
    assert spec["datasets"]["missed_dose"][0]["t_h"] == 96
    assert spec["title"]["subtitle"] == "ILLUSTRATIVE MODEL, NOT FOR DOSING"
    assert spec["description"] == "alt text"
    y = layers_on(spec, "curves")[0]["encoding"]["y"]
    assert y["scale"]["domain"][1] > max(r["ng_ml"] for r in rows)
    no_miss = pk_chart(week_comparison(48, 20), "t", "alt")
    assert no_miss["datasets"]["missed_dose"] == []
    # the missed dose's line and label are drawn only when there is one: an empty mark is an unnamed graphic
    assert [p["mark"]["type"] for p in layers_on(spec, "missed_dose")] == ["rule", "text"]
    assert layers_on(no_miss, "missed_dose") == [] and len(no_miss["layer"]) == 1
    assert "Chosen regimen, one dose missed" not in {r["series"] for r in no_miss["datasets"]["curves"]}


def test_calendar_chart_us_schedule() -> None:
    spec = calendar_chart(monitoring_calendar(dt.date(2026, 1, 15), "ra", "us"), "Monitoring calendar (US)")
    visits = spec["datasets"]["visits"]
    assert [v["month"] for v in visits] == [0, 1, 2, 3, 6, 9, 12]  # US PI section 5
    assert {v["test"] for v in visits} == {"Neutrophil count"}
    assert visits[0]["date"] == "2026-01-15" and visits[-1]["date"] == "2027-01-15"
    assert "months 0, 1, 2, 3, 6, 9, 12" in spec["description"]


def test_calendar_tests_differ_by_shape_and_colour() -> None:
    spec = calendar_chart(monitoring_calendar(dt.date(2026, 1, 15), "caps", "eu"))
    enc = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")["encoding"]
    assert len(enc["shape"]["scale"]["domain"]) == 2
    assert len(set(enc["shape"]["scale"]["range"])) == len(set(enc["color"]["scale"]["range"])) == 2


def test_display_bundle_and_output_record() -> None:
    spec = calendar_chart(())
    assert vegalite_bundle(spec) == {"application/vnd.vegalite.v5+json": spec}
    out = vegalite_output(spec)
    assert out["output_type"] == "display_data" and out["data"][VEGALITE_MIME] is spec
    assert out["metadata"][VEGALITE_MIME]["embed_options"]["actions"] is False  # no menu, no off-site link
    json.dumps(out)  # plain JSON


def test_specs_name_no_remote_resource() -> None:
    w = week_comparison(24, 90)
    specs = [kidney_chart(kidney_function(80, 1.4, sex="female", weight_kg=50), 30), onset_chart("ra"),
             pk_chart(w, "t", "alt"), calendar_chart(monitoring_calendar(dt.date(2026, 1, 15), "ra", "us"))]
    for spec in specs:
        text = json.dumps({k: v for k, v in spec.items() if k != "$schema"})
        assert not re.search(r"https?://|\"url\"", text)  # data inline, nothing to load


def test_body_map_svg_marks_the_plan() -> None:
    svg = body_map_svg(rotation_plan(14))
    assert svg.startswith("<svg") and svg.endswith("</svg>") and 'role="img"' in svg
    big = re.findall(r'<circle cx="[\d.]+" cy="[\d.]+" r="21" fill="#0072B2"', svg)
    small = re.findall(r'r="9" fill="#dddddd"', svg)
    assert len(big) == 4 and len(small) == 4  # four self-injection sites used, four caregiver sites not
    assert ">1,5,9…</text>" in svg  # the first site's days (every fourth day), then an ellipsis
    assert "Back of the left upper arm" not in svg.split("<title>")[1].split("</title>")[0]
    caregiver = body_map_svg(rotation_plan(28, caregiver=True))
    assert len(re.findall(r'r="21" fill="#0072B2"', caregiver)) == 8
    # every eighth day at eight sites: site 1 has days 1, 9, 17, 25 -> "1,9,17…" (7 characters, fits its marker);
    # site 2 has 2, 10, 18, 26 -> "2,10,18…" would be 8 characters, too wide, so "2,10…"
    labels = re.findall(r'fill="#fff" text-anchor="middle">([^<]+)</text>', caregiver)
    assert "1,9,17…" in labels and "2,10…" in labels and "2,10,18…" not in labels
    assert all(len(label) <= 7 for label in labels)


def test_dashboards_import_nothing_heavy() -> None:
    """The dashboard path (and the render layer) must not import pandas, numpy or matplotlib, even indirectly.

    Every dashboard is built, not only imported: the builders import their chart code when they run.
    """
    import subprocess
    import sys

    code = ("import sys, anakinra_edu.render, anakinra_edu.widgets as w\n"
            "for build in (w.dosing_explorer, w.kidney_explorer, w.onset_explorer, w.counseling_explorer,\n"
            "              w.nurse_workshop, w.case_study, w.teachback_quiz):\n"
            "    build()\n"
            "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
