"""Properties of the dosing engine over generated patients (hypothesis).

These hold for every rule in data/: no negative or non-finite dose; nothing above the rule's maximum
without ``capped_at_maximum``; flat-dose regimens ignore weight; the starting range does not fall as
weight rises; every answer cites a source that resolves; the same input gives the same answer.
A larger run (``HYPOTHESIS_PROFILE=fuzz``) is for benchmarks, not for ``make test``.
"""

from __future__ import annotations

import math
import os

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from anakinra_edu.dosing import regimen
from anakinra_edu.knowledge import load_knowledge

KB = load_knowledge()
settings.register_profile("default", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=10_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

indications = st.sampled_from(sorted(KB.indications))
labels = st.sampled_from(["us", "eu", None])
weights = st.floats(min_value=0.5, max_value=250, allow_nan=False)
ages = st.floats(min_value=0, max_value=110, allow_nan=False)
crcls = st.one_of(st.none(), st.floats(min_value=0, max_value=200, allow_nan=False))


def _finite(x: float) -> bool:
    return math.isfinite(x) and x >= 0


@given(indications, labels, weights, ages, crcls, st.booleans())
def test_doses_finite_nonnegative_and_cited(ind, label, weight, age, crcl, dialysis) -> None:
    assume(not (dialysis and crcl is not None and crcl >= KB.threshold("dialysis_crcl_below")))  # refused input
    r = regimen(ind, weight, age, label=label, crcl_ml_min=crcl, dialysis=dialysis)
    for x in (*r.start_dose_mg, *r.start_daily_mg, r.max_daily_mg):
        assert _finite(x)
    assert r.start_daily_mg[0] <= r.start_daily_mg[1] <= r.max_daily_mg + 1e-9
    assert r.citations
    assert all(c.split(" ")[0] in KB.sources for c in r.citations)
    assert r.interval_hours in (12, 24, 48)
    assert r == regimen(ind, weight, age, label=label, crcl_ml_min=crcl, dialysis=dialysis)


@given(indications, labels, weights, ages, st.floats(min_value=0.1, max_value=60, allow_nan=False))
def test_requested_dose_never_above_maximum_without_flag(ind, label, weight, age, mg_per_kg) -> None:
    probe = regimen(ind, weight, age, label=label)
    if probe.basis != "weight":
        return
    r = regimen(ind, weight, age, label=label, mg_per_kg=mg_per_kg)
    assert r.dose_daily_mg is not None and _finite(r.dose_daily_mg)
    assert r.dose_daily_mg <= r.max_daily_mg + 1e-9
    if mg_per_kg * weight > r.max_daily_mg + 1e-9:
        assert "capped_at_maximum" in r.flags
    else:
        assert math.isclose(r.dose_daily_mg, mg_per_kg * weight)


@given(indications, labels, weights, weights, ages)
def test_flat_doses_ignore_weight(ind, label, w1, w2, age) -> None:
    a = regimen(ind, w1, age, label=label)
    b = regimen(ind, w2, age, label=label)
    if a.basis == "flat" and b.basis == "flat" and a.rule_id == b.rule_id:
        assert a.start_dose_mg == b.start_dose_mg
        assert a.max_daily_mg == b.max_daily_mg


@given(indications, labels, weights, weights, ages)
def test_start_range_rises_with_weight_until_cap(ind, label, w1, w2, age) -> None:
    lo, hi = sorted((w1, w2))
    a = regimen(ind, lo, age, label=label)
    b = regimen(ind, hi, age, label=label)
    if a.rule_id == b.rule_id:
        assert a.start_daily_mg[0] <= b.start_daily_mg[0] + 1e-9
        assert a.start_daily_mg[1] <= b.start_daily_mg[1] + 1e-9
