"""Case progress: answers, attempts and first-attempt scores survive moving between cases and a page reload.

The browser's copy is simulated by handing one dashboard's ``store.data`` to a new dashboard as ``store.saved``
(what the page's ``localStorage`` does on a reload; tests/browser/test_case_progress.py does it in Chromium).
Expected answers come from tests/data/answer_key.csv: TV02 (Cockcroft–Gault 25.3 mL/min with actual weight, the
eGFR 38.0 on her report is not the answer; every other day: yes) and TV11 (9 kg infant: 9 mg/day, below the
syringe's 20 mg mark: yes).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from anakinra_edu import progress as progress_module
from anakinra_edu.cases import load_cases
from anakinra_edu.progress import STORAGE_KEY, CaseProgress, case_version
from anakinra_edu.widgets import case_study

CASES = load_cases()
TV02 = "ra-elderly-crcl-near-30"
TV11 = "nomid-infant-below-mark"
BY_ID = {c.id: c for c in CASES}


# ---- the state itself (no widgets) ----

def test_first_attempt_scores_and_attempts_count() -> None:
    p = CaseProgress(CASES)
    assert p.record(TV02, "crcl", 38.0, False).attempts == 1
    again = p.record(TV02, "crcl", 25.3, True)
    assert (again.answer, again.attempts, again.first, again.last) == (25.3, 2, False, True)
    p.record(TV02, "eod", True, True)
    assert p.score(TV02) == (1, 2)
    assert p.score(TV11) == (0, 0)


def test_try_again_keeps_attempts_and_the_first_result() -> None:
    p = CaseProgress(CASES)
    p.record(TV02, "crcl", 38.0, False)
    p.clear_answer(TV02, "crcl")
    kept = p.get(TV02, "crcl")
    assert kept is not None and (kept.answer, kept.attempts, kept.first, kept.last) == (None, 1, False, None)
    assert p.score(TV02) == (0, 1)


def test_json_round_trip_is_keyed_by_case_and_version() -> None:
    p = CaseProgress(CASES)
    p.record(TV02, "crcl", 25.3, True)
    p.record(TV11, "below-mark", True, True)
    p.record(TV11, "how-given", "Pharmacy prepares a syringe", None)
    stored = json.loads(json.dumps(p.to_json()))  # what localStorage holds: JSON text
    assert set(stored) == {f"{TV02}@{case_version(BY_ID[TV02])}", f"{TV11}@{case_version(BY_ID[TV11])}"}
    fresh = CaseProgress(CASES)
    assert fresh.restore(stored) == []
    assert fresh.to_json() == stored
    assert fresh.score(TV11) == (1, 1)  # the reflection does not score


def test_a_changed_case_does_not_restore_stale_answers() -> None:
    p = CaseProgress(CASES)
    p.record(TV02, "crcl", 25.3, True)
    stored = p.to_json()
    edited = BY_ID[TV02]._replace(stem=BY_ID[TV02].stem + " She weighs 45 kg now.")  # type: ignore[attr-defined]
    assert case_version(edited) != case_version(BY_ID[TV02])
    later = CaseProgress([edited if c.id == TV02 else c for c in CASES])
    notes = later.restore(stored)
    assert later.get(TV02, "crcl") is None
    assert notes == [f"{edited.title}: the case has changed since these answers were saved; they were not restored"]
    assert later.to_json() == {}  # written back without the stale entry


def test_the_version_follows_the_engine_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    before = case_version(BY_ID[TV02])
    monkeypatch.setattr(progress_module, "expected_answer", lambda q, r: 99.0)  # as if a table row had changed
    assert case_version(BY_ID[TV02]) != before


def test_the_version_does_not_depend_on_the_process() -> None:
    code = ("from anakinra_edu.cases import load_cases; from anakinra_edu.progress import case_version; "
            "print(','.join(case_version(c) for c in load_cases()))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(runs) == 1 and runs.pop().strip() == ",".join(case_version(c) for c in CASES)


@pytest.mark.parametrize(("entry", "reason"), [
    ({"answer": "abc", "attempts": 1, "first": False, "last": False}, "answer 'abc' is not a finite number"),
    ({"answer": 25.3, "attempts": 0, "first": True, "last": True}, "has attempts 0, not a whole number of at least 1"),
    ({"answer": 25.3, "attempts": 1, "first": "yes", "last": True}, "has first 'yes', not true, false or null"),
    ({"answer": 25.3}, "is not an entry with answer, attempts, first and last"),
])
def test_a_malformed_entry_is_named_and_not_restored(entry: dict, reason: str) -> None:
    key = f"{TV02}@{case_version(BY_ID[TV02])}"
    p = CaseProgress(CASES)
    notes = p.restore({key: {"crcl": entry, "eod": {"answer": True, "attempts": 1, "first": True, "last": True}}})
    assert notes == [f"{BY_ID[TV02].title}, question 'crcl': saved entry {reason}; not restored"]
    assert p.get(TV02, "crcl") is None and p.score(TV02) == (1, 1)  # the good entry beside it is kept


def test_choices_and_questions_must_exist() -> None:
    key = f"{TV02}@{case_version(BY_ID[TV02])}"
    p = CaseProgress(CASES)
    notes = p.restore({key: {"why-crcl": {"answer": "z", "attempts": 1, "first": False, "last": False},
                             "gone": {"answer": 1.0, "attempts": 1, "first": True, "last": True}}})
    title = BY_ID[TV02].title
    assert notes == [f"{title}, question 'why-crcl': saved entry answer 'z' is not one of the question's choices; "
                     "not restored", f"{title}: saved question 'gone' is not in the case; not restored"]
    assert CaseProgress(CASES).restore(["not", "a", "table"]) == [
        "saved progress is list, not a table of cases: nothing restored"]


def test_an_answer_given_on_this_page_wins_over_the_stored_one() -> None:
    old = CaseProgress(CASES)
    old.record(TV02, "crcl", 38.0, False)
    here = CaseProgress(CASES)
    here.record(TV02, "crcl", 25.3, True)
    here.restore(old.to_json())
    kept = here.get(TV02, "crcl")
    assert kept is not None and kept.answer == 25.3 and kept.first is True


# ---- the dashboard ----

def _questions(app):
    return app.outputs["questions"]


def test_an_untouched_number_box_is_not_answered_and_costs_nothing() -> None:
    app = case_study()
    app.controls["case"].value = TV02
    crcl = _questions(app)["crcl"]
    assert crcl.input.value == ""  # no pre-filled 0
    crcl.check.click()
    assert "Not answered" in crcl.feedback.value and "Nothing was counted" in crcl.feedback.value
    assert crcl.attempts == 0 and crcl.first is None
    assert app.outputs["scores"][TV02] == (0, 0) and app.study.store.data == {}
    crcl.input.value = "twenty-five"
    crcl.check.click()
    assert "“twenty-five” is not a number" in crcl.feedback.value and crcl.attempts == 0
    assert crcl.answer(25.3) is True  # the first real attempt is still the first
    assert crcl.attempts == 1 and app.outputs["scores"][TV02] == (1, 1)
    assert "Attempts: 1" in crcl.tally.value


def test_no_choice_made_is_not_answered() -> None:
    app = case_study()
    app.controls["case"].value = "gout-flare-severe-ckd"
    for qid in ("unverified", "what-regimen", "acr-2020"):  # yes/no, one choice, several choices
        q = _questions(app)[qid]
        q.check.click()
        assert "Not answered" in q.feedback.value and q.attempts == 0, qid
    assert app.outputs["scores"]["gout-flare-severe-ckd"] == (0, 0)


def test_answers_come_back_when_returning_to_a_case() -> None:
    app = case_study()
    app.controls["case"].value = TV02
    assert _questions(app)["crcl"].answer(38) is False  # the eGFR on her report: not the answer
    assert _questions(app)["crcl"].answer(25.3) is True
    app.controls["case"].value = TV11
    assert _questions(app)["below-mark"].answer(True) is True
    assert "1 of 1" in app.outputs["score"].value
    app.controls["case"].value = TV02
    crcl = _questions(app)["crcl"]
    assert crcl.input.value == "25.3" and crcl.attempts == 2 and crcl.first is False
    assert "✔ Correct." in crcl.feedback.value
    assert app.outputs["scores"][TV02] == (0, 1)
    assert "0 of 1 answered correctly" in app.outputs["score"].value


def test_a_reload_restores_answers_scores_and_attempts() -> None:
    first = case_study()
    first.controls["case"].value = TV02
    _questions(first)["crcl"].answer(25.3)
    _questions(first)["why-crcl"].answer("a")
    first.controls["case"].value = TV11
    _questions(first)["below-mark"].answer(False)  # TV11: it is below the mark, so "no" is wrong
    stored = json.loads(json.dumps(first.study.store.data))
    assert first.study.store.key == STORAGE_KEY

    reloaded = case_study()  # a new page: a new kernel, nothing in it yet
    assert reloaded.outputs["scores"] == {TV02: (0, 0)}
    reloaded.study.store.status = "kept in this browser"
    reloaded.study.store.saved = stored  # the browser hands back its copy
    assert reloaded.outputs["scores"] == {TV02: (2, 2), TV11: (0, 1)}
    crcl = _questions(reloaded)["crcl"]
    assert crcl.input.value == "25.3" and "✔ Correct." in crcl.feedback.value
    assert _questions(reloaded)["why-crcl"].input.value == "a"
    assert "kept in this browser" in reloaded.study.note.value
    reloaded.controls["case"].value = TV11
    below = _questions(reloaded)["below-mark"]
    assert below.input.value is False and "✘ Not quite." in below.feedback.value and below.attempts == 1


def test_try_again_is_kept_too() -> None:
    app = case_study()
    app.controls["case"].value = TV02
    crcl = _questions(app)["crcl"]
    crcl.answer(38)
    crcl.retry.click()
    assert crcl.input.value == "" and crcl.feedback.value == ""
    app.controls["case"].value = TV11
    app.controls["case"].value = TV02
    crcl = _questions(app)["crcl"]
    assert crcl.input.value == "" and crcl.attempts == 1 and app.outputs["scores"][TV02] == (0, 1)


def test_the_browser_offer_is_taken_once_and_acknowledged() -> None:
    # What the page's module sends: its copy, where it is kept, and an attempt number (repeated until acknowledged).
    app = case_study()
    store = app.study.store
    assert store.ack == 0 and store.data == {}
    good = CaseProgress(CASES)
    good.record(TV02, "crcl", 25.3, True)
    store.offer = {"saved": good.to_json(), "status": "kept in this browser", "attempt": 1}
    assert store.ack == 1 and app.outputs["scores"][TV02] == (1, 1)
    assert store.data == good.to_json()  # written back at once: the browser may now save
    store.offer = {"saved": {}, "status": "kept in this browser", "attempt": 2}  # a late repeat
    assert store.ack == 2 and app.outputs["scores"][TV02] == (1, 1)


def test_a_browser_copy_that_is_not_a_table_is_reported() -> None:
    app = case_study()
    app.study.store.offer = {"saved": [1, 2], "status": "kept in this browser", "attempt": 1}
    assert "saved progress is list, not a table of cases: nothing restored" in app.study.note.value


def test_stale_saved_answers_are_named_and_leave_the_browser() -> None:
    app = case_study()
    app.study.store.saved = {f"{TV02}@000000000000": {"crcl": {"answer": 25.3, "attempts": 1, "first": True,
                                                                "last": True}}}
    assert _questions(app)["crcl"].input.value == ""
    assert "has changed since these answers were saved" in app.study.note.value
    assert app.study.store.data == {}
