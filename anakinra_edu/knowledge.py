"""Clinical knowledge tables: load, validate and look up the CSV files in ``data/``.

Every clinical number the suite uses lives in a CSV table with the source it comes from. This module
reads the tables with the standard library only, checks every cell against the table's schema (type,
range, allowed values, references to ``sources.csv`` and to other tables) and fails with a
:class:`DataError` naming the file, row and column at fault.

The grammar of each table is documented in ``data/README.md``; the schemas below are its executable form.

Examples
--------
>>> kb = load_knowledge()
>>> kb.product_value("concentration")
150.0
>>> kb.sources["US-PI-2020"].version_date
'2020-12'
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from ._record import record

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing costs start-up time
    from typing import Any

    Row = Mapping[str, Any]

__all__ = [
    "DataError",
    "Knowledge",
    "Source",
    "SourceRef",
    "data_dir",
    "load_knowledge",
    "parse_source_ids",
]


class DataError(ValueError):
    """A data table is malformed. Names the file, the row (line number in the file) and the column."""

    def __init__(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.file, self.row, self.column, self.message = file, row, column, message
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")


def data_dir() -> str:
    """Directory holding the tables: inside the installed package, else ``data/`` of a clone."""
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "data")
    if os.path.isfile(os.path.join(packaged, "sources.csv")):
        return packaged
    return os.path.join(os.path.dirname(here), "data")


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------------------------

@record
class Column:
    name: str
    kind: str  # text | key | number | enum | sources | ids
    required: bool = True
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    refers_to: str = ""  # for ids: "indications"


YES_NO = ("yes", "no")
VERIFICATION = ("confirmed", "unconfirmed")
JURISDICTIONS = ("us", "eu")


def _c(name: str, kind: str = "text", **kw: Any) -> Column:
    return Column(name, kind, **kw)


SCHEMAS: dict[str, tuple[Column, ...]] = {
    "sources.csv": (
        _c("id", "key"), _c("title"), _c("issuer"), _c("version_date"), _c("section_or_url"),
        _c("notes", required=False),
    ),
    "indications.csv": (
        _c("id", "key"), _c("name"),
        _c("group", "enum", choices=("us-label", "eu-label", "off-label")),
        _c("default_label", "enum", required=False, choices=JURISDICTIONS),
        _c("summary"), _c("events"), _c("source_ids", "sources"),
        _c("verification", "enum", choices=VERIFICATION),
    ),
    "label_status.csv": (
        _c("indication_id", "ids", refers_to="indications"),
        _c("jurisdiction", "enum", choices=JURISDICTIONS),
        _c("status", "enum", choices=("on-label", "off-label")),
        _c("min_age_months", "number", required=False, minimum=0, maximum=1320),
        _c("min_weight_kg", "number", required=False, minimum=0, maximum=250),
        _c("population"), _c("source_ids", "sources"), _c("verification", "enum", choices=VERIFICATION),
    ),
    "dosing_rules.csv": (
        _c("rule_id", "key"), _c("indication_ids", "ids", refers_to="indications"),
        _c("jurisdiction", "enum", choices=("us", "eu", "any")),
        _c("weight_min_kg", "number", required=False, minimum=0, maximum=250),
        _c("weight_below_kg", "number", required=False, minimum=0, maximum=250),
        _c("age_min_years", "number", required=False, minimum=0, maximum=110),
        _c("age_below_years", "number", required=False, minimum=0, maximum=110),
        _c("basis", "enum", choices=("flat", "weight")),
        _c("start_low", "number", minimum=0, maximum=2400),
        _c("start_high", "number", minimum=0, maximum=2400),
        _c("start_cap_mg", "number", required=False, minimum=0, maximum=2400),
        _c("step_low_mg_per_kg", "number", required=False, minimum=0, maximum=60),
        _c("step_high_mg_per_kg", "number", required=False, minimum=0, maximum=60),
        _c("maintenance_low_mg_per_kg", "number", required=False, minimum=0, maximum=60),
        _c("maintenance_high_mg_per_kg", "number", required=False, minimum=0, maximum=60),
        _c("max_mg_per_kg_day", "number", required=False, minimum=0, maximum=60),
        _c("max_mg_day", "number", required=False, minimum=0, maximum=2400),
        _c("interval_hours", "number", choices=("12", "24", "48")),
        _c("split_allowed", "enum", choices=YES_NO),
        _c("course_days_min", "number", required=False, minimum=1, maximum=3650),
        _c("course_days_max", "number", required=False, minimum=1, maximum=3650),
        _c("rule_text"), _c("unconfirmed_fields", required=False),
        _c("source_ids", "sources"), _c("verification", "enum", choices=VERIFICATION),
    ),
    "kidney_rules.csv": (
        _c("rule_id", "key"), _c("indication_ids", "ids", refers_to="indications"),
        _c("jurisdiction", "enum", choices=("us", "eu", "any")),
        _c("crcl_from_ml_min", "number", required=False, minimum=0, maximum=200),
        _c("crcl_below_ml_min", "number", minimum=0, maximum=200),
        _c("includes_dialysis", "enum", choices=YES_NO),
        _c("action", "enum", choices=("every_other_day", "caution", "no_sourced_rule", "no_sourced_adjustment",
                                                  "contraindicated")),
        _c("text"), _c("source_ids", "sources"), _c("verification", "enum", choices=VERIFICATION),
    ),
    "product.csv": (
        _c("key", "key"), _c("value", "number", minimum=0), _c("unit"), _c("text"),
        _c("source_ids", "sources"), _c("verification", "enum", choices=VERIFICATION),
    ),
    "thresholds.csv": (
        _c("id", "key"), _c("value", "number", minimum=0), _c("unit"), _c("text"),
        _c("source_ids", "sources"), _c("verification", "enum", choices=VERIFICATION),
    ),
    "kidney_equations.csv": (
        _c("equation"), _c("parameter"), _c("value", "number"), _c("unit"),
        _c("source_ids", "sources"), _c("verification", "enum", choices=VERIFICATION),
    ),
    "input_limits.csv": (
        _c("field", "key"), _c("min", "number"), _c("max", "number"), _c("unit"), _c("text"),
        _c("source_ids", "sources"),
    ),
    "warnings.csv": (
        _c("code", "key"), _c("trigger"), _c("indication_ids", "ids", refers_to="indications"),
        _c("jurisdictions", "enum", choices=("us", "eu", "*")),
        _c("severity", "enum", choices=("stop", "warn", "info")), _c("text"),
        _c("source_ids", "sources"), _c("verification", "enum", choices=VERIFICATION),
    ),
    "concomitant.csv": (
        _c("name", "key"),
        _c("kind", "enum", choices=("tnf_inhibitor", "biologic", "live_vaccine", "not_a_conflict", "monitor")),
        _c("display"), _c("source_ids", "sources"), _c("verification", "enum", choices=VERIFICATION),
    ),
    "kidney_scenarios.csv": (
        _c("id", "key"), _c("title"), _c("age_years", "number", minimum=0, maximum=110),
        _c("sex", "enum", choices=("female", "male")), _c("weight_kg", "number", minimum=0.5, maximum=250),
        _c("height_cm", "number", minimum=30, maximum=250), _c("scr", "number", minimum=0),
        _c("scr_unit", "enum", choices=("mg/dL", "umol/L")), _c("teaching_point"), _c("source_ids", "sources"),
    ),
    "onset.csv": (
        _c("id", "key"), _c("indication_id", "ids", refers_to="indications"),
        _c("source_kind", "enum", choices=("fact_sheet", "label", "manufacturer", "secondary", "trial", "guideline")),
        _c("endpoint"),
        _c("shape", "enum", choices=("range", "by", "at")),
        _c("time_low_hours", "number", required=False, minimum=0.1, maximum=8760),
        _c("time_high_hours", "number", minimum=0.1, maximum=8760), _c("statement"),
        _c("source_ids", "sources"), _c("verification", "enum", choices=VERIFICATION),
    ),
    "pk_parameters.csv": (
        _c("parameter", "key"), _c("value", "number"), _c("unit"), _c("text"), _c("source_ids", "sources"),
        _c("verification", "enum", choices=VERIFICATION),
    ),
    "counseling.csv": (
        _c("id", "key"), _c("topic"), _c("audiences"),
        _c("priority", "number", minimum=1, maximum=5, choices=("1", "2", "3", "4", "5")),
        _c("trigger"), _c("indication_ids", "ids", refers_to="indications"), _c("not_when", required=False),
        _c("patient_text"), _c("clinician_text"),
        _c("workshop_step", "enum", choices=("storage", "preparation", "injection", "side_effects", "when_to_call",
                                             "prescriber")),
        _c("disagreement_id", required=False),
        _c("source_ids", "sources"), _c("verification", "enum", choices=VERIFICATION),
    ),
    "monitoring.csv": (
        _c("id", "key"), _c("jurisdiction", "enum", choices=JURISDICTIONS),
        _c("indication_ids", "ids", refers_to="indications"), _c("test"),
        _c("first_month", "number", minimum=0, maximum=120), _c("every_months", "number", required=False, minimum=1,
                                                                   maximum=24),
        _c("last_month", "number", minimum=0, maximum=120), _c("text"), _c("source_ids", "sources"),
        _c("verification", "enum", choices=VERIFICATION),
    ),
    "injection_sites.csv": (
        _c("id", "key"), _c("name"), _c("region", "enum", choices=("abdomen", "thigh", "upper_arm", "buttock")),
        _c("side", "enum", choices=("left", "right")), _c("self_injection", "enum", choices=YES_NO),
        _c("map_x", "number", minimum=0, maximum=1), _c("map_y", "number", minimum=0, maximum=1),
        _c("view", "enum", choices=("front", "back")), _c("source_ids", "sources"),
        _c("verification", "enum", choices=VERIFICATION),
    ),
    "teachback.csv": (
        _c("item_id"), _c("stem"), _c("choice_id", "enum", choices=("a", "b", "c", "d")), _c("choice_text"),
        _c("correct", "enum", choices=YES_NO), _c("feedback"), _c("source_ids", "sources"),
        _c("verification", "enum", choices=VERIFICATION),
    ),
    "disagreements.csv": (
        _c("id", "key"), _c("topic"), _c("trigger"), _c("indication_ids", "ids", refers_to="indications"),
        _c("position_a"), _c("sources_a", "sources"), _c("position_b"), _c("sources_b", "sources"),
    ),
}

# Closed vocabularies the engine understands (a trigger the code cannot evaluate is a data error).
WARNING_TRIGGERS = (
    "always", "active_infection", "anc_low", "biologic", "tnf_inhibitor", "non_tnf_biologic", "live_vaccine",
    "renal_every_other_day", "start_limited", "infant", "between_marks",
    "renal_no_sourced_rule", "renal_no_sourced_adjustment", "renal_caution", "dialysis", "geriatric",
    "below_syringe_minimum",
    "multiple_syringes", "capped_at_maximum", "off_label", "outside_label_population", "unverified_rule",
    "pregnancy", "breastfeeding", "monitor_drug", "formulas_disagree", "rule_from_other_label",
    "pediatric_kidney_assumption", "no_kidney_estimate", "hepatic",
)
DISAGREEMENT_TRIGGERS = (
    "always", "renal_severe_eu", "formulas_disagree", "below_eu_population", "below_syringe_minimum",
    "eu_weight_based_stills", "breastfeeding", "pregnancy", "counseling",
)
COUNSELING_TRIGGERS = (
    "always", "active_infection", "live_vaccine", "biologic", "renal_every_other_day", "below_syringe_minimum",
    "dose_below_syringe_content", "pregnancy", "breastfeeding", "severe_caps", "dira", "stills",
    "rheumatoid_arthritis", "autoinflammatory", "child", "geriatric", "monitor_drug", "dialysis",
    "hospital_course", "infant",
)
INDICATION_EVENTS = ("severe_caps", "dira", "stills", "rheumatoid_arthritis", "autoinflammatory", "hospital_course")
AUDIENCES = ("patient", "nurse", "prescriber")
DOSING_FIELDS_THAT_MAY_BE_UNCONFIRMED = ("max_mg_per_kg_day", "max_mg_day", "start_cap_mg")


# ---------------------------------------------------------------------------------------------
# Parsing helpers
# ---------------------------------------------------------------------------------------------


_REFS_CACHE: dict[str, tuple[SourceRef, ...]] = {}


def parse_source_ids(text: str) -> tuple[SourceRef, ...]:
    """Parse ``"US-PI-2020 §2.2;YANG-2003"`` into :class:`SourceRef` records (section optional)."""
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


def _parse_number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("not finite")
    return value


def _read_rows(path: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
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


def _validate_table(
    name: str, path: str, source_ids: set[str] | None, indication_ids: set[str] | None
) -> list[dict[str, Any]]:
    schema = SCHEMAS[name]
    header, rows = _read_rows(path)
    for col in schema:
        if col.name not in header:
            raise DataError(name, 1, col.name, "required column is missing from the header")
    unknown = [h for h in header if h not in {c.name for c in schema}]
    if unknown:
        raise DataError(name, 1, unknown[0], "unknown column (see data/README.md for the table's columns)")
    seen_keys: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    for line, raw in rows:
        rec: dict[str, Any] = {"_line": line}
        for col in schema:
            cell = raw[col.name]
            if cell == "":
                if col.required:
                    raise DataError(name, line, col.name, "is empty but required")
                rec[col.name] = None
                continue
            if col.kind == "number":
                try:
                    value = _parse_number(cell)
                except ValueError:
                    raise DataError(name, line, col.name, f"{cell!r} is not a number") from None
                if col.minimum is not None and value < col.minimum:
                    raise DataError(name, line, col.name, f"{value:g} is below the allowed minimum {col.minimum:g}")
                if col.maximum is not None and value > col.maximum:
                    raise DataError(name, line, col.name, f"{value:g} is above the allowed maximum {col.maximum:g}")
                if col.choices and f"{value:g}" not in col.choices:
                    raise DataError(name, line, col.name, f"{value:g} is not one of {', '.join(col.choices)}")
                rec[col.name] = value
            elif col.kind == "enum":
                if cell not in col.choices:
                    raise DataError(name, line, col.name, f"{cell!r} is not one of {', '.join(col.choices)}")
                rec[col.name] = cell
            elif col.kind == "sources":
                refs = parse_source_ids(cell)
                if not refs:
                    raise DataError(name, line, col.name, "no source id given")
                if source_ids is not None:
                    for ref in refs:
                        if ref.source_id not in source_ids:
                            raise DataError(
                                name, line, col.name, f"unknown source id {ref.source_id!r} (not in sources.csv)"
                            )
                rec[col.name] = cell
                rec["refs" if col.name == "source_ids" else f"refs_{col.name}"] = refs
            elif col.kind == "ids":
                ids = tuple(i.strip() for i in cell.split(";") if i.strip())
                if indication_ids is not None:
                    for i in ids:
                        if i != "*" and i not in indication_ids:
                            raise DataError(name, line, col.name, f"unknown indication id {i!r}")
                rec[col.name] = ids
            else:
                rec[col.name] = cell
            if col.kind == "key":
                if cell in seen_keys:
                    raise DataError(name, line, col.name, f"duplicate id {cell!r} (first on row {seen_keys[cell]})")
                seen_keys[cell] = line
        out.append(rec)
    return out


def _freeze(rec: dict[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(rec)


def _check(cond: bool, name: str, rec: Mapping[str, Any], column: str, message: str) -> None:
    if not cond:
        raise DataError(name, rec["_line"], column, message)


def _unique(rows: list[dict[str, Any]], name: str, column: str, keys: Any, describe: str) -> None:
    """Fail on a repeated composite key: ``keys(row)`` lists the row's keys; ``describe`` formats one."""
    seen: dict[tuple[str, ...], int] = {}
    for rec in rows:
        for key in keys(rec):
            _check(key not in seen, name, rec, column,
                   f"duplicate {describe.format(*key)} (first on row {seen.get(key)})")
            seen[key] = rec["_line"]


def _cross_checks(tables: dict[str, list[dict[str, Any]]]) -> None:
    """Rules that span columns or tables (ranges ordered, triggers known, composite keys unique)."""
    for rec in tables["dosing_rules.csv"]:
        n = "dosing_rules.csv"
        _check(rec["start_low"] <= rec["start_high"], n, rec, "start_high", "is below start_low")
        for lo, hi in (("step_low_mg_per_kg", "step_high_mg_per_kg"),
                       ("maintenance_low_mg_per_kg", "maintenance_high_mg_per_kg"),
                       ("course_days_min", "course_days_max"), ("weight_min_kg", "weight_below_kg"),
                       ("age_min_years", "age_below_years")):
            if rec[lo] is not None and rec[hi] is not None:
                _check(rec[lo] <= rec[hi], n, rec, hi, f"is below {lo}")
        if rec["basis"] == "weight":
            _check(rec["max_mg_per_kg_day"] is not None or rec["max_mg_day"] is not None, n, rec,
                   "max_mg_per_kg_day", "a weight-based rule needs a maximum (mg/kg/day or mg/day)")
            if rec["max_mg_per_kg_day"] is not None:
                _check(rec["start_high"] <= rec["max_mg_per_kg_day"], n, rec, "start_high",
                       "starting mg/kg is above the rule's maximum mg/kg/day")
        else:
            _check(rec["max_mg_day"] is not None, n, rec, "max_mg_day", "a flat rule needs max_mg_day")
            _check(rec["start_high"] <= rec["max_mg_day"], n, rec, "start_high", "flat dose above max_mg_day")
        for f in (rec["unconfirmed_fields"] or "").split(";"):
            if f.strip():
                _check(f.strip() in DOSING_FIELDS_THAT_MAY_BE_UNCONFIRMED, n, rec, "unconfirmed_fields",
                       f"{f.strip()!r} is not one of {', '.join(DOSING_FIELDS_THAT_MAY_BE_UNCONFIRMED)}")
    for rec in tables["indications.csv"]:
        for event in rec["events"].split(";"):
            _check(event in INDICATION_EVENTS, "indications.csv", rec, "events",
                   f"{event!r} is not an indication event ({', '.join(INDICATION_EVENTS)})")
    for rec in tables["counseling.csv"]:
        for event in (rec["not_when"] or "").split(";"):
            _check(not event or event in COUNSELING_TRIGGERS, "counseling.csv", rec, "not_when",
                   f"{event!r} is not a known trigger ({', '.join(COUNSELING_TRIGGERS)})")
    for rec in tables["warnings.csv"]:
        _check(rec["trigger"] in WARNING_TRIGGERS, "warnings.csv", rec, "trigger",
               f"{rec['trigger']!r} is not a known trigger ({', '.join(WARNING_TRIGGERS)})")
    for rec in tables["disagreements.csv"]:
        _check(rec["trigger"] in DISAGREEMENT_TRIGGERS, "disagreements.csv", rec, "trigger",
               f"{rec['trigger']!r} is not a known trigger ({', '.join(DISAGREEMENT_TRIGGERS)})")
    disagreement_ids = {r["id"] for r in tables["disagreements.csv"]}
    for rec in tables["counseling.csv"]:
        n = "counseling.csv"
        _check(rec["trigger"] in COUNSELING_TRIGGERS, n, rec, "trigger",
               f"{rec['trigger']!r} is not a known trigger ({', '.join(COUNSELING_TRIGGERS)})")
        for a in rec["audiences"].split(";"):
            _check(a.strip() in AUDIENCES, n, rec, "audiences", f"{a.strip()!r} is not one of {', '.join(AUDIENCES)}")
        if rec["disagreement_id"]:
            _check(rec["disagreement_id"] in disagreement_ids, n, rec, "disagreement_id",
                   f"unknown disagreement id {rec['disagreement_id']!r}")
    for rec in tables["monitoring.csv"]:
        _check(rec["first_month"] <= rec["last_month"], "monitoring.csv", rec, "last_month", "is before first_month")
        _check(rec["every_months"] is not None or rec["first_month"] == rec["last_month"], "monitoring.csv", rec,
               "every_months", "needed when first_month and last_month differ")
    _unique(tables["teachback.csv"], "teachback.csv", "choice_id", lambda r: [(r["item_id"], r["choice_id"])],
            "choice {1!r} of item {0!r}")
    items: dict[str, list[dict[str, Any]]] = {}
    for rec in tables["teachback.csv"]:
        items.setdefault(rec["item_id"], []).append(rec)
    for item, recs in items.items():
        correct = [r for r in recs if r["correct"] == "yes"]
        _check(len(correct) == 1, "teachback.csv", recs[0], "correct",
               f"item {item!r} needs exactly one correct choice (has {len(correct)})")
        _check(len({r["stem"] for r in recs}) == 1, "teachback.csv", recs[-1], "stem",
               f"item {item!r} has different stems on its rows")
    _unique(tables["label_status.csv"], "label_status.csv", "indication_id",
            lambda r: [(ind, r["jurisdiction"]) for ind in r["indication_id"]], "row for {0}/{1}")
    _unique(tables["kidney_equations.csv"], "kidney_equations.csv", "parameter",
            lambda r: [(r["equation"], r["parameter"])], "coefficient {0}.{1}")
    for rec in tables["onset.csv"]:
        n = "onset.csv"
        if rec["shape"] == "range":
            _check(rec["time_low_hours"] is not None, n, rec, "time_low_hours", "a range needs time_low_hours")
        if rec["time_low_hours"] is not None:
            _check(rec["time_low_hours"] <= rec["time_high_hours"], n, rec, "time_high_hours",
                   "is below time_low_hours")
        _check(len(rec["indication_id"]) == 1 and rec["indication_id"][0] != "*", n, rec, "indication_id",
               "one indication id per row")
    for rec in tables["input_limits.csv"]:
        _check(rec["min"] < rec["max"], "input_limits.csv", rec, "max", "is not above min")


REQUIRED_COEFFICIENTS = (
    ("cockcroft_gault", ("age_offset", "divisor", "female_factor")),
    ("ideal_body_weight", ("male_base", "female_base", "kg_per_inch", "base_height", "cm_per_inch")),
    ("adjusted_body_weight", ("excess_fraction",)),
    ("ckd_epi_2021", ("multiplier", "kappa_female", "kappa_male", "alpha_female", "alpha_male",
                      "high_exponent", "age_base", "female_factor")),
    ("bedside_schwartz", ("k",)),
    ("creatinine", ("umol_per_mg_dl",)),
    ("bmi_rule", ("underweight_below", "overweight_from", "obese_from")),
)
REQUIRED_KEYS = {
    "product.csv": ("concentration", "syringe_content", "graduation_min", "graduation_max"),
    "thresholds.csv": ("geriatric_age", "anc_do_not_initiate_below", "adult_age", "lb_per_kg"),
    "pk_parameters.csv": ("bioavailability", "half_life_low", "half_life_high", "half_life_typical", "tmax_low",
                          "tmax_high", "absorption_rate", "log_cl_intercept", "log_cl_slope", "normal_crcl"),
    "input_limits.csv": ("weight_kg", "age_years", "height_cm", "scr_mg_dl", "crcl_ml_min", "mg_per_kg",
                         "anc_1e9_per_l", "rotation_days"),
}


def load_knowledge(directory: str | os.PathLike[str] | None = None) -> Knowledge:
    """Load and validate every table.

    Parameters
    ----------
    directory : str or path-like, optional
        Folder with the CSV tables. Default: :func:`data_dir`. A validated default load is cached.

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
        if _DEFAULT:
            return _DEFAULT[0]
        _DEFAULT.append(_load(data_dir()))
        return _DEFAULT[0]
    return _load(os.fspath(directory))


_DEFAULT: list[Knowledge] = []


def _load(directory: str) -> Knowledge:
    for name in SCHEMAS:
        if not os.path.isfile(os.path.join(directory, name)):
            raise DataError(name, None, None, f"table not found in {directory}")
    sources_rows = _validate_table("sources.csv", os.path.join(directory, "sources.csv"), None, None)
    source_ids = {r["id"] for r in sources_rows}
    ind_rows = _validate_table("indications.csv", os.path.join(directory, "indications.csv"), source_ids, None)
    ind_ids = {r["id"] for r in ind_rows}
    tables = {"sources.csv": sources_rows, "indications.csv": ind_rows}
    for name in SCHEMAS:
        if name not in tables:
            tables[name] = _validate_table(name, os.path.join(directory, name), source_ids, ind_ids)
    _cross_checks(tables)

    def keyed(name: str, key: str) -> dict[str, Mapping[str, Any]]:
        return {r[key]: _freeze(r) for r in tables[name]}

    kidney_eq = {(r["equation"], r["parameter"]): _freeze(r) for r in tables["kidney_equations.csv"]}
    for equation, params in REQUIRED_COEFFICIENTS:
        for p in params:
            if (equation, p) not in kidney_eq:
                raise DataError("kidney_equations.csv", None, "parameter", f"missing coefficient {equation}.{p}")
    for name, keys in REQUIRED_KEYS.items():
        col = SCHEMAS[name][0].name
        present = {r[col] for r in tables[name]}
        for k in keys:
            if k not in present:
                raise DataError(name, None, col, f"missing required row {k!r}")
    label_status = {
        (ind, r["jurisdiction"]): _freeze(r) for r in tables["label_status.csv"] for ind in r["indication_id"]
    }
    return Knowledge(
        sources=MappingProxyType({r["id"]: Source(r["id"], r["title"], r["issuer"], r["version_date"],
                                                  r["section_or_url"], r["notes"] or "")
                                  for r in sources_rows}),
        indications=MappingProxyType(keyed("indications.csv", "id")),
        label_status=MappingProxyType(label_status),
        dosing_rules=tuple(_freeze(r) for r in tables["dosing_rules.csv"]),
        kidney_rules=tuple(_freeze(r) for r in tables["kidney_rules.csv"]),
        product=MappingProxyType(keyed("product.csv", "key")),
        thresholds=MappingProxyType(keyed("thresholds.csv", "id")),
        kidney_equations=MappingProxyType(kidney_eq),
        input_limits=MappingProxyType(keyed("input_limits.csv", "field")),
        warnings=tuple(_freeze(r) for r in tables["warnings.csv"]),
        concomitant=MappingProxyType(keyed("concomitant.csv", "name")),
        disagreements=tuple(_freeze(r) for r in tables["disagreements.csv"]),
        kidney_scenarios=MappingProxyType(keyed("kidney_scenarios.csv", "id")),
        onset=tuple(_freeze(r) for r in tables["onset.csv"]),
        pk=MappingProxyType(keyed("pk_parameters.csv", "parameter")),
        counseling=tuple(_freeze(r) for r in tables["counseling.csv"]),
        monitoring=tuple(_freeze(r) for r in tables["monitoring.csv"]),
        injection_sites=MappingProxyType(keyed("injection_sites.csv", "id")),
        teachback=tuple(_freeze(r) for r in tables["teachback.csv"]),
        directory=directory,
    )


def table_names() -> Iterable[str]:
    """Names of the CSV tables the loader requires."""
    return tuple(SCHEMAS)
