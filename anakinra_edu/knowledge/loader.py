"""Load every table of ``data/``: its schema first, then ``sources.csv``, ``indications.csv`` and the rest."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from ..errors import DataError
from .records import Knowledge, Source
from .schema import SCHEMA_FILE, data_dir, load_schema
from .table_cache import read_cache

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing costs start-up time
    from typing import Any

__all__ = ["TABLES_USED", "load_knowledge", "table_names", "validated_tables"]

#: The tables the code reads; ``schema.csv`` must describe each of them.
TABLES_USED = (
    "sources.csv", "indications.csv", "label_status.csv", "dosing_rules.csv", "kidney_rules.csv", "product.csv",
    "thresholds.csv", "kidney_equations.csv", "input_limits.csv", "warnings.csv", "concomitant.csv",
    "kidney_scenarios.csv", "onset.csv", "pk_parameters.csv", "counseling.csv", "monitoring.csv",
    "injection_sites.csv", "teachback.csv", "disagreements.csv",
)
_DEFAULT: list[Knowledge] = []


def load_knowledge(directory: str | os.PathLike[str] | None = None) -> Knowledge:
    """Load and validate every table.

    Parameters
    ----------
    directory : str or path-like, optional
        Folder with ``schema.csv`` and the CSV tables it describes. Default: :func:`data_dir`. A
        validated default load is kept for the process; the tables validated by ``make`` are read from
        the folder's ``.validated-tables.marshal`` when its fingerprint matches the tables' bytes
        (:mod:`.table_cache`), otherwise every table is validated.

    Returns
    -------
    Knowledge

    Raises
    ------
    DataError
        A table is missing, empty, not UTF-8, lacks a column, or has a bad cell; the message names the
        file, row and column.
    """
    if directory is None:
        if not _DEFAULT:
            _DEFAULT.append(_load(data_dir()))
        return _DEFAULT[0]
    return _load(os.fspath(directory))


def table_names(directory: str | os.PathLike[str] | None = None) -> Iterable[str]:
    """Names of the CSV tables the loader requires (``schema.csv`` excluded), in schema order."""
    return tuple(load_schema(data_dir() if directory is None else directory))


def _load(directory: str) -> Knowledge:
    cached = read_cache(directory)
    return _assemble(cached if cached is not None else validated_tables(directory), directory)


def validated_tables(directory: str | os.PathLike[str]) -> dict[str, list[dict[str, Any]]]:
    """Every table of ``directory`` read and validated (no cache), as lists of row dicts, by file name."""
    from .checks import cross_checks, required_rows  # not needed when the validated tables are read
    from .parsing import validate_rows

    directory = os.fspath(directory)
    schema = load_schema(directory)
    for name in TABLES_USED:
        if name not in schema:
            raise DataError(SCHEMA_FILE, None, "table", f"{name} is not described (no rows for it)")
    for name in schema:
        if not os.path.isfile(os.path.join(directory, name)):
            raise DataError(name, None, None, f"table not found in {directory}")
    tables: dict[str, list[dict[str, Any]]] = {}
    tables["sources.csv"] = validate_rows(os.path.join(directory, "sources.csv"), schema["sources.csv"].columns,
                                          None, None)
    source_ids = {r["id"] for r in tables["sources.csv"]}
    tables["indications.csv"] = validate_rows(os.path.join(directory, "indications.csv"),
                                              schema["indications.csv"].columns, source_ids, None)
    indication_ids = {r["id"] for r in tables["indications.csv"]}
    for name, table in schema.items():
        if name not in tables:
            tables[name] = validate_rows(os.path.join(directory, name), table.columns, source_ids, indication_ids)
    cross_checks(tables)
    required_rows(tables)
    return tables


def _assemble(tables: dict[str, list[dict[str, Any]]], directory: str) -> Knowledge:
    def keyed(name: str, key: str) -> Mapping[str, Mapping[str, Any]]:
        return MappingProxyType({r[key]: MappingProxyType(r) for r in tables[name]})

    def rows(name: str) -> tuple[Mapping[str, Any], ...]:
        return tuple(MappingProxyType(r) for r in tables[name])

    return Knowledge(
        sources=MappingProxyType({r["id"]: Source(r["id"], r["title"], r["issuer"], r["version_date"],
                                                  r["section_or_url"], r["notes"] or "")
                                  for r in tables["sources.csv"]}),
        indications=keyed("indications.csv", "id"),
        label_status=MappingProxyType({(ind, r["jurisdiction"]): MappingProxyType(r)
                                       for r in tables["label_status.csv"] for ind in r["indication_id"]}),
        dosing_rules=rows("dosing_rules.csv"),
        kidney_rules=rows("kidney_rules.csv"),
        product=keyed("product.csv", "key"),
        thresholds=keyed("thresholds.csv", "id"),
        kidney_equations=MappingProxyType({(r["equation"], r["parameter"]): MappingProxyType(r)
                                           for r in tables["kidney_equations.csv"]}),
        input_limits=keyed("input_limits.csv", "field"),
        warnings=rows("warnings.csv"),
        concomitant=keyed("concomitant.csv", "name"),
        disagreements=rows("disagreements.csv"),
        kidney_scenarios=keyed("kidney_scenarios.csv", "id"),
        onset=rows("onset.csv"),
        pk=keyed("pk_parameters.csv", "parameter"),
        counseling=rows("counseling.csv"),
        monitoring=rows("monitoring.csv"),
        injection_sites=keyed("injection_sites.csv", "id"),
        teachback=rows("teachback.csv"),
        directory=directory,
    )
