"""The validated tables stored beside them: used only while they match the tables' bytes, never written by
the loader, and a bad table still fails with its file, row and column once it no longer matches."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from anakinra_edu.knowledge import DataError, data_dir, load_knowledge
from anakinra_edu.knowledge.loader import validated_tables
from anakinra_edu.knowledge.table_cache import CACHE_FILE, read_cache, write_cache


@pytest.fixture()
def tables(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder, ignore=shutil.ignore_patterns(CACHE_FILE))
    return folder


def test_stored_tables_equal_a_full_validation(tables: Path) -> None:
    full = validated_tables(tables)
    assert read_cache(str(tables)) is None  # nothing stored yet
    load_knowledge(tables)
    assert not (tables / CACHE_FILE).exists()  # the loader never writes it
    write_cache(str(tables), full)
    assert read_cache(str(tables)) == full
    assert load_knowledge(tables) == load_knowledge(tables.parent / "data")
    assert load_knowledge(tables).dosing_rules == load_knowledge().dosing_rules


def test_an_edited_table_is_validated_again_and_still_fails_with_its_row(tables: Path) -> None:
    write_cache(str(tables), validated_tables(tables))
    path = tables / "dosing_rules.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",flat,", ",by-guess,", 1)  # row 3 of the file: a basis no schema allows
    path.write_text("".join(lines), encoding="utf-8")
    assert read_cache(str(tables)) is None
    with pytest.raises(DataError) as info:
        load_knowledge(tables)
    assert info.value.file == "dosing_rules.csv" and info.value.row == 3 and info.value.column == "basis"


def test_an_added_table_or_a_damaged_file_is_not_used(tables: Path) -> None:
    write_cache(str(tables), validated_tables(tables))
    (tables / "notes.csv").write_text("a\n1\n", encoding="utf-8")
    assert read_cache(str(tables)) is None
    (tables / "notes.csv").unlink()
    assert read_cache(str(tables)) is not None
    (tables / CACHE_FILE).write_bytes(b"not marshal data")
    assert read_cache(str(tables)) is None
    assert load_knowledge(tables).dosing_rules  # validated instead
