"""Step 4 of the engine: dose amounts per day [mg/day] from a rule row and the weight alone.

Examples
--------
>>> rule = {"basis": "weight", "start_low": 1.0, "start_high": 2.0, "start_cap_mg": None, "max_mg_per_kg_day": 8.0,
...         "max_mg_day": None, "step_low_mg_per_kg": 0.5, "step_high_mg_per_kg": 1,
...         "maintenance_low_mg_per_kg": None, "maintenance_high_mg_per_kg": None}
>>> a = dose_amounts(rule, 9.0, None, frozenset())
>>> a.start_daily_mg, a.max_daily_mg, a.step_mg
((9.0, 18.0), 72.0, (4.5, 9.0))
>>> a.steps[0].text
'1–2 mg/kg/day × 9 kg = 9–18 mg/day'
"""

from __future__ import annotations

from collections.abc import Mapping

from .._record import record
from ..inputs import InputError
from .records import Step, format_range

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from typing import Any

CAP_FIELDS = frozenset({"max_mg_day", "start_cap_mg"})
MAXIMUM_FIELDS = frozenset({"max_mg_per_kg_day", "max_mg_day"})


@record
class DoseAmounts:
    """Daily amounts [mg/day]: starting range, titration step, maintenance, maximum, and a requested dose."""

    per_kg: tuple[float, float] | None
    start_daily_mg: tuple[float, float]
    max_per_kg: float | None
    max_daily_mg: float
    step_mg: tuple[float, float] | None
    maintenance_mg: tuple[float, float] | None
    dose_daily_mg: float | None
    next_step_mg: tuple[float, float] | None
    events: frozenset[str]
    notes: tuple[str, ...]
    steps: tuple[Step, ...]


def _times(pair_per_kg: tuple[float | None, float | None], weight_kg: float) -> tuple[float, float] | None:
    lo, hi = pair_per_kg
    return None if lo is None or hi is None else (lo * weight_kg, hi * weight_kg)


def maximum_daily(rule: Mapping[str, Any], weight_kg: float) -> tuple[float, str]:
    """The daily maximum [mg/day] (the lower of mg/kg × weight and the mg cap) and its arithmetic.

    References
    ----------
    data/dosing_rules.csv (max_mg_per_kg_day, max_mg_day; the row's source_ids, e.g. US-PI-2020 §2.2).
    """
    caps, words = [], []
    if rule["basis"] == "weight" and rule["max_mg_per_kg_day"] is not None:
        caps.append(rule["max_mg_per_kg_day"] * weight_kg)
        words.append(f"{rule['max_mg_per_kg_day']:g} mg/kg/day × {weight_kg:g} kg = {caps[-1]:.4g} mg/day")
    if rule["max_mg_day"] is not None:
        caps.append(rule["max_mg_day"])
        words.append(f"the cap of {rule['max_mg_day']:g} mg/day")
    value = min(caps)
    text = words[0] if len(words) == 1 else f"the lower of {' and '.join(words)} = {value:.4g} mg/day"
    return value, text


def _start(rule: Mapping[str, Any], weight_kg: float, max_daily: float, unconfirmed: frozenset[str]
           ) -> tuple[tuple[float, float], set[str], list[str], str]:
    if rule["basis"] == "flat":
        start = (rule["start_low"], rule["start_high"])
        text = f"{format_range(*start, unit='mg/day')}, a flat dose (not by weight)"
    else:
        start = (rule["start_low"] * weight_kg, rule["start_high"] * weight_kg)
        text = (f"{format_range(rule['start_low'], rule['start_high'], 'mg/kg/day')} × {weight_kg:g} kg = "
                f"{format_range(*start, unit='mg/day')}")
    limit = max_daily if rule["start_cap_mg"] is None else min(max_daily, rule["start_cap_mg"])
    events: set[str] = set()
    notes = []
    if start[1] > limit:
        events.add("start_limited")
        start = (min(start[0], limit), limit)
        by = "starting cap" if rule["start_cap_mg"] is not None and limit == rule["start_cap_mg"] else "maximum"
        notes.append(f"Starting dose limited to {limit:g} mg/day by the rule's {by}.")
        text += f", limited to {format_range(*start, unit='mg/day')} by the rule's {by}"
        if unconfirmed & CAP_FIELDS:
            events.add("unverified_rule")
    return start, events, notes, text


def _requested(rule: Mapping[str, Any], indication: str, weight_kg: float, req: float, max_daily: float,
               step: tuple[float, float] | None, unconfirmed: frozenset[str]
               ) -> tuple[float, tuple[float, float] | None, set[str], list[str], str]:
    if rule["basis"] != "weight":
        raise InputError("mg_per_kg", req, f"only for weight-based regimens; {indication} uses a flat dose",
                         "cannot be applied")
    daily = req * weight_kg
    text = f"requested {req:g} mg/kg/day × {weight_kg:g} kg = {daily:.4g} mg/day"
    events: set[str] = set()
    notes = []
    if daily > max_daily:
        daily = max_daily
        events.add("capped_at_maximum")
        notes.append(f"Requested {req:g} mg/kg/day was capped at the maximum {max_daily:g} mg/day.")
        text += f", above the maximum: {max_daily:.4g} mg/day"
    if req > rule["start_high"] and unconfirmed & MAXIMUM_FIELDS:
        events.add("unverified_rule")
    nxt = None if step is None else (min(daily + step[0], max_daily), min(daily + step[1], max_daily))
    if nxt is not None:
        text += f"; next step up {format_range(*nxt, unit='mg/day')}"
    return daily, nxt, events, notes, text


def dose_amounts(rule: Mapping[str, Any], weight_kg: float, requested_mg_per_kg: float | None,
                 unconfirmed: frozenset[str], indication: str = "") -> DoseAmounts:
    """Daily amounts for one rule row and weight [kg]; a requested mg/kg/day is capped at the maximum.

    Raises
    ------
    InputError
        A requested mg/kg/day for a flat-dose rule.

    References
    ----------
    data/dosing_rules.csv (start, step, maintenance and maximum; the row's source_ids, e.g. US-PI-2020 §2.2).
    """
    weight_based = rule["basis"] == "weight"
    max_daily, max_text = maximum_daily(rule, weight_kg)
    start, events, notes, start_text = _start(rule, weight_kg, max_daily, unconfirmed)
    if weight_based and "max_mg_per_kg_day" in unconfirmed and rule["max_mg_per_kg_day"] is not None:
        max_text += " (the mg/kg ceiling is not verified against the current label)"
        notes.insert(0, f"Maximum {max_daily:.4g} mg/day rests on the {rule['max_mg_per_kg_day']:g} mg/kg/day ceiling, "
                        "which is not verified against the current label.")
    step = _times((rule["step_low_mg_per_kg"], rule["step_high_mg_per_kg"]), weight_kg) if weight_based else None
    maintenance = _times((rule["maintenance_low_mg_per_kg"], rule["maintenance_high_mg_per_kg"]), weight_kg) \
        if weight_based else None
    if maintenance is not None:
        maintenance = (min(maintenance[0], max_daily), min(maintenance[1], max_daily))
    row = rule.get("rule_id")
    steps = [Step("starting dose", start_text, row, ()), Step("maximum", max_text, row, ())]
    if step is not None:
        per_kg_step = format_range(rule["step_low_mg_per_kg"], rule["step_high_mg_per_kg"], "mg/kg")
        steps.append(Step("titration step", f"{per_kg_step} × {weight_kg:g} kg = {format_range(*step)}", row, ()))
    daily = nxt = None
    if requested_mg_per_kg is not None:
        daily, nxt, more, more_notes, text = _requested(rule, indication, weight_kg, requested_mg_per_kg, max_daily,
                                                        step, unconfirmed)
        events |= more
        notes += more_notes
        steps.append(Step("requested dose", text, row, ()))
    return DoseAmounts(
        per_kg=(rule["start_low"], rule["start_high"]) if weight_based else None, start_daily_mg=start,
        max_per_kg=rule["max_mg_per_kg_day"] if weight_based else None, max_daily_mg=max_daily, step_mg=step,
        maintenance_mg=maintenance, dose_daily_mg=daily, next_step_mg=nxt, events=frozenset(events),
        notes=tuple(notes), steps=tuple(steps),
    )
