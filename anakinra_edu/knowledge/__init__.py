"""Clinical knowledge tables: load, validate and look up the CSV files in ``data/``.

Every clinical number the suite uses lives in a CSV table with the source it comes from. This package
reads the tables with the standard library only, checks every cell against the table's rules in
``data/schema.csv`` (kind, range, allowed values, references to ``sources.csv`` and
``indications.csv``) and fails with a :class:`DataError` naming the file, row and column at fault.

Modules: :mod:`.records` (the records), :mod:`.parsing` (reading a table, checking a cell),
:mod:`.schema` (``schema.csv``), :mod:`.checks` (rules across rows and tables), :mod:`.vocabulary`
(trigger names the code evaluates), :mod:`.loader` (putting it together), :mod:`.readme` (the table
reference in ``data/README.md``, generated from the schema).

Examples
--------
>>> kb = load_knowledge()
>>> kb.product_value("concentration")
150.0
>>> kb.sources["US-PI-2020"].version_date
'2020-12'
"""

from __future__ import annotations

from ..errors import DataError
from .loader import load_knowledge, table_names
from .parsing import parse_source_ids
from .records import Column, Knowledge, Source, SourceRef, Table
from .schema import SCHEMA_FILE, data_dir, load_schema
from .vocabulary import (
    AUDIENCES,
    COUNSELING_TRIGGERS,
    DISAGREEMENT_TRIGGERS,
    DOSING_FIELDS_THAT_MAY_BE_UNCONFIRMED,
    INDICATION_EVENTS,
    WARNING_TRIGGERS,
)

__all__ = [
    "AUDIENCES",
    "COUNSELING_TRIGGERS",
    "DISAGREEMENT_TRIGGERS",
    "DOSING_FIELDS_THAT_MAY_BE_UNCONFIRMED",
    "INDICATION_EVENTS",
    "SCHEMA_FILE",
    "WARNING_TRIGGERS",
    "Column",
    "DataError",
    "Knowledge",
    "Source",
    "SourceRef",
    "Table",
    "data_dir",
    "load_knowledge",
    "load_schema",
    "parse_source_ids",
    "table_names",
]
