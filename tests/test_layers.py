"""Layering: the core imports only the standard library.

Each check starts a fresh interpreter (a test process has long since imported pandas and ipywidgets) and
reads ``sys.modules`` after the imports. The core is every module of ``knowledge/`` and ``dosing/`` plus
the listed top-level modules, found on disk so that a new submodule is covered without editing this file;
the render layer (``render/``: chart specifications as data) is held to the same rule.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "anakinra_edu"
HEAVY = ("pandas", "numpy", "matplotlib", "ipywidgets")
TOP_LEVEL_CORE = ("errors", "_record", "kidney", "onset", "pk", "counseling", "cases", "progress", "inputs", "cli")


def _core_modules() -> list[str]:
    names = [f"anakinra_edu.{m}" for m in TOP_LEVEL_CORE]
    for package in ("knowledge", "dosing", "render"):
        for path in sorted((PACKAGE / package).glob("*.py")):
            stem = "" if path.stem == "__init__" else f".{path.stem}"
            names.append(f"anakinra_edu.{package}{stem}")
    return names


CORE = _core_modules()


def _modules_after(code: str) -> set[str]:
    child = f"{code}\nimport sys\nsys.stdout.write(repr(sorted(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return set(eval(proc.stdout.splitlines()[-1]))  # a list of str written by repr above


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


def test_core_module_list_is_complete() -> None:
    assert "anakinra_edu.dosing.engine" in CORE and "anakinra_edu.knowledge.loader" in CORE
    for name in CORE:
        path = PACKAGE.joinpath(*name.split(".")[1:])
        assert path.with_suffix(".py").is_file() or (path / "__init__.py").is_file(), name


@pytest.mark.slow
def test_core_imports_no_heavy_library() -> None:
    loaded = _modules_after("\n".join(f"import {m}" for m in CORE))
    assert set(CORE) <= loaded  # the imports did happen
    assert _heavy(loaded) == []


@pytest.mark.slow
def test_the_check_sees_a_heavy_import() -> None:
    # The check itself can fail: a widget module is not core, and it does pull ipywidgets in.
    assert "ipywidgets" in _heavy(_modules_after("import anakinra_edu.widgets"))


@pytest.mark.slow
@pytest.mark.parametrize("argv", [
    ["dose", "--indication", "nomid", "--weight-kg", "9", "--age-years", "0.67", "--explain"],
    ["dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "55", "--json"],
    ["kidney", "--age-years", "80", "--sex", "female", "--weight-kg", "50", "--scr", "1.4"],
])
def test_cli_loads_neither_heavy_libraries_nor_typing(argv: list[str]) -> None:
    # typing is left out for start-up time: annotations are strings and type-only imports are guarded.
    loaded = _modules_after(f"from anakinra_edu.cli import main\nassert main({json.dumps(argv)}) == 0")
    assert "anakinra_edu.dosing.engine" in loaded or "anakinra_edu.kidney" in loaded
    assert _heavy(loaded) == []
    assert "typing" not in loaded
