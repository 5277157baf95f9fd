"""The illustrative PK model against the label and Yang 2003.

Expected values: US PI section 12.3 (F 95%, Tmax 3-7 h, terminal half-life 4-6 h); Yang BB et al. Clin
Pharmacol Ther 2003;74:85-94 (log10 CL/F = 1.65 + 0.0062 CLcr; CL/F 70% lower in severe impairment).
"""

from __future__ import annotations

import math

import pytest

from anakinra_edu.inputs import InputError
from anakinra_edu.pk import auc, dose_times, pk_model, simulate, terminal_half_life, time_to_peak, week_comparison


def yang_cl(crcl: float) -> float:
    return 10 ** (1.65 + 0.0062 * crcl)  # Yang 2003 regression, mL/min


def test_simulated_tmax_within_label_window() -> None:
    m = pk_model()
    times, conc = simulate(m, [(0, 100)], 48, step_h=0.05)
    t_peak = times[conc.index(max(conc))]
    assert 3 <= t_peak <= 7  # US PI 12.3
    assert t_peak == pytest.approx(time_to_peak(m), abs=0.05)


def test_terminal_half_life_within_label_window() -> None:
    m = pk_model()
    times, conc = simulate(m, [(0, 100)], 96, step_h=0.5)
    c48, c72 = conc[times.index(48.0)], conc[times.index(72.0)]
    half_life = 24 * math.log(2) / math.log(c48 / c72)
    assert 4 <= half_life <= 6  # US PI 12.3
    assert terminal_half_life(m) == pytest.approx(half_life, rel=0.01)


def test_clearance_follows_yang_regression() -> None:
    for crcl in (10, 20, 45, 70, 100, 130):
        assert pk_model(crcl).cl_ml_min == pytest.approx(yang_cl(crcl))
    drop = 1 - yang_cl(20) / yang_cl(100)
    assert drop == pytest.approx(0.70, abs=0.05)  # "CL/F fell 70% in severe impairment"


def test_auc_ratio_equals_clearance_ratio() -> None:
    normal, severe = pk_model(100), pk_model(20)
    ratio = auc(severe, [(0, 100)], 0, 2000) / auc(normal, [(0, 100)], 0, 2000)
    assert ratio == pytest.approx(yang_cl(100) / yang_cl(20), rel=1e-6)


def test_every_other_day_at_crcl_20_restores_exposure_within_band() -> None:
    # Stated band: every-other-day dosing at CrCl 20 gives 1.0-2.0x the 48-h AUC of daily dosing at normal
    # function (it halves the dose rate while CL/F falls by about 70%, so exposure stays somewhat higher).
    w = week_comparison(48, 20)
    assert w.dose_mg == 100  # RA flat dose, US PI 12/2020 section 2.1
    ratio = w.chosen_exposure.auc_ng_h_ml / w.reference_exposure.auc_ng_h_ml
    assert 1.0 <= ratio <= 2.0
    daily_severe = week_comparison(24, 20)
    assert daily_severe.chosen_exposure.auc_ng_h_ml / w.reference_exposure.auc_ng_h_ml > 2.5


def test_missed_dose_falls_within_48_hours() -> None:
    # Teaching point (digest section 4): with a 4-6 h half-life, levels are near zero 24-48 h after a missed dose.
    w = week_comparison(24, 100, missed_at_h=96)
    assert w.missed_low_ng_ml < 0.1 * w.usual_trough_ng_ml
    with pytest.raises(InputError):
        week_comparison(48, 100, missed_at_h=24)  # not a dosing time of an every-other-day schedule


def test_schedule_and_bad_input() -> None:
    assert dose_times(100, 48, 7) == [(0, 100), (48, 100), (96, 100), (144, 100)]
    assert dose_times(100, 24, 2, missed=[1]) == [(0, 100)]
    with pytest.raises(InputError) as info:
        pk_model(-5)
    assert info.value.field == "crcl_ml_min"
