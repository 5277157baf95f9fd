"""Properties of the dosing engine over generated patients, and fuzzing per indication (hypothesis).

Fuzzing: every indication × jurisdiction gets generated patients (weight, age, kidney function as CrCl,
creatinine or dialysis, titration, concomitant drugs, pregnancy...), valid or not. Invariants: no exception
other than the documented InputError; no negative, NaN or infinite dose; the starting range ordered and
within the maximum; no dose above the rule's maximum, and a request above it flagged ``capped_at_maximum``;
a 12, 24 or 48 h interval; every answer cites a source that resolves; the same input gives the same answer.

Properties over valid patients: a requested mg/kg below the maximum is given exactly; flat-dose regimens
ignore weight; the starting range does not fall as weight rises (same rule).

`make test` runs the default profile (200 patients per indication, 300 examples per property); `make fuzz`
runs HYPOTHESIS_PROFILE=fuzz (10,000 of each) and prints the counts.
"""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from anakinra_edu.dosing import regimen
from anakinra_edu.errors import NotCoveredError
from anakinra_edu.inputs import InputError
from anakinra_edu.knowledge import load_knowledge

KB = load_knowledge()
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
EXAMPLES = 10_000 if PROFILE == "fuzz" else 200
settings.register_profile("default", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=10_000, deadline=None)
settings.load_profile(PROFILE)
COUNTS: dict[str, int] = {}
DRUGS = sorted(KB.concomitant)

indications = st.sampled_from(sorted(KB.indications))
labels = st.sampled_from(["us", "eu", None])
weights = st.floats(min_value=0.5, max_value=250, allow_nan=False)
ages = st.floats(min_value=0, max_value=110, allow_nan=False)
any_number = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6),
                       st.text(max_size=6))

patient = st.fixed_dictionaries(
    {
        "weight_kg": st.one_of(weights, weights, any_number),
        "age_years": st.one_of(ages, any_number),
        "label": labels,
    },
    optional={
        "sex": st.sampled_from(["female", "male"]),
        "height_cm": st.floats(min_value=30, max_value=250, allow_nan=False),
        "crcl_ml_min": st.one_of(st.floats(min_value=0, max_value=200, allow_nan=False), any_number),
        "scr": st.floats(min_value=0.1, max_value=20, allow_nan=False),
        "dialysis": st.booleans(),
        "mg_per_kg": st.one_of(st.floats(min_value=0.1, max_value=60, allow_nan=False), any_number),
        "concomitant": st.lists(st.sampled_from(DRUGS), max_size=3),
        "active_infection": st.booleans(),
        "anc_1e9_per_l": st.floats(min_value=0, max_value=100, allow_nan=False),
        "pregnant": st.booleans(),
        "breastfeeding": st.booleans(),
        "weight_basis": st.sampled_from(["actual", "ideal", "adjusted", "bmi_rule"]),
        "child_pugh": st.sampled_from(["A", "B", "C"]),
    },
)


def _covered(ind: str, weight: float, age: float, label: str | None):
    """The regimen, or the example is discarded when no rule's sources cover this patient."""
    try:
        return regimen(ind, weight, age, label=label)
    except NotCoveredError:
        assume(False)


def _finite(x: float) -> bool:
    return math.isfinite(x) and x >= 0


# ---------------------------------------------------------------------------------------------
# Fuzzing, per indication
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("indication", sorted(KB.indications))
def test_fuzz_indication(indication: str) -> None:
    COUNTS[indication] = 0

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(patient)
    def check(p: dict) -> None:
        COUNTS[indication] += 1
        try:
            r = regimen(indication, **p)
        except InputError as exc:
            assert exc.field and "allowed" in str(exc)
            return
        doses = [*r.start_dose_mg, *r.start_daily_mg, r.max_daily_mg]
        if r.dose_daily_mg is not None:
            doses += [r.dose_daily_mg, r.dose_mg]
        assert all(_finite(d) for d in doses), doses
        cap = r.max_daily_mg + 1e-9
        assert r.start_daily_mg[0] <= r.start_daily_mg[1] <= cap
        assert (r.dose_daily_mg or 0) <= cap
        if r.requested_mg_per_kg is not None and r.requested_mg_per_kg * r.weight_kg > cap:
            assert "capped_at_maximum" in r.flags
        assert r.interval_hours in (12, 24, 48)
        assert r.citations and all(c.split(" ")[0] in KB.sources for c in r.citations)
        assert r == regimen(indication, **p)

    check()
    if PROFILE == "fuzz":
        print(f"\nfuzzed {indication}: {COUNTS[indication]} patients")
    assert COUNTS[indication] >= EXAMPLES * 0.9


# ---------------------------------------------------------------------------------------------
# Properties over valid patients
# ---------------------------------------------------------------------------------------------


@given(indications, labels, weights, ages, st.floats(min_value=0.1, max_value=60, allow_nan=False))
def test_requested_dose_is_given_up_to_the_maximum(ind, label, weight, age, mg_per_kg) -> None:
    probe = _covered(ind, weight, age, label)
    if probe.basis != "weight":
        return
    r = regimen(ind, weight, age, label=label, mg_per_kg=mg_per_kg)
    assert r.dose_daily_mg is not None and _finite(r.dose_daily_mg)
    assert r.dose_daily_mg <= r.max_daily_mg + 1e-9
    if mg_per_kg * weight > r.max_daily_mg + 1e-9:
        assert "capped_at_maximum" in r.flags
        assert math.isclose(r.dose_daily_mg, r.max_daily_mg)
    else:
        assert math.isclose(r.dose_daily_mg, mg_per_kg * weight)


@given(indications, labels, weights, weights, ages)
def test_flat_doses_ignore_weight(ind, label, w1, w2, age) -> None:
    a, b = _covered(ind, w1, age, label), _covered(ind, w2, age, label)
    if a.basis == "flat" and b.basis == "flat" and a.rule_id == b.rule_id:
        assert a.start_dose_mg == b.start_dose_mg
        assert a.max_daily_mg == b.max_daily_mg


@given(indications, labels, weights, weights, ages)
def test_start_range_rises_with_weight_until_cap(ind, label, w1, w2, age) -> None:
    lo, hi = sorted((w1, w2))
    a, b = _covered(ind, lo, age, label), _covered(ind, hi, age, label)
    if a.rule_id == b.rule_id:
        assert a.start_daily_mg[0] <= b.start_daily_mg[0] + 1e-9
        assert a.start_daily_mg[1] <= b.start_daily_mg[1] + 1e-9
