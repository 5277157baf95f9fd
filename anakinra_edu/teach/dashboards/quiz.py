"""Quiz items: one case question of any kind, and the workshop's teach-back quiz."""

from __future__ import annotations

import math
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

    A check with nothing entered (an empty number box, no choice made) says "Not answered" and counts
    nothing. ``attempts`` counts the checks with an answer, ``first`` is the first one's result (the score),
    ``last`` the latest one's and ``given`` the latest answer checked (``None`` after "Try again").
    ``answer(value)`` gives an answer and checks it (number, True/False, a choice id, or a list of choice ids);
    ``restore(...)`` puts back a stored attempt; ``reveal()`` shows the answer without scoring (instructor mode).
    ``on_checked()`` runs after every counted check, ``on_reset()`` after "Try again".
    """

    def __init__(self, q, r: Regimen | None, on_checked: Callable[[], None], shuffle: bool = False,
                 seed: int = 0, on_reset: Callable[[], None] | None = None, show_attempts: bool = False) -> None:
        import random

        from ...cases import expected_answer

        self.q, self.r = q, r
        self.first: bool | None = None
        self.last: bool | None = None
        self.attempts = 0
        self.given: object = None
        self._on_checked, self._on_reset = on_checked, on_reset
        self.feedback = W.HTML()
        self.tally = W.HTML()
        self.check = W.Button(description="Check my answer")
        self.retry = W.Button(description="Try again")
        choices = list(q.choices)
        if shuffle:
            random.Random(f"{seed}-{q.id}").shuffle(choices)
        self.choices = choices
        body = self._inputs()
        self.expected = expected_answer(q, r)
        self.check.on_click(lambda _b: self._check())
        self.retry.on_click(lambda _b: self.reset())
        buttons = [self.check] + ([] if q.kind == "reflection" else [self.retry])
        if show_attempts and q.kind != "reflection":
            buttons.append(self.tally)
            self._show_tally()
        prompt = W.HTML(f"<div style='font-size:18px;font-weight:600'>{escape(q.prompt)}</div>")
        self.box = W.VBox([prompt, *body, W.HBox(buttons), self.feedback],
                          layout=W.Layout(border="1px solid #999", padding="6px", margin="6px 0"))

    def _inputs(self) -> list[W.Widget]:
        """The answer controls for the question's kind (``self.input``), with what is shown beside them."""
        q, choices = self.q, self.choices
        if q.kind == "numeric":
            self.input: W.Widget = W.Text(value="", placeholder="type a number", description="Answer",
                                          style={"description_width": "80px"}, layout=W.Layout(width="260px"))
            return [W.HBox([self.input, W.Label(q.unit or "")])]
        if q.kind == "flag":
            self.input = W.RadioButtons(options=[("Yes", True), ("No", False)], value=None, description="Answer",
                                        style={"description_width": "80px"})
            return [self.input]
        if q.kind == "single":
            listing = "".join(f"<div style='margin:3px 0'><b>{chr(97 + i)})</b> {escape(c.text)}</div>"
                              for i, c in enumerate(choices))
            self.input = W.RadioButtons(options=[(f"{chr(97 + i)})", c.id) for i, c in enumerate(choices)],
                                        value=None, description="Your answer", style={"description_width": "110px"})
            return [W.HTML(f"<div style='font-size:17px'>{listing}</div>"), self.input]
        if q.kind == "multiple":
            self.boxes = {c.id: W.Checkbox(value=False, description=c.text, indent=False,
                                           layout=W.Layout(width="auto")) for c in choices}
            self.input = W.VBox(list(self.boxes.values()))
            return [W.HTML("<i>Tick every answer that applies.</i>"), self.input]
        self.input = W.Textarea(placeholder="Write your answer, then show the model answer.",
                                layout=W.Layout(width="600px", height="80px"))
        self.check.description = "Show model answer"
        return [self.input]

    def _given(self) -> tuple[object, str | None]:
        """The answer entered, or ``None`` and why it is not an answer yet."""
        kind = self.q.kind
        if kind == "multiple":
            ticked = [cid for cid, box in self.boxes.items() if box.value]
            return (ticked, None) if ticked else (None, "tick at least one answer first")
        if kind == "numeric":
            text = self.input.value.strip()
            if not text:
                return None, f"type a number{f' in {self.q.unit}' if self.q.unit else ''} first"
            try:
                number = float(text)
            except ValueError:
                number = math.nan
            if not math.isfinite(number):
                return None, f"“{text}” is not a number; type digits with a decimal point, e.g. 25.3"
            return number, None
        if kind == "reflection":
            text = self.input.value.strip()
            return (text, None) if text else (None, "write your answer first")
        value = self.input.value
        return (value, None) if value is not None else (None, "choose an answer first")

    def _check(self) -> None:
        from ...cases import check_answer

        q = self.q
        given, why = self._given()
        if q.kind == "reflection":
            self.feedback.value = feedback_html(None, q.model_answer, q.citations)
            if why is None:
                self.given, self.attempts = given, self.attempts + 1
                self._on_checked()
            return
        if why is not None:
            self.feedback.value = (f"<div class='ae-not-answered' style='font-size:17px'><b>Not answered:</b> "
                                   f"{escape(why)}. Nothing was counted.</div>")
            return
        ok = bool(check_answer(q, self.r, given))  # type: ignore[arg-type]
        self.attempts += 1
        if self.first is None:
            self.first = ok
        self.last, self.given = ok, given
        self.feedback.value = self._explain(ok)
        self._show_tally()
        self._on_checked()

    def _show_tally(self) -> None:
        first = "" if self.first is None else f" (first: {'right' if self.first else 'not right'})"
        self.tally.value = f"<span class='ae-attempts'>Attempts: {self.attempts}{first}</span>"

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
            chosen = set(self.given or []) if q.kind == "multiple" else {self.given}  # type: ignore[call-overload]
            lines = "".join(
                f"<li><b>{chr(97 + i)}) {'correct' if c.correct else 'incorrect'}</b>"
                f"{' (your choice)' if c.id in chosen else ''}: {escape(c.feedback)} "
                f"<span style='font-size:14px'>[{escape('; '.join(c.citations))}]</span></li>"
                for i, c in enumerate(self.choices) if c.id in chosen or ok is not None)
            head = feedback_html(ok, "", q.citations) if ok is not None else ""
            return f"{head}<ul style='font-size:16px'>{lines}</ul>"
        return feedback_html(None, q.model_answer, q.citations)

    def _show_answer(self, value: object) -> None:
        """Put ``value`` in the answer controls (``None`` empties them)."""
        if self.q.kind == "multiple":
            for cid, box in self.boxes.items():
                box.value = value is not None and cid in value  # type: ignore[operator]
        elif self.q.kind in ("numeric", "reflection"):
            self.input.value = "" if value is None else (value if isinstance(value, str) else f"{value:.10g}")
        else:
            self.input.value = value

    def reset(self) -> None:
        """Clear the answer and feedback (the first attempt still counts for the score)."""
        self.feedback.value = ""
        self.given, self.last = None, None
        self._show_answer(None)
        if self._on_reset is not None:
            self._on_reset()

    def restore(self, answer: object, attempts: int, first: bool | None, last: bool | None) -> None:
        """Put back a stored attempt: the answer in the controls, the count, and the feedback it had."""
        self.attempts, self.first, self.last, self.given = attempts, first, last, answer
        self._show_answer(answer)
        self._show_tally()
        if answer is None:
            self.feedback.value = ""
        elif self.q.kind == "reflection":
            self.feedback.value = feedback_html(None, self.q.model_answer, self.q.citations)
        else:
            self.feedback.value = self._explain(last)

    def answer(self, value) -> bool | None:
        """Give an answer and check it; whether it was correct (None for reflection or when not an answer)."""
        before = self.attempts
        self._show_answer(value)
        self._check()
        if self.q.kind == "reflection" or self.attempts == before:
            return None
        return self.last

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
