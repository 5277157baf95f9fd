"""Fuzzing the engine per indication (hypothesis).

Every indication × jurisdiction gets generated patients (weight, age, kidney function as CrCl, creatinine or
dialysis, titration, concomitant drugs, pregnancy...). Invariants: no exception other than the documented
InputError; no negative, NaN or infinite dose; no dose above the rule's maximum without ``capped_at_maximum``;
every answer cites a source that resolves; the same input always gives the same answer.

`make test` runs the default profile (200 patients per indication); `make fuzz` runs HYPOTHESIS_PROFILE=fuzz
(10,000 per indication) and prints the counts.
"""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anakinra_edu.dosing import regimen
from anakinra_edu.inputs import InputError
from anakinra_edu.knowledge import load_knowledge

KB = load_knowledge()
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
EXAMPLES = 10_000 if PROFILE == "fuzz" else 200
COUNTS: dict[str, int] = {}
DRUGS = sorted(KB.concomitant)

finite_weight = st.floats(min_value=0.5, max_value=250, allow_nan=False)
any_number = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6),
                       st.text(max_size=6))

patient = st.fixed_dictionaries(
    {
        "weight_kg": st.one_of(finite_weight, finite_weight, any_number),
        "age_years": st.one_of(st.floats(min_value=0, max_value=110, allow_nan=False), any_number),
        "label": st.sampled_from(["us", "eu", None]),
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
        for d in doses:
            assert math.isfinite(d) and d >= 0
        cap = r.max_daily_mg + 1e-9
        if r.start_daily_mg[1] > cap or (r.dose_daily_mg or 0) > cap:
            pytest.fail("dose above the maximum")
        if r.requested_mg_per_kg is not None and r.requested_mg_per_kg * r.weight_kg > cap:
            assert "capped_at_maximum" in r.flags
        assert r.citations and all(c.split(" ")[0] in KB.sources for c in r.citations)
        assert r == regimen(indication, **p)

    check()
    if PROFILE == "fuzz":
        print(f"\nfuzzed {indication}: {COUNTS[indication]} patients")
    assert COUNTS[indication] >= EXAMPLES * 0.9
