"""Kidney-function estimates checked against external answer keys.

Every expected value comes from a file in ``tests/data/`` (MedCalc-Bench, published package tests, the
project's sourced digest answer key) or from the project's digest (``anakinra_facts.md`` §5), never from the
code under test. Provenance and licences: ``tests/data/README.md``.

Tolerances, in short:

* MedCalc-Bench accepts an answer within its own lower/upper limits (±5 %). That band is too loose to catch a
  wrong coefficient (72 vs 70 in Cockcroft–Gault is 2.9 %, 142 vs 141 in CKD-EPI 0.7 %), so where the inputs
  are the ones MedCalc itself used the tests are much tighter, and ±5 % is kept only where MedCalc rounded
  the µmol/L → mg/dL conversion (documented row by row in the files' ``flags`` column).
* Worked examples are checked at the precision the source states (half a unit of the last digit).
"""

from __future__ import annotations

import csv
import math
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from anakinra_edu.inputs import InputError
from anakinra_edu.kidney import (
    bedside_schwartz,
    ckd_epi_2021,
    cockcroft_gault,
    creatinine_to_mg_dl,
    kidney_function,
)
from anakinra_edu.knowledge import data_dir, load_knowledge

DATA = Path(__file__).resolve().parent / "data"

# Cockcroft DW, Gault MH. Nephron 1976;16:31-41: "× 0.85 for females" (the published factor, deliberately
# not read from data/kidney_equations.csv so that the property test is independent of the table).
CG_FEMALE_FACTOR_PUBLISHED = 0.85


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _rows(name: str) -> list[dict[str, str]]:
    """Rows of a validation file, without those the file marks ``exclude``."""
    return [r for r in _read_csv(name) if r.get("recommended_use", "") != "exclude"]


def _unit(text: str) -> str:
    """Input conversion: the files spell µmol/L with the micro sign; the API's canonical name is umol/L."""
    return {"mg/dL": "mg/dL", "µmol/L": "umol/L", "μmol/L": "umol/L", "umol/L": "umol/L"}[text]


def _height_cm(value: str, unit: str) -> float:
    """Input conversion: some MedCalc notes give height in metres."""
    return float(value) * {"cm": 1.0, "m": 100.0}[unit]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# =============================================================================================
# MedCalc-Bench: Cockcroft–Gault with MedCalc's BMI weight rule
# =============================================================================================

CG_ROWS = _rows("medcalc_cg_cases.csv")

# Relative tolerance against ground_truth_ml_min, by the file's recommended_use.
# "use": 0.5 %. On every such row the independent researcher recompute agrees with the ground truth within
# 0.3 % (asserted below, so the reason for the tolerance is checked, not just stated); the largest gap is
# v1.x:9, where MedCalc rounded 691.6 µmol/L to 7.8 mg/dL (exact 7.824).
# "use_with_tolerance_5pct": MedCalc's own ±5 % band; MedCalc rounded the unit conversion by 1–4 % there.
CG_REL = {"use": 0.005, "use_with_tolerance_5pct": 0.05}


def _cg_patient(row: dict[str, str], *, medcalc_scr: bool = False) -> dict[str, Any]:
    """Patient as entered in the note; with ``medcalc_scr`` the creatinine MedCalc itself used (mg/dL)."""
    if medcalc_scr and row["source_creatinine_mg_dl"]:
        scr, unit = float(row["source_creatinine_mg_dl"]), "mg/dL"
    else:
        scr, unit = float(row["creatinine_value"]), _unit(row["creatinine_unit"])
    assert row["weight_unit"] == "kg"
    return {
        "age_years": float(row["age_years"]),
        "scr": scr,
        "scr_unit": unit,
        "sex": row["sex"].lower(),
        "weight_kg": float(row["weight_value"]),
        "height_cm": _height_cm(row["height_value"], row["height_unit"]),
    }


@pytest.mark.parametrize("row", CG_ROWS, ids=[r["case_id"] for r in CG_ROWS])
def test_cg_bmi_rule_matches_medcalc_ground_truth(row: dict[str, str]) -> None:
    gt = float(row["ground_truth_ml_min"])
    rel = CG_REL[row["recommended_use"]]
    if row["recommended_use"] == "use":
        # The reason the tight tolerance is fair: an independent recompute agrees with MedCalc's label.
        assert float(row["researcher_recompute_ml_min"]) == pytest.approx(gt, rel=rel)
    k = kidney_function(**_cg_patient(row), weight_basis="bmi_rule")
    assert k.cockcroft_gault.bmi_rule == pytest.approx(gt, rel=rel)
    # MedCalc's own acceptance band, as published with the row.
    assert float(row["lower_limit"]) <= k.cockcroft_gault.bmi_rule <= float(row["upper_limit"])
    if float(row["age_years"]) >= 18:
        used = k.used_for_dosing
        assert (used.method, used.weight_basis) == ("cockcroft_gault", "bmi_rule")
        assert used.value_ml_min == pytest.approx(gt, rel=rel)
    else:  # v1.x:1 is 16 years old: the dosing decision uses bedside Schwartz, not Cockcroft–Gault.
        assert k.used_for_dosing.method == "bedside_schwartz"


@pytest.mark.parametrize("row", CG_ROWS, ids=[r["case_id"] for r in CG_ROWS])
def test_cg_bmi_rule_reproduces_medcalc_arithmetic(row: dict[str, str]) -> None:
    """With the creatinine MedCalc itself used (its rounded mg/dL), the weight rule and the formula agree to
    0.05 %, including on the rows that need ±5 % as entered: those differ only by MedCalc's rounded unit
    conversion. 0.05 % covers the ground truth's 3 decimals (≥ 6.075 mL/min, so ≤ 0.01 %) and MedCalc's
    rounding of the intermediate weight to 3 decimals."""
    k = kidney_function(**_cg_patient(row, medcalc_scr=True), weight_basis="bmi_rule")
    assert k.cockcroft_gault.bmi_rule == pytest.approx(float(row["ground_truth_ml_min"]), rel=5e-4)


@pytest.mark.parametrize("row", CG_ROWS, ids=[r["case_id"] for r in CG_ROWS])
def test_cg_bmi_rule_weight_matches_medcalc(row: dict[str, str]) -> None:
    """The weight MedCalc chose by its BMI rule (source_cg_weight_kg, printed to ≥ 3 decimals).

    2 g: the printed weight's last digit (0.5 g) plus MedCalc's rounding of the height to 3 decimals of an
    inch before applying Devine (2.3 kg/in × 0.0005 in = 1.15 g; e.g. 162 cm → 63.780 in → 54.194 kg,
    exact 54.1929 kg)."""
    k = kidney_function(**_cg_patient(row), weight_basis="bmi_rule")
    assert k.cockcroft_gault.bmi_rule_weight_kg == pytest.approx(float(row["source_cg_weight_kg"]), abs=2e-3)


@pytest.mark.parametrize("row", CG_ROWS, ids=[r["case_id"] for r in CG_ROWS])
def test_cg_actual_weight_matches_researcher_recompute(row: dict[str, str]) -> None:
    """Weaker key: researcher_cg_actual_body_weight_ml_min is the file author's own recompute with actual
    weight (MedCalc publishes no actual-weight value). 0.1 % allows its 3 decimals and an unstated
    88.4/88.42 conversion factor on the µmol/L rows (0.023 %)."""
    k = kidney_function(**_cg_patient(row))
    expected = float(row["researcher_cg_actual_body_weight_ml_min"])
    assert k.cockcroft_gault.actual == pytest.approx(expected, rel=1e-3)


# =============================================================================================
# MedCalc-Bench: CKD-EPI 2021
# =============================================================================================

CKD_ROWS = _rows("medcalc_ckdepi2021_cases.csv")
CKD_UMOL_ROWS = [r for r in CKD_ROWS if r["creatinine_unit"] != "mg/dL"]


def _ckd_expected(row: dict[str, str]) -> float:
    """The file's recommended column. MedCalc-Bench's ckd-epi_2021_creatinine.py uses κ = 0.7 instead of
    0.9 for men with SCr ≤ 0.9 mg/dL, so its label is wrong on those rows; the file recommends the
    recompute on MedCalc's own creatinine instead (recommended_use exclude_source_gt_use_recompute)."""
    if row["recommended_use"] == "exclude_source_gt_use_recompute":
        return float(row["researcher_ckdepi2021_on_source_scr"])
    return float(row["ground_truth_ml_min_1_73m2"])


def _ckd_as_entered(row: dict[str, str]) -> float:
    scr_mg_dl = creatinine_to_mg_dl(float(row["creatinine_value"]), _unit(row["creatinine_unit"]))
    return ckd_epi_2021(float(row["age_years"]), scr_mg_dl, row["sex"].lower())


@pytest.mark.parametrize("row", CKD_ROWS, ids=[r["case_id"] for r in CKD_ROWS])
def test_ckd_epi_2021_on_medcalc_creatinine(row: dict[str, str]) -> None:
    """The formula on the creatinine MedCalc used (mg/dL). 0.05 %: the key has 3 decimals (≥ 4.5, so
    ≤ 0.011 %), and a wrong coefficient moves the result by ≥ 0.6 % (1.012 vs 1.018, 142 vs 141)."""
    value = ckd_epi_2021(float(row["age_years"]), float(row["source_creatinine_mg_dl"]), row["sex"].lower())
    assert value == pytest.approx(_ckd_expected(row), rel=5e-4)
    if row["recommended_use"] == "exclude_source_gt_use_recompute":
        # We do not reproduce MedCalc's κ bug: its label is ~8 % off on these rows.
        assert value != pytest.approx(float(row["ground_truth_ml_min_1_73m2"]), rel=0.05)


CKD_PHYSICIAN_ROWS = [r for r in CKD_ROWS if _is_number(r["physician_corrected_gt"])]


@pytest.mark.parametrize("row", CKD_PHYSICIAN_ROWS, ids=[r["case_id"] for r in CKD_PHYSICIAN_ROWS])
def test_ckd_epi_2021_as_entered_matches_physician_corrected_label(row: dict[str, str]) -> None:
    """physician_corrected_gt (2 decimals; the CG file's flags name junzeye/validate-medcalc-labels as the
    physician-corrected set) matches the note's creatinine converted exactly and the correct κ (e.g. v1.0
    test:23, 80.4 µmol/L: 88.5, where MedCalc's label is 83.072): it checks the whole as-entered path."""
    assert _ckd_as_entered(row) == pytest.approx(float(row["physician_corrected_gt"]), abs=0.005 + 1e-9)


@pytest.mark.parametrize("row", CKD_UMOL_ROWS, ids=[r["case_id"] for r in CKD_UMOL_ROWS])
def test_ckd_epi_2021_umol_exact_conversion(row: dict[str, str]) -> None:
    """Weaker key (researcher recompute, exact conversion with 88.42 µmol/L per mg/dL). We use 88.4: SCr
    differs by 0.023 %, eGFR by at most 1.2 × that (0.027 %); 0.1 % also covers the key's 3 decimals."""
    assert _ckd_as_entered(row) == pytest.approx(
        float(row["researcher_ckdepi2021_exact_conversion_88_42"]), rel=1e-3
    )


def _ckd_umol_band_params() -> list[Any]:
    params = []
    for r in CKD_UMOL_ROWS:
        marks = []
        if r["case_id"] == "medcalc_v1.x_train(valid_split):331":
            marks.append(pytest.mark.xfail(
                strict=True,
                reason="MedCalc rounded 76 µmol/L to 0.9 mg/dL (exact 0.860); the file's flags document a "
                       "5.7 % difference, outside MedCalc's own ±5 % band",
            ))
        params.append(pytest.param(r, id=r["case_id"], marks=marks))
    return params


@pytest.mark.parametrize("row", _ckd_umol_band_params())
def test_ckd_epi_2021_umol_within_medcalc_band(row: dict[str, str]) -> None:
    """µmol/L as entered, converted with our 88.4 factor, vs the recommended key within MedCalc's ±5 %.
    MedCalc v1.x rounded every µmol/L → mg/dL conversion to 0.1 mg/dL (0.3–2 % here, also on rows marked
    plain "use"), so ±5 % is the right band for all µmol/L rows; the tight checks are the two tests above."""
    assert _ckd_as_entered(row) == pytest.approx(_ckd_expected(row), rel=0.05)


def test_ckd_epi_2021_not_reported_under_18() -> None:
    # medcalc_v1.x_train(valid_split):501 is 14 years old: the formula is checked above, but kidney_function
    # does not report an adult equation for a child (adult_age 18 in data/thresholds.csv).
    (row,) = [r for r in CKD_ROWS if r["case_id"] == "medcalc_v1.x_train(valid_split):501"]
    k = kidney_function(float(row["age_years"]), float(row["creatinine_value"]), "umol/L", sex="female")
    assert k.ckd_epi_2021 is None
    assert kidney_function(17.99, 1.0, sex="male").ckd_epi_2021 is None
    assert kidney_function(18, 1.0, sex="male").ckd_epi_2021 is not None


# =============================================================================================
# Published worked examples (admiral, kidney.epi, clinPK, scicalc)
# =============================================================================================

WORKED = _read_csv("egfr_worked_examples.csv")


def _parse_inputs(text: str) -> dict[str, Any]:
    """'Scr 1.09 mg/dL; age 55; male; 90 kg; 180 cm' → dict (input parsing only)."""
    out: dict[str, Any] = {}
    for part in (p.strip() for p in text.split(";")):
        if m := re.fullmatch(r"Scr ([\d.]+) (mg/dL|umol/L)", part):
            out["scr"], out["unit"] = float(m[1]), m[2]
        elif m := re.fullmatch(r"age ([\d.]+)", part):
            out["age"] = float(m[1])
        elif part in ("male", "female"):
            out["sex"] = part
        elif m := re.fullmatch(r"([\d.]+) kg", part):
            out["weight"] = float(m[1])
        elif m := re.fullmatch(r"(?:height )?([\d.]+) cm", part):
            out["height"] = float(m[1])
        else:
            raise ValueError(f"cannot parse input {part!r}")
    return out


def _worked_tolerance(row: dict[str, str], p: dict[str, Any]) -> float:
    """Absolute tolerance from expected_precision: half a unit of the last stated digit.

    ``1 + 1e-9`` keeps exact ties (R's round-half-even: 104.2825 → 104.282) inside the bound despite
    binary floating point. admiral converts µmol/L with 88.42, we with 88.4 (data/kidney_equations.csv,
    UNIT-CONVERSION): creatinine differs by 0.023 %, so CKD-EPI (exponent −1.2) by ≤ 0.027 % and
    Cockcroft–Gault by 0.023 %; 0.05 % of the value is allowed on top for those rows.
    """
    precision, expected = row["expected_precision"], float(row["expected"])
    if precision.startswith("exact"):
        return 1e-9 * max(1.0, abs(expected))
    m = re.search(r"round\(,(\d+)\)", precision) or re.search(r"(\d+) dp", precision)
    assert m, f"unknown precision {precision!r}"
    tol = 0.5 * 10.0 ** -int(m[1]) * (1 + 1e-9)
    if row["source_repo"] == "pharmaverse/admiral" and p["unit"] == "umol/L":
        tol += 0.0005 * abs(expected)
    return tol


def _worked_params() -> list[Any]:
    params = []
    for r in WORKED:
        marks = []
        if r["equation"].startswith("Original Schwartz"):
            marks.append(pytest.mark.skip(reason="original Schwartz (k = 0.45, infants) is not implemented; "
                                                 "the suite uses bedside Schwartz (k = 0.413) only"))
        if "factor 0.3" in r["equation"]:
            continue  # tested with a modified table in test_adjusted_weight_fraction_comes_from_data
        params.append(pytest.param(r, id=f"{r['source_repo']}:{r['equation']}:{r['inputs']}", marks=marks))
    return params


def _worked_value(row: dict[str, str], p: dict[str, Any], kb: Any = None) -> float:
    eq = row["equation"]
    if "age" not in p:  # scicalc's Schwartz rows give only height and creatinine
        assert eq.startswith("Bedside Schwartz")
        return bedside_schwartz(p["height"], p["scr"])
    k = kidney_function(p["age"], p["scr"], p["unit"], sex=p.get("sex"), weight_kg=p.get("weight"),
                        height_cm=p.get("height"), kb=kb)
    if eq.startswith("CKD-EPI 2021"):
        return k.ckd_epi_2021
    if "Schwartz" in eq:
        assert k.used_for_dosing.method == "bedside_schwartz"  # every Schwartz example is a child
        return k.bedside_schwartz
    if eq == "Cockcroft-Gault (actual weight)":
        return k.cockcroft_gault.actual
    if eq == "Cockcroft-Gault (ideal weight)":
        return k.cockcroft_gault.ideal
    if eq.startswith("Cockcroft-Gault (adjusted weight"):
        return k.cockcroft_gault.adjusted
    raise AssertionError(f"no mapping for equation {eq!r}")


@pytest.mark.parametrize("row", _worked_params())
def test_published_worked_example(row: dict[str, str]) -> None:
    # clinPK's ideal- and adjusted-weight examples use the same patient (male, 150 kg, 180 cm, SCr 1) but
    # different ages: 40 for ideal weight (and for the 0.3-fraction variant), 50 for the 0.4 adjusted weight.
    p = _parse_inputs(row["inputs"])
    value = _worked_value(row, p)
    assert value == pytest.approx(float(row["expected"]), abs=_worked_tolerance(row, p))


def test_adjusted_weight_fraction_comes_from_data(tmp_path: Path) -> None:
    """clinPK also publishes adjusted weight with a 0.3 excess fraction (age 40, 150 kg, 180 cm, SCr 1 →
    135). The suite's 0.4 lives in data/kidney_equations.csv; set it to 0.3 in a copy of the tables and the
    published value is reproduced: the fraction is read from the data, not hard-coded."""
    (row,) = [r for r in WORKED if "factor 0.3" in r["equation"]]
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    path = copy / "kidney_equations.csv"
    text = path.read_text(encoding="utf-8")
    old = "adjusted_body_weight,excess_fraction,0.4,"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "adjusted_body_weight,excess_fraction,0.3,"), encoding="utf-8")
    kb = load_knowledge(copy)
    p = _parse_inputs(row["inputs"])
    assert _worked_value(row, p, kb) == pytest.approx(float(row["expected"]), abs=_worked_tolerance(row, p))


# =============================================================================================
# The project's digest and answer key
# =============================================================================================


# The project's clinical digest (anakinra_facts.md) §5 ("Formula choice can change the dosing category near 30"),
# values rounded to 0.1: (age, sex, weight kg, SCr mg/dL, Cockcroft–Gault actual weight, CKD-EPI 2021).
DIGEST_EXAMPLES = [
    pytest.param(80, "female", 50, 1.4, 25.3, 38.0, id="80F-50kg-SCr1.4"),
    pytest.param(72, "male", 80, 2.4, 31.5, 28.0, id="72M-80kg-SCr2.4"),
]


@pytest.mark.parametrize(("age", "sex", "weight", "scr", "cg", "ckd"), DIGEST_EXAMPLES)
def test_digest_worked_examples(
    age: float, sex: str, weight: float, scr: float, cg: float, ckd: float
) -> None:
    k = kidney_function(age, scr, sex=sex, weight_kg=weight)
    assert k.cockcroft_gault.actual == pytest.approx(cg, abs=0.05)
    assert k.ckd_epi_2021 == pytest.approx(ckd, abs=0.05)
    assert (k.used_for_dosing.method, k.used_for_dosing.weight_basis) == ("cockcroft_gault", "actual")
    assert k.used_for_dosing.value_ml_min == pytest.approx(cg, abs=0.05)


def test_digest_exactly_30() -> None:
    # anakinra_facts.md §5: 76 y M, 54 kg, SCr 1.6 → C-G = 30.0 exactly in IEEE floating point, so the
    # strict "< 30" label rule must not trigger (TV03).
    assert cockcroft_gault(76, 54, 1.6, "male") == 30.0
    assert kidney_function(76, 1.6, sex="male", weight_kg=54).used_for_dosing.value_ml_min == 30.0


ANSWER_KEY = [
    r for r in _read_csv("answer_key.csv") if r["scr_mg_dl"] and r["crcl_method"] == "CG_actual_weight"
]


@pytest.mark.parametrize("row", ANSWER_KEY, ids=[r["id"] for r in ANSWER_KEY])
def test_answer_key_kidney_values(row: dict[str, str]) -> None:
    # The project's sourced digest answer key (anakinra_facts.md §9): CrCl by Cockcroft–Gault with actual
    # weight and CKD-EPI 2021, both rounded to 0.1.
    k = kidney_function(float(row["age_years"]), float(row["scr_mg_dl"]),
                        sex={"M": "male", "F": "female"}[row["sex"]], weight_kg=float(row["weight_kg"]))
    assert k.cockcroft_gault.actual == pytest.approx(float(row["crcl_ml_min"]), abs=0.05)
    assert k.used_for_dosing.value_ml_min == pytest.approx(float(row["crcl_ml_min"]), abs=0.05)
    if row["egfr_method"] == "CKD-EPI_2021":
        assert k.ckd_epi_2021 == pytest.approx(float(row["egfr_ml_min_1_73m2"]), abs=0.05)


def test_answer_key_rows_used() -> None:
    # TV01 and TV26 were named in the brief; TV02 and TV27 carry the same kind of values and are used too.
    assert {r["id"] for r in ANSWER_KEY} >= {"TV01", "TV26"}


# =============================================================================================
# Input errors and the estimate used for dosing
# =============================================================================================

GOOD = {
    "age_years": 60.0, "scr": 1.0, "scr_unit": "mg/dL", "sex": "male", "weight_kg": 70.0, "height_cm": 175.0,
}


def _limits_text(field: str, factor: float = 1.0, unit: str | None = None) -> str:
    """Allowed range as data/input_limits.csv states it, read with the csv module (the data, not the code
    under test, is the reference for the range)."""
    with open(Path(data_dir()) / "input_limits.csv", encoding="utf-8-sig", newline="") as f:
        (row,) = [r for r in csv.DictReader(f) if r["field"] == field]
    return f"{float(row['min']) * factor:g} to {float(row['max']) * factor:g} {unit or row['unit']}"


def _umol_factor() -> float:
    return load_knowledge().coefficient("creatinine", "umol_per_mg_dl")


NUMERIC_CASES = []
for _field, _limit, _bad in [
    ("age_years", "age_years", (-1, math.nan, math.inf, -math.inf, "abc", 111, 1e9)),
    ("weight_kg", "weight_kg", (-70, 0, math.nan, math.inf, "abc", 251)),
    ("height_cm", "height_cm", (-175, 0, math.nan, math.inf, "abc", 29, 251)),
    ("scr", "scr_mg_dl", (-1, 0, math.nan, math.inf, "abc", 0.05, 25, 120)),  # 120: µmol/L typed as mg/dL
]:
    for _v in _bad:
        NUMERIC_CASES.append(pytest.param(_field, _limit, "mg/dL", _v, id=f"{_field}={_v!r}"))
for _v in (-88, 0, math.nan, math.inf, "abc", 5, 1.2, 2000):  # 1.2: mg/dL typed as µmol/L
    NUMERIC_CASES.append(pytest.param("scr", "scr_mg_dl", "umol/L", _v, id=f"scr={_v!r}umol/L"))


@pytest.mark.parametrize(("field", "limit", "unit", "value"), NUMERIC_CASES)
def test_bad_number_raises_input_error(field: str, limit: str, unit: str, value: Any) -> None:
    kwargs = dict(GOOD, scr_unit=unit, **{field: value})
    with pytest.raises(InputError) as info:
        kidney_function(**kwargs)
    err = info.value
    assert err.field == field
    message = str(err)
    assert (repr(value) if isinstance(value, str) else str(value)) in message
    allowed = _limits_text(limit) if unit == "mg/dL" else _limits_text(limit, _umol_factor(), "umol/L")
    assert allowed in message
    assert err.allowed == allowed


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("scr_unit", "mmol/L", ("mg/dL", "umol/L")),
        ("scr_unit", "mg/L", ("mg/dL", "umol/L")),
        ("sex", "x", ("female", "male")),
        ("sex", "", ("female", "male")),
        ("weight_basis", "lean", ("actual", "ideal", "adjusted", "bmi_rule")),
    ],
)
def test_unknown_choice_raises_input_error(field: str, value: str, allowed: tuple[str, ...]) -> None:
    with pytest.raises(InputError) as info:
        kidney_function(**dict(GOOD, **{field: value}))
    assert info.value.field == field
    message = str(info.value)
    assert repr(value) in message
    assert all(choice in message for choice in allowed)


@pytest.mark.parametrize("basis", ["ideal", "adjusted", "bmi_rule"])
def test_weight_basis_needing_height_without_height(basis: str) -> None:
    with pytest.raises(InputError) as info:
        kidney_function(**dict(GOOD, height_cm=None, weight_basis=basis))
    assert info.value.field == "height_cm"
    assert repr(basis) in str(info.value)


def test_micro_sign_spelling_is_accepted() -> None:
    a = kidney_function(**dict(GOOD, scr=88.4, scr_unit="umol/L"))
    b = kidney_function(**dict(GOOD, scr=88.4, scr_unit="µmol/L"))
    assert a.scr_mg_dl == b.scr_mg_dl == pytest.approx(1.0)


def test_used_for_dosing_child_is_bedside_schwartz() -> None:
    # Bedside Schwartz (Schwartz 2009): 0.413 × 140 cm / 0.5 mg/dL = 115.64, used even though sex and weight
    # would allow Cockcroft–Gault (not validated in children).
    k = kidney_function(10, 0.5, sex="female", weight_kg=32, height_cm=140)
    assert k.used_for_dosing.method == "bedside_schwartz"
    assert k.used_for_dosing.weight_basis is None
    assert k.used_for_dosing.value_ml_min == pytest.approx(115.64, abs=0.005)
    assert k.ckd_epi_2021 is None


def test_used_for_dosing_adult_is_cockcroft_gault_actual() -> None:
    # Cockcroft–Gault 1976: (140 − 60) × 70 / (72 × 1.0) = 77.78 mL/min, actual weight by default.
    k = kidney_function(60, 1.0, sex="male", weight_kg=70)
    assert (k.used_for_dosing.method, k.used_for_dosing.weight_basis) == ("cockcroft_gault", "actual")
    assert k.used_for_dosing.value_ml_min == pytest.approx(77.78, abs=0.005)
    assert k.bedside_schwartz is None


# =============================================================================================
# Properties
# =============================================================================================

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, database=None)
ages = st.floats(min_value=18, max_value=110)
weights = st.floats(min_value=0.5, max_value=250)
scrs = st.floats(min_value=0.1, max_value=20)
sexes = st.sampled_from(["female", "male"])


@PROPERTY_SETTINGS
@given(age=ages, weight=weights, scr=scrs, delta=st.floats(min_value=1e-3, max_value=19.9), sex=sexes)
def test_cg_falls_as_creatinine_rises(age: float, weight: float, scr: float, delta: float, sex: str) -> None:
    assume(scr + delta <= 20)
    low = kidney_function(age, scr, sex=sex, weight_kg=weight).cockcroft_gault.actual
    high = kidney_function(age, scr + delta, sex=sex, weight_kg=weight).cockcroft_gault.actual
    assert high < low


@PROPERTY_SETTINGS
@given(age=ages, weight=st.floats(min_value=0.5, max_value=125), scale=st.floats(min_value=1, max_value=2),
       scr=scrs, sex=sexes)
def test_cg_actual_is_linear_in_weight(age: float, weight: float, scale: float, scr: float, sex: str) -> None:
    base = kidney_function(age, scr, sex=sex, weight_kg=weight).cockcroft_gault.actual
    scaled = kidney_function(age, scr, sex=sex, weight_kg=weight * scale).cockcroft_gault.actual
    assert scaled == pytest.approx(base * scale, rel=1e-9)


@PROPERTY_SETTINGS
@given(age=ages, weight=weights, scr=scrs)
def test_cg_female_is_085_times_male(age: float, weight: float, scr: float) -> None:
    female = kidney_function(age, scr, sex="female", weight_kg=weight).cockcroft_gault.actual
    male = kidney_function(age, scr, sex="male", weight_kg=weight).cockcroft_gault.actual
    assert female == pytest.approx(CG_FEMALE_FACTOR_PUBLISHED * male, rel=1e-12)


@PROPERTY_SETTINGS
@given(age=ages, delta=st.floats(min_value=1e-2, max_value=92), scr=scrs, sex=sexes)
def test_ckd_epi_falls_with_age(age: float, delta: float, scr: float, sex: str) -> None:
    assume(age + delta <= 110)
    younger = kidney_function(age, scr, sex=sex).ckd_epi_2021
    older = kidney_function(age + delta, scr, sex=sex).ckd_epi_2021
    assert older < younger
