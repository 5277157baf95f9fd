"""Case-based self-study (notebook 05) with an instructor mode, worksheet downloads and progress kept in the
trainee's browser (answers, attempts and scores survive moving between cases and a page reload)."""

from __future__ import annotations

import os
from functools import partial

import ipywidgets as W

from ...cases import AUDIENCES, DIFFICULTIES, Case, case_regimen, load_cases, worksheet_html
from ...handout import download_link_html, no_download_html
from ...knowledge import Knowledge, load_knowledge
from ...progress import STORAGE_KEY, CaseProgress
from ...render.cases import case_notes_html, case_score_html, case_stem_html, progress_note_html
from .base import Dashboard
from .browser_store import BrowserStore
from .controls import DESC
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
        sets ``ANAKINRA_EDU_INSTRUCTOR=1``. In trainee mode nothing instructor-only is rendered.
    shuffle : bool
        Shuffle choice order (deterministically per question).

    ``controls``: audience, indication, difficulty, case, instructor (when offered). ``outputs``: stem, notes,
    questions (dict of :class:`CaseQuestion`), score (HTML), scores (dict case id → (right, answered)),
    by_objective (dict objective → (right, answered)), cases (those matching the filters), worksheet and
    answers (HTML: browser download links; the answer sheet only when the instructor toggle is offered).
    ``study``: the :class:`CaseStudy` behind it (``progress``, ``store``: the browser's copy, ``note``).
    """
    kb = kb or load_knowledge()
    cases = load_cases(kb=kb)
    offer = instructor if instructor is not None else os.environ.get(INSTRUCTOR_ENV) == "1"
    study = CaseStudy(kb, cases, offer, shuffle, case_filters(kb, cases, audience, indication, difficulty))
    return study.dashboard()


def case_filters(kb: Knowledge, cases: tuple[Case, ...], audience: str | None, indication: str | None,
                 difficulty: str | None) -> dict[str, W.Dropdown]:
    """The audience, indication and difficulty dropdowns (empty value: any)."""
    f_aud = W.Dropdown(options=[("Any audience", "")] + [(a.capitalize(), a) for a in AUDIENCES], value=audience or "",
                       description="Audience", style=DESC)
    inds = sorted({c.indication for c in cases}, key=lambda i: list(kb.indications).index(i))
    f_ind = W.Dropdown(options=[("Any indication", "")] + [(kb.indications[i]["name"], i) for i in inds],
                       value=indication or "", description="Indication", style=DESC, layout=W.Layout(width="620px"))
    f_dif = W.Dropdown(options=[("Any difficulty", "")] + [(d.capitalize(), d) for d in DIFFICULTIES],
                       value=difficulty or "", description="Difficulty", style=DESC)
    return {"audience": f_aud, "indication": f_ind, "difficulty": f_dif}


class CaseStudy:
    """The case study's widgets and what happens on each change (one per dashboard).

    Every check and "Try again" goes into :class:`~anakinra_edu.progress.CaseProgress` and from there to the
    browser (:class:`BrowserStore`); a case shown again, or the page reloaded, gets its answers back from it.
    """

    def __init__(self, kb: Knowledge, cases: tuple[Case, ...], offer: bool, shuffle: bool,
                 filters: dict[str, W.Dropdown]) -> None:
        self.kb, self.cases, self.offer, self.shuffle, self.filters = kb, cases, offer, shuffle, filters
        self.pick = W.Dropdown(description="Case", style=DESC, layout=W.Layout(width="720px"))
        self.toggle = W.ToggleButton(value=False, description="Instructor mode", icon="eye")
        self.stem, self.notes, self.score, self.note = W.HTML(), W.HTML(), W.HTML(), W.HTML()
        self.holder = W.VBox()
        self.sheet_link, self.key_link = W.HTML(), W.HTML()
        self.scores: dict[str, tuple[int, int]] = {}
        self.by_objective: dict[str, tuple[int, int]] = {}
        self.progress = CaseProgress(cases, kb)
        self.problems: list[str] = []
        self.store = BrowserStore(key=STORAGE_KEY)
        self.outputs: dict[str, object] = {
            "stem": self.stem, "notes": self.notes, "questions": {}, "score": self.score, "scores": self.scores,
            "by_objective": self.by_objective, "cases": (), "worksheet": self.sheet_link, "answers": self.key_link}

    def current(self) -> Case | None:
        return next((c for c in self.cases if c.id == self.pick.value), None)

    def questions(self) -> dict[str, CaseQuestion]:
        return self.outputs["questions"]  # type: ignore[return-value]

    def update_filter(self, _change: object = None) -> None:
        """New filters: the matching cases in the picker (the first one shown) and in the worksheets."""
        f = {k: w.value for k, w in self.filters.items()}
        chosen = [c for c in self.cases if (not f["audience"] or f["audience"] in c.audience)
                  and (not f["indication"] or c.indication == f["indication"])
                  and (not f["difficulty"] or c.difficulty == f["difficulty"])]
        self.outputs["cases"] = tuple(chosen)
        self.pick.options = [(f"{c.title} ({c.difficulty})", c.id) for c in chosen] or [("No case matches", "")]
        self.pick.value = chosen[0].id if chosen else ""
        self.show_case()
        self.update_sheets(chosen)

    def update_sheets(self, chosen: list[Case]) -> None:
        """Worksheet (and, for a facilitator, answer sheet) download links for the cases matching the filters."""
        if not chosen:
            self.sheet_link.value = self.key_link.value = no_download_html("no case matches the filters")
            return
        n = f"{len(chosen)} case{'s' if len(chosen) > 1 else ''}"
        self.sheet_link.value = download_link_html(worksheet_html(chosen, False, self.kb), WORKSHEET_FILE,
                                                   f"Download the worksheet ({n}, HTML)")
        if self.offer:
            self.key_link.value = download_link_html(worksheet_html(chosen, True, self.kb), ANSWERS_FILE,
                                                     f"Download the answer sheet ({n}, HTML)")

    def show_case(self, _change: object = None) -> None:
        """The picked case with its questions, each holding the answer stored for it (if any)."""
        case = self.current()
        if case is None:
            self.stem.value, self.notes.value, self.holder.children = "<p>No case matches these filters.</p>", "", ()
            self.outputs["questions"] = {}
            self.update_score()
            return
        r = case_regimen(case, self.kb)
        self.stem.value = case_stem_html(case)
        shown = {q.id: CaseQuestion(q, r, partial(self.checked, case.id, q.id), self.shuffle,
                                    on_reset=partial(self.cleared, case.id, q.id), show_attempts=True)
                 for q in case.questions}
        for qid, widget in shown.items():
            stored = self.progress.get(case.id, qid)
            if stored is not None:
                widget.restore(*stored)
        self.outputs["questions"] = shown
        self.holder.children = tuple(w.box for w in shown.values())
        self.apply_mode()
        self.update_score()

    def apply_mode(self, _change: object = None) -> None:
        """Instructor mode on: notes and every answer shown; off: only the trainee's own feedback."""
        case = self.current()
        if self.offer and self.toggle.value and case is not None:
            self.notes.value = case_notes_html(case)
            for q in self.questions().values():
                q.reveal()
            return
        self.notes.value = ""
        for q in self.questions().values():
            stored = None if case is None else self.progress.get(case.id, q.q.id)
            if stored is None:
                q.feedback.value = ""
            else:
                q.restore(*stored)

    def checked(self, case_id: str, question_id: str) -> None:
        """A counted check: stored, sent to the browser, scores updated."""
        q = self.questions()[question_id]
        self.progress.record(case_id, question_id, q.given, q.last)
        self.save()

    def cleared(self, case_id: str, question_id: str) -> None:
        """"Try again": the answer leaves the store; attempts and the first result stay."""
        self.progress.clear_answer(case_id, question_id)
        self.save()

    def save(self) -> None:
        self.store.data = self.progress.to_json()
        self.update_score()

    def restore_saved(self, _change: object = None) -> None:
        """The browser's copy arrived (page load): take what still applies, write back the rest, show it."""
        self.problems = self.progress.restore(self.store.saved)
        self.store.data = self.progress.to_json()  # entries of changed cases leave the browser too
        case = self.current()
        for qid, q in self.questions().items():
            stored = None if case is None else self.progress.get(case.id, qid)
            if stored is not None and q.attempts == 0:  # not checked on this page yet: the stored attempt
                q.restore(*stored)
        self.update_score()
        self.show_note()

    def show_note(self, _change: object = None) -> None:
        self.note.value = progress_note_html(self.store.status, self.problems)

    def update_score(self) -> None:
        """First-attempt score of this case and per learning objective, over every case answered."""
        self.scores.clear()
        for c in self.cases:
            right, n = self.progress.score(c.id)
            if n or c.id == self.pick.value:
                self.scores[c.id] = (right, n)
        self.by_objective.clear()
        for c in self.cases:
            if c.id in self.scores:
                right, n = self.by_objective.get(c.objective, (0, 0))
                self.by_objective[c.objective] = (right + self.scores[c.id][0], n + self.scores[c.id][1])
        self.score.value = case_score_html(self.scores.get(self.pick.value, (0, 0)), self.by_objective)

    def dashboard(self) -> Dashboard:
        """Lay out the widgets, connect the changes and show the first matching case."""
        for w in self.filters.values():
            w.observe(self.update_filter, "value")
        self.pick.observe(self.show_case, "value")
        self.toggle.observe(self.apply_mode, "value")
        self.store.observe(self.restore_saved, "saved")
        self.store.observe(self.show_note, "status")
        controls: dict[str, W.Widget] = {**self.filters, "case": self.pick}
        top: list[W.Widget] = [W.HBox([self.filters["audience"], self.filters["difficulty"]]),
                               self.filters["indication"], self.pick]
        export_row: list[W.Widget] = [self.sheet_link]
        if self.offer:
            controls["instructor"] = self.toggle
            top.append(self.toggle)
            export_row.append(self.key_link)
        sheets = W.HTML("<h3>Printable worksheet for the cases matching the filters</h3><p>Saved by your "
                        "browser; nothing is stored on the server. Print it from the browser.</p>")
        app = Dashboard([*top, self.stem, self.notes, self.holder, self.score, self.note, sheets,
                         W.HBox(export_row), self.store], controls, self.outputs,  # type: ignore[arg-type]
                        self.update_filter)
        app.study = self  # type: ignore[attr-defined]
        self.update_filter()
        self.show_note()
        return app
