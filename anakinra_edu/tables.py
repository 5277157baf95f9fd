"""Teaching tables as pandas DataFrames (pocket cards, sources, disagreements).

Every number comes from :func:`anakinra_edu.dosing.regimen` or from ``data/``; this module only lays them
out. pandas is imported here, never by the core.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .display_names import flag_name, kidney_method_name
from .dosing import format_range, regimen
from .knowledge import Knowledge, load_knowledge

__all__ = ["TeachingTable", "disagreements_table", "dose_by_weight", "kidney_scenarios_table", "sources_table",
           "vaccines_table"]


class TeachingTable(pd.DataFrame):  # type: ignore[misc]  # pandas has no type information here
    """A DataFrame a notebook shows whole: no cell cut at 50 characters, no rows or columns elided.

    A position, a source or a case title cut short with "..." misleads; these tables are small.
    """

    @property
    def _constructor(self) -> type[TeachingTable]:
        return TeachingTable

    def _repr_html_(self) -> str | None:
        """The table whole; a row number index (0, 1, 2 …, nothing a clinician reads) is left out, and with it
        the empty header cell above it."""
        with pd.option_context(*WHOLE):
            if isinstance(self.index, pd.RangeIndex):
                return f"<div>{self.to_html(index=False, border=1)}</div>"
            return super()._repr_html_()

    def __repr__(self) -> str:
        with pd.option_context(*WHOLE):
            return super().__repr__()


WHOLE = ("display.max_colwidth", None, "display.max_rows", None, "display.max_columns", None, "display.width", None)


def dose_by_weight(
    indication: str, weights_kg: Iterable[float], age_years: float, label: str | None = None
) -> TeachingTable:
    """Pocket-card table of the starting regimen by body weight.

    Parameters
    ----------
    indication : str
        Indication id (see :func:`anakinra_edu.dosing.indication_ids`).
    weights_kg : iterable of float
        Body weights [kg], one row each.
    age_years : float
        Age used for the label-population check [years].
    label : {"us", "eu"}, optional

    Returns
    -------
    pandas.DataFrame
        Columns: weight (kg), mg/kg/day, start mg per dose, volume (mL), syringes per dose, maximum mg/day,
        flags.

    Examples
    --------
    >>> dose_by_weight("nomid", [9, 20], age_years=2)["Start (mg/dose)"].tolist()
    ['9–18', '20–40']
    """
    rows = []
    for w in weights_kg:
        r = regimen(indication, w, age_years, label=label)
        rows.append({
            "Weight (kg)": w,
            "mg/kg/day": "flat" if r.start_mg_per_kg is None else format_range(*r.start_mg_per_kg, unit=""),
            "Start (mg/dose)": format_range(*r.start_dose_mg, unit=""),
            "Volume (mL)": format_range(r.syringe[0].volume_ml, r.syringe[-1].volume_ml, unit="") if len(r.syringe) > 1
            else f"{r.syringe[0].volume_ml:.3f}",
            "Syringes/dose": max(s.syringes for s in r.syringe),
            "Max (mg/day)": round(r.max_daily_mg, 1),
            "Interval": r.interval_text,
            "Flags": ", ".join(flag_name(f) for f in r.flags) or "—",
        })
    return TeachingTable(rows)


def sources_table(kb: Knowledge | None = None) -> TeachingTable:
    """All documents behind the numbers: id, title, issuer, version/date, section or URL."""
    kb = kb or load_knowledge()
    return TeachingTable(
        [{"Id": s.id, "Title": s.title, "Issuer": s.issuer, "Version/date": s.version_date,
          "Section/URL": s.section_or_url} for s in kb.sources.values()]
    )


def disagreements_table(kb: Knowledge | None = None) -> TeachingTable:
    """Topics where sources disagree, both positions with their sources (none is picked)."""
    kb = kb or load_knowledge()
    return TeachingTable(
        [{"Topic": d["topic"], "Position A": d["position_a"], "Sources A": d["sources_a"].replace(";", "; "),
          "Position B": d["position_b"], "Sources B": d["sources_b"].replace(";", "; ")}
         for d in kb.disagreements]
    )


def vaccines_table(kb: Knowledge | None = None) -> TeachingTable:
    """Every vaccine in ``data/concomitant.csv``: live or not, the sources, and whether they state it."""
    from .counseling import vaccine_table

    return TeachingTable(
        [{"Vaccine": name, "Live": "yes" if live else "no", "Sources": "; ".join(sources),
          "Live or not": "stated in the sources" if read else "general immunization knowledge"}
         for name, live, sources, read in vaccine_table(kb)]
    )


def kidney_scenarios_table(kb: Knowledge | None = None) -> TeachingTable:
    """Every kidney teaching case with each estimate side by side and the every-other-day decision.

    Estimates in mL/min (Cockcroft–Gault) or mL/min/1.73 m² (CKD-EPI 2021, bedside Schwartz), rounded to 0.1.
    """
    from .dosing import kidney_threshold_ml_min
    from .kidney import kidney_function

    kb = kb or load_knowledge()
    threshold = kidney_threshold_ml_min("ra", "us", kb=kb)

    def r1(x: float | None) -> float | None:
        return None if x is None else round(x, 1)

    rows = []
    for s in kb.kidney_scenarios.values():
        k = kidney_function(s["age_years"], s["scr"], s["scr_unit"], s["sex"], s["weight_kg"], s["height_cm"],
                            kb=kb)
        cg = k.cockcroft_gault
        used = k.used_for_dosing.value_ml_min
        rows.append({
            "Case": s["title"],
            "CG actual": r1(cg.actual), "CG ideal": r1(cg.ideal), "CG adjusted": r1(cg.adjusted),
            "CKD-EPI 2021": r1(k.ckd_epi_2021), "Bedside Schwartz": r1(k.bedside_schwartz),
            "Used": kidney_method_name(k.used_for_dosing.method),
            "Every other day?": "—" if used is None or threshold is None else ("yes" if used < threshold else "no"),
        })
    return TeachingTable(rows)
