"""The kidney equations one by one, against arithmetic written out from the papers.

Cockcroft DW, Gault MH. Nephron 1976: CrCl = (140 − age) × weight / (72 × SCr), × 0.85 if female.
Devine 1974: IBW = 50 kg (male) or 45.5 kg (female) + 2.3 kg per inch over 60 in (2.54 cm per inch);
adjusted weight = IBW + 0.4 × (actual − IBW). Inker 2021 (CKD-EPI 2021): 142 × min(SCr/κ, 1)^α ×
max(SCr/κ, 1)^−1.200 × 0.9938^age × 1.012 if female; κ 0.7 / 0.9, α −0.241 / −0.302 (female / male).
Schwartz 2009: 0.413 × height [cm] / SCr [mg/dL]. 88.4 µmol/L per mg/dL. WHO BMI bands 18.5, 25, 30.
"""

from __future__ import annotations

from types import MappingProxyType

import pytest

from anakinra_edu.inputs import InputError
from anakinra_edu.kidney import (
    adjusted_body_weight,
    bedside_schwartz,
    body_mass_index,
    ckd_epi_2021,
    cockcroft_gault,
    creatinine_to_mg_dl,
    ideal_body_weight,
    kidney_function,
)
from anakinra_edu.knowledge import load_knowledge

EXACT = {"rel": 1e-12}


def ckd(age, scr, female):
    kappa, alpha = (0.7, -0.241) if female else (0.9, -0.302)
    r = scr / kappa
    return 142 * min(r, 1) ** alpha * max(r, 1) ** -1.2 * 0.9938 ** age * (1.012 if female else 1)


def test_creatinine_units():
    assert creatinine_to_mg_dl(1.4, "mg/dL") == 1.4
    assert creatinine_to_mg_dl(123.76, "umol/L") == pytest.approx(1.4, **EXACT)
    assert creatinine_to_mg_dl(88.4, "µmol/L") == pytest.approx(1.0, **EXACT)
    assert creatinine_to_mg_dl(88.4, "μmol/L") == pytest.approx(1.0, **EXACT)  # Greek mu
    assert creatinine_to_mg_dl(88.4, "UMOL/L") == pytest.approx(1.0, **EXACT)


def test_creatinine_limits_follow_the_unit():
    # input_limits.csv: 0.1–20 mg/dL, i.e. 8.84–1768 µmol/L.
    assert creatinine_to_mg_dl(20, "mg/dL") == 20
    with pytest.raises(InputError) as info:
        creatinine_to_mg_dl(20.1, "mg/dL")
    assert str(info.value) == "scr: 20.1 is outside the plausible range; allowed: 0.1 to 20 mg/dL"
    assert creatinine_to_mg_dl(1768, "umol/L") == pytest.approx(20, **EXACT)
    with pytest.raises(InputError) as info:
        creatinine_to_mg_dl(8.8, "umol/L")
    assert str(info.value) == "scr: 8.8 is outside the plausible range; allowed: 8.84 to 1768 umol/L"
    with pytest.raises(InputError) as info:
        creatinine_to_mg_dl(1.0, "mmol/L")
    assert info.value.field == "scr_unit"


def test_ideal_and_adjusted_weight():
    # 175 cm = 68.898 in: male 50 + 2.3 × 8.898 = 70.465 kg; female 45.5 + 2.3 × 8.898 = 65.965 kg.
    assert ideal_body_weight(175, "male") == pytest.approx(50 + 2.3 * (175 / 2.54 - 60), **EXACT)
    assert ideal_body_weight(175, "female") == pytest.approx(45.5 + 2.3 * (175 / 2.54 - 60), **EXACT)
    assert ideal_body_weight(152.4, "female") == pytest.approx(45.5, **EXACT)  # 60 in exactly
    assert adjusted_body_weight(100, 70) == pytest.approx(70 + 0.4 * 30, **EXACT)


def test_body_mass_index():
    assert body_mass_index(80, 200) == 20.0  # 80 / 2.0²
    assert body_mass_index(72.9, 180) == pytest.approx(72.9 / 3.24, **EXACT)


def test_cockcroft_gault():
    # Answer key TV02: (140 − 80) × 50 / (72 × 1.4) × 0.85 = 25.30 mL/min; male: 29.76 mL/min.
    assert cockcroft_gault(80, 50, 1.4, "female") == pytest.approx(60 * 50 / (72 * 1.4) * 0.85, **EXACT)
    assert cockcroft_gault(80, 50, 1.4, "male") == pytest.approx(60 * 50 / (72 * 1.4), **EXACT)
    assert cockcroft_gault(40, 72, 1.0, "male") == 100.0


def test_ckd_epi_2021_on_both_sides_of_kappa():
    # Answer key TV02: 80 y woman, 1.4 mg/dL (above κ 0.7) → 38.0 mL/min/1.73 m².
    assert ckd_epi_2021(80, 1.4, "female") == pytest.approx(ckd(80, 1.4, True), **EXACT)
    assert round(ckd_epi_2021(80, 1.4, "female"), 1) == 38.0
    # Below κ: the α term; a man at 0.6 mg/dL and at 1.3 mg/dL (κ 0.9).
    assert ckd_epi_2021(50, 0.6, "male") == pytest.approx(ckd(50, 0.6, False), **EXACT)
    assert ckd_epi_2021(50, 1.3, "male") == pytest.approx(ckd(50, 1.3, False), **EXACT)
    assert ckd_epi_2021(30, 0.5, "female") == pytest.approx(ckd(30, 0.5, True), **EXACT)
    # At SCr = κ both terms are 1: 142 × 0.9938^age.
    assert ckd_epi_2021(0, 0.9, "male") == pytest.approx(142, **EXACT)


def test_bedside_schwartz():
    assert bedside_schwartz(120, 0.5) == pytest.approx(0.413 * 120 / 0.5, **EXACT)


def test_kidney_function_adult_with_height_has_every_estimate():
    # 60 y man, 100 kg, 180 cm, 1.2 mg/dL: BMI 30.86; IBW 74.99 kg; adjusted 84.99 kg.
    k = kidney_function(60, 1.2, sex="male", weight_kg=100, height_cm=180)
    ibw = 50 + 2.3 * (180 / 2.54 - 60)
    adj = ibw + 0.4 * (100 - ibw)
    cg = lambda w: 80 * w / (72 * 1.2)  # noqa: E731
    assert (k.age_years, k.sex, k.scr_mg_dl, k.weight_kg, k.height_cm) == (60, "male", 1.2, 100, 180)
    assert k.bmi == pytest.approx(100 / 1.8 ** 2, **EXACT)
    c = k.cockcroft_gault
    assert c.actual == pytest.approx(cg(100), **EXACT)
    assert c.ideal == pytest.approx(cg(ibw), **EXACT)
    assert c.adjusted == pytest.approx(cg(adj), **EXACT)
    assert c.ideal_weight_kg == pytest.approx(ibw, **EXACT)
    assert c.adjusted_weight_kg == pytest.approx(adj, **EXACT)
    # BMI ≥ 25: the MedCalc-Bench rule uses the adjusted weight.
    assert c.bmi_rule_weight_kg == pytest.approx(adj, **EXACT) and c.bmi_rule == pytest.approx(cg(adj), **EXACT)
    assert k.ckd_epi_2021 == pytest.approx(ckd(60, 1.2, False), **EXACT)
    assert k.bedside_schwartz is None
    used = k.used_for_dosing
    assert (used.method, used.weight_basis) == ("cockcroft_gault", "actual")
    assert used.value_ml_min == pytest.approx(cg(100), **EXACT)
    # BMI 30.9 ≥ 30: the obese note is added to the reason.
    assert used.reason.endswith(" BMI is in the obese range: compare the ideal and adjusted-weight results shown.")
    assert used.reason.startswith("The label's threshold is a creatinine clearance in mL/min")


def test_bmi_rule_bands():
    # BMI < 18.5: actual weight; 18.5 to < 25: the lower of ideal and actual; ≥ 25: adjusted (MedCalc-Bench).
    thin = kidney_function(60, 1.0, sex="female", weight_kg=45, height_cm=170)  # BMI 15.6
    assert thin.cockcroft_gault.bmi_rule_weight_kg == 45
    normal = kidney_function(60, 1.0, sex="female", weight_kg=65, height_cm=170)  # BMI 22.5, IBW 61.6
    assert normal.cockcroft_gault.bmi_rule_weight_kg == pytest.approx(45.5 + 2.3 * (170 / 2.54 - 60), **EXACT)
    light = kidney_function(60, 1.0, sex="male", weight_kg=60, height_cm=180)  # BMI 18.5, IBW 74.99 > 60
    assert light.bmi == pytest.approx(18.5185, rel=1e-4)
    assert light.cockcroft_gault.bmi_rule_weight_kg == 60
    # BMI exactly 25 (81 kg at 180 cm): adjusted weight, 74.99 + 0.4 × (81 − 74.99).
    edge = kidney_function(60, 1.0, sex="male", weight_kg=81, height_cm=180)
    assert edge.bmi == 25.0
    ibw = 50 + 2.3 * (180 / 2.54 - 60)
    assert edge.cockcroft_gault.bmi_rule_weight_kg == pytest.approx(ibw + 0.4 * (81 - ibw), **EXACT)
    # BMI exactly 18.5 is the normal band: the lower of ideal (66.99 kg at 1.7 m, male) and actual 53.465 kg.
    at = kidney_function(60, 1.0, sex="male", weight_kg=18.5 * 1.7 * 1.7, height_cm=170)
    assert at.cockcroft_gault.bmi_rule_weight_kg == pytest.approx(18.5 * 1.7 * 1.7, **EXACT)


def test_the_obese_note_starts_at_bmi_30():
    below = kidney_function(60, 1.0, sex="male", weight_kg=96, height_cm=180)  # BMI 29.6
    assert "obese" not in below.used_for_dosing.reason
    at = kidney_function(60, 1.0, sex="male", weight_kg=97.2, height_cm=180)  # BMI 30.0
    assert "obese" in at.used_for_dosing.reason
    chosen = kidney_function(60, 1.0, sex="male", weight_kg=120, height_cm=180, weight_basis="adjusted")
    assert "obese" not in chosen.used_for_dosing.reason


def test_chosen_weight_basis_is_used_and_said():
    reasons = {
        "ideal": "Cockcroft–Gault with ideal body weight (Devine), chosen by the user.",
        "adjusted": "Cockcroft–Gault with adjusted body weight (IBW + 0.4 × excess), chosen by the user.",
        "bmi_rule": "Cockcroft–Gault with the MedCalc-Bench weight rule (by BMI), chosen by the user.",
    }
    ibw = 50 + 2.3 * (180 / 2.54 - 60)
    weights = {"ideal": ibw, "adjusted": ibw + 0.4 * (100 - ibw), "bmi_rule": ibw + 0.4 * (100 - ibw)}
    for basis, reason in reasons.items():
        used = kidney_function(60, 1.0, sex="male", weight_kg=100, height_cm=180, weight_basis=basis).used_for_dosing
        assert (used.method, used.weight_basis, used.reason) == ("cockcroft_gault", basis, reason)
        assert used.value_ml_min == pytest.approx(80 * weights[basis] / 72, **EXACT)


def test_a_weight_basis_other_than_actual_needs_height():
    with pytest.raises(InputError) as info:
        kidney_function(60, 1.0, sex="male", weight_kg=100, weight_basis="ideal")
    assert str(info.value) == "height_cm: (missing) is needed for the 'ideal' weight basis; allowed: a height in cm"
    assert kidney_function(60, 1.0, sex="male", weight_kg=100).used_for_dosing.method == "cockcroft_gault"


def test_adult_without_sex_or_weight_has_no_dosing_estimate():
    k = kidney_function(60, 1.0, weight_kg=70)
    assert k.cockcroft_gault.actual is None and k.ckd_epi_2021 is None
    assert k.used_for_dosing == ("none", None, None, "Cockcroft–Gault needs sex and weight; no estimate used.")
    k = kidney_function(60, 1.0, sex="female")
    assert k.cockcroft_gault.actual is None and k.ckd_epi_2021 == pytest.approx(ckd(60, 1.0, True), **EXACT)
    # Without height there is no IBW, BMI or Schwartz.
    k = kidney_function(60, 1.0, sex="female", weight_kg=70)
    assert (k.bmi, k.cockcroft_gault.ideal, k.cockcroft_gault.adjusted, k.cockcroft_gault.bmi_rule) == (None,) * 4
    assert (k.cockcroft_gault.ideal_weight_kg, k.cockcroft_gault.adjusted_weight_kg) == (None, None)
    assert k.cockcroft_gault.actual == pytest.approx(80 * 70 / 72 * 0.85, **EXACT)


def test_children_use_bedside_schwartz():
    # Schwartz 2009: 0.413 × 120 / 0.5 = 99.12. Under 18 there is no CKD-EPI (an adult equation).
    k = kidney_function(17.9, 0.5, sex="female", weight_kg=20, height_cm=120)
    assert k.bedside_schwartz == pytest.approx(0.413 * 120 / 0.5, **EXACT)
    assert k.ckd_epi_2021 is None
    used = k.used_for_dosing
    assert (used.method, used.weight_basis) == ("bedside_schwartz", None)
    assert used.value_ml_min == pytest.approx(99.12, **EXACT)
    assert used.reason == ("Under 18: Cockcroft–Gault is not validated in children, so bedside Schwartz "
                           "(height-based, per 1.73 m²) is used. Applying the adult label threshold to it is a "
                           "teaching assumption, not label text.")
    no_height = kidney_function(5, 0.5, sex="male", weight_kg=20).used_for_dosing
    assert no_height == ("none", None, None, "Under 18: bedside Schwartz needs a height; no estimate used.")
    # At 18 exactly the adult equations apply and Schwartz is not computed.
    adult = kidney_function(18, 0.5, sex="female", weight_kg=50, height_cm=160)
    assert adult.bedside_schwartz is None and adult.used_for_dosing.method == "cockcroft_gault"
    assert adult.ckd_epi_2021 == pytest.approx(ckd(18, 0.5, True), **EXACT)


def test_inputs_are_checked():
    with pytest.raises(InputError) as info:
        kidney_function(120, 1.0)
    assert info.value.field == "age_years"
    for kwargs, field in (({"sex": "x"}, "sex"), ({"weight_kg": 0.1}, "weight_kg"), ({"height_cm": 10}, "height_cm"),
                          ({"weight_basis": "lean"}, "weight_basis")):
        with pytest.raises(InputError) as info:
            kidney_function(60, 1.0, **kwargs)
        assert info.value.field == field
    k = kidney_function("60", 88.4, "umol/L", "FEMALE", "70", "160", "Actual")
    assert (k.age_years, k.sex, k.weight_kg, k.height_cm) == (60.0, "female", 70.0, 160.0)
    assert k.scr_mg_dl == pytest.approx(1.0, **EXACT)


def test_as_dict_rounds_to_two_decimals():
    k = kidney_function(80, 1.4, sex="female", weight_kg=50, height_cm=160)
    ibw = 45.5 + 2.3 * (160 / 2.54 - 60)
    adj = ibw + 0.4 * (50 - ibw)
    cg = lambda w: 60 * w / (72 * 1.4) * 0.85  # noqa: E731
    assert k.as_dict() == {
        "age_years": 80.0, "sex": "female", "scr_mg_dl": 1.4, "bmi_kg_m2": round(50 / 1.6 ** 2, 2),
        "cockcroft_gault_ml_min": {"actual": round(cg(50), 2), "ideal": round(cg(ibw), 2),
                                   "adjusted": round(cg(adj), 2)},
        "cockcroft_gault_weights_kg": {"ideal": round(ibw, 2), "adjusted": round(adj, 2)},
        "ckd_epi_2021_ml_min_1_73m2": round(ckd(80, 1.4, True), 2), "bedside_schwartz_ml_min_1_73m2": None,
        "used_for_dosing": {"method": "cockcroft_gault", "weight_basis": "actual", "value_ml_min": 25.3,
                            "reason": k.used_for_dosing.reason},
    }
    assert k.as_dict()["cockcroft_gault_ml_min"]["actual"] == 25.3  # answer key TV02
    # scr to 4 decimals: 100 µmol/L = 1.131222 mg/dL → 1.1312.
    assert kidney_function(10, 100, "umol/L", height_cm=140).as_dict()["scr_mg_dl"] == 1.1312
    child = kidney_function(10, 0.5, height_cm=140).as_dict()
    assert child["bedside_schwartz_ml_min_1_73m2"] == round(0.413 * 140 / 0.5, 2)
    assert child["used_for_dosing"]["value_ml_min"] == 115.64


def _with(**values: float):
    """The project's tables with some coefficients replaced (``equation__parameter=value``)."""
    kb = load_knowledge()
    eq = dict(kb.kidney_equations)
    for key, value in values.items():
        equation, parameter = key.split("__")
        eq[(equation, parameter)] = {**eq[(equation, parameter)], "value": value}
    return kb._replace(kidney_equations=MappingProxyType(eq))


def test_every_equation_reads_the_tables_it_is_given():
    # Coefficients come from the tables passed in, never from a hidden default: change one, the answer follows.
    kb = _with(cockcroft_gault__female_factor=0.5, ideal_body_weight__male_base=60.0,
               adjusted_body_weight__excess_fraction=0.5, bedside_schwartz__k=0.5, creatinine__umol_per_mg_dl=100.0,
               ckd_epi_2021__multiplier=100.0)
    assert cockcroft_gault(80, 50, 1.4, "female", kb) == pytest.approx(60 * 50 / (72 * 1.4) * 0.5, **EXACT)
    assert ideal_body_weight(152.4, "male", kb) == pytest.approx(60.0, **EXACT)
    assert adjusted_body_weight(100, 70, kb) == pytest.approx(85.0, **EXACT)
    assert bedside_schwartz(120, 0.5, kb) == pytest.approx(120.0, **EXACT)
    assert creatinine_to_mg_dl(150, "umol/L", kb) == pytest.approx(1.5, **EXACT)
    assert ckd_epi_2021(0, 0.9, "male", kb) == pytest.approx(100.0, **EXACT)
    k = kidney_function(60, 150, "umol/L", "male", 100, 152.4, kb=kb)
    # 1.5 mg/dL; IBW 60 kg; adjusted 60 + 0.5 × 40 = 80 kg; (140 − 60) × w / (72 × 1.5).
    assert k.scr_mg_dl == pytest.approx(1.5, **EXACT)
    assert k.cockcroft_gault.ideal == pytest.approx(80 * 60 / 108, **EXACT)
    assert k.cockcroft_gault.adjusted == pytest.approx(80 * 80 / 108, **EXACT)
    assert k.ckd_epi_2021 == pytest.approx(ckd(60, 1.5, False) * 100 / 142, **EXACT)
    child = kidney_function(10, 0.5, height_cm=120, kb=kb)
    assert child.bedside_schwartz == pytest.approx(120.0, **EXACT)


def test_bmi_bands_and_adult_age_come_from_the_tables():
    kb = _with(bmi_rule__underweight_below=35.0, bmi_rule__obese_from=40.0)
    k = kidney_function(60, 1.0, "mg/dL", "male", 100, 180, kb=kb)  # BMI 30.9: now "underweight"
    assert k.cockcroft_gault.bmi_rule_weight_kg == 100
    assert "obese" not in k.used_for_dosing.reason
    kb = _with(bmi_rule__overweight_from=35.0)
    k = kidney_function(60, 1.0, "mg/dL", "male", 100, 180, kb=kb)  # BMI 30.9: now "normal": the lower of IBW
    assert k.cockcroft_gault.bmi_rule_weight_kg == pytest.approx(50 + 2.3 * (180 / 2.54 - 60), **EXACT)
    adult_at_16 = load_knowledge()
    rows = dict(adult_at_16.thresholds)
    rows["adult_age"] = {**rows["adult_age"], "value": 16.0}
    kb = adult_at_16._replace(thresholds=MappingProxyType(rows))
    assert kidney_function(16, 1.0, "mg/dL", "male", 60, 170, kb=kb).used_for_dosing.method == "cockcroft_gault"
    assert kidney_function(15.9, 1.0, "mg/dL", "male", 60, 170, kb=kb).used_for_dosing.method == "bedside_schwartz"


def test_the_input_limits_come_from_the_tables():
    kb = load_knowledge()
    rows = dict(kb.input_limits)
    for field, top in (("age_years", 50.0), ("weight_kg", 80.0), ("height_cm", 150.0)):
        rows[field] = {**rows[field], "max": top}
    kb = kb._replace(input_limits=MappingProxyType(rows))
    for kwargs, field in (({"age_years": 60}, "age_years"), ({"weight_kg": 90}, "weight_kg"),
                          ({"height_cm": 160}, "height_cm")):
        args = {"age_years": 40, "scr": 1.0, "sex": "male", "weight_kg": 70, "height_cm": 140, **kwargs}
        with pytest.raises(InputError) as info:
            kidney_function(kb=kb, **args)
        assert info.value.field == field


def test_the_reason_for_actual_weight_in_full():
    assert kidney_function(60, 1.0, sex="male", weight_kg=70).used_for_dosing.reason == (
        "The label's threshold is a creatinine clearance in mL/min (not eGFR per 1.73 m²) and names no weight; "
        "Cockcroft–Gault with actual body weight is the equation as derived and the convention of this suite's "
        "answer key.")


def test_bmi_rule_for_a_short_woman():
    # 140 cm = 55.118 in: Devine IBW 45.5 + 2.3 × (55.118 − 60) = 34.27 kg, below 60 in.
    ibw = 45.5 + 2.3 * (140 / 2.54 - 60)
    # 35 kg: BMI 17.9 < 18.5 → actual weight 35 kg (not the lower IBW); female factor applied.
    thin = kidney_function(60, 1.0, sex="female", weight_kg=35, height_cm=140)
    assert thin.cockcroft_gault.bmi_rule_weight_kg == 35
    assert thin.cockcroft_gault.bmi_rule == pytest.approx(80 * 35 / 72 * 0.85, **EXACT)
    # BMI exactly 18.5 (18.5 × 1.4² = 36.26 kg) is the normal band: the lower of IBW and actual = IBW.
    edge = kidney_function(60, 1.0, sex="female", weight_kg=18.5 * 1.4 * 1.4, height_cm=140)
    assert edge.bmi == 18.5
    assert edge.cockcroft_gault.bmi_rule_weight_kg == pytest.approx(ibw, **EXACT)
    assert edge.cockcroft_gault.bmi_rule == pytest.approx(80 * ibw / 72 * 0.85, **EXACT)


def test_kidney_function_cockcroft_gault_reads_the_tables_it_is_given():
    kb = _with(cockcroft_gault__female_factor=0.5)
    k = kidney_function(60, 1.0, "mg/dL", "female", 100, 180, "bmi_rule", kb=kb)
    ibw = 45.5 + 2.3 * (180 / 2.54 - 60)
    adj = ibw + 0.4 * (100 - ibw)
    cg = k.cockcroft_gault
    assert cg.actual == pytest.approx(80 * 100 / 72 * 0.5, **EXACT)
    assert cg.ideal == pytest.approx(80 * ibw / 72 * 0.5, **EXACT)
    assert cg.adjusted == pytest.approx(80 * adj / 72 * 0.5, **EXACT)
    assert cg.bmi_rule == pytest.approx(80 * adj / 72 * 0.5, **EXACT)  # BMI 30.9: adjusted weight


def test_creatinine_limits_read_the_tables_they_are_given():
    kb = load_knowledge()
    rows = dict(kb.input_limits)
    rows["scr_mg_dl"] = {**rows["scr_mg_dl"], "max": 10.0}
    kb = kb._replace(input_limits=MappingProxyType(rows))
    with pytest.raises(InputError):
        creatinine_to_mg_dl(11, "mg/dL", kb)
    with pytest.raises(InputError):
        creatinine_to_mg_dl(900, "umol/L", kb)  # above 10 × 88.4 = 884 µmol/L
    assert creatinine_to_mg_dl(884, "umol/L", kb) == pytest.approx(10, **EXACT)
