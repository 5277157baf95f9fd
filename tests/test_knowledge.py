"""The knowledge tables: the real ones load, and every kind of corruption is reported precisely.

The corruption tests are driven by ``data/schema.csv``: each mutation is applied to every
table (or every column of the kind it concerns), so a new table or column is covered without editing this
file. Each test copies the real tables to a temporary folder, breaks one table and checks that
:class:`DataError` names that file and, where meaningful, the row (line number in the file) and column.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from anakinra_edu.knowledge import SCHEMA_FILE, DataError, data_dir, load_knowledge, load_schema

REAL = Path(data_dir())
SCHEMAS = {name: table.columns for name, table in load_schema(REAL).items()}
TABLES = tuple(SCHEMAS)


def _columns(kind: str | None = None) -> list[tuple[str, str]]:
    """(table, column) for every schema column, or only those of one kind."""
    return [(t, c.name) for t, cols in SCHEMAS.items() for c in cols if kind is None or c.kind == kind]


def _ids(pairs: list[tuple[str, str]]) -> list[str]:
    return [f"{t}:{c}" for t, c in pairs]


# Tables whose uniqueness is a combination of columns, checked after every table is read (not by a "key"
# column). Listed here so that test_every_table_has_a_uniqueness_check notices a new table with neither.
COMPOSITE_KEYS = {"label_status.csv": "indication_id", "kidney_equations.csv": "parameter",
                  "teachback.csv": "choice_id"}


# ---------------------------------------------------------------------------------------------
# Helpers: read, mutate and write one table of a copy
# ---------------------------------------------------------------------------------------------


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        records = [r for r in csv.reader(f) if any(c.strip() for c in r)]
    # The expected line numbers below assume one record per line.
    assert not any("\n" in c or "\r" in c for r in records for c in r), f"{path.name}: multi-line cell"
    return records[0], records[1:]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _line(index: int) -> int:
    """Line number in the file of data row ``index`` (0-based): the header is line 1."""
    return index + 2


_REAL_BYTES = {name: (REAL / name).read_bytes() for name in (*TABLES, SCHEMA_FILE) if (REAL / name).is_file()}


@pytest.fixture
def tables(tmp_path: Path) -> Path:
    """A fresh copy of the real tables (written from bytes read once, at import)."""
    copy = tmp_path / "data"
    copy.mkdir()
    for name, content in _REAL_BYTES.items():
        (copy / name).write_bytes(content)
    return copy


def _raises(directory: Path, table: str, row: int | None, column: str | None) -> DataError:
    with pytest.raises(DataError) as info:
        load_knowledge(directory)
    err = info.value
    assert (err.file, err.row, err.column) == (table, row, column), str(err)
    assert table in str(err)
    return err


# ---------------------------------------------------------------------------------------------
# The real tables
# ---------------------------------------------------------------------------------------------


def test_real_tables_load() -> None:
    kb = load_knowledge(REAL)
    assert kb.sources["US-PI-2020"].version_date == "2020-12"
    for name in ("sources", "indications", "label_status", "dosing_rules", "kidney_rules", "product",
                 "thresholds", "kidney_equations", "input_limits", "warnings", "concomitant",
                 "disagreements"):
        assert len(getattr(kb, name)) > 0, name


def test_default_load_is_the_same_tables() -> None:
    assert load_knowledge().sources.keys() == load_knowledge(REAL).sources.keys()


def test_every_cited_source_id_resolves() -> None:
    """Independent of the loader: read every "sources" column with the csv module and look each id up."""
    header, source_rows = _read(REAL / "sources.csv")
    known = {r[header.index("id")] for r in source_rows}
    checked = 0
    for table, column in _columns("sources"):
        header, rows = _read(REAL / table)
        for i, row in enumerate(rows):
            for part in row[header.index(column)].split(";"):
                if part.strip():
                    source_id = part.strip().partition(" ")[0]
                    assert source_id in known, f"{table} row {_line(i)} {column}: {source_id}"
                    checked += 1
    assert checked > 100
    kb = load_knowledge(REAL)  # and the loader agrees (it enforces the same rule)
    assert set(kb.sources) == known


def test_unmodified_copy_loads(tables: Path) -> None:
    # Baseline for the corruption tests: the copy itself is valid, and rewriting every table through the
    # helpers changes nothing the loader cares about.
    for name in TABLES:
        header, rows = _read(tables / name)
        _write(tables / name, header, rows)
    assert load_knowledge(tables).sources.keys() == load_knowledge(REAL).sources.keys()


def test_every_table_has_a_uniqueness_check() -> None:
    for name, cols in SCHEMAS.items():
        assert any(c.kind == "key" for c in cols) or name in COMPOSITE_KEYS, (
            f"{name} has no key column and no composite-key check listed in this file")


# ---------------------------------------------------------------------------------------------
# Corruptions
# ---------------------------------------------------------------------------------------------

ALL_COLUMNS = _columns()


@pytest.mark.parametrize(("table", "column"), ALL_COLUMNS, ids=_ids(ALL_COLUMNS))
def test_missing_column(tables: Path, table: str, column: str) -> None:
    # (a) Every schema column must be in the header, also those whose cells may be empty.
    header, rows = _read(tables / table)
    j = header.index(column)
    _write(tables / table, header[:j] + header[j + 1:], [r[:j] + r[j + 1:] for r in rows])
    _raises(tables, table, 1, column)


KEY_COLUMNS = _columns("key")


@pytest.mark.parametrize(("table", "column"), KEY_COLUMNS, ids=_ids(KEY_COLUMNS))
def test_duplicate_key(tables: Path, table: str, column: str) -> None:
    # (b) The first data row repeated right after itself: the duplicate is on line 3.
    header, rows = _read(tables / table)
    _write(tables / table, header, [rows[0], *rows])
    err = _raises(tables, table, _line(1), column)
    assert repr(rows[0][header.index(column)]) in str(err)


@pytest.mark.parametrize(("table", "column"), sorted(COMPOSITE_KEYS.items()))
def test_duplicate_composite_key(tables: Path, table: str, column: str) -> None:
    header, rows = _read(tables / table)
    _write(tables / table, header, [rows[0], *rows])
    _raises(tables, table, _line(1), column)


SOURCE_COLUMNS = _columns("sources")


@pytest.mark.parametrize(("table", "column"), SOURCE_COLUMNS, ids=_ids(SOURCE_COLUMNS))
def test_unknown_source_id(tables: Path, table: str, column: str) -> None:
    # (c) The last id of the last row's cell (keeping its section and the other ids): every id of a
    # multi-id cell is checked, not only the first.
    header, rows = _read(tables / table)
    i, j = len(rows) - 1, header.index(column)
    parts = rows[i][j].split(";")
    _, sep, section = parts[-1].strip().partition(" ")
    parts[-1] = "NO-SUCH-SOURCE" + sep + section
    rows[i][j] = ";".join(parts)
    _write(tables / table, header, rows)
    err = _raises(tables, table, _line(i), column)
    assert "NO-SUCH-SOURCE" in str(err)


NUMBER_COLUMNS = _columns("number")


@pytest.mark.parametrize(("table", "column"), NUMBER_COLUMNS, ids=_ids(NUMBER_COLUMNS))
def test_text_in_number_column(tables: Path, table: str, column: str) -> None:
    # (d)
    header, rows = _read(tables / table)
    i = len(rows) - 1
    rows[i][header.index(column)] = "abc"
    _write(tables / table, header, rows)
    err = _raises(tables, table, _line(i), column)
    assert "'abc'" in str(err)


ENUM_COLUMNS = _columns("enum")


@pytest.mark.parametrize(("table", "column"), ENUM_COLUMNS, ids=_ids(ENUM_COLUMNS))
def test_unknown_enum_value(tables: Path, table: str, column: str) -> None:
    header, rows = _read(tables / table)
    i = len(rows) - 1
    rows[i][header.index(column)] = "no-such-choice"
    _write(tables / table, header, rows)
    err = _raises(tables, table, _line(i), column)
    assert "no-such-choice" in str(err)


ID_COLUMNS = _columns("ids")


@pytest.mark.parametrize(("table", "column"), ID_COLUMNS, ids=_ids(ID_COLUMNS))
def test_unknown_indication_id(tables: Path, table: str, column: str) -> None:
    header, rows = _read(tables / table)
    i = len(rows) - 1
    rows[i][header.index(column)] = "no-such-indication"
    _write(tables / table, header, rows)
    err = _raises(tables, table, _line(i), column)
    assert "no-such-indication" in str(err)


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("content", [b"", b"\n\n", b"   \r\n"], ids=["empty", "newlines", "blank"])
def test_empty_file(tables: Path, table: str, content: bytes) -> None:
    # (e)
    (tables / table).write_bytes(content)
    _raises(tables, table, None, None)


@pytest.mark.parametrize("table", TABLES)
def test_header_without_rows(tables: Path, table: str) -> None:
    header, _ = _read(tables / table)
    _write(tables / table, header, [])
    _raises(tables, table, None, None)


@pytest.mark.parametrize("table", TABLES)
def test_latin1_bytes(tables: Path, table: str) -> None:
    # (f) A file saved as Latin-1 (e.g. "café" from a spreadsheet): b"\xe9" is not valid UTF-8.
    path = tables / table
    lines = path.read_bytes().split(b"\n")
    target = max(i for i, ln in enumerate(lines) if ln.strip()) + 1  # last data line (1-based)
    assert b"," in lines[target - 1]
    lines[target - 1] = lines[target - 1].replace(b",", b"caf\xe9,", 1)
    path.write_bytes(b"\n".join(lines))
    err = _raises(tables, table, target, None)
    assert "UTF-8" in str(err)


@pytest.mark.parametrize("table", TABLES)
def test_utf8_bom_is_accepted(tables: Path, table: str) -> None:
    # The opposite case: Excel's "CSV UTF-8" writes a byte-order mark, which is valid and must load.
    path = tables / table
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    load_knowledge(tables)


@pytest.mark.parametrize("table", TABLES)
def test_missing_table(tables: Path, table: str) -> None:
    # (g)
    (tables / table).unlink()
    err = _raises(tables, table, None, None)
    assert "not found" in str(err)


@pytest.mark.parametrize("table", TABLES)
def test_duplicate_header_column(tables: Path, table: str) -> None:
    header, rows = _read(tables / table)
    column = SCHEMAS[table][0].name
    j = header.index(column)
    _write(tables / table, [*header, column], [[*r, r[j]] for r in rows])
    _raises(tables, table, 1, column)
