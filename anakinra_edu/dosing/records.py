"""The records the dosing steps return, and the :class:`Regimen` they assemble into.

Doses in mg, volumes in mL, intervals in hours, creatinine clearance in mL/min.
"""

from __future__ import annotations

from .._record import record
from ..kidney import KidneyFunction

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing costs start-up time
    from typing import Any

FLAGS = (
    "renal_every_other_day",
    "capped_at_maximum",
    "below_syringe_minimum",
    "multiple_syringes",
    "off_label",
    "outside_label_population",
    "combination_not_recommended",
    "live_vaccine_conflict",
    "do_not_start",
    "unverified_rule",
)

# The one table from events (the trigger names of data/warnings.csv, disagreements.csv, counseling.csv)
# to the flags a card shows. ``do_not_start`` also follows from a selected stop warning on ``anc_low``.
FLAG_OF_EVENT = {
    "renal_every_other_day": "renal_every_other_day",
    "capped_at_maximum": "capped_at_maximum",
    "start_limited": "capped_at_maximum",
    "below_syringe_minimum": "below_syringe_minimum",
    "multiple_syringes": "multiple_syringes",
    "off_label": "off_label",
    "outside_label_population": "outside_label_population",
    "biologic": "combination_not_recommended",
    "live_vaccine": "live_vaccine_conflict",
    "active_infection": "do_not_start",
    "unverified_rule": "unverified_rule",
}
DO_NOT_START_TRIGGERS = ("active_infection", "anc_low")


@record
class Step:
    """One decision of the reasoning trace: the step, a plain sentence with the numbers, the table row, sources."""

    step: str
    text: str
    row: str | None
    citations: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """``{step, text, row, citations}`` for JSON."""
        return {"step": self.step, "text": self.text, "row": self.row, "citations": list(self.citations)}


@record
class WarningNote:
    """A warning in plain words, with its severity (stop / warn / info) and sources."""

    code: str
    severity: str
    text: str
    citations: tuple[str, ...]


@record
class Disagreement:
    """Two sources that say different things on a topic; both are shown, neither is picked."""

    id: str
    topic: str
    position_a: str
    sources_a: tuple[str, ...]
    position_b: str
    sources_b: tuple[str, ...]


@record
class SyringeDose:
    """Syringe arithmetic for one dose [mg]: volume [mL], syringes, and whether the marks can measure it."""

    dose_mg: float
    volume_ml: float
    syringes: int
    below_minimum_mark: bool


def format_range(lo: float, hi: float, unit: str = "mg") -> str:
    """A range as a clinician writes it: ``"20–40 mg"``, or one value when both ends agree (``"100 mg"``).

    References
    ----------
    EDU-DESIGN (display convention, no clinical content).

    Examples
    --------
    >>> format_range(20, 40), format_range(100, 100), format_range(1, 2, "mg/kg/day")
    ('20–40 mg', '100 mg', '1–2 mg/kg/day')
    """
    text = f"{lo:.4g}" if round(lo, 6) == round(hi, 6) else f"{lo:.4g}–{hi:.4g}"
    return f"{text} {unit}".rstrip()


def _r(x: float) -> float:
    return round(x, 2)


def _pair(p: tuple[float, float] | None) -> list[float] | None:
    return None if p is None else [_r(p[0]), _r(p[1])]


@record
class Regimen:
    """A regimen and everything that explains it. Doses in mg, intervals in hours, CrCl in mL/min.

    ``start_dose_mg`` and ``dose_mg`` are per administration; ``max_daily_mg`` per day. ``action`` is
    ``"dose"``, ``"do_not_start"`` or ``"no_sourced_regimen"``. ``events`` are the trigger names that
    fired; ``steps`` the ordered reasoning trace.
    """

    indication: str
    indication_name: str
    label: str | None
    status: str
    action: str
    rule_id: str
    rule_text: str
    rule_jurisdiction: str
    basis: str
    weight_kg: float
    age_years: float
    start_mg_per_kg: tuple[float, float] | None
    start_dose_mg: tuple[float, float]
    start_daily_mg: tuple[float, float]
    requested_mg_per_kg: float | None
    dose_mg: float | None
    dose_daily_mg: float | None
    next_titration_mg: tuple[float, float] | None
    titration_step_mg: tuple[float, float] | None
    maintenance_mg: tuple[float, float] | None
    max_mg_per_kg_day: float | None
    max_daily_cap_mg: float | None
    max_daily_mg: float
    interval_hours: int
    doses_per_day: float
    split_allowed: bool
    course_days: tuple[float, float | None] | None
    doses_in_course: int | None
    syringe: tuple[SyringeDose, ...]
    syringes_per_day_at_start: int
    syringes_per_day_at_max: int
    crcl_ml_min: float | None
    crcl_method: str
    kidney: KidneyFunction | None
    kidney_rule_id: str | None
    kidney_rule_text: str | None
    dialysis: bool
    flags: tuple[str, ...]
    warnings: tuple[WarningNote, ...]
    disagreements: tuple[Disagreement, ...]
    citations: tuple[str, ...]
    population: str
    notes: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()

    @property
    def interval_text(self) -> str:
        """Interval in words ("once daily", "every other day", "twice daily")."""
        return {12: "twice daily (every 12 h)", 24: "once daily (every 24 h)", 48: "every other day (every 48 h)"}[
            self.interval_hours
        ]

    @property
    def start_per_kg_text(self) -> str | None:
        """The starting mg/kg figure in words that agree with the interval shown beside it.

        Under the every-other-day kidney rule the label gives "the prescribed dose" every other day, so the
        mg/kg figure is per dose, not per day (US-PI-2020 §2.4).
        """
        if self.start_mg_per_kg is None:
            return None
        if "renal_every_other_day" in self.flags:
            return format_range(*self.start_mg_per_kg, unit="mg/kg per dose, given every other day")
        return format_range(*self.start_mg_per_kg, unit="mg/kg/day")

    @property
    def crcl_unit(self) -> str:
        """Unit of ``crcl_ml_min``: mL/min for creatinine clearance, mL/min/1.73 m² for an eGFR (children)."""
        return "mL/min/1.73 m²" if self.crcl_method in ("bedside_schwartz", "ckd_epi_2021") else "mL/min"

    def explain(self) -> str:
        """The reasoning trace as numbered lines ("How this was worked out")."""
        return "\n".join(f"{i}. {s.step}: {s.text}" + (f" [{'; '.join(s.citations)}]" if s.citations else "")
                         for i, s in enumerate(self.steps, 1))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict with the CLI contract's keys (mg rounded to 0.01, mL to 0.001)."""
        return {
            "indication": self.indication, "indication_name": self.indication_name, "label": self.label,
            "status": self.status, "action": self.action, "rule_id": self.rule_id, "rule_text": self.rule_text,
            "basis": self.basis, "weight_kg": self.weight_kg, "age_years": self.age_years,
            "start_mg_per_kg": _pair(self.start_mg_per_kg), "start_dose_mg": _pair(self.start_dose_mg),
            "requested_mg_per_kg": self.requested_mg_per_kg,
            "dose_mg": None if self.dose_mg is None else _r(self.dose_mg),
            "next_titration_mg": _pair(self.next_titration_mg), "titration_step_mg": _pair(self.titration_step_mg),
            "maintenance_mg": _pair(self.maintenance_mg), "max_mg_per_kg_day": self.max_mg_per_kg_day,
            "max_daily_cap_mg": self.max_daily_cap_mg, "max_daily_mg": _r(self.max_daily_mg),
            "interval_hours": self.interval_hours, "interval_text": self.interval_text,
            "course_days": None if self.course_days is None else list(self.course_days),
            "doses_in_course": self.doses_in_course,
            "syringe": [{"dose_mg": _r(s.dose_mg), "volume_ml": round(s.volume_ml, 3), "syringes": s.syringes,
                         "below_minimum_mark": s.below_minimum_mark} for s in self.syringe],
            "syringes_per_day_at_start": self.syringes_per_day_at_start,
            "syringes_per_day_at_max": self.syringes_per_day_at_max,
            "crcl_ml_min": None if self.crcl_ml_min is None else _r(self.crcl_ml_min),
            "crcl_method": self.crcl_method, "crcl_unit": self.crcl_unit,
            "kidney": None if self.kidney is None else self.kidney.as_dict(),
            "kidney_rule": self.kidney_rule_text, "dialysis": self.dialysis, "flags": list(self.flags),
            "warnings": [{"code": w.code, "severity": w.severity, "text": w.text, "citations": list(w.citations)}
                         for w in self.warnings],
            "disagreements": [{"topic": d.topic, "a": d.position_a, "a_sources": list(d.sources_a),
                               "b": d.position_b, "b_sources": list(d.sources_b)} for d in self.disagreements],
            "citations": list(self.citations), "population": self.population,
            "events": list(self.events), "steps": [s.as_dict() for s in self.steps],
        }
