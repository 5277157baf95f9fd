"""Step 6 of the engine: the syringe plan (volumes [mL], syringes per dose and per day) and the course.

Examples
--------
>>> plan = syringe_plan((9, 18), None, 72, 24, concentration=150, content=100, lowest_mark=20)
>>> [round(s.volume_ml, 3) for s in plan.doses], plan.doses[0].below_minimum_mark
([0.06, 0.12], True)
>>> plan.syringes_per_day_at_max
1
"""

from __future__ import annotations

import math

from .._record import record
from .records import Step, SyringeDose

TOLERANCE_MG = 1e-9  # float noise, not a clinical margin
WHOLE_MG_TOLERANCE = 1e-6  # a dose within this of a whole mg counts as whole


@record
class SyringePlan:
    """Per-administration doses [mg] with their syringe arithmetic, and syringes per day."""

    start_dose_mg: tuple[float, float]
    dose_mg: float | None
    doses_per_day: float
    doses: tuple[SyringeDose, ...]
    syringes_per_day_at_start: int
    syringes_per_day_at_max: int
    events: frozenset[str]
    step: Step


def syringe_dose(mg: float, concentration: float, content: float, lowest_mark: float) -> SyringeDose:
    """Volume [mL] of one dose [mg] at ``concentration`` [mg/mL], syringes of ``content`` [mg], below the mark?

    References
    ----------
    US-PI-2018 §3 (100 mg in 0.67 mL, graduations: data/product.csv).
    """
    return SyringeDose(mg, mg / concentration, max(1, math.ceil(mg / content - TOLERANCE_MG)),
                       mg < lowest_mark - TOLERANCE_MG)


def syringe_plan(start_daily_mg: tuple[float, float], dose_daily_mg: float | None, max_daily_mg: float,
                 rule_interval_hours: int, *, concentration: float, content: float, lowest_mark: float
                 ) -> SyringePlan:
    """Split daily amounts [mg/day] into doses at the rule's interval [h] and measure them in syringes.

    References
    ----------
    US-PI-2018 §3; US-PI-2020 §2 (single use; data/product.csv).
    """
    per_day = 24 / rule_interval_hours
    start = (start_daily_mg[0] / per_day, start_daily_mg[1] / per_day)
    dose = None if dose_daily_mg is None else dose_daily_mg / per_day
    shown = [dose] if dose is not None else [start[0]] if start[0] == start[1] else list(start)
    doses = tuple(syringe_dose(mg, concentration, content, lowest_mark) for mg in shown if mg is not None)
    events = set()
    if any(s.below_minimum_mark for s in doses):
        events.add("below_syringe_minimum")
    if any(s.syringes > 1 for s in doses):
        events.add("multiple_syringes")
    if min(s.dose_mg for s in doses) < content - TOLERANCE_MG:
        events.add("dose_below_syringe_content")
    if any(abs(s.dose_mg - round(s.dose_mg)) > WHOLE_MG_TOLERANCE for s in doses):
        events.add("between_marks")
    per_day_whole = math.ceil(per_day)
    at_start = syringe_dose(start[1], concentration, content, lowest_mark).syringes * per_day_whole
    at_max = syringe_dose(max_daily_mg / per_day, concentration, content, lowest_mark).syringes * per_day_whole
    words = "; ".join(f"{s.dose_mg:.4g} mg ÷ {concentration:g} mg/mL = {s.volume_ml:.3f} mL"
                      + (f" ({s.syringes} syringes of {content:g} mg)" if s.syringes > 1 else "")
                      + (f", below the lowest mark {lowest_mark:g} mg" if s.below_minimum_mark else "")
                      for s in doses)
    if per_day != 1:
        words = f"{per_day:g} doses a day: {words}"
    text = f"{words}; syringes a day: {at_start} at the starting dose, {at_max} at the maximum"
    return SyringePlan(start, dose, per_day, doses, at_start, at_max, frozenset(events),
                       Step("syringe", text, None, ()))


def course_plan(course_days_min: float | None, course_days_max: float | None, interval_hours: int
                ) -> tuple[tuple[float, float | None] | None, int | None, Step | None]:
    """Course length [days], the number of doses when the course is fixed, and the step saying so.

    References
    ----------
    data/dosing_rules.csv (course_days_min, course_days_max; e.g. US-EUA-2022).
    """
    if course_days_min is None:
        return None, None, None
    doses = None
    if course_days_max is not None and course_days_min == course_days_max:
        doses = math.ceil(course_days_min * 24 / interval_hours)
    span = f"{course_days_min:g}" if course_days_max in (None, course_days_min) else \
        f"{course_days_min:g}–{course_days_max:g}"
    text = f"course {span} days" + (" or more" if course_days_max is None else "")
    if doses is not None:
        text += f": {course_days_min:g} days × 24 h ÷ {interval_hours} h = {doses} doses"
    return (course_days_min, course_days_max), doses, Step("course", text, None, ())
