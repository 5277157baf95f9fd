"""A trainee's case progress: answers, attempts and first-attempt scores per case, as plain JSON.

The case dashboard keeps one :class:`CaseProgress` per page and hands :meth:`CaseProgress.to_json` to the
trainee's browser (``localStorage``); nothing is written on the server. On the next page load the browser
hands the JSON back and :meth:`CaseProgress.restore` takes what still applies.

Each case is stored under ``"<case id>@<version>"``. The version (:func:`case_version`) is a digest of the
case as written in ``data/cases.toml`` and of the answers the engine gives for it, so a case that was
edited, or whose answer changed with the tables, starts empty instead of restoring stale answers.

A stored answer per question: ``answer`` (number, yes/no, choice id, list of choice ids or text),
``attempts`` (checks with an answer given), ``first`` (correct at the first attempt; ``None`` for a
reflection) and ``last`` (correct at the latest check).

Examples
--------
>>> from anakinra_edu.cases import load_cases
>>> case = next(c for c in load_cases() if c.id == "ra-elderly-crcl-near-30")
>>> progress = CaseProgress([case])
>>> progress.record(case.id, "crcl", 38.0, False).attempts
1
>>> progress.record(case.id, "crcl", 25.3, True).first   # the first attempt is what scores
False
>>> progress.score(case.id)
(0, 1)
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping

from ._record import record
from .cases import Case, Question, case_regimen, expected_answer
from .knowledge import Knowledge

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from typing import Any

__all__ = ["STORAGE_KEY", "Attempt", "CaseProgress", "case_version"]

STORAGE_KEY = "anakinra-edu/case-progress"


@record
class Attempt:
    """What a trainee did with one question: the latest answer, the number of checks, first and latest result."""

    answer: Any
    attempts: int
    first: bool | None
    last: bool | None


def case_version(case: Case, kb: Knowledge | None = None) -> str:
    """Digest (12 hex digits) of a case as written and of the engine's answers to its questions."""
    r = case_regimen(case, kb)
    answers = []
    for q in case.questions:
        expected = expected_answer(q, r)
        answers.append(sorted(expected) if isinstance(expected, frozenset) else expected)
    return hashlib.sha256(repr((case, answers)).encode("utf-8")).hexdigest()[:12]


def _as_json(a: Attempt) -> dict[str, Any]:
    return {"answer": a.answer, "attempts": a.attempts, "first": a.first, "last": a.last}


def _answer_problem(q: Question, answer: Any) -> str | None:
    """Why a stored answer does not fit the question (``None`` when it does)."""
    ids = {c.id for c in q.choices}
    if q.kind == "numeric":
        ok = isinstance(answer, int | float) and not isinstance(answer, bool) and math.isfinite(answer)
        return None if ok else "is not a finite number"
    if q.kind == "flag":
        return None if isinstance(answer, bool) else "is not yes or no"
    if q.kind == "single":
        return None if isinstance(answer, str) and answer in ids else "is not one of the question's choices"
    if q.kind == "multiple":
        ok = isinstance(answer, list) and all(isinstance(a, str) and a in ids for a in answer)
        return None if ok else "is not a list of the question's choices"
    return None if isinstance(answer, str) else "is not text"


def _attempt_problem(q: Question, item: Any) -> str | None:
    """Why a stored question entry cannot be restored (``None`` when it can)."""
    if not isinstance(item, Mapping) or set(item) != {"answer", "attempts", "first", "last"}:
        return "is not an entry with answer, attempts, first and last"
    attempts = item["attempts"]
    if not isinstance(attempts, int) or isinstance(attempts, bool) or attempts < 1:
        return f"has attempts {attempts!r}, not a whole number of at least 1"
    for field in ("first", "last"):
        if item[field] is not None and not isinstance(item[field], bool):
            return f"has {field} {item[field]!r}, not true, false or null"
    problem = _answer_problem(q, item["answer"])
    return None if problem is None else f"answer {item['answer']!r} {problem}"


class CaseProgress:
    """Answers, attempts and first-attempt results per case and question, for the cases given.

    Parameters
    ----------
    cases : iterable of Case
        The case bank on screen; only these cases (at their current version) are kept and restored.
    kb : Knowledge, optional
        Tables for the engine's answers (default: the project's).
    """

    def __init__(self, cases: Iterable[Case], kb: Knowledge | None = None) -> None:
        self.cases = {c.id: c for c in cases}
        self.versions = {cid: case_version(c, kb) for cid, c in self.cases.items()}
        self.answers: dict[str, dict[str, Attempt]] = {cid: {} for cid in self.cases}

    def get(self, case_id: str, question_id: str) -> Attempt | None:
        """The stored attempt at a question, or ``None`` when it was never checked."""
        return self.answers[case_id].get(question_id)

    def record(self, case_id: str, question_id: str, answer: Any, correct: bool | None) -> Attempt:
        """One check with an answer given: counts the attempt; the first one's result is kept for the score."""
        before = self.answers[case_id].get(question_id)
        first = correct if before is None else before.first
        attempts = 1 if before is None else before.attempts + 1
        now = Attempt(answer, attempts, first, correct)
        self.answers[case_id][question_id] = now
        return now

    def clear_answer(self, case_id: str, question_id: str) -> None:
        """"Try again": the answer goes, the attempts and the first result stay."""
        before = self.answers[case_id].get(question_id)
        if before is not None:
            self.answers[case_id][question_id] = Attempt(None, before.attempts, before.first, None)

    def score(self, case_id: str) -> tuple[int, int]:
        """(right at the first attempt, questions scored) for one case; reflections do not score."""
        scored = [a for a in self.answers[case_id].values() if a.first is not None]
        return sum(1 for a in scored if a.first), len(scored)

    def to_json(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Every case with at least one attempt, under ``"<case id>@<version>"`` (JSON types only)."""
        return {f"{cid}@{self.versions[cid]}": {qid: _as_json(a) for qid, a in per_case.items()}
                for cid, per_case in self.answers.items() if per_case}

    def restore(self, stored: Any) -> list[str]:
        """Take the stored entries that fit the current cases; returns why the others were not restored.

        An entry of a case edited since (other version) or of a case no longer on screen is not restored,
        and neither is one whose fields do not fit its question. A question already answered on this page
        keeps the answer given here.
        """
        if not isinstance(stored, Mapping):
            return [f"saved progress is {type(stored).__name__}, not a table of cases: nothing restored"]
        notes = []
        for key, per_case in stored.items():
            cid, _, version = str(key).rpartition("@")
            if cid not in self.cases:
                continue  # another filter or an older bank: not this page's business
            title = self.cases[cid].title
            if version != self.versions[cid]:
                notes.append(f"{title}: the case has changed since these answers were saved; they were not restored")
                continue
            notes += self._restore_case(cid, per_case)
        return notes

    def _restore_case(self, cid: str, per_case: Any) -> list[str]:
        case = self.cases[cid]
        if not isinstance(per_case, Mapping):
            return [f"{case.title}: saved answers are not a table of questions; not restored"]
        questions = {q.id: q for q in case.questions}
        notes = []
        for qid, item in per_case.items():
            if qid not in questions:
                notes.append(f"{case.title}: saved question {qid!r} is not in the case; not restored")
                continue
            problem = _attempt_problem(questions[qid], item)
            if problem is not None:
                notes.append(f"{case.title}, question {qid!r}: saved entry {problem}; not restored")
            elif qid not in self.answers[cid]:
                self.answers[cid][qid] = Attempt(item["answer"], item["attempts"], item["first"], item["last"])
        return notes
