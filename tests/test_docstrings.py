"""Every public function of the clinical core names its references: source ids of ``data/sources.csv``
(and the ``data/`` tables its numbers come from) in a numpydoc ``References`` section.

The modules are read with :mod:`ast`, so a new public function is covered without editing this file.
``knowledge/``, ``cases``, ``cli`` and ``errors`` are not listed: they load, check and print tables and
cases whose rows carry their own citations, and hold no clinical content themselves.
"""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "anakinra_edu"
DATA = ROOT / "data"
CLINICAL = ["kidney.py", "pk.py", "onset.py", "counseling.py", "inputs.py",
            *sorted(p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "dosing").glob("*.py")
                    if p.name != "__init__.py")]
with (DATA / "sources.csv").open(encoding="utf-8") as f:
    SOURCE_IDS = {row["id"] for row in csv.DictReader(f)}
SOURCE_ID = re.compile(r"(?<![\w/.-])[A-Z][A-Z0-9]*(?:-[A-Za-z0-9]+(?:\.[0-9]+)*)+(?![\w-])")
TABLE = re.compile(r"data/(\w+\.csv)")


def _public_functions() -> list[tuple[str, str, str]]:
    out = []
    for module in CLINICAL:
        tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                out.append((module, node.name, ast.get_docstring(node) or ""))
    return out


FUNCTIONS = _public_functions()


def _references(doc: str) -> str:
    lines = doc.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == "References"), None)
    if start is None or not lines[start + 1].strip().startswith("---"):
        return ""
    end = next((i for i in range(start + 2, len(lines))
                if i + 1 < len(lines) and lines[i + 1].strip().startswith("---")), len(lines))
    return "\n".join(lines[start + 2:end])


def test_the_core_has_public_functions() -> None:
    assert len(FUNCTIONS) > 40
    assert ("kidney.py", "cockcroft_gault") in {(m, f) for m, f, _ in FUNCTIONS}


@pytest.mark.parametrize(("module", "function", "doc"), FUNCTIONS, ids=[f"{m}:{f}" for m, f, _ in FUNCTIONS])
def test_references_resolve(module: str, function: str, doc: str) -> None:
    refs = _references(doc)
    assert refs.strip(), f"{module} {function}: no References section"
    ids = SOURCE_ID.findall(refs) + [w for w in re.findall(r"\b[A-Z]{4,}\b", refs) if w in SOURCE_IDS]
    tables = TABLE.findall(refs)
    assert ids or tables, f"{module} {function}: References name no source id and no table"
    assert [i for i in ids if i not in SOURCE_IDS] == [], f"{module} {function}: unknown source id"
    assert [t for t in tables if not (DATA / t).is_file()] == [], f"{module} {function}: unknown table"


def test_the_check_rejects_an_unknown_id() -> None:
    doc = "Text.\n\nReferences\n----------\nUS-PI-1999 §2.\n"
    assert SOURCE_ID.findall(_references(doc)) == ["US-PI-1999"] and "US-PI-1999" not in SOURCE_IDS
