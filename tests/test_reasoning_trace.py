"""The reasoning trace (``Regimen.steps``): the decisions in order, with the numbers, rows and sources.

Expected arithmetic comes from the answer key (tests/data/answer_key.csv): TV02 (RA, 80 y woman, 50 kg, SCr
1.4 mg/dL → Cockcroft–Gault 25.3 mL/min, every other day; US-PI-2020 §2.4) and TV11 (NOMID 9 kg → 9–18 mg/day,
maximum 72 mg/day; US-PI-2020 §2.2).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from anakinra_edu.cli import main
from anakinra_edu.dosing import indication_ids, regimen
from anakinra_edu.knowledge import data_dir, load_knowledge


def step(r, name: str) -> str:
    return next(s.text for s in r.steps if s.step == name)


def test_tv02_kidney_arithmetic_is_shown() -> None:
    r = regimen("ra", 50, 80, sex="female", scr=1.4)
    assert "((140 − 80) × 50) / (72 × 1.4) × 0.85 = 25.3 mL/min" in step(r, "kidney estimate")
    rule = step(r, "kidney rule")
    assert "25.3 mL/min" in rule and "below 30" in rule and "every other day" in rule and "48 h" in rule
    kidney_rule = next(s for s in r.steps if s.step == "kidney rule")
    assert kidney_rule.row == "us-label-severe" and "US-PI-2020 §2.4" in kidney_rule.citations


def test_tv11_dose_arithmetic_is_shown() -> None:
    r = regimen("nomid", 9, 0.67)
    assert step(r, "starting dose") == "1–2 mg/kg/day × 9 kg = 9–18 mg/day"
    assert step(r, "maximum") == "8 mg/kg/day × 9 kg = 72 mg/day"
    assert step(r, "titration step") == "0.5–1 mg/kg × 9 kg = 4.5–9 mg"
    assert "below the lowest mark 20 mg" in step(r, "syringe")


@pytest.mark.parametrize("indication", indication_ids())
@pytest.mark.parametrize("label", ["us", "eu", None])
def test_every_indication_has_an_ordered_cited_trace(indication: str, label: str | None) -> None:
    r = regimen(indication, 70, 50, label=label, crcl_ml_min=20, concomitant=["etanercept"])
    names = [s.step for s in r.steps]
    assert names[:4] == ["label", "rule", "starting dose", "maximum"]
    assert names[-3:-1] in (["syringe", "safety"], ["course", "safety"]) and names[-1] == "outcome"
    assert names.index("kidney estimate") < names.index("kidney rule") < names.index("syringe")
    rule_step = r.steps[1]
    assert rule_step.row == r.rule_id and rule_step.citations and set(rule_step.citations) <= set(r.citations)
    assert "etanercept" in step(r, "safety")
    assert all(s.text for s in r.steps)


def test_the_trace_is_computed_from_the_tables(tmp_path: Path) -> None:
    # Change a table: the trace changes with it (it is not a second, hand-written text).
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    rules = copy / "dosing_rules.csv"
    text = rules.read_text(encoding="utf-8")
    row = "us-nomid,nomid,us,,,,,weight,1,2,,0.5,1,,,"
    rules.write_text(text.replace(row + "8,", row + "6,"), encoding="utf-8")
    r = regimen("nomid", 9, 0.67, kb=load_knowledge(copy))
    assert step(r, "maximum") == "6 mg/kg/day × 9 kg = 54 mg/day" and r.max_daily_mg == 54


def test_cli_explain_and_json_steps(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["dose", "--indication", "ra", "--weight-kg", "50", "--age-years", "80", "--sex", "female", "--scr", "1.4"]
    assert main([*argv, "--explain"]) == 0
    out = capsys.readouterr().out
    assert "How this was worked out:" in out and "= 25.3 mL/min" in out
    assert main(argv) == 0
    assert "How this was worked out" not in capsys.readouterr().out
    assert main([*argv, "--json"]) == 0
    steps = json.loads(capsys.readouterr().out)["steps"]
    assert all({"step", "text", "citations"} <= set(s) for s in steps)
    assert any("25.3 mL/min" in s["text"] for s in steps)


def test_card_has_a_closed_worked_out_panel_with_the_arithmetic() -> None:
    from anakinra_edu.card import regimen_card_html

    r = regimen("nomid", 9, 0.67)
    html = regimen_card_html(r)
    assert '<details class="ae-steps"><summary>How this was worked out</summary>' in html
    assert "1–2 mg/kg/day × 9 kg = 9–18 mg/day" in html
    assert '<details class="ae-steps" open>' in regimen_card_html(r, steps_open=True)


def test_case_feedback_shows_the_worked_out_steps_after_an_answer() -> None:
    # TV02 case: Cockcroft–Gault ((140 − 80) × 50) / (72 × 1.4) × 0.85 = 25.3 mL/min; the feedback opens the trace.
    from anakinra_edu.widgets import case_study

    app = case_study()
    app.controls["case"].value = "ra-elderly-crcl-near-30"
    q = app.outputs["questions"]["crcl"]
    assert "How this was worked out" not in q.feedback.value  # nothing before an answer
    q.answer(25.3)
    assert '<details class="ae-steps" open>' in q.feedback.value
    assert "(72 × 1.4) × 0.85 = 25.3 mL/min" in q.feedback.value
