"""Case-based self-study (notebook 05) with an instructor mode and worksheet downloads."""

from __future__ import annotations

from html import escape

import ipywidgets as W

from ...handout import download_link_html, no_download_html
from ...knowledge import Knowledge, load_knowledge
from .base import Dashboard
from .controls import (
    DESC,
)
from .quiz import CaseQuestion

INSTRUCTOR_ENV = "ANAKINRA_EDU_INSTRUCTOR"


WORKSHEET_FILE = "anakinra-cases-worksheet.html"


ANSWERS_FILE = "anakinra-cases-answers.html"


def case_study(audience: str | None = None, indication: str | None = None, difficulty: str | None = None,
               instructor: bool | None = None, shuffle: bool = False, kb: Knowledge | None = None) -> Dashboard:
    """Work through the case bank: filter by audience, indication and difficulty, answer, get feedback.

    Parameters
    ----------
    audience, indication, difficulty : str, optional
        Initial filters.
    instructor : bool, optional
        Offer the instructor toggle (reveals answers and instructor notes). Default: only when the facilitator
        sets the environment variable ``ANAKINRA_EDU_INSTRUCTOR=1``. Off by default; in trainee mode nothing
        instructor-only is rendered.
    shuffle : bool
        Shuffle choice order (deterministically per question).

    ``controls``: audience, indication, difficulty, case, instructor (when offered). ``outputs``: stem, notes,
    questions (dict of :class:`CaseQuestion`), score (HTML), scores (dict case id → (right, answered)),
    by_objective (dict objective → (right, answered)), worksheet and answers (HTML: browser download links
    for the cases matching the filters; the answer sheet only when the instructor toggle is offered).
    """
    import os

    from ...cases import AUDIENCES, DIFFICULTIES, case_regimen, load_cases

    kb = kb or load_knowledge()
    cases = load_cases(kb=kb)
    offer = instructor if instructor is not None else os.environ.get(INSTRUCTOR_ENV) == "1"
    f_aud = W.Dropdown(options=[("Any audience", "")] + [(a.capitalize(), a) for a in AUDIENCES], value=audience or "",
                       description="Audience", style=DESC)
    inds = sorted({c.indication for c in cases}, key=lambda i: list(kb.indications).index(i))
    f_ind = W.Dropdown(options=[("Any indication", "")] + [(kb.indications[i]["name"], i) for i in inds],
                       value=indication or "", description="Indication", style=DESC, layout=W.Layout(width="620px"))
    f_dif = W.Dropdown(options=[("Any difficulty", "")] + [(d.capitalize(), d) for d in DIFFICULTIES],
                       value=difficulty or "", description="Difficulty", style=DESC)
    pick = W.Dropdown(description="Case", style=DESC, layout=W.Layout(width="720px"))
    toggle = W.ToggleButton(value=False, description="Instructor mode", icon="eye")
    stem = W.HTML()
    notes = W.HTML()
    holder = W.VBox()
    score = W.HTML()
    scores: dict[str, tuple[int, int]] = {}
    by_objective: dict[str, tuple[int, int]] = {}
    outputs: dict[str, object] = {"stem": stem, "notes": notes, "questions": {}, "score": score, "scores": scores,
                                  "by_objective": by_objective, "cases": ()}

    def filtered() -> list:
        return [c for c in cases
                if (not f_aud.value or f_aud.value in c.audience) and (not f_ind.value or c.indication == f_ind.value)
                and (not f_dif.value or c.difficulty == f_dif.value)]

    def update_filter(_change: object = None) -> None:
        chosen = filtered()
        outputs["cases"] = tuple(chosen)
        pick.options = [(f"{c.title} ({c.difficulty})", c.id) for c in chosen] or [("No case matches", "")]
        pick.value = chosen[0].id if chosen else ""
        show_case()
        update_sheets(chosen)

    def update_sheets(chosen: list) -> None:
        from ...cases import worksheet_html

        if not chosen:
            sheet_link.value = key_link.value = no_download_html("no case matches the filters")
            return
        n = f"{len(chosen)} case{'s' if len(chosen) > 1 else ''}"
        sheet_link.value = download_link_html(worksheet_html(chosen, False, kb), WORKSHEET_FILE,
                                              f"Download the worksheet ({n}, HTML)")
        if offer:
            key_link.value = download_link_html(worksheet_html(chosen, True, kb), ANSWERS_FILE,
                                                f"Download the answer sheet ({n}, HTML)")

    def update_score() -> None:
        current = {q.q.id: q for q in outputs["questions"].values()}  # type: ignore[union-attr]
        case = next((c for c in cases if c.id == pick.value), None)
        if case is not None:
            scored = [q for q in current.values() if q.first is not None]
            scores[case.id] = (sum(1 for q in scored if q.first), len(scored))
        by_objective.clear()
        for c in cases:
            if c.id in scores:
                right, n = by_objective.get(c.objective, (0, 0))
                by_objective[c.objective] = (right + scores[c.id][0], n + scores[c.id][1])
        rows = "".join(f"<tr><td>{escape(obj)}</td><td>{r} of {n}</td></tr>" for obj, (r, n) in by_objective.items())
        here = scores.get(pick.value, (0, 0))
        score.value = (f"<div style='font-size:17px'><b>This case:</b> {here[0]} of {here[1]} answered correctly at "
                       "the first attempt.<br><b>By learning objective (this session):</b>"
                       f"<table style='border-collapse:collapse'>{rows}</table></div>")

    def show_case(_change: object = None) -> None:
        case = next((c for c in cases if c.id == pick.value), None)
        if case is None:
            stem.value, notes.value, holder.children = "<p>No case matches these filters.</p>", "", ()
            outputs["questions"] = {}
            return
        r = case_regimen(case, kb)
        patient = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in case.patient.items() if k != "indication")
        stem.value = (f"<div style='font-size:18px'><h3 style='margin:4px 0'>{escape(case.title)}</h3>"
                      f"<p>{escape(case.stem)}</p><p style='font-size:15px'><b>Inputs:</b> {escape(patient)}</p>"
                      f"<p style='font-size:15px'><b>Objective:</b> {escape(case.objective)} · "
                      f"<b>Difficulty:</b> {escape(case.difficulty)} · <b>For:</b> {escape(', '.join(case.audience))}"
                      f"</p></div>")
        widgets_q = {q.id: CaseQuestion(q, r, update_score, shuffle) for q in case.questions}
        outputs["questions"] = widgets_q
        holder.children = tuple(w.box for w in widgets_q.values())
        apply_mode()
        update_score()

    def apply_mode(_change: object = None) -> None:
        case = next((c for c in cases if c.id == pick.value), None)
        if offer and toggle.value and case is not None:
            notes.value = (f"<div style='font-size:17px;background:#eef3ff;border:2px solid #234;padding:6px'>"
                           f"<b>Instructor notes:</b> {escape(case.instructor_notes)} "
                           f"<span style='font-size:14px'>[{escape('; '.join(case.citations))}]</span></div>")
            for q in outputs["questions"].values():  # type: ignore[union-attr]
                q.reveal()
        else:
            notes.value = ""
            for q in outputs["questions"].values():  # type: ignore[union-attr]
                if q.first is None:
                    q.feedback.value = ""

    sheet_link = W.HTML()
    key_link = W.HTML()
    outputs.update(worksheet=sheet_link, answers=key_link)

    for w in (f_aud, f_ind, f_dif):
        w.observe(update_filter, "value")
    pick.observe(show_case, "value")
    toggle.observe(apply_mode, "value")
    controls: dict[str, W.Widget] = {"audience": f_aud, "indication": f_ind, "difficulty": f_dif, "case": pick}
    top: list[W.Widget] = [W.HBox([f_aud, f_dif]), f_ind, pick]
    export_row: list[W.Widget] = [sheet_link]
    if offer:
        controls["instructor"] = toggle
        top.append(toggle)
        export_row.append(key_link)
    app = Dashboard([*top, stem, notes, holder, score,
                     W.HTML("<h3>Printable worksheet for the cases matching the filters</h3><p>Saved by your "
                            "browser; nothing is stored on the server. Print it from the browser.</p>"),
                     W.HBox(export_row)], controls, outputs, update_filter)  # type: ignore[arg-type]
    update_filter()
    return app
