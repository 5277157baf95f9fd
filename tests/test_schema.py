"""``data/schema.csv``: it describes exactly the tables and columns in ``data/``, and a bad row of it fails.

The headers are read here with the csv module, independently of the loader.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from anakinra_edu.knowledge import (
    COUNSELING_TRIGGERS,
    DISAGREEMENT_TRIGGERS,
    INDICATION_EVENTS,
    SCHEMA_FILE,
    WARNING_TRIGGERS,
    DataError,
    data_dir,
    load_knowledge,
    load_schema,
    readme,
)

REAL = Path(data_dir())


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [r for r in csv.reader(f) if any(c.strip() for c in r)]


SCHEMA_ROWS = _rows(REAL / SCHEMA_FILE)
HEADER = SCHEMA_ROWS[0]


def _described() -> dict[str, list[str]]:
    """table -> column names, in file order, straight from the CSV."""
    out: dict[str, list[str]] = {}
    for row in SCHEMA_ROWS[1:]:
        rec = dict(zip(HEADER, row, strict=True))
        columns = out.setdefault(rec["table"], [])
        if rec["kind"] != "table":
            columns.append(rec["column"])
    return out


def test_schema_describes_every_table_in_data_and_no_other() -> None:
    on_disk = {p.name for p in REAL.glob("*.csv")} - {SCHEMA_FILE}
    assert set(_described()) == on_disk
    assert len(on_disk) == 19


@pytest.mark.parametrize("table", sorted(_described()))
def test_header_matches_schema(table: str) -> None:
    # Same columns in the same order: a column added to a table and not to schema.csv (or the other way
    # round) fails here, by name.
    header = [h.strip() for h in _rows(REAL / table)[0]]
    described = _described()[table]
    assert [h for h in header if h not in described] == [], f"{table}: columns missing from schema.csv"
    assert [c for c in described if c not in header] == [], f"{table}: schema.csv columns not in the table"
    assert header == described, f"{table}: order differs from schema.csv"


def test_every_schema_row_has_a_description() -> None:
    for i, row in enumerate(SCHEMA_ROWS[1:], start=2):
        rec = dict(zip(HEADER, row, strict=True))
        assert rec["description"].strip(), f"schema.csv row {i}"


def test_loader_columns_are_the_schema_rows() -> None:
    assert {t: [c.name for c in tab.columns] for t, tab in load_schema(REAL).items()} == _described()


# ---------------------------------------------------------------------------------------------
# A bad schema row fails naming schema.csv, the row and the column
# ---------------------------------------------------------------------------------------------


def _line_of(table: str, column: str) -> int:
    for i, row in enumerate(SCHEMA_ROWS[1:], start=2):
        if row[0] == table and row[1] == column:
            return i
    raise AssertionError((table, column))


def _edit(tmp_path: Path, table: str, column: str, changes: dict[str, str]) -> tuple[Path, int]:
    copy = tmp_path / "data"
    shutil.copytree(REAL, copy)
    rows = [list(r) for r in SCHEMA_ROWS]
    line = _line_of(table, column)
    for field, value in changes.items():
        rows[line - 1][HEADER.index(field)] = value
    with (copy / SCHEMA_FILE).open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return copy, line


BAD_ROWS = [
    ("sources.csv", "title", {"min": "0"}, "min"),  # a range on a text column
    ("dosing_rules.csv", "basis", {"choices": ""}, "choices"),  # an enum without choices
    ("product.csv", "unit", {"choices": "mg;mL"}, "choices"),  # choices on a text column
    ("product.csv", "value", {"min": "5", "max": "1"}, "max"),
    ("product.csv", "value", {"max": "many"}, "max"),
    ("product.csv", "value", {"kind": "float"}, "kind"),
    ("product.csv", "value", {"required": "maybe"}, "required"),
    ("product.csv", "value", {"description": ""}, "description"),
    ("warnings.csv", "indication_ids", {"reference": ""}, "reference"),
    ("warnings.csv", "text", {"reference": "sources.csv"}, "reference"),
    ("warnings.csv", "text", {"column": "code"}, "column"),  # described twice
    ("warnings.csv", "text", {"table": "warnings"}, "table"),
]


@pytest.mark.parametrize(("table", "column", "changes", "at"), BAD_ROWS,
                         ids=[f"{t}:{c}:{a}" for t, c, _, a in BAD_ROWS])
def test_bad_schema_row(tmp_path: Path, table: str, column: str, changes: dict[str, str], at: str) -> None:
    copy, line = _edit(tmp_path, table, column, changes)
    with pytest.raises(DataError) as info:
        load_knowledge(copy)
    assert (info.value.file, info.value.row, info.value.column) == (SCHEMA_FILE, line, at), str(info.value)


def test_missing_schema(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(REAL, copy)
    (copy / SCHEMA_FILE).unlink()
    with pytest.raises(DataError, match=r"^schema\.csv: table not found"):
        load_knowledge(copy)


def test_a_table_the_code_reads_must_be_described(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(REAL, copy)
    rows = [r for r in SCHEMA_ROWS if r[0] != "onset.csv"]
    with (copy / SCHEMA_FILE).open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    with pytest.raises(DataError) as info:
        load_knowledge(copy)
    assert (info.value.file, info.value.column) == (SCHEMA_FILE, "table") and "onset.csv" in str(info.value)


def test_the_schema_is_what_the_loader_enforces(tmp_path: Path) -> None:
    # Lower the schema's maximum for a column: the real table, unchanged, now fails at its first row
    # above it. The ranges are read from schema.csv, not from code.
    copy, _ = _edit(tmp_path, "product.csv", "value", {"max": "100"})
    product = _rows(REAL / "product.csv")
    first = next(i for i, r in enumerate(product[1:], start=2) if float(r[product[0].index("value")]) > 100)
    with pytest.raises(DataError) as info:
        load_knowledge(copy)
    assert (info.value.file, info.value.row, info.value.column) == ("product.csv", first, "value")
    assert "above the allowed maximum 100" in str(info.value)


# ---------------------------------------------------------------------------------------------
# data/README.md: the table section is generated from schema.csv
# ---------------------------------------------------------------------------------------------

README = (REAL / "README.md").read_text(encoding="utf-8")


def test_readme_table_section_is_current() -> None:
    assert readme.update(README, load_schema(REAL)) == README, "data/README.md is stale: run make data-readme"


def test_readme_documents_every_column_of_every_table() -> None:
    section = README[README.index(readme.BEGIN):README.index(readme.END)]
    for table, columns in _described().items():
        body = section[section.index(f"### {table}\n"):]
        body = body[: body.find("\n### ", 1)] if "\n### " in body[1:] else body
        for column in columns:
            assert f"| `{column}` |" in body, f"{table}: {column} not documented"


def test_readme_regenerates_after_a_schema_change() -> None:
    schema = load_schema(REAL)
    table = schema["product.csv"]
    changed = {**schema, "product.csv": table._replace(description="a changed description")}
    new = readme.update(README, changed)
    assert new != README and "One row is a changed description." in new
    assert new.startswith(README[: README.index(readme.BEGIN)])  # the hand-written parts are kept
    assert new.endswith(README[README.index(readme.END):])


def test_readme_without_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="markers"):
        readme.update("# no markers\n", load_schema(REAL))


def test_readme_triggers_section_lists_the_vocabularies() -> None:
    # Written by hand (outside the markers), so checked here against the code's lists.
    section = README[README.index("### Triggers"):]
    for table, words in (("warnings.csv", WARNING_TRIGGERS), ("disagreements.csv", DISAGREEMENT_TRIGGERS),
                         ("counseling.csv", COUNSELING_TRIGGERS), ("indications.csv", INDICATION_EVENTS)):
        (line,) = [ln for ln in section.splitlines() if ln.startswith(f"* `{table}`")]
        assert line.split(": ", 1)[1].split("`")[1].split(", ") == list(words), table
