"""Every control of the kidney dashboard (notebook 02) operated as a user does at 1280×720: each teaching case,
each weight basis, age, sex, weight, height and creatinine typed and by arrow keys, the unit switch, values on both
sides of 30 mL/min and invalid numbers; after each action the table, the line used for dosing and the chart are
checked. Expected values: the answer key (TV..) and the digest in /work/shared/clinical/, or the hand computation
beside them (Cockcroft–Gault: (140 − age) × weight / (72 × SCr mg/dL), × 0.85 for a woman; Devine ideal weight:
45.5 kg (woman) or 50 kg (man) + 2.3 kg per inch over 60 in; adjusted = IBW + 0.4 × (weight − IBW))."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .checks import press, text_of, wait_gone, wait_shows, watch
from .conftest import shot
from .controls_helpers import active, button, chart_shows, choose, handle, options, typed_and_kept
from .helpers import WAIT_MS, number_box, stays, type_number, wait_input

pytestmark = pytest.mark.browser
NB = "02_kidney_function.ipynb"
READY = ".ae-result table"
ROW, RESULT, CAPTION = ".ae-result tr", ".ae-result", ".ae-caption"
CHART = ".vega-embed svg.marks"
BELOW, NOT_BELOW = "below: every other day", "not below: daily"
CG = "Cockcroft–Gault, actual weight"
EPI = "CKD-EPI 2021 (adults, race-free)"

# Each teaching case: (menu text, table rows (estimate, value, verdict), the line used for dosing)
CASES = [
    # TV02 / digest §5: C-G 25.3 mL/min below 30, CKD-EPI 38.0 not below: only C-G triggers every other day
    ("80-year-old woman, 50 kg, SCr 1.4 mg/dL",
     [(CG, "25.3 mL/min", BELOW), (EPI, "38.0 mL/min/1.73 m²", NOT_BELOW)],
     "Cockcroft–Gault (actual weight) = 25.3 mL/min"),
    # digest §5 (TV33): C-G 31.5 mL/min, CKD-EPI 28.0: only CKD-EPI would trigger it
    ("72-year-old man, 80 kg, SCr 2.4 mg/dL",
     [(CG, "31.5 mL/min", NOT_BELOW), (EPI, "28.0 mL/min/1.73 m²", BELOW)],
     "Cockcroft–Gault (actual weight) = 31.5 mL/min"),
    # digest §5 (TV03): (140 − 76) × 54 / (72 × 1.6) = 3456 / 115.2 = 30.0 exactly: "below 30" does not apply
    ("76-year-old man, 54 kg, SCr 1.6 mg/dL", [(CG, "30.0 mL/min", NOT_BELOW)],
     "Cockcroft–Gault (actual weight) = 30.0 mL/min"),
    # (140 − 42) × 105 / (72 × 0.8) × 0.85 = 10290 / 57.6 × 0.85 = 151.85 → 151.8; 160 cm = 62.99 in:
    # IBW 45.5 + 2.3 × 2.99 = 52.4 kg → 98 × 52.38 / 57.6 × 0.85 = 75.8; adjusted 52.38 + 0.4 × 52.62 = 73.4 kg
    # → 98 × 73.43 / 57.6 × 0.85 = 106.2
    ("42-year-old woman, 105 kg, 160 cm, SCr 0.8 mg/dL",
     [(CG, "151.8 mL/min", NOT_BELOW), ("ideal weight (52.4 kg)", "75.8 mL/min", NOT_BELOW),
      ("adjusted weight (73.4 kg)", "106.2 mL/min", NOT_BELOW)],
     "Cockcroft–Gault (actual weight) = 151.8 mL/min"),
    # TV26: C-G 58.6 mL/min, CKD-EPI 47.5: moderate impairment, no interval change
    ("65-year-old man, 90 kg, SCr 1.6 mg/dL",
     [(CG, "58.6 mL/min", NOT_BELOW), (EPI, "47.5 mL/min/1.73 m²", NOT_BELOW)],
     "Cockcroft–Gault (actual weight) = 58.6 mL/min"),
    # digest §5: under 18 bedside Schwartz 0.413 × 140 / 0.6 = 96.4 mL/min/1.73 m²; no CKD-EPI for a child
    ("10-year-old, 140 cm, SCr 0.6 mg/dL",
     [("Bedside Schwartz (under 18)", "96.4 mL/min/1.73 m²", NOT_BELOW), (EPI, "—", "—")],
     "bedside Schwartz = 96.4 mL/min"),
]


def _row(page, name: str, value: str, verdict: str) -> None:
    wait_shows(page, ROW, name, value, verdict)


def _row_text(page, name: str = CG) -> str:
    return " ".join(page.locator(ROW, has_text=name).first.inner_text().replace("\xa0", " ").split())


def _used(page, text: str) -> None:
    wait_shows(page, RESULT, f"Used for dosing: {text}")


def test_every_teaching_case_and_weight_basis(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    assert options(page, "Teaching case") == [c[0] for c in CASES]  # every case is tried below
    for title, rows, used in reversed(CASES):  # the first one last: a change of case, each time
        choose(page, "Teaching case", title)
        for row in rows:
            _row(page, *row)
        _used(page, used)
        value = used.rsplit("= ", 1)[1].split()[0]
        wait_shows(page, CAPTION, f"The patient's estimate used for dosing is {value} at")
        chart_shows(page, value)  # the patient's point on the chart follows the case
    # the 80-year-old woman's teaching point is shown with her case
    wait_shows(page, ".ae-point", "Cockcroft–Gault is below 30 (every other day) while CKD-EPI 2021 is above it")
    choose(page, "Teaching case", CASES[3][0])  # the 105 kg woman: every weight basis (hand values above)
    wait_shows(page, ".ae-point", "Which weight?")
    bases = [("Ideal weight (Devine)", "Cockcroft–Gault (ideal weight) = 75.8 mL/min"),
             ("Adjusted weight (IBW + 0.4 × excess)", "Cockcroft–Gault (adjusted weight) = 106.2 mL/min"),
             # BMI 105 / 1.6² = 41.0 kg/m², 25 and over: the rule takes the adjusted weight (data/kidney_equations)
             ("MedCalc-Bench rule (by BMI)", "Cockcroft–Gault (weight by the MedCalc-Bench BMI rule) = 106.2 mL/min"),
             ("Actual weight (default)", "Cockcroft–Gault (actual weight) = 151.8 mL/min")]
    assert options(page, "Weight for CG") == [b[0] for b in bases[-1:] + bases[:-1]]
    wait_shows(page, RESULT, "BMI 41.0 kg/m²")
    for basis, used in bases:
        choose(page, "Weight for CG", basis)
        _used(page, used)
        value = used.rsplit("= ", 1)[1].split()[0]
        wait_shows(page, CAPTION, f"is {value} at 0.80 mg/dL, not below the threshold")
        chart_shows(page, value)
        _row(page, CG, "151.8 mL/min", NOT_BELOW)  # the table keeps every estimate whichever is chosen
    choose(page, "Teaching case", CASES[0][0])
    choose(page, "Weight for CG", "Ideal weight (Devine)")  # TV02 woman: 60 × 52.38 / 100.8 × 0.85 = 26.5
    _used(page, "Cockcroft–Gault (ideal weight) = 26.5 mL/min")
    w.clean("controls_02_cases_and_weight_basis")


def test_patient_controls_and_units(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    scr = number_box(page, "Serum creatinine")
    _used(page, "Cockcroft–Gault (actual weight) = 25.3 mL/min")  # TV02
    button(page, "µmol/L").click()  # 1.4 × 88.4 = 123.76 → 123.8 µmol/L: the same quantity, the same decision
    wait_input(page, scr, "123.8")
    assert stays(page, lambda: "25.3 mL/min" in text_of(page, RESULT) and f"{CG} 25.3 mL/min {BELOW}"
                 in _row_text(page))
    # 150 µmol/L = 150 / 88.4 = 1.697 mg/dL: 60 × 50 / (72 × 1.697) × 0.85 = 20.9 mL/min
    type_number(page, "Serum creatinine", "150")
    _row(page, CG, "20.9 mL/min", BELOW)
    button(page, "mg/dL").click()
    wait_input(page, scr, "1.7")
    assert stays(page, lambda: f"{CG} 20.9 mL/min" in _row_text(page))
    type_number(page, "Serum creatinine", "1.4")
    _row(page, CG, "25.3 mL/min", BELOW)
    button(page, "Male").click()  # without the 0.85: 3000 / 100.8 = 29.8 mL/min, still below 30
    active(page, "Male")
    _row(page, CG, "29.8 mL/min", BELOW)
    chart_shows(page, "29.8")
    button(page, "Female").click()
    _row(page, CG, "25.3 mL/min", BELOW)
    press(handle(page, "Age (years)"), "ArrowRight", 1)  # 81 years: 59 × 50 / 100.8 × 0.85 = 24.9
    wait_input(page, number_box(page, "Age (years)"), "81")
    _row(page, CG, "24.9 mL/min", BELOW)
    press(handle(page, "Age (years)"), "ArrowLeft", 1)
    _row(page, CG, "25.3 mL/min", BELOW)
    _weight_near_30(page)
    _height(page)
    _invalid(page)
    w.clean("controls_02_patient_controls")


def _weight_near_30(page) -> None:
    type_number(page, "Weight (kg)", "60")  # 60 × 60 / 100.8 × 0.85 = 30.4: not below, daily
    _row(page, CG, "30.4 mL/min", NOT_BELOW)
    _used(page, "Cockcroft–Gault (actual weight) = 30.4 mL/min")
    wait_shows(page, CAPTION, "is 30.4 at 1.40 mg/dL, not below the threshold")
    type_number(page, "Weight (kg)", "59")  # 59 × 60 / 100.8 × 0.85 = 29.85 → 29.9: below, every other day
    _row(page, CG, "29.9 mL/min", BELOW)
    wait_shows(page, CAPTION, "is 29.9 at 1.40 mg/dL, below the threshold")
    press(handle(page, "Weight (kg)"), "ArrowRight", 1)  # a step of 0.5 kg: 59.5 × 60 / 100.8 × 0.85 = 30.1
    wait_input(page, number_box(page, "Weight (kg)"), "59.5")
    _row(page, CG, "30.1 mL/min", NOT_BELOW)
    chart_shows(page, "30.1")
    type_number(page, "Weight (kg)", "50")
    _row(page, CG, "25.3 mL/min", BELOW)


def _height(page) -> None:
    # 170 cm = 66.93 in: IBW 45.5 + 2.3 × 6.93 = 61.4 kg → 60 × 61.44 / 100.8 × 0.85 = 31.1 (not below);
    # adjusted 61.44 + 0.4 × (50 − 61.44) = 56.9 kg → 60 × 56.87 / 100.8 × 0.85 = 28.8; actual weight unchanged
    type_number(page, "Height (cm)", "170")
    _row(page, "ideal weight (61.4 kg)", "31.1 mL/min", NOT_BELOW)
    _row(page, "adjusted weight (56.9 kg)", "28.8 mL/min", BELOW)
    _row(page, CG, "25.3 mL/min", BELOW)
    type_number(page, "Height (cm)", "160")  # the case's 160 cm: IBW 52.4 kg, 26.5 mL/min
    _row(page, "ideal weight (52.4 kg)", "26.5 mL/min", BELOW)


def _invalid(page) -> None:
    chart = page.locator(CHART).locator("visible=true")
    for label, typed, reason in [
            ("Weight (kg)", "1000", "Weight (kg): 1000 is outside the plausible range; allowed: 0.5 to 250 kg"),
            ("Height (cm)", "20", "Height (cm): 20 is outside the plausible range; allowed: 30 to 250"),
            ("Serum creatinine", "25", "Serum creatinine: 25 is outside the plausible range; allowed: 0.1 to 20")]:
        valid = {"Weight (kg)": "50", "Height (cm)": "160", "Serum creatinine": "1.4"}[label]
        type_number(page, label, typed)  # the table and the chart are replaced by the reason, nothing stale
        wait_shows(page, RESULT, f"No estimate shown: {reason}")
        wait_shows(page, ".ae-cleared", f"No figure shown: {reason}")
        expect(chart).to_have_count(0, timeout=WAIT_MS)
        wait_gone(page, RESULT, "Used for dosing")
        if label == "Weight (kg)":
            page.locator(".ae-cleared").first.scroll_into_view_if_needed()
            shot(page, "controls_02_invalid_weight")
        type_number(page, label, valid)  # valid again: the table and the chart are back
        _used(page, "Cockcroft–Gault (actual weight) = 25.3 mL/min")
        expect(chart).to_have_count(1, timeout=WAIT_MS)
        expect(page.locator(".ae-cleared")).to_have_count(0, timeout=WAIT_MS)


def test_exactly_30_and_just_below_by_arrow_keys(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    choose(page, "Teaching case", CASES[2][0])  # TV03: 30.0 mL/min is not below 30
    _row(page, CG, "30.0 mL/min", NOT_BELOW)
    wait_input(page, number_box(page, "Serum creatinine"), "1.6")
    press(handle(page, "Serum creatinine"), "ArrowRight", 1)  # 1.61 mg/dL: 3456 / (72 × 1.61) = 29.8, below
    wait_input(page, number_box(page, "Serum creatinine"), "1.61")
    _row(page, CG, "29.8 mL/min", BELOW)
    wait_shows(page, CAPTION, "is 29.8 at 1.61 mg/dL, below the threshold")
    chart_shows(page, "29.8")
    press(handle(page, "Serum creatinine"), "ArrowLeft", 1)  # back to exactly 30.0, and it stays there
    _row(page, CG, "30.0 mL/min", NOT_BELOW)
    assert stays(page, lambda: f"{CG} 30.0 mL/min {NOT_BELOW}" in _row_text(page))
    button(page, "µmol/L").click()  # 1.6 × 88.4 = 141.44 → 141.4 µmol/L, still exactly 30.0
    wait_input(page, number_box(page, "Serum creatinine"), "141.4")
    assert stays(page, lambda: f"{CG} 30.0 mL/min {NOT_BELOW}" in _row_text(page))
    w.clean("controls_02_exactly_30")


def test_typed_weight_between_steps_is_kept(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    _row(page, CG, "25.3 mL/min", BELOW)  # TV02
    # 59.8 × 60 / (72 × 1.4) × 0.85 = 30.26 → 30.3 mL/min
    assert typed_and_kept(page, "Weight (kg)", "59.8", lambda: f"{CG} 30.3 mL/min" in _row_text(page),
                          shown=lambda: _row_text(page))
