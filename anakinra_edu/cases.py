"""Case-based self-study: the case bank in ``data/cases.toml``, validated, with answers computed by the engine.

A case has a stem, the patient inputs (arguments of :func:`anakinra_edu.dosing.regimen`), 2–4 questions, a
learning objective, difficulty, audience and instructor notes. Question kinds:

``numeric``
    ``answer`` names a quantity the engine computes at run time (see :data:`QUANTITIES`), with a
    ``tolerance`` in ``unit``: the expected number is never typed into the case file, so cases cannot drift
    from the rules.
``flag``
    A yes/no question whose answer is whether the engine raises the named flag (``renal_every_other_day``).
``single`` / ``multiple``
    Choices with ``correct`` and ``feedback`` (why), each with sources.
``reflection``
    A free prompt with a model answer shown after the trainee writes theirs.

A broken case fails at load with :class:`CaseError` naming the file, the case and the field.

Examples
--------
>>> bank = load_cases()
>>> len(bank) >= 14
True
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence

from ._record import record
from .dosing import FLAGS, Regimen, regimen
from .errors import CaseError
from .inputs import InputError
from .knowledge import Knowledge, data_dir, load_knowledge

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from typing import Any

__all__ = [
    "AUDIENCES",
    "DIFFICULTIES",
    "KINDS",
    "QUANTITIES",
    "Case",
    "CaseError",
    "Choice",
    "Question",
    "case_regimen",
    "check_answer",
    "expected_answer",
    "load_cases",
    "worksheet_html",
]

AUDIENCES = ("resident", "fellow", "nurse")
DIFFICULTIES = ("introductory", "intermediate", "advanced")
KINDS = ("numeric", "flag", "single", "multiple", "reflection")
PATIENT_FIELDS = ("indication", "weight_kg", "age_years", "label", "sex", "height_cm", "crcl_ml_min", "scr",
                  "scr_unit", "dialysis", "mg_per_kg", "concomitant", "active_infection", "anc_1e9_per_l",
                  "pregnant", "breastfeeding", "weight_basis", "child_pugh")


QUANTITIES: dict[str, tuple[str, Any]] = {
    "start_dose_low_mg": ("mg", lambda r: r.start_dose_mg[0]),
    "start_dose_high_mg": ("mg", lambda r: r.start_dose_mg[1]),
    "start_daily_low_mg": ("mg/day", lambda r: r.start_daily_mg[0]),
    "start_daily_high_mg": ("mg/day", lambda r: r.start_daily_mg[1]),
    "dose_mg": ("mg", lambda r: r.dose_mg),
    "dose_daily_mg": ("mg/day", lambda r: r.dose_daily_mg),
    "max_daily_mg": ("mg/day", lambda r: r.max_daily_mg),
    "interval_hours": ("h", lambda r: float(r.interval_hours)),
    "crcl_ml_min": ("mL/min", lambda r: r.crcl_ml_min),
    "ckd_epi_2021": ("mL/min/1.73 m²", lambda r: None if r.kidney is None else r.kidney.ckd_epi_2021),
    "cg_ideal_ml_min": ("mL/min", lambda r: None if r.kidney is None else r.kidney.cockcroft_gault.ideal),
    "cg_adjusted_ml_min": ("mL/min", lambda r: None if r.kidney is None else r.kidney.cockcroft_gault.adjusted),
    "start_volume_low_ml": ("mL", lambda r: r.syringe[0].volume_ml),
    "syringes_per_day_at_max": ("syringes", lambda r: float(r.syringes_per_day_at_max)),
    "next_titration_low_mg": ("mg/day", lambda r: None if r.next_titration_mg is None else r.next_titration_mg[0]),
    "next_titration_high_mg": ("mg/day", lambda r: None if r.next_titration_mg is None else r.next_titration_mg[1]),
    "doses_in_course": ("doses", lambda r: None if r.doses_in_course is None else float(r.doses_in_course)),
}


@record
class Choice:
    """A choice: id, text, whether it is correct, feedback (why) and sources."""

    id: str
    text: str
    correct: bool
    feedback: str
    citations: tuple[str, ...]


@record
class Question:
    """One question of a case. For ``numeric`` and ``flag`` the answer comes from the engine."""

    id: str
    kind: str
    prompt: str
    answer: str | None
    tolerance: float | None
    unit: str | None
    feedback: str
    choices: tuple[Choice, ...]
    model_answer: str
    citations: tuple[str, ...]


@record
class Case:
    """A case vignette with its patient inputs, questions and teaching metadata."""

    id: str
    title: str
    stem: str
    indication: str
    audience: tuple[str, ...]
    difficulty: str
    objective: str
    instructor_notes: str
    patient: Mapping[str, Any]
    questions: tuple[Question, ...]
    citations: tuple[str, ...]
    answer_key_id: str | None


def _need(d: Mapping[str, Any], key: str, kind: type | tuple[type, ...], file: str, case: str | None,
          path: str) -> Any:
    if key not in d:
        raise CaseError(file, case, f"{path}{key}", "is missing")
    value = d[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise CaseError(file, case, f"{path}{key}", f"has the wrong type ({type(value).__name__})")
    if isinstance(value, str) and not value.strip():
        raise CaseError(file, case, f"{path}{key}", "is empty")
    return value


def _cites(d: Mapping[str, Any], kb: Knowledge, file: str, case: str | None, path: str) -> tuple[str, ...]:
    ids = _need(d, "source_ids", list, file, case, path)
    if not ids:
        raise CaseError(file, case, f"{path}source_ids", "needs at least one source")
    for s in ids:
        if not isinstance(s, str) or s.split(" ")[0] not in kb.sources:
            raise CaseError(file, case, f"{path}source_ids", f"unknown source id {s!r} (not in sources.csv)")
    return tuple(ids)


def _question(q: Mapping[str, Any], i: int, kb: Knowledge, file: str, case: str) -> Question:
    path = f"question[{i}]."
    qid = _need(q, "id", str, file, case, path)
    kind = _need(q, "kind", str, file, case, path)
    if kind not in KINDS:
        raise CaseError(file, case, f"{path}kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    prompt = _need(q, "prompt", str, file, case, path)
    cites = _cites(q, kb, file, case, path)
    answer = tolerance = unit = None
    feedback = str(q.get("feedback", ""))
    choices: list[Choice] = []
    model = str(q.get("model_answer", ""))
    if kind == "numeric":
        answer = _need(q, "answer", str, file, case, path)
        if answer not in QUANTITIES:
            raise CaseError(file, case, f"{path}answer", f"{answer!r} is not an engine quantity "
                            f"({', '.join(QUANTITIES)})")
        tolerance = float(_need(q, "tolerance", (int, float), file, case, path))
        if tolerance < 0:
            raise CaseError(file, case, f"{path}tolerance", "must not be negative")
        unit = QUANTITIES[answer][0]
        feedback = _need(q, "feedback", str, file, case, path)
    elif kind == "flag":
        answer = _need(q, "answer", str, file, case, path)
        if answer not in FLAGS:
            raise CaseError(file, case, f"{path}answer", f"{answer!r} is not an engine flag ({', '.join(FLAGS)})")
        feedback = _need(q, "feedback", str, file, case, path)
    elif kind in ("single", "multiple"):
        raw = _need(q, "choice", list, file, case, path)
        if not 2 <= len(raw) <= 6:
            raise CaseError(file, case, f"{path}choice", "needs 2 to 6 choices")
        for j, c in enumerate(raw):
            cpath = f"{path}choice[{j}]."
            choices.append(Choice(chr(ord("a") + j), _need(c, "text", str, file, case, cpath),
                                  bool(_need(c, "correct", bool, file, case, cpath)),
                                  _need(c, "feedback", str, file, case, cpath), _cites(c, kb, file, case, cpath)))
        n_correct = sum(c.correct for c in choices)
        if kind == "single" and n_correct != 1:
            raise CaseError(file, case, f"{path}choice", f"a single-choice question needs exactly one correct "
                            f"choice (has {n_correct})")
        if kind == "multiple" and n_correct < 1:
            raise CaseError(file, case, f"{path}choice", "needs at least one correct choice")
    else:
        model = _need(q, "model_answer", str, file, case, path)
    return Question(qid, kind, prompt, answer, tolerance, unit, feedback, tuple(choices), model, cites)


def load_cases(path: str | os.PathLike[str] | None = None, kb: Knowledge | None = None) -> tuple[Case, ...]:
    """Load and validate the case bank (default ``data/cases.toml``); every case's inputs must run in the engine.

    Raises
    ------
    CaseError
        Bad TOML, a missing or mistyped field, an unknown indication, source, quantity or flag, a case whose
        patient inputs the engine rejects, or a numeric answer the engine cannot compute for that patient.
    """
    kb = kb or load_knowledge()
    target = os.fspath(path) if path is not None else os.path.join(data_dir(), "cases.toml")
    file = os.path.basename(target)
    try:
        with open(target, "rb") as fh:
            doc = tomllib.load(fh)
    except FileNotFoundError:
        raise CaseError(file, None, "-", "file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CaseError(file, None, "-", f"not valid TOML: {exc}") from None
    raw_cases = doc.get("case")
    if not isinstance(raw_cases, list) or not raw_cases:
        raise CaseError(file, None, "case", "no [[case]] tables")
    out: list[Case] = []
    seen: set[str] = set()
    for k, c in enumerate(raw_cases):
        cid = c.get("id") if isinstance(c.get("id"), str) else f"#{k + 1}"
        _need(c, "id", str, file, cid, "")
        if cid in seen:
            raise CaseError(file, cid, "id", "duplicate case id")
        seen.add(cid)
        case = _case(c, cid, kb, file)
        _check_runs(case, kb, file)
        out.append(case)
    return tuple(out)


def _case(c: Mapping[str, Any], cid: str, kb: Knowledge, file: str) -> Case:
    """One ``[[case]]`` table as a :class:`Case`, every field checked (``CaseError`` names the field)."""
    patient = dict(_need(c, "patient", dict, file, cid, ""))
    for key in patient:
        if key not in PATIENT_FIELDS:
            raise CaseError(file, cid, f"patient.{key}", f"is not an engine input ({', '.join(PATIENT_FIELDS)})")
    for key in ("indication", "weight_kg", "age_years"):
        _need(patient, key, (str,) if key == "indication" else (int, float), file, cid, "patient.")
    audience = _need(c, "audience", list, file, cid, "")
    for a in audience:
        if a not in AUDIENCES:
            raise CaseError(file, cid, "audience", f"{a!r} is not one of {', '.join(AUDIENCES)}")
    difficulty = _need(c, "difficulty", str, file, cid, "")
    if difficulty not in DIFFICULTIES:
        raise CaseError(file, cid, "difficulty", f"{difficulty!r} is not one of {', '.join(DIFFICULTIES)}")
    raw_q = _need(c, "question", list, file, cid, "")
    if not 2 <= len(raw_q) <= 4:
        raise CaseError(file, cid, "question", f"needs 2 to 4 questions (has {len(raw_q)})")
    questions = tuple(_question(q, i, kb, file, cid) for i, q in enumerate(raw_q))
    if len({q.id for q in questions}) != len(questions):
        raise CaseError(file, cid, "question", "duplicate question id")
    return Case(cid, _need(c, "title", str, file, cid, ""), _need(c, "stem", str, file, cid, ""),
                str(patient["indication"]), tuple(audience), difficulty,
                _need(c, "objective", str, file, cid, ""), _need(c, "instructor_notes", str, file, cid, ""),
                patient, questions, _cites(c, kb, file, cid, ""),
                c.get("answer_key_id") if isinstance(c.get("answer_key_id"), str) else None)


def _check_runs(case: Case, kb: Knowledge, file: str) -> None:
    """The case's patient runs in the engine and every numeric answer has a value."""
    try:
        r = case_regimen(case, kb)
    except InputError as exc:
        raise CaseError(file, case.id, f"patient.{exc.field}", str(exc)) from None
    for i, q in enumerate(case.questions):
        if q.kind == "numeric" and expected_answer(q, r) is None:
            raise CaseError(file, case.id, f"question[{i}].answer",
                            f"the engine gives no value of {q.answer!r} for this patient")


def case_regimen(case: Case, kb: Knowledge | None = None) -> Regimen:
    """Run the engine on the case's patient inputs."""
    args = dict(case.patient)
    ind = args.pop("indication")
    return regimen(ind, args.pop("weight_kg"), args.pop("age_years"), kb=kb, **args)


def expected_answer(q: Question, r: Regimen) -> float | bool | frozenset[str] | None:
    """The expected answer: engine quantity (numeric), engine flag (flag) or the correct choice ids."""
    if q.kind == "numeric":
        assert q.answer is not None
        return QUANTITIES[q.answer][1](r)
    if q.kind == "flag":
        return q.answer in r.flags
    if q.kind in ("single", "multiple"):
        return frozenset(c.id for c in q.choices if c.correct)
    return None


def check_answer(q: Question, r: Regimen, given: float | bool | str | Sequence[str] | None) -> bool | None:
    """Whether a trainee's answer is right (``None`` for reflection prompts, which are not scored)."""
    expected = expected_answer(q, r)
    if q.kind == "numeric":
        if given is None or isinstance(given, bool):
            return False
        try:
            value = float(given)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
        assert isinstance(expected, float | int) and q.tolerance is not None
        return abs(value - expected) <= q.tolerance + 1e-9
    if q.kind == "flag":
        return given is expected
    if q.kind == "single":
        return isinstance(given, str) and frozenset([given]) == expected
    if q.kind == "multiple":
        return isinstance(given, Sequence) and not isinstance(given, str) and frozenset(given) == expected
    return None


def worksheet_html(cases: Sequence[Case], answers: bool = False, kb: Knowledge | None = None) -> str:
    """A printable worksheet for a set of cases; with ``answers=True``, the separate answer sheet.

    The worksheet holds stems, inputs and questions only; the answer sheet adds the engine's answers, the
    correct choices with their feedback, model answers, instructor notes and sources.
    """
    from html import escape

    from . import EDUCATION_NOTICE

    kb = kb or load_knowledge()
    title = "Answer sheet" if answers else "Worksheet"
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Anakinra cases: {title}</title>"
             "<style>body{font-family:system-ui,sans-serif;font-size:12pt;max-width:190mm;margin:auto}"
             "h2{font-size:14pt;margin-top:14pt}.q{margin:6pt 0}.line{border-bottom:1px solid #999;height:16pt}"
             "</style></head><body>", f"<h1>Anakinra case studies — {title}</h1>",
             f"<p><i>{escape(EDUCATION_NOTICE)}</i></p>"]
    for n, case in enumerate(cases, 1):
        r = case_regimen(case, kb)
        inputs = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in case.patient.items())
        parts.append(f"<h2>{n}. {escape(case.title)}</h2><p>{escape(case.stem)}</p>"
                     f"<p><small>Inputs: {escape(inputs)} · Objective: {escape(case.objective)}</small></p>")
        for i, q in enumerate(case.questions, 1):
            parts.append(f"<div class='q'><b>{n}.{i}</b> {escape(q.prompt)}")
            for c in q.choices:
                mark = " ✔" if answers and c.correct else ""
                parts.append(f"<div>☐ {c.id}) {escape(c.text)}{mark}</div>")
            if not answers and q.kind in ("numeric", "reflection"):
                parts.append("<div class='line'></div><div class='line'></div>")
            if not answers and q.kind == "flag":
                parts.append("<div>☐ yes ☐ no</div>")
            if answers:
                exp = expected_answer(q, r)
                if q.kind == "numeric":
                    parts.append(f"<div><b>Answer: {exp:.4g} {escape(q.unit or '')}</b> (± {q.tolerance:g}). "
                                 f"{escape(q.feedback)}</div>")
                elif q.kind == "flag":
                    parts.append(f"<div><b>Answer: {'yes' if exp else 'no'}.</b> {escape(q.feedback)}</div>")
                elif q.kind == "reflection":
                    parts.append(f"<div><b>Model answer:</b> {escape(q.model_answer)}</div>")
                else:
                    for c in q.choices:
                        parts.append(f"<div><small>{c.id}) {escape(c.feedback)}</small></div>")
                parts.append(f"<div><small>Sources: {escape('; '.join(q.citations))}</small></div>")
            parts.append("</div>")
        if answers:
            parts.append(f"<p><b>Instructor notes:</b> {escape(case.instructor_notes)}</p>")
    parts.append("</body></html>")
    return "".join(parts)
