"""Rules that span columns, rows or tables: ranges ordered, triggers known, composite keys unique.

Each check fails with a :class:`DataError` naming the file, the row and the column at fault. The rows
the code needs (a coefficient, a product fact) are listed here too: they are the code's side of the
contract with the tables.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import DataError
from .vocabulary import (
    AUDIENCES,
    COUNSELING_TRIGGERS,
    DISAGREEMENT_TRIGGERS,
    DOSING_FIELDS_THAT_MAY_BE_UNCONFIRMED,
    INDICATION_EVENTS,
    WARNING_TRIGGERS,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing costs start-up time
    from collections.abc import Callable
    from typing import Any

    Rows = list[dict[str, Any]]

__all__ = ["REQUIRED_COEFFICIENTS", "REQUIRED_KEYS", "cross_checks", "required_rows"]

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
    "product.csv": ("key", ("concentration", "syringe_content", "graduation_min", "graduation_max")),
    "thresholds.csv": ("id", ("geriatric_age", "anc_do_not_initiate_below", "adult_age", "lb_per_kg")),
    "pk_parameters.csv": ("parameter", ("bioavailability", "half_life_low", "half_life_high", "half_life_typical",
                                        "tmax_low", "tmax_high", "absorption_rate", "log_cl_intercept",
                                        "log_cl_slope", "normal_crcl")),
    "input_limits.csv": ("field", ("weight_kg", "age_years", "height_cm", "scr_mg_dl", "crcl_ml_min", "mg_per_kg",
                                   "anc_1e9_per_l", "rotation_days")),
}


def check(cond: bool, name: str, rec: Mapping[str, Any], column: str, message: str) -> None:
    """Raise :class:`DataError` at ``rec``'s row and ``column`` unless ``cond``."""
    if not cond:
        raise DataError(name, rec["_line"], column, message)


def unique(rows: Rows, name: str, column: str, keys: Callable[[dict[str, Any]], list[tuple[str, ...]]],
           describe: str) -> None:
    """Fail on a repeated composite key: ``keys(row)`` lists the row's keys; ``describe`` formats one."""
    seen: dict[tuple[str, ...], int] = {}
    for rec in rows:
        for key in keys(rec):
            if key in seen:  # the message is built only for a failing row (load time)
                check(False, name, rec, column, f"duplicate {describe.format(*key)} (first on row {seen[key]})")
            seen[key] = rec["_line"]


def _member(name: str, rec: Mapping[str, Any], column: str, value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:  # the message is built only for a failing cell (load time)
        check(False, name, rec, column, f"{value!r} is not {what} ({', '.join(allowed)})")


def cross_checks(tables: dict[str, Rows]) -> None:
    """Every rule that spans columns or tables, in table order."""
    _dosing_rules(tables["dosing_rules.csv"])
    for rec in tables["indications.csv"]:
        for event in rec["events"].split(";"):
            _member("indications.csv", rec, "events", event, INDICATION_EVENTS, "an indication event")
    for rec in tables["counseling.csv"]:
        for event in (rec["not_when"] or "").split(";"):
            if event:
                _member("counseling.csv", rec, "not_when", event, COUNSELING_TRIGGERS, "a known trigger")
    for rec in tables["warnings.csv"]:
        _member("warnings.csv", rec, "trigger", rec["trigger"], WARNING_TRIGGERS, "a known trigger")
    for rec in tables["disagreements.csv"]:
        _member("disagreements.csv", rec, "trigger", rec["trigger"], DISAGREEMENT_TRIGGERS, "a known trigger")
    _counseling(tables["counseling.csv"], {r["id"] for r in tables["disagreements.csv"]})
    for rec in tables["monitoring.csv"]:
        check(rec["first_month"] <= rec["last_month"], "monitoring.csv", rec, "last_month", "is before first_month")
        check(rec["every_months"] is not None or rec["first_month"] == rec["last_month"], "monitoring.csv", rec,
              "every_months", "needed when first_month and last_month differ")
    _teachback(tables["teachback.csv"])
    unique(tables["label_status.csv"], "label_status.csv", "indication_id",
           lambda r: [(ind, r["jurisdiction"]) for ind in r["indication_id"]], "row for {0}/{1}")
    unique(tables["kidney_equations.csv"], "kidney_equations.csv", "parameter",
           lambda r: [(r["equation"], r["parameter"])], "coefficient {0}.{1}")
    _onset(tables["onset.csv"])
    for rec in tables["input_limits.csv"]:
        check(rec["min"] < rec["max"], "input_limits.csv", rec, "max", "is not above min")


def _dosing_rules(rows: Rows) -> None:
    n = "dosing_rules.csv"
    for rec in rows:
        check(rec["start_low"] <= rec["start_high"], n, rec, "start_high", "is below start_low")
        for lo, hi in (("step_low_mg_per_kg", "step_high_mg_per_kg"),
                       ("maintenance_low_mg_per_kg", "maintenance_high_mg_per_kg"),
                       ("course_days_min", "course_days_max"), ("weight_min_kg", "weight_below_kg"),
                       ("age_min_years", "age_below_years")):
            if rec[lo] is not None and rec[hi] is not None:
                check(rec[lo] <= rec[hi], n, rec, hi, f"is below {lo}")
        if rec["basis"] == "weight":
            check(rec["max_mg_per_kg_day"] is not None or rec["max_mg_day"] is not None, n, rec,
                  "max_mg_per_kg_day", "a weight-based rule needs a maximum (mg/kg/day or mg/day)")
            if rec["max_mg_per_kg_day"] is not None:
                check(rec["start_high"] <= rec["max_mg_per_kg_day"], n, rec, "start_high",
                      "starting mg/kg is above the rule's maximum mg/kg/day")
        else:
            check(rec["max_mg_day"] is not None, n, rec, "max_mg_day", "a flat rule needs max_mg_day")
            check(rec["start_high"] <= rec["max_mg_day"], n, rec, "start_high", "flat dose above max_mg_day")
        for f in (rec["unconfirmed_fields"] or "").split(";"):
            if f.strip():
                check(f.strip() in DOSING_FIELDS_THAT_MAY_BE_UNCONFIRMED, n, rec, "unconfirmed_fields",
                      f"{f.strip()!r} is not one of {', '.join(DOSING_FIELDS_THAT_MAY_BE_UNCONFIRMED)}")


def _counseling(rows: Rows, disagreement_ids: set[str]) -> None:
    n = "counseling.csv"
    for rec in rows:
        _member(n, rec, "trigger", rec["trigger"], COUNSELING_TRIGGERS, "a known trigger")
        for a in rec["audiences"].split(";"):
            check(a.strip() in AUDIENCES, n, rec, "audiences", f"{a.strip()!r} is not one of {', '.join(AUDIENCES)}")
        if rec["disagreement_id"]:
            check(rec["disagreement_id"] in disagreement_ids, n, rec, "disagreement_id",
                  f"unknown disagreement id {rec['disagreement_id']!r}")


def _teachback(rows: Rows) -> None:
    n = "teachback.csv"
    unique(rows, n, "choice_id", lambda r: [(r["item_id"], r["choice_id"])], "choice {1!r} of item {0!r}")
    items: dict[str, Rows] = {}
    for rec in rows:
        items.setdefault(rec["item_id"], []).append(rec)
    for item, recs in items.items():
        correct = [r for r in recs if r["correct"] == "yes"]
        check(len(correct) == 1, n, recs[0], "correct",
              f"item {item!r} needs exactly one correct choice (has {len(correct)})")
        check(len({r["stem"] for r in recs}) == 1, n, recs[-1], "stem",
              f"item {item!r} has different stems on its rows")


def _onset(rows: Rows) -> None:
    n = "onset.csv"
    for rec in rows:
        if rec["shape"] == "range":
            check(rec["time_low_hours"] is not None, n, rec, "time_low_hours", "a range needs time_low_hours")
        if rec["time_low_hours"] is not None:
            check(rec["time_low_hours"] <= rec["time_high_hours"], n, rec, "time_high_hours", "is below time_low_hours")
        check(len(rec["indication_id"]) == 1 and rec["indication_id"][0] != "*", n, rec, "indication_id",
              "one indication id per row")


def required_rows(tables: dict[str, Rows]) -> None:
    """The rows the code looks up by name (coefficients, product facts, thresholds, input limits) exist."""
    present = {(r["equation"], r["parameter"]) for r in tables["kidney_equations.csv"]}
    for equation, params in REQUIRED_COEFFICIENTS:
        for p in params:
            if (equation, p) not in present:
                raise DataError("kidney_equations.csv", None, "parameter", f"missing coefficient {equation}.{p}")
    for name, (column, keys) in REQUIRED_KEYS.items():
        have = {r[column] for r in tables[name]}
        for k in keys:
            if k not in have:
                raise DataError(name, None, column, f"missing required row {k!r}")
