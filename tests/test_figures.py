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
