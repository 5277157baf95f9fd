"""The table reference of ``data/README.md``, generated from ``data/schema.csv``.

``python -m anakinra_edu.knowledge.readme`` (``make data-readme``) rewrites the part of the README
between the two marker comments; ``--check`` exits with status 1 if that part is stale. The rest of the
README (grammar, rule lookup, triggers) is written by hand.

Examples
--------
>>> print(column_row(load_schema(data_dir())["product.csv"].columns[1]))
| `value` | number | yes | ≥ 0 | (unit column) | the value, in the row's unit |
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

from .records import Column, Table
from .schema import data_dir, load_schema

__all__ = ["BEGIN", "END", "column_row", "render", "update"]

BEGIN = "<!-- BEGIN tables: generated from schema.csv by `make data-readme`; edit schema.csv, not this part -->"
END = "<!-- END tables -->"


def _range(col: Column) -> str:
    if col.choices:
        return ", ".join(col.choices)
    if col.minimum is not None and col.maximum is not None:
        return f"{col.minimum:g}–{col.maximum:g}"
    if col.minimum is not None:
        return f"≥ {col.minimum:g}"
    if col.maximum is not None:
        return f"≤ {col.maximum:g}"
    return f"ids of `{col.refers_to}`" if col.refers_to else ""


def column_row(col: Column) -> str:
    """One Markdown table row: column, kind, required, range or choices, unit, description."""
    cells = (f"`{col.name}`", col.kind, "yes" if col.required else "no", _range(col), col.unit, col.description)
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def render(schema: Mapping[str, Table]) -> str:
    """The generated section, markers included."""
    lines = [BEGIN, "", f"{len(schema)} tables. " + ", ".join(f"[`{t}`](#{_anchor(t)})" for t in schema) + ".", ""]
    for table in schema.values():
        lines += [f"### {table.name}", "", f"One row is {table.description}.", "",
                  "| Column | Kind | Required | Range or choices | Unit | Description |", "|---|---|---|---|---|---|"]
        lines += [column_row(c) for c in table.columns]
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def _anchor(name: str) -> str:
    return name.replace(".", "")


def update(readme: str, schema: Mapping[str, Table]) -> str:
    """``readme`` with the text between the markers replaced by :func:`render`; ``ValueError`` without markers."""
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the README needs the markers {BEGIN!r} and {END!r}, in that order")
    return readme[:start] + render(schema) + readme[end + len(END):]


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite ``data/README.md`` (or only check it with ``--check``); returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    directory = data_dir()
    path = os.path.join(directory, "README.md")
    with open(path, encoding="utf-8") as fh:
        old = fh.read()
    new = update(old, load_schema(directory))
    if "--check" in args:
        if new != old:
            sys.stderr.write(f"{path}: the table section is stale; run make data-readme\n")
            return 1
        return 0
    if new != old:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(new)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
