"""The column rules of every table, read from ``data/schema.csv`` and themselves validated.

One row of ``schema.csv`` describes one column of one table (kind, whether required, range, choices,
the table it refers to, unit, description); one row of kind ``table`` per table says what a row of it
is. Rows are in header order. A malformed schema row fails like any table: ``schema.csv, row 12,
column max: ...``. The rules of ``schema.csv`` itself (:data:`META`) are the only schema kept in code.

Examples
--------
>>> schema = load_schema(data_dir())
>>> [c.name for c in schema["product.csv"].columns]
['key', 'value', 'unit', 'text', 'source_ids', 'verification']
"""

from __future__ import annotations

import os

from ..errors import DataError
from .parsing import validate_rows
from .records import Column, Table

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing costs start-up time
    from typing import Any

__all__ = ["KINDS", "META", "SCHEMA_FILE", "data_dir", "load_schema"]

SCHEMA_FILE = "schema.csv"
KINDS = ("table", "text", "key", "number", "enum", "sources", "ids")
#: The table an ids or sources column refers to: the only cross-table references the loader resolves.
REFERENCES = {"ids": "indications.csv", "sources": "sources.csv"}
META = (
    Column("table", "text", description="file name of the table described"),
    Column("column", "text", required=False, description="column name; empty on the table's own row"),
    Column("kind", "enum", choices=KINDS, description="table, text, key, number, enum, sources or ids"),
    Column("required", "enum", required=False, choices=("yes", "no"), description="may a cell be empty"),
    Column("min", "number", required=False, description="lowest allowed value (number columns)"),
    Column("max", "number", required=False, description="highest allowed value (number columns)"),
    Column("choices", "text", required=False, description="allowed values, ;-separated"),
    Column("reference", "enum", required=False, choices=tuple(REFERENCES.values()),
           description="table whose ids the column cites"),
    Column("unit", "text", required=False, description="unit of the column's values"),
    Column("description", "text", description="what the column (or one row of the table) holds"),
)
_CACHE: dict[str, dict[str, Table]] = {}


def data_dir() -> str:
    """Directory holding the tables: inside the installed package, else ``data/`` of a clone."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    packaged = os.path.join(package, "data")
    if os.path.isfile(os.path.join(packaged, "sources.csv")):
        return packaged
    return os.path.join(os.path.dirname(package), "data")


def load_schema(directory: str | os.PathLike[str]) -> dict[str, Table]:
    """The tables described by ``schema.csv`` in ``directory``, in file order, keyed by file name.

    Raises
    ------
    DataError
        ``schema.csv`` is missing or a row breaks a rule (a range on a text column, an enum without
        choices, a column described twice, ...), naming the row and column.
    """
    path = os.path.join(os.fspath(directory), SCHEMA_FILE)
    if not os.path.isfile(path):
        raise DataError(SCHEMA_FILE, None, None, f"table not found in {os.fspath(directory)}")
    with open(path, "rb") as fh:
        key = fh.read().decode("utf-8", "replace")
    if key not in _CACHE:
        _CACHE[key] = _build(validate_rows(path, META, None, None))
    return dict(_CACHE[key])


def _build(rows: list[dict[str, Any]]) -> dict[str, Table]:
    descriptions: dict[str, str] = {}
    columns: dict[str, list[Column]] = {}
    for rec in rows:
        table = rec["table"]
        _fail_unless(table.endswith(".csv") and table != SCHEMA_FILE, rec, "table",
                     f"{table!r} is not the file name of a data table (name.csv)")
        if rec["kind"] == "table":
            _fail_unless(rec["column"] is None, rec, "column", "must be empty on a row of kind table")
            _fail_unless(table not in descriptions, rec, "table", f"{table} has two rows of kind table")
            descriptions[table] = rec["description"]
            columns.setdefault(table, [])
        else:
            col = _column(rec)
            _fail_unless(col.name not in {c.name for c in columns.get(table, [])}, rec, "column",
                         f"{table} column {col.name} is described twice")
            columns.setdefault(table, []).append(col)
    for table, cols in columns.items():
        where = {"_line": None}
        _fail_unless(table in descriptions, where, "table", f"{table} has no row of kind table")
        _fail_unless(bool(cols), where, "table", f"{table} has no columns")
        _fail_unless(sum(c.kind == "key" for c in cols) <= 1, where, "kind", f"{table} has more than one key")
    for needed in REFERENCES.values():
        _fail_unless(needed in columns, {"_line": None}, "table", f"{needed} is not described")
    return {t: Table(t, descriptions[t], tuple(cols)) for t, cols in columns.items()}


def _column(rec: dict[str, Any]) -> Column:
    kind = rec["kind"]
    _fail_unless(rec["column"] is not None, rec, "column", "is empty but required")
    _fail_unless(rec["required"] is not None, rec, "required", "is empty but required")
    for bound in ("min", "max"):
        _fail_unless(rec[bound] is None or kind == "number", rec, bound, f"a range needs kind number, not {kind}")
    if rec["min"] is not None and rec["max"] is not None:
        _fail_unless(rec["min"] <= rec["max"], rec, "max", "is below min")
    choices = tuple(c.strip() for c in (rec["choices"] or "").split(";") if c.strip())
    _fail_unless(bool(choices) or kind != "enum", rec, "choices", "an enum needs choices")
    _fail_unless(not choices or kind in ("enum", "number"), rec, "choices", f"kind {kind} takes no choices")
    expected = REFERENCES.get(kind)
    _fail_unless(rec["reference"] == expected, rec, "reference",
                 f"kind {kind} refers to {expected}" if expected else f"kind {kind} refers to no table")
    return Column(rec["column"], kind, rec["required"] == "yes", choices, rec["min"], rec["max"],
                  rec["reference"] or "", rec["unit"] or "", rec["description"])


def _fail_unless(cond: bool, rec: dict[str, Any], column: str, message: str) -> None:
    if not cond:
        raise DataError(SCHEMA_FILE, rec["_line"], column, message)
