"""Every committed notebook was executed top to bottom, cleanly, and carries the education-only notice.

nbval does not compare the outputs of a never-executed cell, so this guards against notebooks committed
without outputs. Regenerate them from the notebooks' text with `make notebooks`.
"""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("**/*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "expected at least one notebook under notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_code_cell_was_executed(path):
    unexecuted = [
        i
        for i, c in enumerate(_load(path)["cells"])
        if c["cell_type"] == "code" and _text(c["source"]).strip() and c.get("execution_count") is None
    ]
    assert not unexecuted, f"cells (0-based) without execution_count (run `make notebooks`): {unexecuted}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_executed_top_to_bottom_in_one_run(path):
    counts = [c.get("execution_count") for c in _load(path)["cells"]
              if c["cell_type"] == "code" and _text(c["source"]).strip()]
    assert counts == list(range(1, len(counts) + 1)), f"execution counts {counts}: run `make notebooks`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_widget_state_and_no_errors(path):
    nb = _load(path)
    assert "widgets" not in nb.get("metadata", {}), "drop metadata.widgets (make notebooks does)"
    errors = [
        f"{o.get('ename')}: {o.get('evalue')}"
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_education_only_notice(path):
    texts = []
    for cell in _load(path)["cells"]:
        if cell["cell_type"] == "markdown":
            texts.append(_text(cell["source"]))
        for output in cell.get("outputs", []):
            texts.append(_text(output.get("text", "")))
            texts.extend(_text(v) for k, v in output.get("data", {}).items() if k.startswith("text/"))
    assert any("education" in t.lower() for t in texts), "no education-only notice in markdown or outputs"
