"""Pharmacokinetics of subcutaneous anakinra, as an illustration (not for dosing).

A one-compartment model with first-order absorption: bioavailability F, absorption rate ka, apparent
volume V/F and apparent clearance CL/F that falls with creatinine clearance as in Yang 2003
(log10(CL/F [mL/min]) = 1.65 + 0.0062 · CLcr). V/F is fixed so that the terminal half-life at normal
kidney function equals the label's typical value; ka is chosen so that the peak falls in the label's
3–7 h window. All parameters are in ``data/pk_parameters.csv`` with sources.

Concentrations are in ng/mL, times in hours, doses in mg, AUC in ng·h/mL.

References
----------
.. [1] Kineret US Prescribing Information §12.3 (F 95%, Tmax 3–7 h, t½ 4–6 h).
.. [2] Yang BB et al. Clin Pharmacol Ther 2003;74:85-94.

Examples
--------
>>> m = pk_model(crcl_ml_min=100)
>>> 3 <= time_to_peak(m) <= 7
True
>>> round(terminal_half_life(m), 1)
5.7
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from ._record import record
from .inputs import check_number
from .knowledge import Knowledge, load_knowledge

__all__ = [
    "PKModel",
    "auc",
    "clearance_ml_min",
    "concentration",
    "dose_times",
    "exposure",
    "pk_model",
    "simulate",
    "terminal_half_life",
    "time_to_peak",
    "week_comparison",
]

ILLUSTRATION_NOTICE = "Illustrative model, not for dosing."


@record
class PKModel:
    """Model parameters: ka and ke [1/h], V/F [L], CL/F [mL/min], F [fraction], CrCl [mL/min]."""

    ka: float
    ke: float
    v_l: float
    cl_ml_min: float
    f: float
    crcl_ml_min: float


@record
class Exposure:
    """AUC over a window [ng·h/mL], its window [h], and the trough (lowest concentration in it) [ng/mL]."""

    auc_ng_h_ml: float
    window_h: tuple[float, float]
    trough_ng_ml: float
    peak_ng_ml: float


def _p(kb: Knowledge, key: str) -> float:
    return kb.pk[key]["value"]


def clearance_ml_min(crcl_ml_min: float, kb: Knowledge | None = None) -> float:
    """Apparent clearance CL/F [mL/min] at a creatinine clearance [mL/min] (Yang 2003 regression).

    References
    ----------
    YANG-2003 (regression in data/pk_parameters.csv).
    """
    kb = kb or load_knowledge()
    return 10 ** (_p(kb, "log_cl_intercept") + _p(kb, "log_cl_slope") * crcl_ml_min)


def pk_model(crcl_ml_min: float | None = None, kb: Knowledge | None = None) -> PKModel:
    """Build the illustrative model at a creatinine clearance [mL/min] (default: the table's normal value).

    References
    ----------
    US-PI-PK §12.3; YANG-2003; SOBI-EU-HCP; EDU-DESIGN (absorption rate): data/pk_parameters.csv.
    """
    kb = kb or load_knowledge()
    normal = _p(kb, "normal_crcl")
    crcl = normal if crcl_ml_min is None else check_number("crcl_ml_min", crcl_ml_min, kb=kb)
    cl_normal_l_h = clearance_ml_min(normal, kb) * 60 / 1000
    v_l = cl_normal_l_h * _p(kb, "half_life_typical") / math.log(2)
    cl = clearance_ml_min(crcl, kb)
    ke = cl * 60 / 1000 / v_l
    return PKModel(_p(kb, "absorption_rate"), ke, v_l, cl, _p(kb, "bioavailability"), crcl)


def _unit(m: PKModel, dose_mg: float) -> float:
    # F·D·ka / (V (ka − ke)), mg/L → ng/mL (× 1000)
    return m.f * dose_mg * m.ka / (m.v_l * (m.ka - m.ke)) * 1000


def concentration(m: PKModel, doses: Iterable[tuple[float, float]], t_h: float) -> float:
    """Concentration [ng/mL] at ``t_h`` from doses given as (time [h], mg) pairs (superposition).

    References
    ----------
    EDU-DESIGN (illustrative one-compartment model); parameters US-PI-PK §12.3, YANG-2003 (:func:`pk_model`).
    """
    total = 0.0
    for t0, mg in doses:
        tau = t_h - t0
        if tau > 0:
            total += _unit(m, mg) * (math.exp(-m.ke * tau) - math.exp(-m.ka * tau))
    return total


def auc(m: PKModel, doses: Iterable[tuple[float, float]], start_h: float, end_h: float) -> float:
    """Exact AUC [ng·h/mL] between two times, integrating each dose's curve analytically.

    References
    ----------
    EDU-DESIGN (illustrative one-compartment model); parameters US-PI-PK §12.3, YANG-2003 (:func:`pk_model`).
    """
    total = 0.0
    for t0, mg in doses:
        a, b = max(start_h - t0, 0.0), end_h - t0
        if b <= 0:
            continue
        total += _unit(m, mg) * ((math.exp(-m.ke * a) - math.exp(-m.ke * b)) / m.ke
                                 - (math.exp(-m.ka * a) - math.exp(-m.ka * b)) / m.ka)
    return total


def dose_times(dose_mg: float, interval_h: float, days: float, missed: Sequence[int] = ()) -> list[tuple[float, float]]:
    """Dosing schedule [(time h, mg)] from time 0 over ``days``, skipping the dose numbers in ``missed``.

    References
    ----------
    EDU-DESIGN (teaching schedule; intervals as in data/dosing_rules.csv).
    """
    n = int(days * 24 // interval_h) + 1
    return [(i * interval_h, dose_mg) for i in range(n) if i not in set(missed) and i * interval_h < days * 24]


def simulate(m: PKModel, doses: Sequence[tuple[float, float]], end_h: float, step_h: float = 0.25
             ) -> tuple[list[float], list[float]]:
    """Times [h] and concentrations [ng/mL] from 0 to ``end_h``.

    References
    ----------
    EDU-DESIGN (illustrative one-compartment model); parameters US-PI-PK §12.3, YANG-2003 (:func:`pk_model`).
    """
    n = int(end_h / step_h)
    times = [i * step_h for i in range(n + 1)]
    return times, [concentration(m, doses, t) for t in times]


def exposure(m: PKModel, doses: Sequence[tuple[float, float]], start_h: float, end_h: float,
             step_h: float = 0.25) -> Exposure:
    """AUC, trough and peak over a window (e.g. the last 48 h of a week).

    References
    ----------
    EDU-DESIGN (illustrative one-compartment model); parameters US-PI-PK §12.3, YANG-2003 (:func:`pk_model`).
    """
    n = int((end_h - start_h) / step_h)
    values = [concentration(m, doses, start_h + i * step_h) for i in range(n + 1)]
    return Exposure(auc(m, doses, start_h, end_h), (start_h, end_h), min(values), max(values))


def time_to_peak(m: PKModel) -> float:
    """Time of the single-dose peak [h]: ln(ka/ke) / (ka − ke).

    References
    ----------
    US-PI-PK §12.3 (tmax 3–7 h, data/pk_parameters.csv).
    """
    return math.log(m.ka / m.ke) / (m.ka - m.ke)


def terminal_half_life(m: PKModel) -> float:
    """Terminal half-life [h], set by the slower of absorption and elimination.

    References
    ----------
    US-PI-PK §12.3 (4–6 h, data/pk_parameters.csv).
    """
    return math.log(2) / min(m.ka, m.ke)


@record
class WeekComparison:
    """One week of the chosen regimen against daily dosing at normal kidney function (illustration).

    Curves are (times [h], ng/mL). Exposures cover the last 48 h of the week. ``missed_low_ng_ml`` is the
    lowest concentration in the 48 h after the missed dose's time (None without a missed dose).
    """

    dose_mg: float
    interval_h: float
    crcl_ml_min: float
    reference: tuple[list[float], list[float]]
    chosen: tuple[list[float], list[float]]
    missed: tuple[list[float], list[float]] | None
    reference_exposure: Exposure
    chosen_exposure: Exposure
    missed_dose_time_h: float | None
    missed_low_ng_ml: float | None
    usual_trough_ng_ml: float


def week_comparison(interval_h: float, crcl_ml_min: float, missed_at_h: float | None = None,
                    dose_mg: float | None = None, kb: Knowledge | None = None) -> WeekComparison:
    """Simulate a week of ``dose_mg`` every ``interval_h`` at ``crcl_ml_min`` beside daily dosing at normal
    function, optionally missing the dose due at ``missed_at_h`` (must be a dosing time).

    ``dose_mg`` defaults to the flat RA dose of the US label (from ``data/dosing_rules.csv``).

    References
    ----------
    US-PI-2020 §2.4 (every other day below 30 mL/min); YANG-2003; US-PI-PK §12.3.
    """
    kb = kb or load_knowledge()
    if dose_mg is None:
        from .dosing import regimen

        dose_mg = regimen("ra", kb.input_limits["weight_kg"]["max"], kb.threshold("adult_age"), kb=kb).start_dose_mg[0]
    days, window = 7, 48
    end = days * 24
    normal = pk_model(None, kb)
    model = pk_model(crcl_ml_min, kb)
    daily = 24.0
    ref_doses = dose_times(dose_mg, daily, days)
    doses = dose_times(dose_mg, interval_h, days)
    ref_curve = simulate(normal, ref_doses, end)
    chosen_curve = simulate(model, doses, end)
    ref_exp = exposure(normal, ref_doses, end - window, end)
    chosen_exp = exposure(model, doses, end - window, end)
    missed_curve = None
    missed_low = None
    if missed_at_h is not None:
        index = round(missed_at_h / interval_h)
        if abs(index * interval_h - missed_at_h) > 1e-9:
            from .inputs import InputError

            raise InputError("missed_at_h", missed_at_h, f"a dosing time (a multiple of {interval_h:g} h)",
                             "is not a dosing time")
        missed_doses = dose_times(dose_mg, interval_h, days, missed=[index])
        missed_curve = simulate(model, missed_doses, end)
        times, values = missed_curve
        missed_low = min(v for t, v in zip(times, values, strict=True) if missed_at_h <= t <= missed_at_h + window)
    return WeekComparison(dose_mg, interval_h, crcl_ml_min, ref_curve, chosen_curve, missed_curve, ref_exp,
                          chosen_exp, missed_at_h, missed_low, chosen_exp.trough_ng_ml)
