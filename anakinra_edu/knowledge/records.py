"""Records of the knowledge layer: a citation, a source, a column rule and the validated tables."""

from __future__ import annotations

from collections.abc import Mapping

from .._record import record

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing costs start-up time
    from typing import Any

    Row = Mapping[str, Any]

__all__ = ["Column", "Knowledge", "Source", "SourceRef", "Table"]


@record
class SourceRef:
    """One citation: a source id from ``sources.csv`` and an optional section (``§2.2``, ``Table 3``)."""

    source_id: str
    section: str = ""

    def __str__(self) -> str:
        return f"{self.source_id} {self.section}".strip()


@record
class Source:
    """A row of ``sources.csv``."""

    id: str
    title: str
    issuer: str
    version_date: str
    section_or_url: str
    notes: str


@record
class Column:
    """The rule for one column of a table: a row of ``schema.csv``.

    ``kind`` is one of text, key (unique text), number, enum, sources (citations) or ids (indication
    ids); ``minimum`` and ``maximum`` are in the column's ``unit``; ``refers_to`` is the table whose ids a
    sources or ids column cites.
    """

    name: str
    kind: str
    required: bool = True
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    refers_to: str = ""
    unit: str = ""
    description: str = ""


@record
class Table:
    """A table's schema: its file name, what one row is, and its columns in header order."""

    name: str
    description: str
    columns: tuple[Column, ...]


@record
class Knowledge:
    """All validated tables. Row mappings are read-only; ``refs`` hold parsed citations."""

    sources: Mapping[str, Source]
    indications: Mapping[str, Row]
    label_status: Mapping[tuple[str, str], Row]
    dosing_rules: tuple[Row, ...]
    kidney_rules: tuple[Row, ...]
    product: Mapping[str, Row]
    thresholds: Mapping[str, Row]
    kidney_equations: Mapping[tuple[str, str], Row]
    input_limits: Mapping[str, Row]
    warnings: tuple[Row, ...]
    concomitant: Mapping[str, Row]
    disagreements: tuple[Row, ...]
    kidney_scenarios: Mapping[str, Row]
    onset: tuple[Row, ...]
    pk: Mapping[str, Row]
    counseling: tuple[Row, ...]
    monitoring: tuple[Row, ...]
    injection_sites: Mapping[str, Row]
    teachback: tuple[Row, ...]
    directory: str

    def coefficient(self, equation: str, parameter: str) -> float:
        """Value of one kidney-equation coefficient, e.g. ``coefficient("cockcroft_gault", "divisor")``."""
        return self.kidney_equations[(equation, parameter)]["value"]

    def threshold(self, key: str) -> float:
        """Value of a named threshold from ``thresholds.csv``."""
        return self.thresholds[key]["value"]

    def product_value(self, key: str) -> float:
        """Value of a product fact from ``product.csv`` (mg, mL, mg/mL)."""
        return self.product[key]["value"]

    def cite(self, ref: SourceRef) -> str:
        """Human-readable citation: ``US-PI-2020 §2.2 — Kineret ... (2020-12)``."""
        src = self.sources[ref.source_id]
        return f"{ref} — {src.title}, {src.issuer} ({src.version_date})"
