"""Size limits of the package: no function over 60 lines, no module over 400 lines (a function that needs a
scroll bar is two functions).

A function's length runs from its first decorator (or ``def``) to its last line, docstring included; nested
functions count inside their parent and on their own.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "anakinra_edu"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400
# Functions allowed over the limit (none: every function is within it).
ALLOWED: set[tuple[str, str]] = set()


def function_lengths(source: str) -> list[tuple[str, int, int]]:
    """(name, first line, length [lines]) of every function and method in ``source``, nested ones included."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            assert node.end_lineno is not None
            found.append((node.name, first, node.end_lineno - first + 1))
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_walk_sees_decorators_nesting_and_length() -> None:
    lines = ["@decorator", "def outer():", '    """Doc."""', "    def inner():", "        return 1", "    return inner"]
    assert function_lengths("\n".join(lines)) == [("outer", 1, 6), ("inner", 4, 2)]


def test_the_walk_covers_the_package() -> None:
    names = {p.relative_to(PACKAGE).as_posix() for p in modules()}
    assert {"dosing/engine.py", "kidney.py", "teach/dashboards/dosing.py", "render/charts.py"} <= names


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_function_over_60_lines(path: Path) -> None:
    rel = path.relative_to(PACKAGE).as_posix()
    long = [f"{rel}: {name} (line {first}) is {n} lines" for name, first, n in
            function_lengths(path.read_text(encoding="utf-8")) if n > MAX_FUNCTION_LINES and (rel, name) not in ALLOWED]
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: " + "; ".join(long)


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_over_400_lines(path: Path) -> None:
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_MODULE_LINES, f"{path.relative_to(PACKAGE).as_posix()} is {n} lines (limit {MAX_MODULE_LINES})"


def test_allowed_entries_still_exist() -> None:
    # an allow-list entry for a function that is now short (or gone) is stale: remove it
    for rel, name in ALLOWED:
        lengths = {n: size for n, _, size in function_lengths((PACKAGE / rel).read_text(encoding="utf-8"))}
        assert lengths.get(name, 0) > MAX_FUNCTION_LINES, f"{rel}: {name} is within the limit; drop it from ALLOWED"
