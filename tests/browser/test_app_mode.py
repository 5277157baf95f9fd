"""Every notebook page in app mode (``make serve``), read in Chromium at 1280×720 as a trainee sees it.

On every page: the education notice exactly once, near the top; none of the plain-text check cells (tagged
``text-check``, kept in the notebook for nbval); no raw engine or table id where a name belongs; no table
cell cut short with an ellipsis.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from anakinra_edu.cases import load_cases
from anakinra_edu.display_names import FLAG_NAMES, KIDNEY_METHOD_NAMES
from anakinra_edu.knowledge import data_dir, load_knowledge

from .conftest import shot

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TAG = "text-check"
NOTICE = re.compile(r"for education only", re.I)
ORDINARY = ("room-temperature limits",)  # the disagreement id "room-temperature" is also an adjective
PLAIN_OUTPUT = ".jp-RenderedText"  # printed text or a plain repr: what the check cells produce


def _cells(notebook: str) -> list[dict]:
    return json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]


def check_cell_lines(notebook: str) -> list[str]:
    """Lines of the check cells' own narrative (their markdown), long enough to be unmistakable.

    What their code prints can also be on the page legitimately (the dashboard shows the same storage
    checklist): that part is checked by the absence of any plain-text output (``PLAIN_OUTPUT``).
    """
    lines: list[str] = []
    for cell in _cells(notebook):
        if cell["cell_type"] != "markdown" or TAG not in cell.get("metadata", {}).get("tags", []):
            continue
        plain = [ln.replace("**", "").replace("`", "").strip(" #-") for ln in "".join(cell["source"]).splitlines()]
        lines += [ln for ln in plain if len(ln) >= 16]
    return lines


def _prose() -> str:
    """The data's own sentences, and ordinary English that an id happens to spell: not a leak."""
    words = list(ORDINARY)
    for path in sorted(Path(data_dir()).glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                words += [v for k, v in row.items() if k and ("text" in k or k.startswith(("position", "topic")))]
    return "\n".join(words)


def raw_ids() -> list[str]:
    """Ids from the tables and the engine that a page must show by name (hyphenated or with underscores)."""
    kb = load_knowledge()
    ids = {r["rule_id"] for r in kb.dosing_rules} | {r["rule_id"] for r in kb.kidney_rules} | set(kb.kidney_scenarios)
    ids |= {d["id"] for d in kb.disagreements} | {w["code"] for w in kb.warnings} | {c["id"] for c in kb.counseling}
    ids |= set(FLAG_NAMES) | set(KIDNEY_METHOD_NAMES) | {"outside-label-population", "cockcroft gault"}
    ids |= set(kb.concomitant) | {case.id for case in load_cases()}
    prose = _prose()
    return sorted(i for i in ids if ("-" in i or "_" in i or " " in i) and i not in prose)


def _open(page, url: str, notebook: str) -> None:
    page.goto(f"{url}/voila/render/{notebook}", timeout=90_000)
    page.wait_for_selector(".ae-page-notice", timeout=90_000)
    if "00_" not in notebook:
        page.wait_for_selector("text=Presentation mode (large text)", timeout=90_000)
    page.wait_for_timeout(1500)  # let the last outputs arrive


def test_the_lists_can_catch_something() -> None:
    assert len(raw_ids()) > 50 and "us-nomid" in raw_ids() and "cockcroft gault" in raw_ids()
    assert "Key scenarios as text" in check_cell_lines("01_dosing_explorer.ipynb")
    for notebook in NOTEBOOKS:
        tagged = [c for c in _cells(notebook) if TAG in c.get("metadata", {}).get("tags", [])]
        printing = [c for c in tagged if any(o.get("output_type") == "stream" for o in c.get("outputs", []))]
        assert printing, f"{notebook}: no text-check cells to hide?"


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_app_page_is_clean(page, voila_server: str, notebook: str) -> None:
    _open(page, voila_server, notebook)
    shot(page, f"app_{Path(notebook).stem}")
    body = page.inner_text("body")

    notices = NOTICE.findall(body)
    assert len(notices) == 1, f"the education notice appears {len(notices)} times"
    top = page.locator(".ae-page-notice").first.bounding_box()
    assert top is not None and top["y"] < 300, f"the notice is not at the top (y = {top})"

    shown = [line for line in check_cell_lines(notebook) if line in body]
    assert not shown, f"check-cell text visible in app mode: {shown[:3]}"
    printed = [t for t in page.locator(PLAIN_OUTPUT).all_inner_texts() if t.strip()]
    assert not printed, f"plain-text output visible in app mode: {printed[:2]}"

    ids = [i for i in raw_ids() if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", body)]
    assert not ids, f"raw ids on the page: {ids}"

    cells = page.locator("td, th").all_inner_texts()
    cut = [c for c in cells if c.strip().endswith(("...", "…"))]
    assert not cut, f"table cells cut short: {cut[:3]}"
