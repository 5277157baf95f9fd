"""HTML panels of the case study (pure functions): the case on screen, instructor notes, the score."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from ..cases import Case

__all__ = ["case_notes_html", "case_score_html", "case_stem_html", "progress_note_html"]


def case_stem_html(case: Case) -> str:
    """Title, vignette, patient inputs, objective, difficulty and audience of a :class:`~anakinra_edu.cases.Case`."""
    patient = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in case.patient.items() if k != "indication")
    return (f"<div style='font-size:18px'><h3 style='margin:4px 0'>{escape(case.title)}</h3>"
            f"<p>{escape(case.stem)}</p><p style='font-size:15px'><b>Inputs:</b> {escape(patient)}</p>"
            f"<p style='font-size:15px'><b>Objective:</b> {escape(case.objective)} · "
            f"<b>Difficulty:</b> {escape(case.difficulty)} · <b>For:</b> {escape(', '.join(case.audience))}"
            f"</p></div>")


def case_notes_html(case: Case) -> str:
    """The instructor notes of a case with its sources (instructor mode only)."""
    return (f"<div style='font-size:17px;background:#eef3ff;border:2px solid #234;padding:6px'>"
            f"<b>Instructor notes:</b> {escape(case.instructor_notes)} "
            f"<span style='font-size:14px'>[{escape('; '.join(case.citations))}]</span></div>")


def case_score_html(here: tuple[int, int], by_objective: Mapping[str, tuple[int, int]]) -> str:
    """This case's first-attempt score and the score per learning objective over every case answered."""
    rows = "".join(f"<tr><td style='padding:2px 24px 2px 0'>{escape(obj)}</td><td style='white-space:nowrap'>"
                   f"{r} of {n}</td></tr>" for obj, (r, n) in by_objective.items())
    return (f"<div class='ae-case-score' style='font-size:17px'><b>This case:</b> {here[0]} of {here[1]} answered "
            "correctly at the first attempt.<br><b>By learning objective (every case answered):</b>"
            f"<table style='border-collapse:collapse'>{rows}</table></div>")


def progress_note_html(status: str, problems: Sequence[str]) -> str:
    """Where the trainee's answers are kept (``status`` from the browser; empty: no browser yet) and
    the saved entries that were not restored, each with the reason."""
    if status:
        where = (f"Your answers and scores are {escape(status)} only (nothing is stored on the server); "
                 "they come back when you return to a case or reload the page.")
    else:
        where = "Your answers and scores are kept while this page is open; nothing is stored on the server."
    listed = "".join(f"<li>{escape(p)}</li>" for p in problems)
    return (f"<div class='ae-progress' style='font-size:15px'>{where}"
            f"{f'<ul>{listed}</ul>' if listed else ''}</div>")
