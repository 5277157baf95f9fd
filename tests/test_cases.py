"""The case bank: schema validation, engine answers against the answer key, feedback, instructor mode.

Expected values come from tests/data/answer_key.csv (rows named by each case's answer_key_id), never from
the engine: the engine computes the case answers at run time, and this test checks them against the key.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from anakinra_edu.cases import CaseError, case_regimen, check_answer, expected_answer, load_cases
from anakinra_edu.knowledge import data_dir

CASES_PATH = Path(data_dir()) / "cases.toml"
with (Path(__file__).parent / "data" / "answer_key.csv").open(encoding="utf-8", newline="") as fh:
    KEY = {row["id"]: row for row in csv.DictReader(fh)}
CASES = load_cases()

# Engine quantity -> answer-key column holding the same value (per administration or per day, as the key says).
KEY_COLUMN = {"crcl_ml_min": "crcl_ml_min", "ckd_epi_2021": "egfr_ml_min_1_73m2", "start_dose_low_mg": "dose_mg_min",
              "start_dose_high_mg": "dose_mg_max", "start_daily_low_mg": "dose_mg_min",
              "start_daily_high_mg": "dose_mg_max", "max_daily_mg": "max_daily_dose_mg"}
# Audit correction (issue: SJIA start): TV23's 40–80 mg is the regimen's range, start 2 mg/kg to the 4 mg/kg
# escalation (the key's notes: "start 2 mg/kg (max 100 mg)"); its 200 mg is the cap, so the weight-based daily
# maximum for 20 kg is the key's dose_mg_max (4 mg/kg × 20 kg = 80 mg/day; UPTODATE-SJIA, ANASTILLS).
KEY_READING = {("TV23", "start_dose_high_mg"): "dose_mg_min", ("TV23", "start_daily_high_mg"): "dose_mg_min",
               ("TV23", "max_daily_mg"): "dose_mg_max"}
FLAG_COLUMN = {"renal_every_other_day": ("renal_adjustment_applied", "yes"),
               "below_syringe_minimum": ("below_syringe_min_20mg", "yes")}


def test_bank_size_and_coverage() -> None:
    assert len(CASES) >= 14
    groups = {c.indication for c in CASES}
    assert {"ra", "nomid"} <= groups
    assert any(c.indication in ("caps", "stills", "sjia", "aosd", "fmf", "covid-19") for c in CASES)  # EU label
    assert any(c.indication in ("gout-flare", "recurrent-pericarditis", "mas", "schnitzler", "traps") for c in CASES)
    assert {"resident", "fellow", "nurse"} <= {a for c in CASES for a in c.audience}
    for c in CASES:
        assert 2 <= len(c.questions) <= 4 and c.objective and c.instructor_notes and c.citations


@pytest.mark.parametrize("case", [c for c in CASES if c.answer_key_id in KEY], ids=lambda c: c.id)
def test_engine_answers_match_answer_key(case) -> None:
    row = KEY[case.answer_key_id]
    r = case_regimen(case)
    checked = 0
    for q in case.questions:
        column = KEY_READING.get((case.answer_key_id, q.answer), KEY_COLUMN.get(q.answer or ""))
        if q.kind == "numeric" and column and row[column].strip():
            expected = float(row[column])
            assert expected_answer(q, r) == pytest.approx(expected, abs=max(q.tolerance, 0.05)), (case.id, q.id)
            checked += 1
        if q.kind == "flag" and q.answer in FLAG_COLUMN:
            col, yes = FLAG_COLUMN[q.answer]
            if row[col].strip():
                assert expected_answer(q, r) is row[col].startswith(yes), (case.id, q.id)
                checked += 1
    assert checked or case.answer_key_id in ("TV07", "TV08", "TV09", "TV35", "TV36"), case.id


def test_every_choice_has_feedback_and_sources() -> None:
    for c in CASES:
        for q in c.questions:
            assert q.citations
            for choice in q.choices:
                assert choice.feedback.strip() and choice.citations, (c.id, q.id, choice.id)
            if q.kind in ("numeric", "flag"):
                assert q.feedback.strip()
            if q.kind == "reflection":
                assert q.model_answer.strip()


def test_check_answer_kinds() -> None:
    case = next(c for c in CASES if c.id == "ra-elderly-crcl-near-30")
    r = case_regimen(case)
    crcl, eod, why = case.questions
    assert check_answer(crcl, r, 25.3) is True  # TV02: 25.3 mL/min
    assert check_answer(crcl, r, 38) is False
    assert check_answer(crcl, r, "abc") is False and check_answer(crcl, r, None) is False
    assert check_answer(eod, r, True) is True and check_answer(eod, r, False) is False
    correct = next(ch.id for ch in why.choices if ch.correct)
    assert check_answer(why, r, correct) is True


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = CASES_PATH.read_text(encoding="utf-8")
    assert old in text
    out = tmp_path / "cases.toml"
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('difficulty = "intermediate"', 'difficulty = "hard"', "difficulty"),
        ('answer = "crcl_ml_min"', 'answer = "crcl"', "question[0].answer"),
        ('answer = "renal_every_other_day"', 'answer = "renal"', "question[1].answer"),
        ('kind = "numeric"', 'kind = "essay"', "question[0].kind"),
        ('source_ids = ["COCKCROFT-1976", "US-PI-2020 §2.4"]', 'source_ids = ["NOPE-1999"]', "question[0].source_ids"),
        ("weight_kg = 50\n", "weight_kg = -50\n", "patient.weight_kg"),
        ("weight_kg = 50\n", 'weight_kg = "fifty"\n', "patient.weight_kg"),
        ('sex = "female"', 'sex = "female"\nheight = 160', "patient.height"),
        ("tolerance = 0.5\n", "", "question[0].tolerance"),
        ('title = "An 80-year-old woman with RA: which kidney estimate decides?"\n', "", "title"),
    ],
)
def test_broken_case_names_file_and_field(tmp_path: Path, old: str, new: str, field: str) -> None:
    with pytest.raises(CaseError) as info:
        load_cases(_broken(tmp_path, old, new))
    assert info.value.file == "cases.toml"
    assert info.value.case == "ra-elderly-crcl-near-30"
    assert info.value.field == field


def test_single_choice_needs_one_correct(tmp_path: Path) -> None:
    old = 'correct = false\nfeedback = "True in general'
    path = _broken(tmp_path, old, old.replace("false", "true"))
    with pytest.raises(CaseError, match="exactly one correct"):
        load_cases(path)


def test_not_toml_and_missing(tmp_path: Path) -> None:
    bad = tmp_path / "cases.toml"
    bad.write_text("[[case]\nid = ", encoding="utf-8")
    with pytest.raises(CaseError, match="not valid TOML"):
        load_cases(bad)
    with pytest.raises(CaseError, match="not found"):
        load_cases(tmp_path / "none.toml")


def _all_text(widget) -> str:
    """Every string a widget tree would send to the browser (values, descriptions, options)."""
    import ipywidgets as W

    out = []
    stack = [widget]
    while stack:
        w = stack.pop()
        for name in ("value", "description", "placeholder", "tooltip"):
            v = getattr(w, name, None)
            if isinstance(v, str):
                out.append(v)
        for opt in getattr(w, "_options_labels", ()) or ():
            out.append(str(opt))
        if isinstance(w, W.Box):
            stack.extend(w.children)
    return "\n".join(out)


def test_trainee_mode_never_renders_instructor_content(monkeypatch: pytest.MonkeyPatch) -> None:
    from anakinra_edu.widgets import case_study

    monkeypatch.delenv("ANAKINRA_EDU_INSTRUCTOR", raising=False)
    app = case_study()
    assert "instructor" not in app.controls
    for case in CASES:
        app.controls["case"].value = case.id
        text = _all_text(app)
        assert case.instructor_notes not in text
        assert "Instructor mode" not in text and "Instructor notes" not in text
        for q in case.questions:
            if q.kind == "reflection":
                assert q.model_answer not in text
            for choice in q.choices:
                assert choice.feedback not in text  # feedback appears only after an answer


def test_instructor_mode_reveals(monkeypatch: pytest.MonkeyPatch) -> None:
    from anakinra_edu.widgets import case_study

    monkeypatch.setenv("ANAKINRA_EDU_INSTRUCTOR", "1")
    app = case_study()
    case = CASES[0]
    app.controls["case"].value = case.id
    assert case.instructor_notes not in _all_text(app)  # off by default even for the facilitator
    app.controls["instructor"].value = True
    text = _all_text(app)
    assert re.sub(r"\s+", " ", case.instructor_notes)[:40] in re.sub(r"\s+", " ", text)


def test_quiz_scores_retry_and_filters() -> None:
    from anakinra_edu.widgets import case_study

    app = case_study()
    app.controls["case"].value = "ra-elderly-crcl-near-30"
    qs = app.outputs["questions"]
    assert qs["crcl"].answer(38) is False  # eGFR is not the answer
    assert qs["crcl"].answer(25.3) is True  # retry: right, but the first attempt counts
    assert qs["eod"].answer(True) is True
    assert app.outputs["scores"]["ra-elderly-crcl-near-30"] == (1, 2)
    assert "1 of 2" in app.outputs["score"].value
    objective = next(c.objective for c in CASES if c.id == "ra-elderly-crcl-near-30")
    assert app.outputs["by_objective"][objective] == (1, 2)
    app.controls["audience"].value = "nurse"
    assert all("nurse" in c.audience for c in app.outputs["cases"])
    app.controls["difficulty"].value = "advanced"
    assert all(c.difficulty == "advanced" and "nurse" in c.audience for c in app.outputs["cases"])


def test_shuffle_is_deterministic() -> None:
    from anakinra_edu.widgets import case_study

    a = case_study(shuffle=True)
    b = case_study(shuffle=True)
    for qid, q in a.outputs["questions"].items():
        assert [c.id for c in q.choices] == [c.id for c in b.outputs["questions"][qid].choices]


def test_worksheet_and_separate_answer_sheet() -> None:
    from html import escape

    from anakinra_edu.cases import worksheet_html

    sheet = worksheet_html(CASES)
    answers = worksheet_html(CASES, answers=True)
    for c in CASES:
        assert escape(c.stem) in sheet and escape(c.stem) in answers
        assert escape(c.instructor_notes) not in sheet and escape(c.instructor_notes) in answers
    assert "Answer: 25.3 mL/min" in answers and "Answer: 25.3" not in sheet  # TV02 Cockcroft-Gault
    assert "✔" not in sheet


def test_worksheet_downloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from anakinra_edu.widgets import ANSWERS_FILE, WORKSHEET_FILE, case_study

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ANAKINRA_EDU_INSTRUCTOR", raising=False)
    trainee = case_study()
    assert trainee.outputs["answers"].value == ""  # the answer sheet is for facilitators only
    assert f'download="{WORKSHEET_FILE}"' in trainee.outputs["worksheet"].value
    monkeypatch.setenv("ANAKINRA_EDU_INSTRUCTOR", "1")
    app = case_study()
    sheet = _download(app.outputs["worksheet"].value, WORKSHEET_FILE)
    answers = _download(app.outputs["answers"].value, ANSWERS_FILE)
    assert "Instructor notes" in answers and "Instructor notes" not in sheet
    app.controls["difficulty"].value = "advanced"
    assert len(app.outputs["cases"]) < len(load_cases())
    assert _download(app.outputs["worksheet"].value, WORKSHEET_FILE).count("<h2") < sheet.count("<h2")
    assert list(tmp_path.iterdir()) == []  # nothing written on the server


def _download(html: str, name: str) -> str:
    """The file a ``<a download>`` link gives the browser."""
    import base64
    import re

    m = re.search(r'download="([^"]+)" href="data:text/html;charset=utf-8;base64,([^"]+)"', html)
    assert m is not None and m.group(1) == name
    return base64.b64decode(m.group(2)).decode("utf-8")
