"""The engine's answers over the characterization grid must not move except by a named clinical correction.

The stored file is behaviour, not truth: see ``tests/characterization/freeze.py`` (how to compare and how to
store a reviewed change). The sourced expectations live in the other test files.
"""

from __future__ import annotations

from tests.characterization import freeze


def test_answers_equal_the_frozen_characterization() -> None:
    old, new = freeze.stored(), freeze.current()
    diffs = freeze.differences(old, new)
    shown = "\n".join(f"{s} {k}: {f}" for s, k, f in diffs[:20])
    assert not diffs, f"{len(diffs)} answers changed (run tests/characterization/freeze.py):\n{shown}"


def test_the_grid_covers_what_it_claims() -> None:
    data = freeze.stored()
    assert len(data["grid"]) == 14 * 3 * 8 * 6 * 6 + 14 * 2
    assert len(data["cli"]) == 14 * 3 * 3 * 3 and len(data["cases"]) >= 20
