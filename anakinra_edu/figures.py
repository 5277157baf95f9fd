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


# Okabe–Ito colours and distinct marker shapes per kind of source (never colour alone).
SOURCE_STYLE = {
    "fact_sheet": {"color": "#E69F00", "marker": "D", "label": "ACR fact sheet"},
    "label": {"color": "#0072B2", "marker": "s", "label": "Label / SmPC"},
    "manufacturer": {"color": "#56B4E9", "marker": "P", "label": "Manufacturer site"},
    "secondary": {"color": "#999999", "marker": "X", "label": "Secondary summary"},
    "trial": {"color": "#009E73", "marker": "o", "label": "Trial"},
    "guideline": {"color": "#CC79A7", "marker": "^", "label": "Guideline"},
}
TIME_TICKS = ((1, "1 h"), (6, "6 h"), (24, "1 d"), (72, "3 d"), (168, "1 wk"), (720, "1 mo"), (2160, "3 mo"),
              (4380, "6 mo"))


class OnsetTimeline:
    """Every indication's onset statements on one log time axis (1 hour to 6 months).

    Ranges are bars, "within X" bounds are a line ending in an arrow at X, time points are markers; the
    shape and colour say which kind of source (fact sheet, label, trial, guideline), and each statement has
    its own sub-row so that sources that disagree are seen side by side. The chosen indication is
    highlighted with a shaded band and a bold label. ``marks`` records what was drawn, for tests; rendered
    PNGs are cached per indication (the figure only changes when the highlight does).
    """

    def __init__(self, kb: Knowledge | None = None) -> None:
        from .onset import onset_indications, onset_window

        self.kb = kb or load_knowledge()
        self.indications = onset_indications(self.kb)
        self.statements = {i: onset_window(i, self.kb) for i in self.indications}
        self.figure = Figure(figsize=(10.5, 8.2), dpi=80, layout="constrained")
        FigureCanvasAgg(self.figure)
        ax = self.ax = self.figure.add_subplot()
        lo, hi = TIME_TICKS[0][0], TIME_TICKS[-1][0]
        ax.set_xscale("log")
        ax.set_xlim(lo * 0.8, hi * 1.3)
        ax.set_xticks([t for t, _ in TIME_TICKS], [lab for _, lab in TIME_TICKS], fontsize=12)
        ax.minorticks_off()
        n = len(self.indications)
        ax.set_ylim(-0.6, n - 0.4)
        ax.invert_yaxis()
        names = [self.kb.indications[i]["name"] for i in self.indications]
        ax.set_yticks(range(n), names, fontsize=13)
        for y in range(n - 1):
            ax.axhline(y + 0.5, color="#999999", linewidth=0.8)
        ax.grid(True, axis="x", alpha=0.35)
        ax.set_xlabel("Time after the first dose (log scale)", fontsize=14)
        self.marks: list[dict[str, object]] = []
        for y, ind in enumerate(self.indications):
            rows = self.statements[ind]
            k = len(rows)
            for i, s in enumerate(rows):
                st = SOURCE_STYLE[s.source_kind]
                yy = y + (i - (k - 1) / 2) * min(0.8 / k, 0.25)
                if s.shape == "range":
                    ax.plot([s.low_h, s.high_h], [yy, yy], color=st["color"], linewidth=7, solid_capstyle="butt")
                    ax.plot([s.low_h, s.high_h], [yy, yy], linestyle="none", marker=st["marker"],
                            color=st["color"], markeredgecolor="#000000", markersize=8)
                    x0 = s.low_h
                elif s.shape == "by":
                    ax.annotate("", xy=(s.high_h, yy), xytext=(lo, yy),
                                arrowprops={"arrowstyle": "-|>", "color": st["color"], "linewidth": 2.2})
                    ax.plot([s.high_h], [yy], linestyle="none", marker=st["marker"], color=st["color"],
                            markersize=9, markeredgecolor="#000000")
                    x0 = lo
                else:
                    ax.plot([s.high_h], [yy], linestyle="none", marker=st["marker"], color=st["color"],
                            markersize=11, markeredgecolor="#000000")
                    x0 = s.high_h
                self.marks.append({"id": s.id, "indication": ind, "kind": s.source_kind, "shape": s.shape,
                                   "x0": x0, "x1": s.high_h, "y": yy})
        for st in SOURCE_STYLE.values():
            ax.plot([], [], linestyle="none", marker=st["marker"], color=st["color"], markeredgecolor="#000000",
                    markersize=10, label=st["label"])
        ax.plot([], [], color="#555555", linewidth=7, label="range: bar")
        ax.plot([], [], color="#555555", linewidth=2.2, marker=">", label="'within X': arrow to X")
        self.figure.legend(fontsize=12, loc="outside lower center", ncol=3, framealpha=0.95)
        self.band = ax.axhspan(-0.5, 0.5, color="#000000", alpha=0.08)
        self.highlighted: str | None = None
        self.alt_text = ""
        self._png: dict[str, bytes] = {}
        self._alt: dict[str, str] = {}

    def update(self, indication: str) -> bytes:
        """Highlight one indication; return PNG bytes (cached per indication)."""
        from .onset import SOURCE_KINDS

        if indication not in self.indications:
            indication = self.indications[0]
        self.highlighted = indication
        if indication in self._png:
            self.alt_text = self._alt[indication]
            return self._png[indication]
        y = self.indications.index(indication)
        self.band.set_y(y - 0.5)
        self.band.set_height(1.0)
        for i, label in enumerate(self.ax.get_yticklabels()):
            label.set_fontweight("bold" if i == y else "normal")
        name = self.kb.indications[indication]["name"]
        self.ax.set_title(f"Time to response by indication — highlighted: {name}", fontsize=14)
        parts = [f"{SOURCE_KINDS[s.source_kind]}: {s.endpoint} {s.when}" for s in self.statements[indication]]
        self.alt_text = (f"Timeline of time to response for {len(self.indications)} indications on a log axis "
                         f"from 1 hour to 6 months. Highlighted, {name}: " + "; ".join(parts) + ".")
        self._alt[indication] = self.alt_text
        self._png[indication] = png_bytes(self.figure)
        return self._png[indication]


class PKPlot:
    """Concentration over one week for the chosen regimen and kidney function, against daily dosing at normal
    function, with an optional missed dose. Marked as an illustrative model, not for dosing."""

    def __init__(self, kb: Knowledge | None = None) -> None:
        self.kb = kb or load_knowledge()
        self.figure = Figure(figsize=(9, 4.4), dpi=80, layout="constrained")
        FigureCanvasAgg(self.figure)
        ax = self.ax = self.figure.add_subplot()
        (self.reference,) = ax.plot([], [], color="#555555", linestyle="--", linewidth=2.5,
                                    label="Daily, normal kidney function")
        (self.chosen,) = ax.plot([], [], color="#0072B2", linestyle="-", linewidth=3, label="Chosen regimen")
        (self.missed,) = ax.plot([], [], color="#D55E00", linestyle=":", linewidth=3,
                                 label="Chosen regimen, one dose missed")
        ax.set_xlim(0, 168)
        ax.set_xticks(range(0, 169, 24), [f"day {d}" for d in range(8)], fontsize=12)
        ax.set_xlabel("Time (days after the first dose)", fontsize=14)
        ax.set_ylabel("Concentration (ng/mL)", fontsize=14)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=12, loc="upper right")
        self.notice = ax.text(0.01, 0.97, "ILLUSTRATIVE MODEL, NOT FOR DOSING", transform=ax.transAxes, va="top",
                              fontsize=13, fontweight="bold")
        self.alt_text = ""

    def update(self, reference: tuple[list[float], list[float]], chosen: tuple[list[float], list[float]],
               missed: tuple[list[float], list[float]] | None, title: str, alt_text: str) -> bytes:
        """Set the three curves (times h, ng/mL), title and alt text; return PNG bytes."""
        self.reference.set_data(*reference)
        self.chosen.set_data(*chosen)
        self.missed.set_data(*(missed or ([], [])))
        top = max([*reference[1], *chosen[1], *(missed[1] if missed else [])])
        self.ax.set_ylim(0, top * 1.4)
        self.ax.set_title(title, fontsize=14)
        self.alt_text = alt_text
        return png_bytes(self.figure)


def calendar_figure(visits, title: str = "Monitoring calendar") -> tuple[Figure, bytes]:
    """Dated checks on a one-year line, one row per test; returns the figure and PNG bytes."""
    fig = Figure(figsize=(9.5, 3.0), dpi=80, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    tests = list(dict.fromkeys(v.test for v in visits))
    markers = ("o", "s", "D", "^")
    for i, test in enumerate(tests):
        months = [v.month for v in visits if v.test == test]
        ax.plot(months, [i] * len(months), linestyle="-", color="#777777", linewidth=1)
        ax.plot(months, [i] * len(months), linestyle="none", marker=markers[i % len(markers)], markersize=12,
                color=("#0072B2", "#D55E00", "#009E73", "#CC79A7")[i % 4], markeredgecolor="#000000")
        for v in visits:
            if v.test == test:
                ax.annotate(v.date.strftime("%d %b %y"), (v.month, i), xytext=(0, 9), textcoords="offset points",
                            ha="left", fontsize=9, rotation=35)
    ax.set_yticks(range(len(tests)), tests, fontsize=12)
    ax.set_ylim(-0.6, len(tests) - 0.2)
    last = max((v.month for v in visits), default=12)
    ax.set_xlim(-0.5, last + 0.5)
    ax.set_xticks(range(0, int(last) + 1), [f"{m}" for m in range(0, int(last) + 1)], fontsize=11)
    ax.set_xlabel("Months after the first dose", fontsize=12)
    ax.set_title(title, fontsize=13)
    ax.grid(True, axis="x", alpha=0.3)
    return fig, png_bytes(fig)


class BodyMap:
    """Front and back body outlines with the injection sites; ``update(plan)`` numbers the sites by the days they
    are used (drawn once, then only marker sizes, colours and labels change)."""

    def __init__(self, kb: Knowledge | None = None) -> None:
        from matplotlib.patches import Ellipse, FancyBboxPatch

        self.kb = kb or load_knowledge()
        fig = self.figure = Figure(figsize=(8, 5.2), dpi=80, layout="constrained")
        FigureCanvasAgg(fig)
        axes = {"front": fig.add_subplot(1, 2, 1), "back": fig.add_subplot(1, 2, 2)}
        for view, ax in axes.items():
            ax.set_xlim(0, 1)
            ax.set_ylim(1, 0)
            ax.set_aspect("equal")
            ax.axis("off")
            ax.set_title("Front" if view == "front" else "Back", fontsize=14)
            left_x, right_x = (0.85, 0.15) if view == "front" else (0.15, 0.85)
            ax.text(left_x, 0.99, "patient's left", ha="center", fontsize=11)
            ax.text(right_x, 0.99, "patient's right", ha="center", fontsize=11)
            ax.add_patch(Ellipse((0.5, 0.08), 0.12, 0.12, fill=False, linewidth=2))
            ax.add_patch(FancyBboxPatch((0.36, 0.15), 0.28, 0.42, boxstyle="round,pad=0.02", fill=False,
                                        linewidth=2))
            for x in (0.26, 0.74):
                ax.add_patch(FancyBboxPatch((x - 0.04, 0.17), 0.08, 0.36, boxstyle="round,pad=0.01", fill=False,
                                            linewidth=2))
            for x in (0.43, 0.57):
                ax.add_patch(FancyBboxPatch((x - 0.055, 0.58), 0.11, 0.38, boxstyle="round,pad=0.01", fill=False,
                                            linewidth=2))
        self.markers = {}
        self.labels = {}
        for site_id, site in self.kb.injection_sites.items():
            ax = axes[site["view"]]
            (self.markers[site_id],) = ax.plot([site["map_x"]], [site["map_y"]], marker="o", linestyle="none",
                                               markeredgecolor="#000000")
            self.labels[site_id] = ax.annotate("", (site["map_x"], site["map_y"]), ha="center", va="center",
                                               fontsize=9, color="#ffffff", fontweight="bold")
        fig.suptitle("Injection sites by day (numbers = days in the plan; grey = not in this plan)", fontsize=12)

    def update(self, plan) -> bytes:
        """Mark the plan's sites; returns PNG bytes."""
        days: dict[str, list[int]] = {}
        for d in plan:
            days.setdefault(d.site_id, []).append(d.day)
        for site_id, marker in self.markers.items():
            used = site_id in days
            marker.set_markersize(22 if used else 12)
            marker.set_color("#0072B2" if used else "#dddddd")
            marker.set_markeredgecolor("#000000")
            label = ",".join(str(d) for d in days.get(site_id, [])[:3]) + ("…" if len(days.get(site_id, [])) > 3
                                                                            else "")
            self.labels[site_id].set_text(label)
        return png_bytes(self.figure)


def body_map_figure(plan, kb: Knowledge | None = None) -> tuple[Figure, bytes]:
    """One-off body map for a plan (see :class:`BodyMap` to redraw in place)."""
    body = BodyMap(kb)
    png = body.update(plan)
    return body.figure, png
