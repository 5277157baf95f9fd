"""The dosing steps one by one, from a rule row (a dict) and numbers alone.

Each expected value is written out by hand with its source: the label or trial text for the clinical
numbers, plain arithmetic for the rest. No expected value is computed by the code under test. The rule rows
here are written in the test (not read from ``data/``), so a data correction does not move these answers;
where a test needs the project's tables (thresholds, warnings) it says which row it relies on.
"""

from __future__ import annotations

import pytest

from anakinra_edu.dosing.amounts import dose_amounts, maximum_daily
from anakinra_edu.dosing.records import Disagreement, Regimen, Step, SyringeDose, WarningNote, format_range
from anakinra_edu.dosing.syringe import TOLERANCE_MG, course_plan, syringe_dose, syringe_plan
from anakinra_edu.inputs import InputError
from anakinra_edu.kidney import CockcroftGault, KidneyFunction, KidneyUsed

# Kineret: 100 mg in 0.67 mL = 150 mg/mL, one syringe holds 100 mg, lowest graduation 20 mg (US-PI-2018 §3).
PRODUCT = {"concentration": 150, "content": 100, "lowest_mark": 20}


def rule(**fields: object) -> dict:
    """A dosing rule row with every field the amounts step reads; unset fields are empty (``None``)."""
    row = {"rule_id": "test-rule", "basis": "weight", "start_low": 1.0, "start_high": 2.0, "start_cap_mg": None,
           "max_mg_per_kg_day": None, "max_mg_day": None, "step_low_mg_per_kg": None, "step_high_mg_per_kg": None,
           "maintenance_low_mg_per_kg": None, "maintenance_high_mg_per_kg": None}
    row.update(fields)
    return row


# US-PI-2020 §2.2 NOMID: start 1–2 mg/kg/day, adjust in 0.5–1 mg/kg steps, maximum 8 mg/kg/day.
NOMID = rule(rule_id="us-nomid", max_mg_per_kg_day=8.0, step_low_mg_per_kg=0.5, step_high_mg_per_kg=1.0)
# US-PI-2020 §2.1 RA: 100 mg/day, a flat dose.
RA = rule(rule_id="us-ra", basis="flat", start_low=100.0, start_high=100.0, max_mg_day=100.0)
# Quartier 2011 (answer key TV23): SJIA 2 mg/kg/day, starting at most 100 mg; 4 mg/kg/day, at most 200 mg.
SJIA = rule(rule_id="us-sjia", start_low=2.0, start_high=2.0, start_cap_mg=100.0, step_low_mg_per_kg=2.0,
            step_high_mg_per_kg=2.0, max_mg_per_kg_day=4.0, max_mg_day=200.0)
# EU-SmPC-2025 §4.2 severe CAPS: 1–2 mg/kg/day, usual maintenance 3–4 mg/kg/day, maximum 8 mg/kg/day.
CAPS_EU = rule(rule_id="eu-caps", max_mg_per_kg_day=8.0, maintenance_low_mg_per_kg=3.0,
               maintenance_high_mg_per_kg=4.0)


# --- step 4: dose amounts -------------------------------------------------------------------------------------


def test_nomid_9_kg_amounts_and_their_sentences():
    a = dose_amounts(NOMID, 9.0, None, frozenset())
    # US-PI-2020 §2.2: 1–2 mg/kg/day × 9 kg = 9–18 mg/day; 8 mg/kg/day × 9 kg = 72 mg/day; steps 4.5–9 mg.
    assert a.per_kg == (1.0, 2.0)
    assert a.start_daily_mg == (9.0, 18.0)
    assert a.max_per_kg == 8.0
    assert a.max_daily_mg == 72.0
    assert a.step_mg == (4.5, 9.0)
    assert a.maintenance_mg is None
    assert a.dose_daily_mg is None and a.next_step_mg is None
    assert a.events == frozenset() and a.notes == ()
    assert a.steps == (
        Step("starting dose", "1–2 mg/kg/day × 9 kg = 9–18 mg/day", "us-nomid", ()),
        Step("maximum", "8 mg/kg/day × 9 kg = 72 mg/day", "us-nomid", ()),
        Step("titration step", "0.5–1 mg/kg × 9 kg = 4.5–9 mg", "us-nomid", ()),
    )


def test_an_unverified_per_kg_ceiling_is_said_where_the_maximum_is():
    a = dose_amounts(NOMID, 9.0, None, frozenset({"max_mg_per_kg_day"}))
    assert a.steps[1].text == ("8 mg/kg/day × 9 kg = 72 mg/day (the mg/kg ceiling is not verified against the "
                               "current label)")
    assert a.notes == ("Maximum 72 mg/day rests on the 8 mg/kg/day ceiling, which is not verified against the current "
                       "label.",)
    # The note comes first, before a starting-dose note: 1–10 mg/kg/day × 10 kg, maximum 80 mg/day.
    b = dose_amounts(rule(start_low=1.0, start_high=10.0, max_mg_per_kg_day=8.0), 10.0, None,
                     frozenset({"max_mg_per_kg_day"}))
    assert b.notes[0].startswith("Maximum 80 mg/day rests on") and b.notes[1].startswith("Starting dose limited")
    # Not on a flat rule, nor on a rule without a per-kg ceiling, nor for another unverified field.
    assert dose_amounts({**RA, "max_mg_per_kg_day": 8.0}, 70.0, None, frozenset({"max_mg_per_kg_day"})).notes == ()
    assert dose_amounts(rule(max_mg_day=100.0), 20.0, None, frozenset({"max_mg_per_kg_day"})).notes == ()
    assert dose_amounts(NOMID, 9.0, None, frozenset({"max_mg_day"})).notes == ()


def test_a_flat_dose_ignores_weight_even_with_a_per_kg_maximum():
    # US-PI-2020 §2.1: RA is 100 mg/day whatever the weight. A per-kg maximum on a flat rule is not applied:
    # at 10 kg, 8 mg/kg/day would be 80 mg/day, below the flat dose; the maximum stays the 100 mg cap.
    a = dose_amounts({**RA, "max_mg_per_kg_day": 8.0, "step_low_mg_per_kg": 1.0, "step_high_mg_per_kg": 1.0,
                      "maintenance_low_mg_per_kg": 3.0, "maintenance_high_mg_per_kg": 4.0}, 10.0, None, frozenset())
    assert a.start_daily_mg == (100.0, 100.0)
    assert a.max_daily_mg == 100.0
    assert a.per_kg is None and a.max_per_kg is None
    assert a.step_mg is None and a.maintenance_mg is None
    assert [s.text for s in a.steps] == ["100 mg/day, a flat dose (not by weight)", "the cap of 100 mg/day"]
    assert [s.step for s in a.steps] == ["starting dose", "maximum"]


def test_flat_range_is_written_as_a_range():
    # So 2007 / Saag 2021 (answer key TV26): gout flare 100–200 mg/day.
    a = dose_amounts(rule(basis="flat", start_low=100.0, start_high=200.0, max_mg_day=200.0), 90.0, None,
                     frozenset())
    assert a.start_daily_mg == (100.0, 200.0)
    assert a.steps[0].text == "100–200 mg/day, a flat dose (not by weight)"


def test_maximum_daily_is_the_lower_of_per_kg_and_cap():
    # Answer key TV23: 4 mg/kg/day × 20 kg = 80 mg/day, below the 200 mg cap.
    assert maximum_daily(SJIA, 20.0) == (
        80.0, "the lower of 4 mg/kg/day × 20 kg = 80 mg/day and the cap of 200 mg/day = 80 mg/day")
    # 4 mg/kg/day × 60 kg = 240 mg/day, above the cap: 200 mg/day.
    assert maximum_daily(SJIA, 60.0) == (
        200.0, "the lower of 4 mg/kg/day × 60 kg = 240 mg/day and the cap of 200 mg/day = 200 mg/day")
    # Per kg only: 8 mg/kg/day × 150 kg = 1200 mg/day (US-PI-2020 §2.2 gives no mg cap).
    assert maximum_daily(NOMID, 150.0) == (1200.0, "8 mg/kg/day × 150 kg = 1200 mg/day")


def test_start_at_the_starting_cap_exactly_is_not_limited():
    # 2 mg/kg/day × 50 kg = 100 mg/day, equal to the 100 mg starting cap: nothing to limit.
    a = dose_amounts(SJIA, 50.0, None, frozenset({"start_cap_mg"}))
    assert a.start_daily_mg == (100.0, 100.0)
    assert a.events == frozenset() and a.notes == ()
    assert a.steps[0].text == "2 mg/kg/day × 50 kg = 100 mg/day"


def test_start_above_the_starting_cap_is_limited_to_it():
    # 2 mg/kg/day × 60 kg = 120 mg/day, above the 100 mg starting cap (Quartier 2011): 100 mg/day.
    a = dose_amounts(SJIA, 60.0, None, frozenset())
    assert a.start_daily_mg == (100.0, 100.0)
    assert a.events == frozenset({"start_limited"})
    assert a.notes == ("Starting dose limited to 100 mg/day by the rule's starting cap.",)
    assert a.steps[0].text == "2 mg/kg/day × 60 kg = 120 mg/day, limited to 100 mg/day by the rule's starting cap"


def test_a_limited_start_resting_on_an_unconfirmed_cap_is_unverified():
    assert dose_amounts(SJIA, 60.0, None, frozenset({"start_cap_mg"})).events == {"start_limited", "unverified_rule"}
    assert dose_amounts(SJIA, 60.0, None, frozenset({"max_mg_day"})).events == {"start_limited", "unverified_rule"}
    assert dose_amounts(SJIA, 60.0, None, frozenset({"step_low_mg_per_kg"})).events == {"start_limited"}


def test_start_limited_by_the_maximum_names_the_maximum():
    # A starting cap of 100 mg but a maximum of 4 mg/kg/day × 20 kg = 80 mg/day: the lower limit is the maximum.
    # Start 5–6 mg/kg/day × 20 kg = 100–120 mg/day; both ends above 80: 80 mg/day.
    a = dose_amounts({**SJIA, "start_low": 5.0, "start_high": 6.0}, 20.0, None, frozenset())
    assert a.start_daily_mg == (80.0, 80.0)
    assert a.notes == ("Starting dose limited to 80 mg/day by the rule's maximum.",)
    assert a.steps[0].text.endswith(", limited to 80 mg/day by the rule's maximum")
    # Without a starting cap the maximum limits: 1–10 mg/kg/day × 10 kg = 10–100 mg/day, maximum 80 mg/day;
    # the low end stays 10 mg/day.
    b = dose_amounts(rule(start_low=1.0, start_high=10.0, max_mg_per_kg_day=8.0), 10.0, None, frozenset())
    assert b.start_daily_mg == (10.0, 80.0)
    assert b.notes == ("Starting dose limited to 80 mg/day by the rule's maximum.",)


def test_maintenance_is_per_kg_times_weight_within_the_maximum():
    # EU-SmPC-2025 §4.2 (answer key TV19): 3–4 mg/kg/day × 40 kg = 120–160 mg/day.
    assert dose_amounts(CAPS_EU, 40.0, None, frozenset()).maintenance_mg == (120.0, 160.0)
    # With a 140 mg/day cap the top end is 140: (120, 140); with a 100 mg/day cap both ends are 100.
    assert dose_amounts({**CAPS_EU, "max_mg_day": 140.0}, 40.0, None, frozenset()).maintenance_mg == (120.0, 140.0)
    assert dose_amounts({**CAPS_EU, "max_mg_day": 100.0}, 40.0, None, frozenset()).maintenance_mg == (100.0, 100.0)
    # Half a range is no range.
    assert dose_amounts({**CAPS_EU, "maintenance_high_mg_per_kg": None}, 40.0, None, frozenset()).maintenance_mg \
        is None
    assert dose_amounts({**CAPS_EU, "maintenance_low_mg_per_kg": None}, 40.0, None, frozenset()).maintenance_mg \
        is None
    # No titration step on this rule: no step range and no "titration step" sentence.
    a = dose_amounts(CAPS_EU, 40.0, None, frozenset())
    assert a.step_mg is None and [s.step for s in a.steps] == ["starting dose", "maximum"]


def test_requested_dose_and_the_next_step():
    # Answer key TV17 (US-PI-2020 §2.2): on 2 mg/kg (40 mg) at 20 kg, next step 0.5–1 mg/kg = 50–60 mg/day.
    a = dose_amounts(NOMID, 20.0, 2.0, frozenset(), "nomid")
    assert a.dose_daily_mg == 40.0
    assert a.next_step_mg == (50.0, 60.0)
    assert a.events == frozenset() and a.notes == ()
    assert a.steps[-1] == Step("requested dose", "requested 2 mg/kg/day × 20 kg = 40 mg/day; next step up 50–60 mg/day",
                               "us-nomid", ())


def test_requested_dose_at_the_maximum_exactly_is_not_capped():
    # 8 mg/kg/day × 20 kg = 160 mg/day = the maximum (US-PI-2020 §2.2): allowed as asked, and the next step
    # cannot go above it: 160 mg/day.
    a = dose_amounts(NOMID, 20.0, 8.0, frozenset(), "nomid")
    assert a.dose_daily_mg == 160.0
    assert a.events == frozenset()
    assert a.next_step_mg == (160.0, 160.0)
    assert a.steps[-1].text == "requested 8 mg/kg/day × 20 kg = 160 mg/day; next step up 160 mg/day"


def test_requested_dose_above_the_maximum_is_capped():
    # 9 mg/kg/day × 20 kg = 180 mg/day, above 8 mg/kg/day × 20 kg = 160 mg/day: 160 mg/day.
    a = dose_amounts(NOMID, 20.0, 9.0, frozenset(), "nomid")
    assert a.dose_daily_mg == 160.0
    assert a.events == frozenset({"capped_at_maximum"})
    assert a.notes == ("Requested 9 mg/kg/day was capped at the maximum 160 mg/day.",)
    assert a.steps[-1].text == ("requested 9 mg/kg/day × 20 kg = 180 mg/day, above the maximum: 160 mg/day; "
                                "next step up 160 mg/day")


def test_next_step_is_capped_at_each_end_separately():
    # 7.5 mg/kg × 20 kg = 150 mg/day; + 10–20 mg = 160–170, capped at 160: (160, 160). 7 mg/kg: 140 + 10–20 =
    # 150–160: (150, 160).
    assert dose_amounts(NOMID, 20.0, 7.0, frozenset()).next_step_mg == (150.0, 160.0)
    assert dose_amounts(NOMID, 20.0, 7.5, frozenset()).next_step_mg == (160.0, 160.0)


def test_a_limited_start_and_a_request_keep_both_events_and_notes():
    # 2 mg/kg × 60 kg = 120 mg/day, limited to 100 (starting cap); then 3 mg/kg × 60 kg = 180 mg/day requested,
    # under the maximum min(4 × 60, 200) = 200 mg/day.
    a = dose_amounts(SJIA, 60.0, 3.0, frozenset(), "sjia")
    assert a.dose_daily_mg == 180.0 and a.events == {"start_limited"}
    assert a.notes == ("Starting dose limited to 100 mg/day by the rule's starting cap.",)
    b = dose_amounts(SJIA, 60.0, 4.0, frozenset(), "sjia")  # 240 mg/day → capped at 200
    assert b.events == {"start_limited", "capped_at_maximum"}
    assert b.notes == ("Starting dose limited to 100 mg/day by the rule's starting cap.",
                       "Requested 4 mg/kg/day was capped at the maximum 200 mg/day.")


def test_requested_dose_without_a_titration_step():
    a = dose_amounts(CAPS_EU, 40.0, 3.0, frozenset())
    assert a.dose_daily_mg == 120.0 and a.next_step_mg is None
    assert a.steps[-1].text == "requested 3 mg/kg/day × 40 kg = 120 mg/day"


def test_a_request_above_the_start_resting_on_an_unconfirmed_maximum_is_unverified():
    assert dose_amounts(NOMID, 20.0, 3.0, frozenset({"max_mg_per_kg_day"})).events == {"unverified_rule"}
    assert dose_amounts(NOMID, 20.0, 3.0, frozenset({"max_mg_day"})).events == {"unverified_rule"}
    # At the top of the starting range (2 mg/kg) the maximum is not relied on.
    assert dose_amounts(NOMID, 20.0, 2.0, frozenset({"max_mg_per_kg_day"})).events == frozenset()
    # Another unconfirmed field does not matter here.
    assert dose_amounts(NOMID, 20.0, 3.0, frozenset({"start_cap_mg"})).events == frozenset()


def test_requested_mg_per_kg_on_a_flat_dose_is_refused():
    with pytest.raises(InputError) as info:
        dose_amounts(RA, 70.0, 2.0, frozenset(), "ra")
    e = info.value
    assert (e.field, e.value, e.reason) == ("mg_per_kg", 2.0, "cannot be applied")
    assert e.allowed == "only for weight-based regimens; ra uses a flat dose"
    assert str(e) == "mg_per_kg: 2.0 cannot be applied; allowed: only for weight-based regimens; ra uses a flat dose"


def test_steps_without_a_row_id():
    a = dose_amounts({k: v for k, v in NOMID.items() if k != "rule_id"}, 9.0, 1.0, frozenset())
    assert [s.row for s in a.steps] == [None, None, None, None]


# --- step 6: syringe plan -------------------------------------------------------------------------------------


def test_syringe_dose_volumes_and_the_lowest_mark():
    # US-PI-2018 §3: 150 mg/mL; 20 mg = 0.1333 mL; 9 mg = 0.06 mL; 100 mg = 0.6667 mL.
    assert syringe_dose(20, 150, 100, 20) == SyringeDose(20, pytest.approx(20 / 150), 1, False)
    assert syringe_dose(9, 150, 100, 20) == SyringeDose(9, pytest.approx(0.06), 1, True)
    assert syringe_dose(19.99, 150, 100, 20).below_minimum_mark is True
    # Float noise within 1e-9 mg of the mark counts as on it.
    assert syringe_dose(20 - 1e-10, 150, 100, 20).below_minimum_mark is False
    assert syringe_dose(20 - 1e-8, 150, 100, 20).below_minimum_mark is True
    assert syringe_dose(20 - TOLERANCE_MG, 150, 100, 20).below_minimum_mark is False
    assert TOLERANCE_MG == 1e-9


def test_syringes_per_dose():
    # One 100 mg syringe holds up to 100 mg; 150 mg needs 2, 300 mg 3; any dose needs at least one.
    assert syringe_dose(100, 150, 100, 20).syringes == 1
    assert syringe_dose(100 + 1e-10, 150, 100, 20).syringes == 1
    assert syringe_dose(100.01, 150, 100, 20).syringes == 2
    assert syringe_dose(150, 150, 100, 20).syringes == 2
    assert syringe_dose(300, 150, 100, 20).syringes == 3
    assert syringe_dose(200 + 1e-10, 150, 100, 20).syringes == 2
    assert syringe_dose(5, 150, 100, 20).syringes == 1
    assert syringe_dose(0, 150, 100, 20).syringes == 1


def test_nomid_9_kg_syringe_plan():
    # 9–18 mg/day once daily: 0.06 and 0.12 mL, both below the 20 mg mark; one syringe a day (US-PI-2018 §3).
    plan = syringe_plan((9.0, 18.0), None, 72.0, 24, **PRODUCT)
    assert plan.start_dose_mg == (9.0, 18.0) and plan.dose_mg is None and plan.doses_per_day == 1
    assert [(s.dose_mg, round(s.volume_ml, 6), s.syringes, s.below_minimum_mark) for s in plan.doses] == [
        (9.0, 0.06, 1, True), (18.0, 0.12, 1, True)]
    assert plan.syringes_per_day_at_start == 1 and plan.syringes_per_day_at_max == 1
    assert plan.events == {"below_syringe_minimum", "dose_below_syringe_content"}
    assert plan.step == Step("syringe", "9 mg ÷ 150 mg/mL = 0.060 mL, below the lowest mark 20 mg; "
                                        "18 mg ÷ 150 mg/mL = 0.120 mL, below the lowest mark 20 mg; "
                                        "syringes a day: 1 at the starting dose, 1 at the maximum", None, ())


def test_a_dose_between_whole_mg_marks():
    # 1–2 mg/kg/day × 9.333 kg = 9.333–18.666 mg: not a whole mg; within 1e-6 mg of one counts as whole.
    assert "between_marks" in syringe_plan((9.333, 18.666), None, 74.664, 24, **PRODUCT).events
    assert "between_marks" in syringe_plan((9.0, 18.5), None, 72.0, 24, **PRODUCT).events
    assert "between_marks" not in syringe_plan((9.0000001, 17.9999999), None, 72.0, 24, **PRODUCT).events
    assert "between_marks" in syringe_plan((9.00001, 9.00001), None, 72.0, 24, **PRODUCT).events


def test_one_value_start_is_shown_once():
    # RA 100 mg/day (US-PI-2020 §2.1): one dose of 100 mg = 0.667 mL, one syringe.
    plan = syringe_plan((100.0, 100.0), None, 100.0, 24, **PRODUCT)
    assert [s.dose_mg for s in plan.doses] == [100.0]
    assert plan.events == frozenset()
    assert plan.step.text == "100 mg ÷ 150 mg/mL = 0.667 mL; syringes a day: 1 at the starting dose, 1 at the maximum"


def test_twice_daily_splits_the_day_and_counts_syringes_per_day():
    # Answer key TV30 (CHEO 2023): MAS 30 kg, 10 mg/kg/day = 300 mg/day as 150 mg twice daily: 1.0 mL and
    # 2 syringes per dose, 4 syringes a day. Maximum 48 mg/kg/day × 30 kg = 1440 mg/day = 720 mg per dose:
    # 8 syringes per dose, 16 a day.
    plan = syringe_plan((300.0, 300.0), None, 1440.0, 12, **PRODUCT)
    assert plan.doses_per_day == 2
    assert plan.start_dose_mg == (150.0, 150.0)
    assert [(s.dose_mg, round(s.volume_ml, 6), s.syringes) for s in plan.doses] == [(150.0, 1.0, 2)]
    assert plan.syringes_per_day_at_start == 4 and plan.syringes_per_day_at_max == 16
    assert plan.events == {"multiple_syringes"}
    assert plan.step.text == ("2 doses a day: 150 mg ÷ 150 mg/mL = 1.000 mL (2 syringes of 100 mg); "
                              "syringes a day: 4 at the starting dose, 16 at the maximum")


def test_syringes_at_start_use_the_top_of_the_starting_range():
    # 100–200 mg/day once daily (answer key TV26): the top, 200 mg, needs 2 syringes; the maximum 200 too.
    plan = syringe_plan((100.0, 200.0), None, 200.0, 24, **PRODUCT)
    assert plan.syringes_per_day_at_start == 2 and plan.syringes_per_day_at_max == 2
    assert [s.syringes for s in plan.doses] == [1, 2]
    assert plan.events == {"multiple_syringes"}


def test_a_requested_dose_replaces_the_starting_range():
    # 40 mg/day requested (TV17 arithmetic): one dose of 40 mg, 0.267 mL; the start is still 20–40 mg.
    plan = syringe_plan((20.0, 40.0), 40.0, 160.0, 24, **PRODUCT)
    assert plan.dose_mg == 40.0 and plan.start_dose_mg == (20.0, 40.0)
    assert [s.dose_mg for s in plan.doses] == [40.0]
    assert plan.step.text.startswith("40 mg ÷ 150 mg/mL = 0.267 mL;")
    # Twice daily the requested daily dose is halved per administration: 300 mg/day → 150 mg.
    assert syringe_plan((300.0, 300.0), 300.0, 1440.0, 12, **PRODUCT).dose_mg == 150.0


def test_dose_below_syringe_content_is_strict_with_float_tolerance():
    # A dose of the whole syringe (100 mg) uses all of it; anything less leaves a part to discard (US-PI-2020 §2).
    assert "dose_below_syringe_content" not in syringe_plan((100.0, 100.0), None, 100.0, 24, **PRODUCT).events
    assert "dose_below_syringe_content" not in syringe_plan((100 - 1e-10,) * 2, None, 100.0, 24, **PRODUCT).events
    assert "dose_below_syringe_content" not in syringe_plan((100 - 1e-9,) * 2, None, 100.0, 24, **PRODUCT).events
    assert "dose_below_syringe_content" in syringe_plan((99.99,) * 2, None, 100.0, 24, **PRODUCT).events
    # The smallest dose shown decides: 60–120 mg has a 60 mg dose.
    assert "dose_below_syringe_content" in syringe_plan((60.0, 120.0), None, 120.0, 24, **PRODUCT).events


def test_course_of_fixed_length_counts_doses():
    # So 2007 (answer key TV26): gout flare 3 days once daily = 3 doses.
    assert course_plan(3, 3, 24) == ((3, 3), 3, Step("course", "course 3 days: 3 days × 24 h ÷ 24 h = 3 doses",
                                                      None, ()))
    # US-EUA-2022: 100 mg every other day, 5 doses over 10 days.
    assert course_plan(10, 10, 48) == ((10, 10), 5, Step("course", "course 10 days: 10 days × 24 h ÷ 48 h = 5 doses",
                                                         None, ()))
    # 5 days twice daily = 10 doses; a part dose counts as a dose: 2.5 days × 24 ÷ 48 = 1.25 → 2.
    assert course_plan(5, 5, 12)[1] == 10
    assert course_plan(2.5, 2.5, 48)[1] == 2


def test_course_without_a_fixed_length():
    # Saag 2021 / So 2007: 3–5 days; the number of doses is not fixed.
    assert course_plan(3, 5, 24) == ((3, 5), None, Step("course", "course 3–5 days", None, ()))
    # AIRTRIP 2016: at least 6 months.
    assert course_plan(180, None, 24) == ((180, None), None, Step("course", "course 180 days or more", None, ()))
    assert course_plan(None, None, 24) == (None, None, None)
    assert course_plan(None, 5, 24) == (None, None, None)


# --- records --------------------------------------------------------------------------------------------------


def test_format_range():
    assert format_range(20, 40) == "20–40 mg"
    assert format_range(100, 100) == "100 mg"
    assert format_range(1, 2, "mg/kg/day") == "1–2 mg/kg/day"
    assert format_range(4.5, 9) == "4.5–9 mg"
    assert format_range(1, 2, "") == "1–2"
    # Equal to 6 decimals is one value; 4 significant digits are shown.
    assert format_range(1.0000004, 1.0) == "1 mg"
    assert format_range(1.00001, 1.0) == "1–1 mg"
    assert format_range(1.0, 1.0000004) == "1 mg"
    assert format_range(4.5, 4.5) == "4.5 mg"
    assert format_range(12.3456, 99.8765) == "12.35–99.88 mg"


def test_step_as_dict():
    assert Step("rule", "text", "row-1", ("A §1", "B")).as_dict() == {
        "step": "rule", "text": "text", "row": "row-1", "citations": ["A §1", "B"]}
    assert Step("safety", "t", None, ()).as_dict() == {"step": "safety", "text": "t", "row": None, "citations": []}


def _regimen_record(**changes: object) -> Regimen:
    """A Regimen written field by field: NOMID 9.333 kg, 1–2 mg/kg/day (US-PI-2020 §2.2), with a kidney record."""
    kidney = KidneyFunction(80.0, "female", 1.4, 50.0, None, None,
                            CockcroftGault(25.297619, None, None, None, None, None, None), 38.03456, None,
                            KidneyUsed("cockcroft_gault", "actual", 25.297619, "why"))
    fields = dict(
        indication="nomid", indication_name="NOMID", label="us", status="on-label", action="dose",
        rule_id="us-nomid", rule_text="1–2 mg/kg/day", rule_jurisdiction="us", basis="weight", weight_kg=9.333,
        age_years=0.67, start_mg_per_kg=(1.0, 2.0), start_dose_mg=(9.333, 18.666), start_daily_mg=(9.333, 18.666),
        requested_mg_per_kg=1.5, dose_mg=13.9995, dose_daily_mg=13.9995, next_titration_mg=(18.6655, 23.3325),
        titration_step_mg=(4.6665, 9.333), maintenance_mg=(27.999, 37.332), max_mg_per_kg_day=8.0,
        max_daily_cap_mg=None, max_daily_mg=74.664, interval_hours=24, doses_per_day=1.0, split_allowed=True,
        course_days=(3, 5), doses_in_course=None, syringe=(SyringeDose(13.9995, 0.093330, 1, True),),
        syringes_per_day_at_start=1, syringes_per_day_at_max=1, crcl_ml_min=25.297619,
        crcl_method="cockcroft_gault", kidney=kidney, kidney_rule_id="us-label-severe", kidney_rule_text="EOD",
        dialysis=False, flags=("below_syringe_minimum",),
        warnings=(WarningNote("below_syringe_minimum", "warn", "Below the mark", ("US-PI-2018 §3",)),),
        disagreements=(Disagreement("d1", "topic", "A says", ("S1",), "B says", ("S2", "S3")),),
        citations=("US-PI-2020 §2.2",), population="NOMID", notes=("n",), events=("child",),
        steps=(Step("rule", "1–2 mg/kg/day", "us-nomid", ("US-PI-2020 §2.2",)),),
    )
    fields.update(changes)
    return Regimen(**fields)


def test_regimen_as_dict_keys_values_and_rounding():
    # mg rounded to 0.01 mg, mL to 0.001 mL: 9.333 → 9.33, 18.666 → 18.67, 0.09333 mL → 0.093.
    d = _regimen_record().as_dict()
    assert d == {
        "indication": "nomid", "indication_name": "NOMID", "label": "us", "status": "on-label", "action": "dose",
        "rule_id": "us-nomid", "rule_text": "1–2 mg/kg/day", "basis": "weight", "weight_kg": 9.333,
        "age_years": 0.67, "start_mg_per_kg": [1.0, 2.0], "start_dose_mg": [9.33, 18.67],
        "requested_mg_per_kg": 1.5, "dose_mg": 14.0, "next_titration_mg": [18.67, 23.33],
        "titration_step_mg": [4.67, 9.33], "maintenance_mg": [28.0, 37.33], "max_mg_per_kg_day": 8.0,
        "max_daily_cap_mg": None, "max_daily_mg": 74.66, "interval_hours": 24,
        "interval_text": "once daily (every 24 h)", "course_days": [3, 5], "doses_in_course": None,
        "syringe": [{"dose_mg": 14.0, "volume_ml": 0.093, "syringes": 1, "below_minimum_mark": True}],
        "syringes_per_day_at_start": 1, "syringes_per_day_at_max": 1, "crcl_ml_min": 25.3,
        "crcl_method": "cockcroft_gault", "crcl_unit": "mL/min",
        "kidney": {
            "age_years": 80.0, "sex": "female", "scr_mg_dl": 1.4, "bmi_kg_m2": None,
            "cockcroft_gault_ml_min": {"actual": 25.3, "ideal": None, "adjusted": None},
            "cockcroft_gault_weights_kg": {"ideal": None, "adjusted": None},
            "ckd_epi_2021_ml_min_1_73m2": 38.03, "bedside_schwartz_ml_min_1_73m2": None,
            "used_for_dosing": {"method": "cockcroft_gault", "weight_basis": "actual", "value_ml_min": 25.3,
                                "reason": "why"},
        },
        "kidney_rule": "EOD", "dialysis": False, "flags": ["below_syringe_minimum"],
        "warnings": [{"code": "below_syringe_minimum", "severity": "warn", "text": "Below the mark",
                      "citations": ["US-PI-2018 §3"]}],
        "disagreements": [{"topic": "topic", "a": "A says", "a_sources": ["S1"], "b": "B says",
                           "b_sources": ["S2", "S3"]}],
        "citations": ["US-PI-2020 §2.2"], "population": "NOMID", "events": ["child"],
        "steps": [{"step": "rule", "text": "1–2 mg/kg/day", "row": "us-nomid", "citations": ["US-PI-2020 §2.2"]}],
    }


def test_regimen_as_dict_with_empty_parts():
    d = _regimen_record(start_mg_per_kg=None, dose_mg=None, next_titration_mg=None, titration_step_mg=None,
                        maintenance_mg=None, course_days=None, crcl_ml_min=None, kidney=None, interval_hours=48,
                        label=None).as_dict()
    assert (d["start_mg_per_kg"], d["dose_mg"], d["next_titration_mg"], d["titration_step_mg"]) == (None,) * 4
    assert (d["maintenance_mg"], d["course_days"], d["crcl_ml_min"], d["kidney"], d["label"]) == (None,) * 5
    assert d["interval_text"] == "every other day (every 48 h)"


def test_clearance_unit_follows_the_method():
    # Cockcroft–Gault and a given CrCl are mL/min; bedside Schwartz and CKD-EPI are per 1.73 m² (Schwartz 2009,
    # Inker 2021).
    assert _regimen_record().crcl_unit == "mL/min"
    assert _regimen_record(crcl_method="given").crcl_unit == "mL/min"
    assert _regimen_record(crcl_method="bedside_schwartz").crcl_unit == "mL/min/1.73 m²"
    assert _regimen_record(crcl_method="ckd_epi_2021").crcl_unit == "mL/min/1.73 m²"
    assert _regimen_record(crcl_method="bedside_schwartz").as_dict()["crcl_unit"] == "mL/min/1.73 m²"


def test_interval_words():
    assert _regimen_record(interval_hours=12).interval_text == "twice daily (every 12 h)"
    assert _regimen_record(interval_hours=24).interval_text == "once daily (every 24 h)"
    assert _regimen_record(interval_hours=48).interval_text == "every other day (every 48 h)"


def test_start_per_kg_words_follow_the_interval():
    # US-PI-2020 §2.4: under the kidney rule "the prescribed dose" is given every other day: mg/kg per dose.
    assert _regimen_record().start_per_kg_text == "1–2 mg/kg/day"
    assert _regimen_record(flags=("renal_every_other_day",)).start_per_kg_text == \
        "1–2 mg/kg per dose, given every other day"
    assert _regimen_record(start_mg_per_kg=None).start_per_kg_text is None


def test_explain_numbers_the_steps_and_adds_sources():
    r = _regimen_record(steps=(Step("label", "NOMID, US label", "nomid/us", ("US-PI-2026 §1.2", "US-PI-2020 §2.2")),
                               Step("safety", "checked: nothing", None, ())))
    assert r.explain() == "1. label: NOMID, US label [US-PI-2026 §1.2; US-PI-2020 §2.2]\n2. safety: checked: nothing"
