"""Quiz items: one case question of any kind, and the workshop's teach-back quiz."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

import ipywidgets as W

from ...card import steps_html
from ...dosing import Regimen
from ...knowledge import Knowledge, load_knowledge
from ...render.panels import (
    feedback_html,
)
from .base import Dashboard


class CaseQuestion:
    """Widget for one case question of any kind; scores the first attempt, allows retry.

    ``answer(value)`` gives an answer and checks it (number, True/False, a choice id, or a list of choice ids);
    ``reveal()`` shows the answer without scoring (instructor mode).
    """

    def __init__(self, q, r: Regimen | None, on_checked: Callable[[], None], shuffle: bool = False,
                 seed: int = 0) -> None:
        import random

        from ...cases import expected_answer

        self.q, self.r = q, r
        self.first: bool | None = None
        self._on_checked = on_checked
        self.feedback = W.HTML()
        self.check = W.Button(description="Check my answer")
        self.retry = W.Button(description="Try again")
        prompt = W.HTML(f"<div style='font-size:18px;font-weight:600'>{escape(q.prompt)}</div>")
        choices = list(q.choices)
        if shuffle:
            random.Random(f"{seed}-{q.id}").shuffle(choices)
        self.choices = choices
        if q.kind == "numeric":
            self.input: W.Widget = W.FloatText(value=0, description="Answer", style={"description_width": "80px"})
            body: list[W.Widget] = [W.HBox([self.input, W.Label(q.unit or "")])]
        elif q.kind == "flag":
            self.input = W.RadioButtons(options=[("Yes", True), ("No", False)], value=None, description="Answer",
                                        style={"description_width": "80px"})
            body = [self.input]
        elif q.kind == "single":
            listing = "".join(f"<div style='margin:3px 0'><b>{chr(97 + i)})</b> {escape(c.text)}</div>"
                              for i, c in enumerate(choices))
            self.input = W.RadioButtons(options=[(f"{chr(97 + i)})", c.id) for i, c in enumerate(choices)],
                                        value=None, description="Your answer", style={"description_width": "110px"})
            body = [W.HTML(f"<div style='font-size:17px'>{listing}</div>"), self.input]
        elif q.kind == "multiple":
            self.boxes = {c.id: W.Checkbox(value=False, description=c.text, indent=False,
                                           layout=W.Layout(width="auto")) for c in choices}
            self.input = W.VBox(list(self.boxes.values()))
            body = [W.HTML("<i>Tick every answer that applies.</i>"), self.input]
        else:
            self.input = W.Textarea(placeholder="Write your answer, then show the model answer.",
                                    layout=W.Layout(width="600px", height="80px"))
            self.check.description = "Show model answer"
            body = [self.input]
        self.expected = expected_answer(q, r)
        self.check.on_click(lambda _b: self._check())
        self.retry.on_click(lambda _b: self.reset())
        buttons = [self.check] + ([] if q.kind == "reflection" else [self.retry])
        self.box = W.VBox([prompt, *body, W.HBox(buttons), self.feedback],
                          layout=W.Layout(border="1px solid #999", padding="6px", margin="6px 0"))

    def _given(self):
        if self.q.kind == "multiple":
            return [cid for cid, box in self.boxes.items() if box.value]
        return self.input.value

    def _check(self) -> None:
        from ...cases import check_answer

        q = self.q
        if q.kind == "reflection":
            self.feedback.value = feedback_html(None, q.model_answer, q.citations)
            return
        given = self._given()
        if given is None:
            self.feedback.value = "<div style='font-size:17px'>Choose an answer first.</div>"
            return
        ok = bool(check_answer(q, self.r, given))
        if self.first is None:
            self.first = ok
        self.feedback.value = self._explain(ok)
        self._on_checked()

    def _explain(self, ok: bool | None) -> str:
        q = self.q
        trace = "" if self.r is None or ok is None else steps_html(self.r, open_=True)
        if q.kind == "numeric":
            text = (f"The engine gives {self.expected:.4g} {q.unit} (tolerance ± {q.tolerance:g}). {q.feedback}")
            return feedback_html(ok, text, q.citations) + trace
        if q.kind == "flag":
            text = f"The answer is {'yes' if self.expected else 'no'}. {q.feedback}"
            return feedback_html(ok, text, q.citations) + trace
        if q.kind in ("single", "multiple"):
            chosen = set(self._given() or []) if q.kind == "multiple" else {self._given()}
            lines = "".join(
                f"<li><b>{chr(97 + i)}) {'correct' if c.correct else 'incorrect'}</b>"
                f"{' (your choice)' if c.id in chosen else ''}: {escape(c.feedback)} "
                f"<span style='font-size:14px'>[{escape('; '.join(c.citations))}]</span></li>"
                for i, c in enumerate(self.choices) if c.id in chosen or ok is not None)
            head = feedback_html(ok, "", q.citations) if ok is not None else ""
            return f"{head}<ul style='font-size:16px'>{lines}</ul>"
        return feedback_html(None, q.model_answer, q.citations)

    def reset(self) -> None:
        """Clear the answer and feedback (the first attempt still counts for the score)."""
        self.feedback.value = ""
        if self.q.kind == "multiple":
            for box in self.boxes.values():
                box.value = False
        elif self.q.kind in ("flag", "single"):
            self.input.value = None

    def answer(self, value) -> bool | None:
        """Give an answer and check it; returns whether it was correct (None for reflection)."""
        if self.q.kind == "multiple":
            for cid, box in self.boxes.items():
                box.value = cid in value
        elif self.q.kind != "reflection":
            self.input.value = value
        self._check()
        if self.q.kind == "reflection":
            return None
        from ...cases import check_answer

        return check_answer(self.q, self.r, value)

    def reveal(self) -> None:
        """Instructor mode: show the answer and every choice's feedback, without scoring."""
        q = self.q
        if q.kind == "numeric":
            self.feedback.value = feedback_html(None, f"{self.expected:.4g} {q.unit}. {q.feedback}", q.citations)
        elif q.kind == "flag":
            self.feedback.value = feedback_html(None, f"{'Yes' if self.expected else 'No'}. {q.feedback}",
                                                 q.citations)
        elif q.kind in ("single", "multiple"):
            lines = "".join(f"<li><b>{chr(97 + i)}) {'correct' if c.correct else 'incorrect'}</b>: "
                            f"{escape(c.feedback)}</li>" for i, c in enumerate(self.choices))
            self.feedback.value = f"<ul style='font-size:16px'>{lines}</ul>"
        else:
            self.feedback.value = feedback_html(None, q.model_answer, q.citations)


def teachback_quiz(kb: Knowledge | None = None, header: bool = True) -> Dashboard:
    """The nurse workshop's teach-back questions with feedback for every choice and a running score."""
    kb = kb or load_knowledge()
    items: dict[str, list[Mapping[str, object]]] = {}
    for row in kb.teachback:
        items.setdefault(str(row["item_id"]), []).append(row)
    from ...cases import Choice, Question

    score = W.HTML()
    questions: list[CaseQuestion] = []

    def update_score() -> None:
        answered = [q for q in questions if q.first is not None]
        right = sum(1 for q in answered if q.first)
        score.value = (f"<div style='font-size:18px'><b>Score:</b> {right} of {len(answered)} answered correctly "
                       f"at the first attempt ({len(questions)} questions).</div>")

    for item_id, rows in items.items():
        choices = tuple(Choice(str(r["choice_id"]), str(r["choice_text"]), r["correct"] == "yes", str(r["feedback"]),
                               tuple(str(x) for x in r["refs"])) for r in rows)  # type: ignore[union-attr]
        cites = tuple(dict.fromkeys(c for ch in choices for c in ch.citations))
        q = Question(item_id, "single", str(rows[0]["stem"]), None, None, None, "", choices, "", cites)
        questions.append(CaseQuestion(q, None, update_score))
    update_score()
    controls: dict[str, W.Widget] = {q.q.id: q.input for q in questions}
    outputs: dict[str, object] = {"score": score, "questions": {q.q.id: q for q in questions}}
    return Dashboard([*(q.box for q in questions), score], controls, outputs, update_score,  # type: ignore[arg-type]
                     header=header)
