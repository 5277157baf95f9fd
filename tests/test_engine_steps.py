"""The kidney decision, label, rule choice, patient check, safety and findings steps, one by one.

Expected values are written out with their source: US-PI-2020 §2.4 (consider every other day below a
creatinine clearance of 30 mL/min, dialysis included), DK-PROMEDICIN (EU: below 30 every other day, 30 to
under 60 caution), US-PI-8 §8.5 (65 and over), EU-SmPC-old §4.3 (do not start below 1.5 × 10⁹/L neutrophils),
Cockcroft 1976 for the creatinine clearance arithmetic. The kidney rules are written in the test as rows;
thresholds and warning rows come from ``data/`` where the test says so.
"""

from __future__ import annotations

from types import MappingProxyType

import pytest

from anakinra_edu.dosing import indication_ids, kidney_threshold_ml_min, regimen
from anakinra_edu.dosing.findings import flags_of, select_disagreements, select_warnings
from anakinra_edu.dosing.kidney_decision import KidneyEstimate, kidney_decision, kidney_estimate, kidney_rules_for
from anakinra_edu.dosing.label import find_rule, in_band, label_context, select_rule
from anakinra_edu.dosing.patient import check_drugs, check_patient
from anakinra_edu.dosing.records import Step
from anakinra_edu.dosing.safety import safety_findings
from anakinra_edu.inputs import InputError
from anakinra_edu.kidney import CockcroftGault, KidneyFunction, KidneyUsed
from anakinra_edu.knowledge import DataError, load_knowledge

KB = load_knowledge()


def krule(rule_id, indications, jurisdiction, below, action, *, from_=None, dialysis="yes", verified=True):
    return {"rule_id": rule_id, "indication_ids": indications, "jurisdiction": jurisdiction,
            "crcl_from_ml_min": from_, "crcl_below_ml_min": below, "includes_dialysis": dialysis, "action": action,
            "text": f"text of {rule_id}", "refs": (f"SRC-{rule_id}",),
            "verification": "confirmed" if verified else "unconfirmed"}


US_SEVERE = krule("us-label-severe", ("ra", "nomid", "dira"), "us", 30.0, "every_other_day")
EU_SEVERE = krule("eu-severe", ("*",), "eu", 30.0, "every_other_day")
EU_MODERATE = krule("eu-moderate", ("*",), "eu", 60.0, "caution", from_=30.0, dialysis="no")
GOUT = krule("gout-flare-severe", ("gout-flare",), "any", 30.0, "no_sourced_rule", verified=False)
NO_SOURCE = krule("no-source-severe", ("*",), "any", 30.0, "no_sourced_adjustment", verified=False)


class RulesOnly:
    """The part of the tables the kidney decision reads: the kidney rules, in order."""

    def __init__(self, *rules):
        self.kidney_rules = rules


RULES = RulesOnly(US_SEVERE, EU_SEVERE, EU_MODERATE, GOUT, NO_SOURCE)


def given(crcl, method="given"):
    return KidneyEstimate(crcl, method, None, (), Step("kidney estimate", "", None, ()))


def decide(crcl, indication="ra", jurisdiction="us", interval=24, dialysis=False, kb=RULES, est=None):
    return kidney_decision(kb, indication, jurisdiction, "dosing-rule", interval, est or given(crcl), dialysis)


# --- step 5: kidney rule --------------------------------------------------------------------------------------


def test_rules_of_the_most_specific_scope():
    assert kidney_rules_for(RULES, "nomid", "us") == [US_SEVERE]
    assert kidney_rules_for(RULES, "ra", "eu") == [EU_SEVERE, EU_MODERATE]
    assert kidney_rules_for(RULES, "gout-flare", "any") == [GOUT]
    assert kidney_rules_for(RULES, "mas", "any") == [NO_SOURCE]
    # Indication with any jurisdiction beats a general rule of the jurisdiction.
    kb = RulesOnly(EU_SEVERE, krule("x", ("fmf",), "any", 30.0, "caution"))
    assert [r["rule_id"] for r in kidney_rules_for(kb, "fmf", "eu")] == ["x"]
    assert kidney_rules_for(RulesOnly(US_SEVERE), "mas", "any") == []


def test_below_30_is_every_other_day():
    # US-PI-2020 §2.4: creatinine clearance less than 30 mL/min → consider the dose every other day.
    d = decide(29.9)
    assert (d.rule_id, d.rule_text, d.interval_hours, d.no_sourced_regimen) == (
        "us-label-severe", "text of us-label-severe", 48, False)
    assert d.events == {"renal_every_other_day"}
    assert d.refs == ("SRC-us-label-severe",)
    assert d.step == Step("kidney rule", "29.9 mL/min (rule us-label-severe: below 30 mL/min) → every other day: "
                                         "interval 24 h → 48 h", "us-label-severe", ("SRC-us-label-severe",))


def test_exactly_30_is_not_below_30():
    # US-PI-2020 §2.4 is strict ("less than 30"); answer key TV03: 30 mL/min keeps once daily.
    d = decide(30.0)
    assert (d.rule_id, d.rule_text, d.interval_hours, d.no_sourced_regimen, d.refs) == (None, None, 24, False, ())
    assert d.events == frozenset()
    assert d.step == Step("kidney rule", "30.0 mL/min: no kidney rule applies; interval stays 24 h", None, ())
    assert decide(29.999999).interval_hours == 48


def test_dialysis_is_in_the_severe_band():
    # US-PI-2020 §2.4: end stage renal disease is in the every-other-day sentence.
    d = decide(None, dialysis=True)
    assert d.interval_hours == 48 and d.events == {"dialysis", "renal_every_other_day"}
    assert d.step.text == "on dialysis (rule us-label-severe: below 30 mL/min) → every other day: interval 24 h → 48 h"
    # A rule that excludes dialysis does not match it, whatever the clearance: the next rule does.
    d = decide(45.0, jurisdiction="eu", dialysis=True, kb=RulesOnly(EU_MODERATE, EU_SEVERE))
    assert d.rule_id == "eu-severe"
    # No rule includes dialysis: nothing applies.
    d = decide(None, jurisdiction="eu", dialysis=True, kb=RulesOnly(EU_MODERATE))
    assert d.rule_id is None and d.events == {"dialysis"}
    assert d.step.text == "on dialysis: no kidney rule applies; interval stays 24 h"


def test_unknown_kidney_function():
    d = decide(None)
    assert d.rule_id is None and d.interval_hours == 24
    assert d.events == {"no_kidney_estimate"}
    assert d.step.text == "kidney function unknown: no kidney rule applies; interval stays 24 h"


def test_eu_bands():
    # DK-PROMEDICIN: below 30 every other day (marked as the EU severe band); 30 to under 60 caution.
    severe = decide(29.9, jurisdiction="eu")
    assert severe.rule_id == "eu-severe" and severe.interval_hours == 48
    assert severe.events == {"renal_every_other_day", "renal_severe_eu"}
    at_30 = decide(30.0, jurisdiction="eu")
    assert (at_30.rule_id, at_30.interval_hours, at_30.events) == ("eu-moderate", 24, {"renal_caution"})
    assert at_30.no_sourced_regimen is False
    assert at_30.step.text == "30.0 mL/min (rule eu-moderate: 30 to under 60 mL/min) → caution"
    assert decide(59.9, jurisdiction="eu").rule_id == "eu-moderate"
    assert decide(60.0, jurisdiction="eu").rule_id is None
    assert decide(29.9, jurisdiction="us").events == {"renal_every_other_day"}


def test_no_sourced_rule_and_no_sourced_adjustment():
    gout = decide(17.2, indication="gout-flare", jurisdiction="any")  # answer key TV27: no sourced regimen
    assert gout.no_sourced_regimen is True and gout.interval_hours == 24
    assert gout.events == {"renal_no_sourced_rule", "unverified_rule"}
    assert gout.step.text == ("17.2 mL/min (rule gout-flare-severe: below 30 mL/min) → no sourced regimen at this "
                              "kidney function")
    mas = decide(20.0, indication="mas", jurisdiction="any", interval=12)
    assert mas.no_sourced_regimen is False and mas.interval_hours == 12
    assert mas.events == {"renal_no_sourced_adjustment", "unverified_rule"}
    assert mas.step.text.endswith("→ no source gives a kidney adjustment for this use: interval kept at 12 h")


def test_another_action_is_named_in_words():
    d = decide(20.0, kb=RulesOnly(krule("r", ("ra",), "us", 30.0, "check_levels")))
    assert d.events == frozenset() and d.interval_hours == 24
    assert d.step.text.endswith("→ check levels")


def test_every_other_day_only_extends_once_daily_rules():
    with pytest.raises(DataError) as info:
        decide(20.0, interval=12)
    assert str(info.value) == ("kidney_rules.csv, column action: rule us-label-severe would extend the 12 h interval "
                               "of dosing-rule to every other day; only once-daily regimens may be extended")


def _kf(ckd_epi):
    return KidneyFunction(80.0, "female", 1.4, 50.0, None, None, CockcroftGault(25.3, None, None, None, None, None,
                          None), ckd_epi, None, KidneyUsed("cockcroft_gault", "actual", 25.3, ""))


def test_formulas_disagree_across_the_threshold():
    # Answer key TV02: Cockcroft–Gault 25.3 mL/min, CKD-EPI 2021 38.0: opposite sides of 30.
    est = KidneyEstimate(25.3, "cockcroft_gault", _kf(38.0), (), Step("kidney estimate", "", None, ()))
    assert "formulas_disagree" in decide(None, est=est).events
    same = KidneyEstimate(25.3, "cockcroft_gault", _kf(29.0), (), Step("kidney estimate", "", None, ()))
    assert "formulas_disagree" not in decide(None, est=same).events
    at = KidneyEstimate(30.0, "cockcroft_gault", _kf(29.9), (), Step("kidney estimate", "", None, ()))
    assert "formulas_disagree" in decide(None, est=at).events
    both = KidneyEstimate(30.0, "cockcroft_gault", _kf(30.0), (), Step("kidney estimate", "", None, ()))
    assert "formulas_disagree" not in decide(None, est=both).events
    # Only against the every-other-day threshold, and only when Cockcroft–Gault was used.
    assert "formulas_disagree" not in decide(None, indication="mas", jurisdiction="any", est=est).events
    other = KidneyEstimate(25.3, "given", _kf(38.0), (), Step("kidney estimate", "", None, ()))
    assert "formulas_disagree" not in decide(None, est=other).events
    no_ckd = KidneyEstimate(25.3, "cockcroft_gault", _kf(None), (), Step("kidney estimate", "", None, ()))
    assert "formulas_disagree" not in decide(None, est=no_ckd).events


def test_the_threshold_is_the_every_other_day_rule_seen_before_the_match():
    # EU, CrCl 45 (caution band) but CKD-EPI 25: the every-other-day line (30) was seen before the matching rule.
    kf = _kf(25.0)
    est = KidneyEstimate(45.0, "cockcroft_gault", kf, (), Step("kidney estimate", "", None, ()))
    assert decide(None, jurisdiction="eu", est=est).events == {"renal_caution", "formulas_disagree"}


def test_a_child_estimate_is_a_teaching_assumption():
    est = KidneyEstimate(20.0, "bedside_schwartz", None, (), Step("kidney estimate", "", None, ()))
    assert decide(None, indication="nomid", est=est).events == {
        "renal_every_other_day", "pediatric_kidney_assumption", "unverified_rule"}


# --- step 5: kidney estimate (coefficients of data/kidney_equations.csv: Cockcroft 1976) --------------------


def patient(**kw):
    given = dict(sex=None, height_cm=None, crcl_ml_min=None, scr=None, scr_unit="mg/dL", dialysis=False,
                 mg_per_kg=None, concomitant=(), active_infection=False, anc_1e9_per_l=None, pregnant=False,
                 breastfeeding=False, weight_basis="actual", child_pugh=None)
    indication, weight, age = kw.pop("indication", "ra"), kw.pop("weight_kg", 70), kw.pop("age_years", 50)
    given.update(kw)
    return check_patient(KB, indication, weight, age, **given)


def test_no_kidney_input_and_a_given_clearance():
    assert kidney_estimate(KB, patient()) == KidneyEstimate(
        None, "none", None, (), Step("kidney estimate", "no kidney function given", None, ()))
    assert kidney_estimate(KB, patient(crcl_ml_min=29.99)) == KidneyEstimate(
        29.99, "given", None, (), Step("kidney estimate", "CrCl given: 29.99 mL/min", None, ()))


def test_cockcroft_gault_for_tv02():
    # Answer key TV02: (140 − 80) × 50 / (72 × 1.4) × 0.85 = 3000 / 100.8 × 0.85 = 25.2976 mL/min.
    e = kidney_estimate(KB, patient(weight_kg=50, age_years=80, sex="female", scr=1.4))
    assert e.crcl_ml_min == pytest.approx(3000 / 100.8 * 0.85, rel=1e-12)
    assert e.method == "cockcroft_gault" and e.kidney is not None
    assert [str(r) for r in e.refs] == ["COCKCROFT-1976"]
    assert e.step == Step("kidney estimate", "Cockcroft–Gault ((140 − 80) × 50) / (72 × 1.4) × 0.85 = 25.3 mL/min "
                          "(actual weight)", "cockcroft_gault", ("COCKCROFT-1976",))


def test_cockcroft_gault_male_and_in_umol_per_l():
    # 60 y man, 72 kg, 1.2 mg/dL = 106.08 µmol/L (× 88.4): (140 − 60) × 72 / (72 × 1.2) = 66.67 mL/min.
    e = kidney_estimate(KB, patient(weight_kg=72, age_years=60, sex="male", scr=106.08, scr_unit="umol/L"))
    assert e.crcl_ml_min == pytest.approx(80 * 72 / (72 * 1.2), rel=1e-9)
    assert e.step.text == "Cockcroft–Gault ((140 − 60) × 72) / (72 × 1.2) = 66.7 mL/min (actual weight)"


def test_cockcroft_gault_with_ideal_weight_shows_that_weight():
    # Devine (male, 180 cm): 50 + 2.3 × (180 / 2.54 − 60) = 74.992 kg; (140 − 60) × 74.99 / (72 × 1.0) = 83.32.
    e = kidney_estimate(KB, patient(weight_kg=100, age_years=60, sex="male", scr=1.0, height_cm=180,
                                    weight_basis="ideal"))
    ibw = 50 + 2.3 * (180 / 2.54 - 60)
    assert e.crcl_ml_min == pytest.approx(80 * ibw / 72, rel=1e-9)
    assert e.step.text == "Cockcroft–Gault ((140 − 60) × 74.99) / (72 × 1) = 83.3 mL/min (ideal weight)"
    adj = kidney_estimate(KB, patient(weight_kg=100, age_years=60, sex="male", scr=1.0, height_cm=180,
                                      weight_basis="adjusted"))
    assert "× 85) / (72 × 1) = 94.4 mL/min (adjusted weight)" in adj.step.text  # 74.99 + 0.4 × 25.01 = 85.0 kg
    rule = kidney_estimate(KB, patient(weight_kg=100, age_years=60, sex="male", scr=1.0, height_cm=180,
                                       weight_basis="bmi_rule"))
    # BMI 30.9 ≥ 25: the MedCalc-Bench rule takes the adjusted weight.
    assert "× 85) / (72 × 1) = 94.4 mL/min (bmi_rule weight)" in rule.step.text


def test_an_adult_creatinine_needs_sex():
    for age in (18, 50):
        with pytest.raises(InputError) as info:
            kidney_estimate(KB, patient(age_years=age, scr=1.0))
        assert str(info.value) == "sex: (missing) is needed with scr for Cockcroft–Gault; allowed: female, male"


def test_a_child_gets_bedside_schwartz_or_nothing():
    # Schwartz 2009: 0.413 × 120 cm / 0.5 mg/dL = 99.12 mL/min/1.73 m².
    e = kidney_estimate(KB, patient(indication="nomid", weight_kg=20, age_years=6, scr=0.5, height_cm=120))
    assert e.crcl_ml_min == pytest.approx(0.413 * 120 / 0.5, rel=1e-12)
    assert e.method == "bedside_schwartz" and e.refs == ()
    assert e.step.text.startswith("Bedside Schwartz = 99.1 mL/min/1.73 m²: Under 18: Cockcroft–Gault is not ")
    assert e.step.row == "bedside_schwartz" and e.step.citations == ()
    no_height = kidney_estimate(KB, patient(indication="nomid", weight_kg=20, age_years=17.9, scr=0.5))
    assert no_height.crcl_ml_min is None and no_height.method == "none"
    assert no_height.step.text == ("no estimate usable for dosing: Under 18: bedside Schwartz needs a height; "
                                   "no estimate used.")


def test_dialysis_with_a_normal_creatinine_is_refused():
    # 50 y man, 70 kg, 1.0 mg/dL: (140 − 50) × 70 / 72 = 87.5 mL/min, not below 30: a contradiction.
    with pytest.raises(InputError) as info:
        kidney_estimate(KB, patient(sex="male", scr=1.0, dialysis=True))
    assert str(info.value) == ("dialysis: True conflicts with scr = 1 mg/dL, which gives 87.5 mL/min; allowed: "
                               "dialysis only with a CrCl below 30 mL/min")
    # 80 y woman, 50 kg, 1.4 mg/dL: 25.3 mL/min is below 30: accepted.
    assert kidney_estimate(KB, patient(weight_kg=50, age_years=80, sex="female", scr=1.4, dialysis=True)).method \
        == "cockcroft_gault"
    # A child without height has no estimate: nothing to contradict.
    assert kidney_estimate(KB, patient(age_years=6, weight_kg=20, scr=0.3, dialysis=True)).method == "none"


# --- steps 2–3: label context and rule (label_status.csv and dosing_rules.csv rows named in each test) -------


def test_eu_population_of_8_months_and_10_kg():
    # EC-SmPC-2020-FR §4.1: CAPS from 8 months and 10 kg. 9 kg is below; 10 kg exactly is inside.
    inside = label_context(KB, "caps", "eu", 1.0, 10.0)
    assert (inside.label, inside.jurisdiction, inside.status) == ("eu", "eu", "on-label")
    assert "outside_label_population" not in inside.events and "below_eu_population" not in inside.events
    below = label_context(KB, "caps", "eu", 1.0, 9.0)
    assert below.status == "outside-label-population"
    assert {"outside_label_population", "below_eu_population", "child"} <= below.events
    assert below.step.text.endswith("This patient is outside it: weight 9 kg is below 10 kg.")
    young = label_context(KB, "caps", "eu", 0.5, 12.0)  # 6 months
    assert young.step.text.endswith("This patient is outside it: age 6 months is below 8 months.")
    at_8 = label_context(KB, "caps", "eu", 8 / 12, 12.0)
    assert at_8.status == "on-label"


def test_us_label_and_the_eu_population_note():
    # US-PI-2020 §2.2: NOMID has no lower weight in the US; the same 9 kg infant is below the EU population.
    ctx = label_context(KB, "nomid", "us", 0.67, 9.0)
    assert ctx.status == "on-label" and "below_eu_population" in ctx.events
    assert "outside_label_population" not in ctx.events
    assert ctx.step.row == "nomid/us" and ctx.step.text.startswith("NOMID / CINCA (severe CAPS), US label: on-label.")
    # Adults: no "child" event; 18 exactly is adult (US-PI-2026 §1.1, RA ≥ 18 years).
    assert "child" not in label_context(KB, "ra", None, 18.0, 70.0).events
    assert "child" in label_context(KB, "ra", None, 17.9, 70.0).events


def test_default_label_and_off_label():
    assert label_context(KB, "ra", None, 50, 70).jurisdiction == "us"  # indications.csv default_label
    us_stills = label_context(KB, "stills", "us", 30, 60)
    assert us_stills.status == "off-label" and "off_label" in us_stills.events
    gout = label_context(KB, "gout-flare", None, 60, 90)
    assert (gout.label, gout.jurisdiction, gout.status) == (None, "any", "off-label")
    assert "off_label" in gout.events
    assert gout.step.text == ("Gout flare: off-label everywhere. Not labeled in the US or the EU: a teaching regimen "
                              "from trials or practice.")


def test_weight_bands_are_half_open_at_50_kg():
    # DK-PROMEDICIN / MEDSCAPE-NICE-2021 (answer key TV20, TV21): EU Still's ≥ 50 kg 100 mg, < 50 kg 1–2 mg/kg.
    row = {"weight_min_kg": 50.0, "weight_below_kg": None, "age_min_years": None, "age_below_years": None}
    assert in_band(row, 50.0, 30) is True and in_band(row, 49.9, 30) is False
    under = {**row, "weight_min_kg": None, "weight_below_kg": 50.0}
    assert in_band(under, 49.9, 13) is True and in_band(under, 50.0, 13) is False
    adult = {**row, "weight_min_kg": None, "age_min_years": 18.0, "age_below_years": 65.0}
    assert in_band(adult, 70, 18) is True and in_band(adult, 70, 17.9) is False and in_band(adult, 70, 65) is False
    assert find_rule(KB, "stills", ["eu"], 50.0, 30)["rule_id"] == "eu-stills-50kg"
    assert find_rule(KB, "stills", ["eu"], 49.9, 13)["rule_id"] == "eu-stills-under-50kg"
    assert find_rule(KB, "ra", ["any"], 70, 50) is None


def test_rule_choice_and_its_sentence():
    c = select_rule(KB, "stills", "eu", 49.9, 13)
    assert c.rule["rule_id"] == "eu-stills-under-50kg" and c.events == frozenset()
    assert c.step.text.startswith("eu-stills-under-50kg (eu) (weight under 50 kg), 49.9 kg: ")
    assert select_rule(KB, "stills", "eu", 50, 30).step.text.startswith("eu-stills-50kg (eu) (weight 50 kg and over)")
    assert select_rule(KB, "ra", "us", 70, 50).step.text.startswith("us-ra (us) (age 18 years and over), 70 kg: ")
    # An off-label use looks in "any"; a jurisdiction without a rule borrows the other label's, warned.
    assert select_rule(KB, "gout-flare", "any", 90, 60).rule["rule_id"] == "gout-flare"
    dira_eu = select_rule(KB, "dira", "eu", 20, 6)
    assert dira_eu.rule["rule_id"] == "us-dira" and dira_eu.events == {"rule_from_other_label"}
    assert dira_eu.step.text.endswith(" (no EU rule: the US label's rule, for reference)")


# --- step 1: patient ------------------------------------------------------------------------------------------


def test_contradictions_are_refused_naming_both_fields():
    with pytest.raises(InputError) as info:
        patient(dialysis=True, crcl_ml_min=30)
    assert str(info.value) == ("dialysis: True conflicts with crcl_ml_min = 30 mL/min, which is not low; allowed: "
                               "dialysis only with a CrCl below 30 mL/min (or no CrCl)")
    assert patient(dialysis=True, crcl_ml_min=29.9).dialysis is True
    assert patient(dialysis=True).dialysis is True
    for field in ("pregnant", "breastfeeding"):
        with pytest.raises(InputError) as info:
            patient(sex="male", **{field: True})
        assert str(info.value) == (f"{field}: True conflicts with sex = 'male'; allowed: only with sex female or "
                                   "not given")
        with pytest.raises(InputError) as info:
            patient(age_years=9.9, weight_kg=30, **{field: True})
        assert str(info.value) == f"{field}: True conflicts with age_years = 9.9; allowed: only from age 10 years"
        assert getattr(patient(age_years=10, weight_kg=30, sex="female", **{field: True}), field) is True


def test_patient_fields_are_checked_and_kept():
    p = patient(indication="NOMID", weight_kg="9", age_years=0.67, sex="Female", height_cm=70, crcl_ml_min=45,
                anc_1e9_per_l=1.5, child_pugh="B", mg_per_kg=2, concomitant="Methotrexate")
    assert (p.indication, p.weight_kg, p.sex, p.height_cm, p.crcl_ml_min) == ("nomid", 9.0, "female", 70.0, 45.0)
    assert (p.anc_1e9_per_l, p.child_pugh, p.requested_mg_per_kg) == (1.5, "B", 2.0)
    assert [d["name"] for d in p.drugs] == ["methotrexate"]
    with pytest.raises(InputError) as info:
        patient(crcl_ml_min=40, scr=1.0)
    assert str(info.value) == "crcl_ml_min: 40 was given with scr; allowed: either crcl_ml_min or scr, not both"
    for kwargs, field in (({"dialysis": "yes"}, "dialysis"), ({"active_infection": 1}, "active_infection"),
                          ({"pregnant": None}, "pregnant"), ({"breastfeeding": "no"}, "breastfeeding"),
                          ({"child_pugh": "D"}, "child_pugh"), ({"weight_basis": "lean"}, "weight_basis")):
        with pytest.raises(InputError) as info:
            patient(**kwargs)
        assert info.value.field == field
    with pytest.raises(InputError) as info:
        patient(dialysis="yes")
    assert info.value.reason == "is not a yes/no value" and info.value.allowed == "true or false"


def test_drug_names_are_normalised():
    assert [d["name"] for d in check_drugs(["  Yellow_Fever  Vaccine "], KB)] == ["yellow-fever-vaccine"]
    assert [d["name"] for d in check_drugs(("etanercept", "warfarin"), KB)] == ["etanercept", "warfarin"]
    with pytest.raises(InputError) as info:
        check_drugs(["aspirin-x"], KB)
    assert (info.value.field, info.value.value, info.value.reason) == (
        "concomitant", "aspirin-x", "is not a known drug or vaccine")


# --- step 7: safety -------------------------------------------------------------------------------------------


def test_safety_events_at_their_boundaries():
    # EU-SmPC-old §4.3: do not start below 1.5 × 10⁹/L; 1.5 exactly is not below. US-PI-8 §8.5: 65 and over.
    assert safety_findings(KB, patient(anc_1e9_per_l=1.5, age_years=64.9)).events == frozenset()
    s = safety_findings(KB, patient(anc_1e9_per_l=1.49, age_years=65))
    assert s.events == {"anc_low", "geriatric"}
    assert s.step == Step("safety", "checked: neutrophils 1.49 × 10⁹/L, below 1.5; age 65 years, 65 or over", None,
                          ())
    assert safety_findings(KB, patient()).step.text == "checked: no other drugs, vaccines or conditions given"


def test_infants_get_the_infant_vaccine_schedule():
    # thresholds.csv infant_schedule_below_age = 2 years (live vaccines in the infant schedule; US-PI-2020 §5).
    s = safety_findings(KB, patient(indication="nomid", weight_kg=10, age_years=1.5))
    assert s.events == {"infant"}
    assert s.step.text == "checked: age 1.5 years: infant vaccine schedule"
    assert safety_findings(KB, patient(indication="nomid", weight_kg=10, age_years=1.99)).events == {"infant"}
    assert safety_findings(KB, patient(indication="nomid", weight_kg=10, age_years=2)).events == frozenset()


def test_safety_events_from_drugs_and_conditions():
    s = safety_findings(KB, patient(concomitant=["etanercept", "mmr-vaccine", "warfarin", "rituximab"],
                                    active_infection=True, child_pugh="C", sex="female", pregnant=True,
                                    breastfeeding=True))
    assert s.events == {"biologic", "tnf_inhibitor", "live_vaccine", "monitor_drug", "non_tnf_biologic",
                        "active_infection", "hepatic", "pregnancy", "breastfeeding"}
    assert s.step.text.endswith("; active serious infection; Child-Pugh C; pregnancy; breastfeeding")
    assert s.step.text.startswith("checked: etanercept (tnf inhibitor); ")
    assert s.step.citations and s.step.citations == tuple(str(r) for r in s.refs)
    assert "hepatic" in safety_findings(KB, patient(child_pugh="B")).events
    assert safety_findings(KB, patient(child_pugh="A")).events == frozenset()


# --- step 8: findings (warnings.csv rows named by code) --------------------------------------------------------


def test_warnings_stop_first_and_by_jurisdiction():
    rows, _ = select_warnings(KB, frozenset({"anc_low", "active_infection"}), "ra", "eu")
    codes = [w["code"] for w in rows]
    assert codes[:2] == ["do_not_start_active_infection", "anc_do_not_initiate"]
    assert "anc_low_us" not in codes and "neutrophil_monitoring_eu" in codes and "neutrophil_monitoring_us" not in codes
    severities = [w["severity"] for w in rows]
    assert severities == sorted(severities, key=["stop", "warn", "info"].index)
    us, _ = select_warnings(KB, frozenset({"anc_low"}), "ra", "us")
    assert "anc_low_us" in [w["code"] for w in us] and "anc_do_not_initiate" not in [w["code"] for w in us]
    both, _ = select_warnings(KB, frozenset(), "gout-flare", "any")
    assert {"neutrophil_monitoring_us", "neutrophil_monitoring_eu", "gout_second_line"} <= {w["code"] for w in both}
    assert "dira_hypersensitivity" not in {w["code"] for w in both}


def test_the_unverified_warning_comes_once():
    rows, _ = select_warnings(KB, frozenset({"unverified_rule"}), "ra", "us")
    assert [w["code"] for w in rows].count("unverified_rule") == 1
    plain, plain_added = select_warnings(KB, frozenset(), "ra", "us")
    unconfirmed = any(w["verification"] == "unconfirmed" for w in plain)
    assert ("unverified_rule" in plain_added) == unconfirmed
    assert ([w["code"] for w in plain].count("unverified_rule") == 1) == unconfirmed


def test_flags_from_events_and_stop_warnings():
    stop_anc = {"severity": "stop", "trigger": "anc_low"}
    assert flags_of({"anc_low"}, [stop_anc]) == ("do_not_start",)
    assert flags_of({"anc_low"}, [{"severity": "warn", "trigger": "anc_low"}]) == ()
    assert flags_of({"live_vaccine"}, [{"severity": "stop", "trigger": "live_vaccine"}]) == ("live_vaccine_conflict",)
    assert flags_of({"start_limited", "biologic", "child"}, []) == ("capped_at_maximum", "combination_not_recommended")
    assert flags_of({"unverified_rule", "renal_every_other_day"}, []) == ("renal_every_other_day", "unverified_rule")


def test_disagreements_for_their_trigger():
    ids = {d["id"] for d in select_disagreements(KB, frozenset({"breastfeeding"}), "ra")}
    assert "breastfeeding" in ids
    assert "breastfeeding" not in {d["id"] for d in select_disagreements(KB, frozenset(), "ra")}


# --- the orchestrator -----------------------------------------------------------------------------------------


def test_kidney_threshold():
    # US-PI-2020 §2.4 (US), DK-PROMEDICIN (EU): below 30 mL/min. No every-other-day rule for MAS (off-label).
    assert kidney_threshold_ml_min("ra", "us") == 30.0
    assert kidney_threshold_ml_min("ra") == 30.0
    assert kidney_threshold_ml_min("caps", "eu") == 30.0
    assert kidney_threshold_ml_min("mas") is None
    assert kidney_threshold_ml_min() == 30.0  # default: RA on its default (US) label
    # Off-label uses: the label argument is ignored (the EU every-other-day rule is not borrowed).
    assert kidney_threshold_ml_min("mas", "us") is None
    assert kidney_threshold_ml_min("mas", "eu") is None
    assert kidney_threshold_ml_min("gout-flare", "eu") is None
    with pytest.raises(InputError) as info:
        kidney_threshold_ml_min("nope")
    assert info.value.field == "indication"


def test_indication_ids_in_table_order():
    assert indication_ids()[:3] == ("ra", "nomid", "dira")
    assert indication_ids(KB) == tuple(KB.indications)


def test_regimen_assembles_the_steps_tv02():
    # Answer key TV02: RA, US, 80 y woman, 50 kg, SCr 1.4 → 25.3 mL/min → 100 mg every other day.
    r = regimen("ra", 50, 80, sex="female", scr=1.4)
    assert (r.action, r.interval_hours, r.rule_id, r.kidney_rule_id) == ("dose", 48, "us-ra", "us-label-severe")
    assert r.crcl_method == "cockcroft_gault" and round(r.crcl_ml_min, 1) == 25.3
    assert [s.step for s in r.steps] == ["label", "rule", "starting dose", "maximum", "kidney estimate",
                                         "kidney rule", "syringe", "safety", "outcome"]
    assert {"renal_every_other_day", "geriatric", "formulas_disagree"} <= set(r.events)
    assert r.flags == ("renal_every_other_day",)
    assert r.steps[-1].text.startswith("answer: the regimen above; 0 stop and ")
    assert r.steps[-1].text.endswith("flags: renal_every_other_day")


def test_regimen_in_umol_per_l_with_a_requested_dose():
    # 123.76 µmol/L = 1.4 mg/dL (÷ 88.4): the same 25.3 mL/min as TV02.
    assert round(regimen("ra", 50, 80, sex="female", scr=123.76, scr_unit="umol/L").crcl_ml_min, 1) == 25.3
    # TV17: NOMID 20 kg on 2 mg/kg → 40 mg/day, next 50–60 mg/day; ideal weight needs a height.
    r = regimen("nomid", 20, 6, mg_per_kg=2)
    assert (r.dose_daily_mg, r.dose_mg, r.next_titration_mg) == (40.0, 40.0, (50.0, 60.0))
    with pytest.raises(InputError):
        regimen("ra", 70, 50, sex="male", scr=1.0, weight_basis="ideal")


def test_stops_and_the_outcome_sentence():
    r = regimen("ra", 70, 50, active_infection=True)  # US-PI-2020 §5: not during an active serious infection
    assert r.action == "do_not_start" and "do_not_start" in r.flags
    assert r.steps[-1].text.startswith("answer: do not start; 1 stop and ")
    g = regimen("gout-flare", 60, 78, crcl_ml_min=17.2)  # answer key TV27
    assert g.action == "no_sourced_regimen"
    assert g.steps[-1].text.startswith("answer: no sourced regimen: decide with the treating clinician; ")
    eu_anc = regimen("ra", 70, 50, label="eu", anc_1e9_per_l=1.2)  # answer key TV37 (EU)
    assert eu_anc.action == "do_not_start"
    assert regimen("ra", 70, 50, label="us", anc_1e9_per_l=1.2).action == "dose"


def test_eu_stills_by_weight_is_marked():
    # EU Still's under 50 kg is by weight (TV21); at 50 kg it is the flat 100 mg (TV20); US SJIA is not EU.
    under = regimen("sjia", 49.9, 13, label="eu")
    assert {"eu_weight_based_stills", "child", "stills"} <= set(under.events)
    assert "eu_weight_based_stills" not in regimen("sjia", 50, 13, label="eu").events
    assert "eu_weight_based_stills" not in regimen("sjia", 20, 5, label="us").events
    assert "eu_weight_based_stills" not in regimen("fmf", 20, 5, label="eu").events


def test_regimen_passes_every_input_on():
    r = regimen("nomid", 9, 0.67, label="eu", height_cm=70, crcl_ml_min=45, concomitant=["warfarin"],
                anc_1e9_per_l=2.0, child_pugh="B")
    assert (r.label, r.status, r.crcl_ml_min, r.crcl_method) == ("eu", "outside-label-population", 45.0, "given")
    assert {"monitor_drug", "hepatic", "below_eu_population", "renal_caution"} <= set(r.events)
    assert r.kidney_rule_id == "eu-moderate"
    preg = regimen("ra", 60, 30, sex="female", pregnant=True, breastfeeding=True, dialysis=True)
    assert {"pregnancy", "breastfeeding", "dialysis"} <= set(preg.events) and preg.interval_hours == 48
    assert regimen("ra", 70, 50, label="EU").label == "eu"
    with pytest.raises(InputError):
        regimen("ra", 70, 50, label="uk")
    assert regimen("gout-flare", 90, 65, label="uk").label is None  # ignored for off-label uses


# --- the whole answer, field by field ---------------------------------------------------------------------------


def test_nomid_20_kg_on_2_mg_per_kg_field_by_field():
    # Answer key TV10/TV17 (US-PI-2020 §2.2; US-PI-2018 §3): 20 kg child, 1–2 mg/kg/day = 20–40 mg/day, steps
    # 0.5–1 mg/kg = 10–20 mg, maximum 8 mg/kg/day = 160 mg/day (2 syringes a day at the maximum), may split;
    # on 2 mg/kg: 40 mg/day = 0.267 mL, next step 50–60 mg/day.
    r = regimen("nomid", 20, 6, mg_per_kg=2)
    assert (r.indication, r.label, r.status, r.action) == ("nomid", "us", "on-label", "dose")
    assert r.indication_name == KB.indications["nomid"]["name"]
    assert (r.rule_id, r.rule_jurisdiction, r.basis) == ("us-nomid", "us", "weight")
    assert r.rule_text == next(x["rule_text"] for x in KB.dosing_rules if x["rule_id"] == "us-nomid")
    assert (r.weight_kg, r.age_years, r.requested_mg_per_kg) == (20.0, 6.0, 2.0)
    assert (r.start_mg_per_kg, r.start_dose_mg, r.start_daily_mg) == ((1.0, 2.0), (20.0, 40.0), (20.0, 40.0))
    assert (r.dose_mg, r.dose_daily_mg, r.next_titration_mg, r.titration_step_mg) == (40.0, 40.0, (50.0, 60.0),
                                                                                      (10.0, 20.0))
    assert (r.maintenance_mg, r.max_mg_per_kg_day, r.max_daily_cap_mg, r.max_daily_mg) == (None, 8.0, None, 160.0)
    assert (r.interval_hours, r.doses_per_day, r.split_allowed) == (24, 1.0, True)
    assert (r.course_days, r.doses_in_course) == (None, None)
    assert [(s.dose_mg, round(s.volume_ml, 3), s.syringes) for s in r.syringe] == [(40.0, 0.267, 1)]
    assert (r.syringes_per_day_at_start, r.syringes_per_day_at_max) == (1, 2)
    assert (r.crcl_ml_min, r.crcl_method, r.kidney, r.kidney_rule_id, r.kidney_rule_text, r.dialysis) == (
        None, "none", None, None, None, False)
    assert r.population == KB.label_status[("nomid", "us")]["population"]
    assert r.notes == ()
    assert "US-PI-2020 §2.2" in r.citations and len(set(r.citations)) == len(r.citations)
    codes = [w.code for w in r.warnings]
    assert "serious_infections" in codes and "neutrophil_monitoring_us" in codes
    w = r.warnings[codes.index("serious_infections")]
    row = next(x for x in KB.warnings if x["code"] == "serious_infections")
    assert (w.severity, w.text, w.citations) == ("info", row["text"], tuple(str(c) for c in row["refs"]))
    assert all(isinstance(c, str) and c for w in r.warnings for c in w.citations)
    assert [d.id for d in r.disagreements] == ["neutrophil-schedule"]
    d = r.disagreements[0]
    row = next(x for x in KB.disagreements if x["id"] == "neutrophil-schedule")
    assert (d.topic, d.position_a, d.position_b) == (row["topic"], row["position_a"], row["position_b"])
    assert d.sources_a == tuple(str(c) for c in row["refs_sources_a"]) and d.sources_a
    assert d.sources_b == tuple(str(c) for c in row["refs_sources_b"]) and d.sources_b
    assert r.steps[-1].citations == ()


def test_indication_specific_warnings_and_disagreements_reach_the_answer():
    # Gout flare (answer key TV26): the ACR 2020 second-line warning and the two course regimens (So 2007, Saag
    # 2021) as a disagreement; 3–5 days; no fixed number of doses.
    g = regimen("gout-flare", 90, 65)
    assert "gout_second_line" in [w.code for w in g.warnings]
    assert "gout-regimens" in [d.id for d in g.disagreements]
    assert (g.course_days, g.doses_in_course) == ((3, 5), None)
    assert "course" in [s.step for s in g.steps]
    assert "gout-regimens" not in [d.id for d in regimen("ra", 70, 50).disagreements]
    # US-EUA-2022: below 30 mL/min, 100 mg every other day, 5 doses over 10 days.
    c = regimen("covid-19", 70, 50, label="us", crcl_ml_min=20)
    assert (c.interval_hours, c.course_days, c.doses_in_course) == (48, (10, 10), 5)
    assert c.kidney_rule_id == "us-eua-covid-severe" and c.kidney_rule_text
    assert c.start_per_kg_text is None


def test_the_syringe_mark_sources_are_cited_only_below_the_mark():
    # US-PI-2018 §3 / EU-PL-2022 §3: the lowest mark is 20 mg; 9–18 mg is below it (answer key TV11).
    below = regimen("nomid", 9, 0.67)
    marks = [str(r) for r in KB.product["graduation_min"]["refs"]]
    assert all(m in below.citations for m in marks)
    assert not any(m in regimen("ra", 70, 50).citations for m in marks)


def test_the_outcome_sentence_counts_warnings():
    r = regimen("ra", 70, 50, active_infection=True, concomitant=["etanercept"])
    stops = sum(w.severity == "stop" for w in r.warnings)
    assert stops == 2  # active infection (US-PI-2020 §5) and the TNF-inhibitor combination
    others = len(r.warnings) - stops
    assert r.steps[-1] == Step("outcome", f"answer: do not start; 2 stop and {others} other warnings, "
                               f"{len(r.disagreements)} disagreements shown; flags: combination_not_recommended, "
                               "do_not_start", None, ())
    plain = regimen("ra", 70, 50)
    assert plain.steps[-1].text.endswith("; flags: none")


def test_rule_choice_the_kidney_rule_and_the_label_errors_reach_the_answer():
    # US adult Still's is by age (18 and over: the AOSD regimen); the age reaches the rule choice.
    assert regimen("stills", 70, 30, label="us").rule_id == "us-stills-adult-offlabel"
    # Quartier 2011 (TV23): US SJIA starts at 2 mg/kg, at most 100 mg: 60 kg → 100 mg/day, limited.
    s = regimen("sjia", 60, 15, label="us")
    assert s.start_daily_mg == (100.0, 100.0) and "start_limited" in s.events
    assert "rule_from_other_label" in regimen("dira", 20, 6, label="eu").events
    with pytest.raises(InputError) as info:
        regimen("ra", 70, 50, label="uk")
    assert info.value.field == "label"
    with pytest.raises(InputError) as info:
        regimen("ra", 70, 50, mg_per_kg=2)
    assert info.value.allowed == "only for weight-based regimens; ra uses a flat dose"
    # A child's creatinine with a height gives bedside Schwartz (Schwartz 2009: 0.413 × 120 / 0.5 = 99.1).
    child = regimen("nomid", 20, 6, scr=0.5, height_cm=120)
    assert child.crcl_method == "bedside_schwartz" and round(child.crcl_ml_min, 1) == 99.1
    assert child.kidney is not None and child.kidney.height_cm == 120


def test_a_kidney_rule_that_would_stretch_a_twice_daily_rule_is_a_data_error():
    rules = (*KB.kidney_rules, krule("bad", ("mas",), "any", 30.0, "every_other_day"))
    kb = KB._replace(kidney_rules=tuple(r for r in rules if r["rule_id"] != "no-source-severe"))
    with pytest.raises(DataError) as info:
        regimen("mas", 30, 8, crcl_ml_min=20, kb=kb)
    assert "of mas-under-40kg to every other day" in str(info.value)


class RulesTable:
    """The part of the tables the rule choice reads: the dosing rules, in order."""

    def __init__(self, *rules):
        self.dosing_rules = rules


def drule(rule_id, jurisdiction, **fields):
    row = {"rule_id": rule_id, "indication_ids": ("x",), "jurisdiction": jurisdiction, "weight_min_kg": None,
           "weight_below_kg": None, "age_min_years": None, "age_below_years": None, "unconfirmed_fields": None,
           "verification": "confirmed", "rule_text": f"text of {rule_id}", "refs": ("SRC-a", "SRC-b", "SRC-a")}
    row.update(fields)
    return row


def test_a_weight_band_names_the_rule_across_its_boundary():
    # EU Still's: 1–2 mg/kg/day below 50 kg, 100 mg from 50 kg (DK-PROMEDICIN; answer key TV20, TV21).
    under = drule("under", "eu", weight_below_kg=50.0)
    over = drule("over", "eu", weight_min_kg=50.0)
    elsewhere = drule("us-over", "us", weight_min_kg=50.0)
    kb = RulesTable(under, over, elsewhere)
    assert select_rule(kb, "x", "eu", 49.9, 13).notes == (
        "Weight band: from 50 kg the rule is over (text of over), so the dose and the maximum change at the "
        "boundary.",)
    assert select_rule(kb, "x", "eu", 50, 30).notes == (
        "Weight band: below 50 kg the rule is under (text of under), so the dose and the maximum change at the "
        "boundary.",)
    assert select_rule(RulesTable(under, elsewhere), "x", "eu", 49.9, 13).notes == ()
    other_use = {**over, "indication_ids": ("y",)}
    assert select_rule(RulesTable(under, other_use), "x", "eu", 49.9, 13).notes == ()
    assert select_rule(RulesTable(under, drule("o45", "eu", weight_min_kg=45.0)), "x", "eu", 40, 13).notes == ()


def test_rule_choice_from_rows():
    teaching = drule("teaching", "any", unconfirmed_fields="max_mg_day; start_cap_mg;", verification="unconfirmed")
    c = select_rule(RulesTable(teaching), "x", "us", 70, 50)
    assert c.rule is teaching and c.events == {"unverified_rule"}
    assert c.unconfirmed_fields == {"max_mg_day", "start_cap_mg"}
    assert c.notes == ("Not confirmed as label text: max mg day, start cap mg (shown for teaching; a dose relying "
                       "on it is flagged).",)
    assert c.refs == ("SRC-a", "SRC-b", "SRC-a")
    assert c.step == Step("rule", "teaching (any), 70 kg: text of teaching", "teaching", ("SRC-a", "SRC-b"))
    # The jurisdiction's own rule comes before the teaching rule; the other label's comes last, warned.
    own = drule("own", "us", weight_min_kg=10.0, weight_below_kg=50.0, age_min_years=2.0, age_below_years=18.0)
    other = drule("other", "eu")
    kb = RulesTable(teaching, other, own)
    assert select_rule(kb, "x", "us", 20, 5).rule["rule_id"] == "own"
    assert select_rule(kb, "x", "us", 20, 5).step.text == (
        "own (us) (weight 10 to under 50 kg; age 2 to under 18 years), 20 kg: text of own")
    assert select_rule(kb, "x", "us", 50, 5).rule["rule_id"] == "teaching"
    assert select_rule(kb, "x", "us", 20, 18).rule["rule_id"] == "teaching"
    borrowed = select_rule(RulesTable(other, own), "x", "us", 70, 50)
    assert borrowed.rule["rule_id"] == "other" and borrowed.events == {"rule_from_other_label"}
    assert borrowed.step.text == "other (eu), 70 kg: text of other (no US rule: the EU label's rule, for reference)"
    assert select_rule(RulesTable(drule("eu-by-weight", "eu", weight_below_kg=50.0)), "x", "us", 20, 5).rule[
        "rule_id"] == "eu-by-weight"
    assert select_rule(RulesTable(own), "x", "eu", 20, 5).rule["rule_id"] == "own"
    with pytest.raises(InputError) as info:
        select_rule(RulesTable(own), "x", "us", 60, 5)
    assert str(info.value) == ("weight_kg: 60 is not covered by any source for x at 60 kg and 5 years (no dose shown: "
                               "a rule is not applied by analogy); allowed: US: weight 10 to under 50 kg; age 2 to "
                               "under 18 years")
    with pytest.raises(InputError) as info:  # inside the weight band, outside the age band: the age is named
        select_rule(RulesTable(own), "x", "us", 20, 30)
    assert info.value.field == "age_years" and info.value.value == 30
    plain = select_rule(RulesTable(drule("plain", "us", unconfirmed_fields="")), "x", "us", 70, 50)
    assert plain.unconfirmed_fields == frozenset() and plain.notes == () and plain.events == frozenset()


def test_patient_limits_come_from_the_tables_and_weight_includes_its_minimum():
    rows = dict(KB.input_limits)
    narrow = {"weight_kg": 80.0, "age_years": 60.0, "height_cm": 150.0, "crcl_ml_min": 100.0, "anc_1e9_per_l": 5.0,
              "mg_per_kg": 3.0}
    for field, top in narrow.items():
        rows[field] = {**rows[field], "max": top}
    kb = KB._replace(input_limits=MappingProxyType(rows))
    base = dict(sex=None, height_cm=None, crcl_ml_min=None, scr=None, scr_unit="mg/dL", dialysis=False,
                mg_per_kg=None, concomitant=(), active_infection=False, anc_1e9_per_l=None, pregnant=False,
                breastfeeding=False, weight_basis="actual", child_pugh=None)
    assert check_patient(kb, "nomid", 80, 60, **base).weight_kg == 80
    for field, value in (("weight_kg", 81), ("age_years", 61), ("height_cm", 151), ("crcl_ml_min", 101),
                         ("anc_1e9_per_l", 5.1), ("mg_per_kg", 3.1)):
        weight, age = (value if field == "weight_kg" else 20), (value if field == "age_years" else 6)
        given = {**base, **({"mg_per_kg" if field == "mg_per_kg" else field: value}
                            if field not in ("weight_kg", "age_years") else {})}
        with pytest.raises(InputError) as info:
            check_patient(kb, "nomid", weight, age, **given)
        assert info.value.field == field
    # input_limits.csv: weight from 0.5 kg, the minimum included.
    assert patient(indication="nomid", weight_kg=0.5, age_years=0).weight_kg == 0.5


def test_patient_errors_name_the_field_and_the_value():
    for kwargs, field in (({"indication": "nope"}, "indication"), ({"sex": "x"}, "sex")):
        with pytest.raises(InputError) as info:
            patient(**kwargs)
        assert info.value.field == field
    with pytest.raises(InputError) as info:
        patient(pregnant="yes")
    assert (info.value.field, info.value.value) == ("pregnant", "yes")
    with pytest.raises(InputError) as info:
        check_drugs(["nope"], KB)
    assert info.value.allowed == ", ".join(KB.concomitant)
    with pytest.raises(InputError) as info:
        check_drugs([5], KB)  # not a name: refused, not normalised
    assert (info.value.field, info.value.value) == ("concomitant", 5)


def test_an_unconfirmed_warning_makes_the_answer_unverified():
    # warnings.csv: renal_no_sourced_rule is unconfirmed (answer key TV27 is a U row).
    rows, added = select_warnings(KB, frozenset({"renal_no_sourced_rule"}), "gout-flare", "any")
    assert added == {"unverified_rule"}
    assert [w["code"] for w in rows].count("unverified_rule") == 1


def test_more_fields_reach_the_answer():
    # EU-SmPC-2025 §4.2 (TV19): severe CAPS 40 kg, maintenance 3–4 mg/kg = 120–160 mg/day.
    assert regimen("caps", 40, 12, label="eu").maintenance_mg == (120.0, 160.0)
    assert regimen("sjia", 20, 5, label="us").max_daily_cap_mg == 200.0  # TV23: at most 200 mg
    assert any(n.startswith("Weight band:") for n in regimen("stills", 49.9, 13, label="eu").notes)
    # FMF in the US (off-label): no FMF or US-wide kidney rule, so the general no-source row applies.
    assert regimen("fmf", 70, 40, label="us", crcl_ml_min=20).kidney_rule_id == "no-source-severe"
    # A drug that is not a conflict raises nothing (concomitant.csv kind not_a_conflict: methotrexate).
    assert safety_findings(KB, patient(concomitant=["methotrexate"])).events == frozenset()
    # An empty creatinine unit falls back to mg/dL.
    e = kidney_estimate(KB, patient(weight_kg=50, age_years=80, sex="female", scr=1.4, scr_unit=""))
    assert round(e.crcl_ml_min, 1) == 25.3


def test_off_label_and_outside_population_sentences():
    gout = label_context(KB, "gout-flare", None, 60, 90)
    assert gout.population == "Not labeled in the US or the EU: a teaching regimen from trials or practice."
    assert (gout.step.step, gout.step.row) == ("label", "gout-flare")
    assert gout.step.citations and gout.step.citations == tuple(dict.fromkeys(str(r) for r in gout.refs))
    us = label_context(KB, "ra", "us", 50, 70)
    assert us.step.citations == tuple(dict.fromkeys(str(r) for r in us.refs)) and us.step.citations
    # 7.8 months (0.65 years) is below the EU 8 months (EC-SmPC-2020-FR §4.1).
    assert label_context(KB, "caps", "eu", 0.65, 12.0).status == "outside-label-population"
    both = label_context(KB, "caps", "eu", 0.5, 9.0)
    assert both.step.text.startswith("CAPS")
    assert both.step.text.endswith("This patient is outside it: age 6 months is below 8 months; weight 9 kg is "
                                   "below 10 kg.")
    # An off-label status stays off-label even for a patient outside that row's limits (COVID-19 US, a child).
    assert label_context(KB, "covid-19", "us", 10, 30).status == "off-label"


def test_kidney_estimate_uses_the_tables_it_is_given():
    eq = dict(KB.kidney_equations)
    eq[("cockcroft_gault", "female_factor")] = {**eq[("cockcroft_gault", "female_factor")], "value": 0.5}
    kb = KB._replace(kidney_equations=MappingProxyType(eq))
    p = patient(weight_kg=50, age_years=80, sex="female", scr=1.4)
    assert kidney_estimate(kb, p).crcl_ml_min == pytest.approx(3000 / 100.8 * 0.5, rel=1e-12)


def test_band_edges_hold_whatever_the_row_order():
    # 20 mL/min is below the 30–60 caution band (DK-PROMEDICIN): with that row first it must not match.
    assert decide(20.0, jurisdiction="eu", kb=RulesOnly(EU_MODERATE, EU_SEVERE)).rule_id == "eu-severe"


def test_dialysis_with_an_estimate_of_exactly_30_is_refused():
    # (140 − 68) × 30 / (72 × 1.0) = 30.0 mL/min: not below 30 (US-PI-2020 §2.4), so dialysis contradicts it.
    with pytest.raises(InputError) as info:
        kidney_estimate(KB, patient(weight_kg=30, age_years=68, sex="male", scr=1.0, dialysis=True))
    assert info.value.field == "dialysis"


def test_infant_age_is_not_rounded_up_to_the_limit_in_the_trace() -> None:
    # thresholds.csv infant_schedule_below_age = 2 years: 1.99 years is inside and must not read "age 2 years".
    s = safety_findings(KB, patient(indication="nomid", weight_kg=10, age_years=1.99))
    assert "age 1.99 years: infant vaccine schedule" in s.step.text
