"""Figures (matplotlib, Agg): built once, updated in place, rendered to PNG bytes.

Figures are :class:`matplotlib.figure.Figure` objects, not pyplot figures, so nothing accumulates in a
global registry when a slider moves; each ``update()`` changes line data and re-renders. All numbers
plotted come from the core (:mod:`anakinra_edu.kidney`).
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .kidney import KidneyFunction, ckd_epi_2021, cockcroft_gault
from .knowledge import Knowledge, load_knowledge

__all__ = ["KidneyPlot", "png_bytes"]

# Colour-blind-safe pair (Okabe–Ito blue and vermillion); lines also differ in style and carry labels.
_CG = {"color": "#0072B2", "linestyle": "-", "linewidth": 3}
_EPI = {"color": "#D55E00", "linestyle": "--", "linewidth": 3}


def png_bytes(fig: Figure, dpi: int = 80) -> bytes:
    """Render a figure to PNG bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


class KidneyPlot:
    """Estimate against serum creatinine for one patient, with the renal threshold and the patient's point.

    Cockcroft–Gault (actual weight, mL/min) and CKD-EPI 2021 (mL/min/1.73 m²) over a creatinine range; a
    horizontal line at the every-other-day threshold; the patient's value marked.

    Examples
    --------
    >>> from anakinra_edu.kidney import kidney_function
    >>> plot = KidneyPlot(threshold_ml_min=30)
    >>> png = plot.update(kidney_function(80, 1.4, sex="female", weight_kg=50))
    >>> png[:4] == b"\\x89PNG"
    True
    """

    def __init__(self, threshold_ml_min: float, scr_max_mg_dl: float = 5.0, points: int = 120,
                 kb: Knowledge | None = None) -> None:
        self.kb = kb or load_knowledge()
        self.threshold = threshold_ml_min
        lo = self.kb.input_limits["scr_mg_dl"]["min"]
        self.scr_grid = [lo + (scr_max_mg_dl - lo) * i / (points - 1) for i in range(points)]
        self.figure = Figure(figsize=(7.5, 4.2), dpi=80, layout="constrained")
        FigureCanvasAgg(self.figure)
        ax = self.ax = self.figure.add_subplot()
        (self.cg_line,) = ax.plot([], [], label="Cockcroft–Gault, actual weight (mL/min)", **_CG)
        (self.epi_line,) = ax.plot([], [], label="CKD-EPI 2021 (mL/min/1.73 m²)", **_EPI)
        self.threshold_line = ax.axhline(threshold_ml_min, color="#000000", linestyle=":", linewidth=2.5,
                                         label=f"Threshold: below {threshold_ml_min:g} mL/min")
        (self.point,) = ax.plot([], [], marker="o", markersize=13, color="#000000", linestyle="none",
                                label="This patient (estimate used)")
        self.annotation = ax.annotate("", xy=(0, 0), xytext=(12, 12), textcoords="offset points", fontsize=14,
                                      fontweight="bold")
        ax.set_xlabel("Serum creatinine (mg/dL)", fontsize=15)
        ax.set_ylabel("Estimate", fontsize=15)
        ax.tick_params(labelsize=13)
        ax.set_xlim(0, scr_max_mg_dl)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=12, loc="upper right")
        self.alt_text = ""

    def update(self, k: KidneyFunction) -> bytes:
        """Redraw the curves for this patient's age, sex and weight, mark the patient, return PNG bytes."""
        ax = self.ax
        cg_y: list[float] = []
        epi_y: list[float] = []
        if k.sex is not None and k.weight_kg is not None:
            cg_y = [cockcroft_gault(k.age_years, k.weight_kg, s, k.sex, self.kb) for s in self.scr_grid]
        if k.sex is not None and k.ckd_epi_2021 is not None:
            epi_y = [ckd_epi_2021(k.age_years, s, k.sex, self.kb) for s in self.scr_grid]
        self.cg_line.set_data(self.scr_grid[: len(cg_y)], cg_y)
        self.epi_line.set_data(self.scr_grid[: len(epi_y)], epi_y)
        used = k.used_for_dosing.value_ml_min
        if used is not None:
            self.point.set_data([k.scr_mg_dl], [used])
            self.annotation.set_text(f"{used:.1f}")
            self.annotation.xy = (k.scr_mg_dl, used)
        else:
            self.point.set_data([], [])
            self.annotation.set_text("")
        top = max([*cg_y[:10], *epi_y[:10], used or 0, self.threshold * 2])
        ax.set_ylim(0, min(top * 1.1, 250))
        ax.set_title(f"Age {k.age_years:g} y, {k.sex or 'sex not given'}"
                     + (f", {k.weight_kg:g} kg" if k.weight_kg else ""), fontsize=15)
        side = "below" if used is not None and used < self.threshold else "not below"
        self.alt_text = (
            f"Line chart of kidney function estimate against serum creatinine from {self.scr_grid[0]:g} to "
            f"{self.scr_grid[-1]:g} mg/dL, with a dotted threshold line at {self.threshold:g} mL/min. "
            + (f"The patient's estimate used for dosing is {used:.1f} at {k.scr_mg_dl:.2f} mg/dL, {side} the "
               "threshold." if used is not None else "No estimate is available for this patient.")
        )
        return png_bytes(self.figure)
