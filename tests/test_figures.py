"""Figure content: nbval does not compare images, so the plotted data, lines and labels are tested here.

Expected kidney values: the digest's worked example (anakinra_facts.md section 5), 80 y F, 50 kg,
SCr 1.4 mg/dL -> Cockcroft-Gault 25.3 mL/min, CKD-EPI 2021 38.0; threshold 30 mL/min (US PI 12/2020 2.4).
"""

from __future__ import annotations

import itertools

import pytest

from anakinra_edu.figures import KidneyPlot
from anakinra_edu.kidney import kidney_function


@pytest.fixture
def plot() -> KidneyPlot:
    return KidneyPlot(threshold_ml_min=30)


def test_kidney_plot_content(plot: KidneyPlot) -> None:
    png = plot.update(kidney_function(80, 1.4, sex="female", weight_kg=50))
    assert png[:4] == b"\x89PNG"
    x, y = plot.point.get_data()
    assert list(x) == [1.4] and y[0] == pytest.approx(25.3, abs=0.05)
    assert list(plot.threshold_line.get_ydata()) == [30, 30]
    cg_x, cg_y = plot.cg_line.get_data()
    epi_x, epi_y = plot.epi_line.get_data()
    assert len(cg_x) == len(plot.scr_grid) and len(epi_x) == len(plot.scr_grid)
    i = min(range(len(epi_x)), key=lambda j: abs(epi_x[j] - 1.4))
    assert epi_y[i] == pytest.approx(38.0, abs=1.5)  # nearest grid point to 1.4 mg/dL
    assert all(a >= b for a, b in itertools.pairwise(cg_y))  # clearance falls as SCr rises
    labels = [t.get_text() for t in plot.ax.get_legend().get_texts()]
    assert any("Cockcroft–Gault" in t for t in labels) and any("CKD-EPI 2021" in t for t in labels)
    assert any("below 30" in t for t in labels)
    assert plot.ax.get_xlabel() == "Serum creatinine (mg/dL)"
    assert "80" in plot.ax.get_title() and "female" in plot.ax.get_title()
    assert "25.3" in plot.alt_text and "below the threshold" in plot.alt_text


def test_lines_differ_by_style_not_colour_only(plot: KidneyPlot) -> None:
    assert plot.cg_line.get_linestyle() != plot.epi_line.get_linestyle()
    assert plot.threshold_line.get_linestyle() not in (plot.cg_line.get_linestyle(), plot.epi_line.get_linestyle())


def test_child_has_no_adult_curves(plot: KidneyPlot) -> None:
    plot.update(kidney_function(10, 0.6, sex="male", weight_kg=32, height_cm=140))
    assert len(plot.epi_line.get_data()[0]) == 0  # CKD-EPI is not for under 18
    _, y = plot.point.get_data()
    assert y[0] == pytest.approx(0.413 * 140 / 0.6)  # bedside Schwartz, Schwartz 2009 (k = 0.413)


def test_repeated_updates_reuse_one_figure(plot: KidneyPlot) -> None:
    fig = plot.figure
    for scr in (0.8, 1.2, 2.0):
        plot.update(kidney_function(60, scr, sex="male", weight_kg=70))
    assert plot.figure is fig and len(fig.axes) == 1 and len(plot.ax.lines) == 4


def test_onset_timeline_content() -> None:
    from anakinra_edu.figures import SOURCE_STYLE, OnsetTimeline
    from anakinra_edu.onset import onset_indications, onset_window

    tl = OnsetTimeline()
    tl.update("aosd")
    assert tl.ax.get_xscale() == "log"
    lo, hi = tl.ax.get_xlim()
    assert lo <= 1 and hi >= 6 * 30 * 24  # 1 hour to 6 months
    total = sum(len(onset_window(i)) for i in onset_indications())
    assert len(tl.marks) == total
    by_id = {m["id"]: m for m in tl.marks}
    assert by_id["ra-factsheet"]["x0"] == 672 and by_id["ra-factsheet"]["x1"] == 1008  # ACR: 4-6 weeks
    assert by_id["aosd-kotter"]["x0"] == 24 and by_id["aosd-kotter"]["x1"] == 72  # Kotter 2007
    assert by_id["ra-smpc-first"]["shape"] == "by" and by_id["ra-smpc-first"]["x1"] == 336  # SmPC: 2 weeks
    # both the fact sheet and the label are drawn for RA, on different sub-rows (side by side, not averaged)
    assert by_id["ra-factsheet"]["y"] != by_id["ra-smpc-first"]["y"]
    row = tl.indications.index("aosd")
    assert tl.band.get_y() == pytest.approx(row - 0.5)
    bold = [t.get_text() for t in tl.ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert bold == ["Adult-onset Still's disease"]
    legend = [t.get_text() for t in tl.figure.legends[0].get_texts()]
    for style in SOURCE_STYLE.values():
        assert style["label"] in legend
    assert len({s["marker"] for s in SOURCE_STYLE.values()}) == len(SOURCE_STYLE)  # shape, not colour alone
    assert "Adult-onset Still's disease" in tl.alt_text
    assert "24 h to 3 days" in tl.alt_text


def test_timeline_png_cached_per_indication() -> None:
    from anakinra_edu.figures import OnsetTimeline

    tl = OnsetTimeline()
    a = tl.update("ra")
    assert tl.update("ra") is a
    assert tl.update("sjia") != a


def test_pk_plot_content() -> None:
    from anakinra_edu.figures import PKPlot
    from anakinra_edu.pk import week_comparison

    plot = PKPlot()
    w = week_comparison(48, 20, missed_at_h=96)
    png = plot.update(w.reference, w.chosen, w.missed, "100 mg every other day at CrCl 20 mL/min", "alt")
    assert png[:4] == b"\x89PNG"
    assert len(plot.chosen.get_xdata()) == len(w.chosen[0]) and len(plot.missed.get_xdata()) > 0
    assert plot.notice.get_text() == "ILLUSTRATIVE MODEL, NOT FOR DOSING"
    assert plot.ax.get_xlim() == (0, 168)
    assert plot.ax.get_ylim()[1] > max(w.chosen[1])
    plot.update(w.reference, w.chosen, None, "t", "alt")
    assert len(plot.missed.get_xdata()) == 0


def test_body_map_marks_the_plan() -> None:
    from anakinra_edu.counseling import rotation_plan
    from anakinra_edu.figures import BodyMap

    body = BodyMap()
    plan = rotation_plan(14)
    assert body.update(plan)[:4] == b"\x89PNG"
    used = {d.site_id for d in plan}
    for site_id, marker in body.markers.items():
        assert (marker.get_markersize() == 22) is (site_id in used)
    first = plan[0].site_id
    assert body.labels[first].get_text().startswith("1,")
    assert body.labels["arm-left"].get_text() == ""  # caregiver-only site not in a self-injection plan
    body.update(rotation_plan(28, caregiver=True))
    assert body.markers["arm-left"].get_markersize() == 22


def test_calendar_figure_content() -> None:
    import datetime as dt

    from anakinra_edu.counseling import monitoring_calendar
    from anakinra_edu.figures import calendar_figure

    visits = monitoring_calendar(dt.date(2026, 1, 15), "ra", "us")
    fig, png = calendar_figure(visits)
    assert png[:4] == b"\x89PNG"
    ax = fig.axes[0]
    points = [line for line in ax.lines if line.get_marker() not in ("None", None, "")]
    assert list(points[0].get_xdata()) == [0, 1, 2, 3, 6, 9, 12]  # US PI section 5 schedule, in months
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Neutrophil count"]
