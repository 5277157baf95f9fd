"""The validated tables, kept beside them so that a command need not validate them again (as pint keeps its
parsed definitions).

``make`` writes ``data/.validated-tables.marshal`` after a full load has validated every table; the loader
uses it only when its fingerprint (a CRC-32 of the Python version and of every CSV file's name and bytes in
the folder) matches the folder as it is now, so an edited, added or removed table is validated afresh and a
bad one still fails with its file, row and column. The loader never writes the file (nothing is written at
run time, on a server or anywhere else); a missing, stale or unreadable file only costs the validation.

References
----------
EDU-DESIGN (validated once, checked against the tables' bytes on every load).
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib

from .records import SourceRef

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing costs start-up time
    from typing import Any

__all__ = ["CACHE_FILE", "fingerprint", "read_cache", "write_cache"]

CACHE_FILE = ".validated-tables.marshal"


def fingerprint(directory: str) -> int:
    """CRC-32 of the Python version and of every ``*.csv`` in ``directory`` (names and bytes, name order)."""
    crc = zlib.crc32(sys.version.encode())
    for name in sorted(n for n in os.listdir(directory) if n.endswith(".csv")):
        crc = zlib.crc32(name.encode(), crc)
        with open(os.path.join(directory, name), "rb") as f:
            crc = zlib.crc32(f.read(), crc)
    return crc


def _ref_columns(rows: list[dict[str, Any]]) -> tuple[str, ...]:
    """The columns whose values are tuples of :class:`SourceRef` (``refs``), from the first row."""
    return tuple(k for k, v in rows[0].items() if isinstance(v, tuple) and v and isinstance(v[0], SourceRef)) \
        if rows else ()


def write_cache(directory: str, tables: dict[str, list[dict[str, Any]]]) -> str:
    """Store validated ``tables`` with the folder's fingerprint; returns the file's path."""
    refs = {name: _ref_columns(rows) for name, rows in tables.items()}
    plain = {name: [{k: tuple(tuple(r) for r in v) if k in refs[name] else v for k, v in row.items()}
                    for row in rows] for name, rows in tables.items()}
    path = os.path.join(directory, CACHE_FILE)
    with open(path, "wb") as f:
        marshal.dump((fingerprint(directory), refs, plain), f)
    return path


def read_cache(directory: str) -> dict[str, list[dict[str, Any]]] | None:
    """The stored tables when the file exists and matches the folder as it is now, else None."""
    path = os.path.join(directory, CACHE_FILE)
    try:
        with open(path, "rb") as f:
            key, refs, tables = marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if key != fingerprint(directory):
        return None
    made: dict[tuple[tuple[str, str], ...], tuple[SourceRef, ...]] = {}  # the same citations, one tuple
    for name, columns in refs.items():
        for row in tables[name]:
            for column in columns:
                plain = row[column]
                if plain not in made:
                    made[plain] = tuple(SourceRef(*r) for r in plain)
                row[column] = made[plain]
    return tables


def main(argv: list[str]) -> int:
    """Validate every table of FOLDER (default: the package data), then store them (``make`` calls this)."""
    from .loader import validated_tables
    from .schema import data_dir

    directory = argv[0] if argv else data_dir()
    print(write_cache(directory, validated_tables(directory)))
    return 0


