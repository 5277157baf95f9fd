"""Each notebook is authored as MyST Markdown (``notebooks/NN_name.md``) paired with its executed ``.ipynb``.

The pair must say the same thing: same cells in the same order, same sources, same tags (the tags decide what
app mode hides). Both carry jupytext's pairing (``ipynb,md:myst``) so that saving either in JupyterLab writes
the other. ``make notebooks`` rebuilds the .ipynb from the .md.
"""

from __future__ import annotations

import json
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("[0-9][0-9]_*.ipynb"))
TEXTS = sorted(FOLDER.glob("[0-9][0-9]_*.md"))
PAIRING = "ipynb,md:myst"


def _cells_of_ipynb(path: Path) -> list[tuple[str, str, list[str]]]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [(c["cell_type"], "".join(c["source"]).strip(), c.get("metadata", {}).get("tags", [])) for c in cells]


def _cells_of_text(text: str) -> list[tuple[str, str, list[str]]]:
    nb = jupytext.reads(text, fmt="md:myst")
    return [(c.cell_type, c.source.strip(), c.metadata.get("tags", [])) for c in nb.cells]


def _disagreements(ipynb: list, md: list) -> list[str]:
    out = [f"{len(ipynb)} cells in the .ipynb, {len(md)} in the .md"] if len(ipynb) != len(md) else []
    for i, (a, b) in enumerate(zip(ipynb, md, strict=False)):
        if a != b:
            out.append(f"cell {i}: .ipynb {a!r:.120} vs .md {b!r:.120}")
    return out


def test_the_seven_notebooks_are_paired():
    stems = [p.stem for p in NOTEBOOKS]
    assert len(stems) == 7, stems
    assert [p.stem for p in TEXTS] == stems, "every notebook needs its .md and every .md its .ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_pair_has_the_same_cells(path: Path):
    md = path.with_suffix(".md").read_text(encoding="utf-8")
    problems = _disagreements(_cells_of_ipynb(path), _cells_of_text(md))
    assert not problems, f"{path.name} and its .md disagree (run `make notebooks`): " + "; ".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_pairing_metadata_in_both(path: Path):
    ipynb = json.loads(path.read_text(encoding="utf-8"))["metadata"]
    assert ipynb.get("jupytext", {}).get("formats") == PAIRING
    text = jupytext.reads(path.with_suffix(".md").read_text(encoding="utf-8"), fmt="md:myst")
    assert text.metadata["jupytext"]["formats"] == PAIRING
    assert text.metadata["jupytext"]["text_representation"]["format_name"] == "myst"


def test_the_comparison_sees_an_edit_a_tag_and_a_missing_cell():
    path = FOLDER / "01_dosing_explorer.ipynb"
    md = path.with_suffix(".md").read_text(encoding="utf-8")
    cells = _cells_of_ipynb(path)
    edited = md.replace("dosing_explorer()", "dosing_explorer(weight_kg=30)", 1)
    assert any("cell" in p for p in _disagreements(cells, _cells_of_text(edited)))
    untagged = md.replace(":tags: [text-check]\n", "", 1)
    assert untagged != md
    assert _disagreements(cells, _cells_of_text(untagged))
    fewer = md[: md.rindex("```{code-cell}")]
    assert _disagreements(cells, _cells_of_text(fewer))[0].endswith("in the .md")
