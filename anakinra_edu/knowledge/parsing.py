"""Reading a CSV table and checking each cell against its column rule; failures name file, row, column."""

from __future__ import annotations

import io
import math
import os
from collections.abc import Iterable

from ..errors import DataError
from .records import Column, SourceRef

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing costs start-up time
    from typing import Any

__all__ = ["parse_number", "parse_source_ids", "read_rows", "validate_rows"]

_REFS_CACHE: dict[str, tuple[SourceRef, ...]] = {}


def parse_source_ids(text: str) -> tuple[SourceRef, ...]:
    """Parse ``"US-PI-2020 §2.2;YANG-2003"`` into :class:`SourceRef` records (section optional).

    Examples
    --------
    >>> [str(r) for r in parse_source_ids("US-PI-2020 §2.2;YANG-2003")]
    ['US-PI-2020 §2.2', 'YANG-2003']
    """
    cached = _REFS_CACHE.get(text)
    if cached is not None:
        return cached
    refs = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        source_id, _, section = part.partition(" ")
        refs.append(SourceRef(source_id, section.strip()))
    result = _REFS_CACHE[text] = tuple(refs)
    return result


def parse_number(text: str) -> float:
    """A finite decimal number; ``ValueError`` otherwise (``nan`` and ``inf`` included)."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("not finite")
    return value


def read_rows(path: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and ``(line number, {column: stripped cell})`` rows of a UTF-8 CSV file; blank lines skipped."""
    name = os.path.basename(path)
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(name, line, None, f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8") from None
    if not text.strip():
        raise DataError(name, None, None, "the file is empty; expected a header row and data rows")
    import csv  # only when a table is validated afresh (not when the stored tables are read)

    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader)]
    for i, h in enumerate(header):
        if h in header[:i]:
            raise DataError(name, 1, h, "appears twice in the header")
    rows: list[tuple[int, dict[str, str]]] = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise DataError(name, line, None, f"has {len(cells)} cells but the header has {len(header)}")
        rows.append((line, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    if not rows:
        raise DataError(name, None, None, "has a header but no data rows")
    return header, rows


def validate_rows(
    path: str, columns: Iterable[Column], source_ids: set[str] | None, indication_ids: set[str] | None
) -> list[dict[str, Any]]:
    """Read one table and check every cell; rows become dicts of parsed values with ``_line``.

    ``source_ids`` and ``indication_ids`` are the ids that citations and indication columns may use
    (``None``: not checked, while those tables themselves are read).
    """
    name = os.path.basename(path)
    schema = tuple(columns)
    header, rows = read_rows(path)
    for col in schema:
        if col.name not in header:
            raise DataError(name, 1, col.name, "required column is missing from the header")
    unknown = [h for h in header if h not in {c.name for c in schema}]
    if unknown:
        raise DataError(name, 1, unknown[0], "unknown column (not in schema.csv; see data/README.md)")
    known = {"sources.csv": source_ids, "indications.csv": indication_ids}
    plan = [(col, known.get(col.refers_to), _refs_field(col), col.kind == "key") for col in schema]
    seen_keys: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    for line, raw in rows:
        rec: dict[str, Any] = {"_line": line}
        for col, ids, refs_field, is_key in plan:
            cell = raw[col.name]
            if cell == "":
                if col.required:
                    raise DataError(name, line, col.name, "is empty but required")
                rec[col.name] = None
                continue
            rec[col.name] = cell if col.kind == "text" else _cell(name, line, col, cell, ids)
            if refs_field is not None:
                rec[refs_field] = parse_source_ids(cell)
            if is_key:
                if cell in seen_keys:
                    raise DataError(name, line, col.name, f"duplicate id {cell!r} (first on row {seen_keys[cell]})")
                seen_keys[cell] = line
        out.append(rec)
    return out


def _refs_field(col: Column) -> str | None:
    """Where the parsed citations of a sources column go: ``refs`` for ``source_ids``, else ``refs_<column>``."""
    if col.kind != "sources":
        return None
    return "refs" if col.name == "source_ids" else f"refs_{col.name}"


def _cell(name: str, line: int, col: Column, cell: str, known: set[str] | None) -> Any:
    """The parsed value of one non-empty cell, or a :class:`DataError` naming it."""
    if col.kind == "number":
        return _number(name, line, col, cell)
    if col.kind == "enum":
        if cell not in col.choices:
            raise DataError(name, line, col.name, f"{cell!r} is not one of {', '.join(col.choices)}")
    elif col.kind == "sources":
        refs = parse_source_ids(cell)
        if not refs:
            raise DataError(name, line, col.name, "no source id given")
        for ref in refs:
            if known is not None and ref.source_id not in known:
                raise DataError(name, line, col.name, f"unknown source id {ref.source_id!r} (not in sources.csv)")
    elif col.kind == "ids":
        ids = tuple(i.strip() for i in cell.split(";") if i.strip())
        for i in ids:
            if known is not None and i != "*" and i not in known:
                raise DataError(name, line, col.name, f"unknown indication id {i!r}")
        return ids
    return cell


def _number(name: str, line: int, col: Column, cell: str) -> float:
    try:
        value = parse_number(cell)
    except ValueError:
        raise DataError(name, line, col.name, f"{cell!r} is not a number") from None
    if col.minimum is not None and value < col.minimum:
        raise DataError(name, line, col.name, f"{value:g} is below the allowed minimum {col.minimum:g}")
    if col.maximum is not None and value > col.maximum:
        raise DataError(name, line, col.name, f"{value:g} is above the allowed maximum {col.maximum:g}")
    if col.choices and f"{value:g}" not in col.choices:
        raise DataError(name, line, col.name, f"{value:g} is not one of {', '.join(col.choices)}")
    return value
