"""Dosing engine: one call returns a :class:`Regimen` that explains itself.

``regimen()`` looks up the indication's label status in the chosen jurisdiction, picks the dosing rule
(flat, weight-based or weight band) from ``data/dosing_rules.csv``, computes the starting range, any
requested titration dose (capped at the rule's maximum, and saying so), the interval after the kidney
rule, the syringe arithmetic, and every warning, disagreement between sources and citation that
applies. Nothing here is a clinical number: all of them come from ``data/``.

Examples
--------
>>> r = regimen("nomid", weight_kg=20, age_years=6)
>>> r.start_dose_mg, r.max_daily_mg, r.interval_hours
((20.0, 40.0), 160.0, 24)
>>> regimen("ra", weight_kg=50, age_years=80, sex="female", scr=1.4).interval_hours
48
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from ._record import record
from .inputs import InputError, check_choice, check_number, check_optional_number
from .kidney import SCR_UNITS, SEXES, WEIGHT_BASES, KidneyFunction, kidney_function
from .knowledge import DataError, Knowledge, SourceRef, load_knowledge

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing costs start-up time
    from typing import Any

__all__ = [
    "FLAGS",
    "Disagreement",
    "Regimen",
    "SyringeDose",
    "WarningNote",
    "format_range",
    "indication_ids",
    "kidney_threshold_ml_min",
    "regimen",
]

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
LABELS = ("us", "eu")


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


@record
class Regimen:
    """A regimen and everything that explains it. Doses in mg, intervals in hours, CrCl in mL/min.

    ``start_dose_mg`` and ``dose_mg`` are per administration; ``max_daily_mg`` per day. ``action`` is
    ``"dose"``, ``"do_not_start"`` or ``"no_sourced_regimen"``.
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

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict with the CLI contract's keys (mg rounded to 0.01, mL to 0.001)."""

        def pair(p: tuple[float, float] | None) -> list[float] | None:
            return None if p is None else [_r(p[0]), _r(p[1])]

        return {
            "indication": self.indication,
            "indication_name": self.indication_name,
            "label": self.label,
            "status": self.status,
            "action": self.action,
            "rule_id": self.rule_id,
            "rule_text": self.rule_text,
            "basis": self.basis,
            "weight_kg": self.weight_kg,
            "age_years": self.age_years,
            "start_mg_per_kg": pair(self.start_mg_per_kg),
            "start_dose_mg": pair(self.start_dose_mg),
            "requested_mg_per_kg": self.requested_mg_per_kg,
            "dose_mg": None if self.dose_mg is None else _r(self.dose_mg),
            "next_titration_mg": pair(self.next_titration_mg),
            "titration_step_mg": pair(self.titration_step_mg),
            "maintenance_mg": pair(self.maintenance_mg),
            "max_mg_per_kg_day": self.max_mg_per_kg_day,
            "max_daily_cap_mg": self.max_daily_cap_mg,
            "max_daily_mg": _r(self.max_daily_mg),
            "interval_hours": self.interval_hours,
            "interval_text": self.interval_text,
            "course_days": None if self.course_days is None else list(self.course_days),
            "doses_in_course": self.doses_in_course,
            "syringe": [
                {"dose_mg": _r(s.dose_mg), "volume_ml": round(s.volume_ml, 3), "syringes": s.syringes,
                 "below_minimum_mark": s.below_minimum_mark}
                for s in self.syringe
            ],
            "syringes_per_day_at_start": self.syringes_per_day_at_start,
            "syringes_per_day_at_max": self.syringes_per_day_at_max,
            "crcl_ml_min": None if self.crcl_ml_min is None else _r(self.crcl_ml_min),
            "crcl_method": self.crcl_method,
            "kidney": None if self.kidney is None else self.kidney.as_dict(),
            "kidney_rule": self.kidney_rule_text,
            "dialysis": self.dialysis,
            "flags": list(self.flags),
            "warnings": [{"code": w.code, "severity": w.severity, "text": w.text, "citations": list(w.citations)}
                         for w in self.warnings],
            "disagreements": [
                {"topic": d.topic, "a": d.position_a, "a_sources": list(d.sources_a), "b": d.position_b,
                 "b_sources": list(d.sources_b)}
                for d in self.disagreements
            ],
            "citations": list(self.citations),
            "population": self.population,
        }


def _r(x: float) -> float:
    return round(x, 2)


def format_range(lo: float, hi: float, unit: str = "mg") -> str:
    """A range as a clinician writes it: ``"20–40 mg"``, or one value when both ends agree (``"100 mg"``)."""
    text = f"{lo:.4g}" if round(lo, 6) == round(hi, 6) else f"{lo:.4g}–{hi:.4g}"
    return f"{text} {unit}".rstrip()


def indication_ids(kb: Knowledge | None = None) -> tuple[str, ...]:
    """The indication ids the engine knows, in table order."""
    return tuple((kb or load_knowledge()).indications)


# ---------------------------------------------------------------------------------------------
# Rule lookup
# ---------------------------------------------------------------------------------------------


def _in_band(rule: Mapping[str, Any], weight: float) -> bool:
    lo, below = rule["weight_min_kg"], rule["weight_below_kg"]
    return (lo is None or weight >= lo) and (below is None or weight < below)


def _find_rule(kb: Knowledge, ind: str, jurisdictions: Sequence[str], weight: float) -> Mapping[str, Any] | None:
    for jur in jurisdictions:
        for rule in kb.dosing_rules:
            if ind in rule["indication_ids"] and rule["jurisdiction"] == jur and _in_band(rule, weight):
                return rule
    return None


def _kidney_rules(kb: Knowledge, ind: str, jur: str) -> list[Mapping[str, Any]]:
    """Rules of the most specific scope that has any: indication+jurisdiction, indication+any, *+jur, *+any."""
    scopes = [(ind, jur), (ind, "any"), ("*", jur), ("*", "any")]
    for want_ind, want_jur in scopes:
        rules = [r for r in kb.kidney_rules if want_ind in r["indication_ids"] and r["jurisdiction"] == want_jur]
        if rules:
            return rules
    return []


def _kidney_match(rule: Mapping[str, Any], crcl: float | None, dialysis: bool) -> bool:
    if dialysis:
        return rule["includes_dialysis"] == "yes"
    if crcl is None:
        return False
    lo = rule["crcl_from_ml_min"]
    return crcl < rule["crcl_below_ml_min"] and (lo is None or crcl >= lo)


def _normalise_name(name: str) -> str:
    return "-".join(name.strip().lower().replace("_", " ").split())


# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------


def regimen(
    indication: str,
    weight_kg: float,
    age_years: float,
    *,
    label: str | None = None,
    sex: str | None = None,
    height_cm: float | None = None,
    crcl_ml_min: float | None = None,
    scr: float | None = None,
    scr_unit: str = "mg/dL",
    dialysis: bool = False,
    mg_per_kg: float | None = None,
    concomitant: Iterable[str] = (),
    active_infection: bool = False,
    anc_1e9_per_l: float | None = None,
    pregnant: bool = False,
    breastfeeding: bool = False,
    weight_basis: str = "actual",
    child_pugh: str | None = None,
    kb: Knowledge | None = None,
) -> Regimen:
    """Compute the regimen for one patient, with the rule applied, flags, warnings and citations.

    Parameters
    ----------
    indication : str
        Indication id (``ra``, ``nomid``, ``dira``, ``caps``, ``fmf``, ``stills``, ``sjia``, ``aosd``,
        ``gout-flare``, ``recurrent-pericarditis``, ``mas``, ``schnitzler``, ``traps``, ``covid-19``).
    weight_kg : float
        Body weight [kg].
    age_years : float
        Age [years] (fractions for infants: 8 months = 0.667).
    label : {"us", "eu"}, optional
        Jurisdiction; default: where the indication is labeled. Ignored for off-label indications.
    sex : {"female", "male"}, optional
        Needed with ``scr`` in adults (Cockcroft–Gault).
    height_cm : float, optional
        Height [cm]; for ideal/adjusted weight and, in children, bedside Schwartz.
    crcl_ml_min : float, optional
        Creatinine clearance [mL/min] if already known. Give either this or ``scr``, not both.
    scr : float, optional
        Serum creatinine in ``scr_unit`` ("mg/dL" or "umol/L").
    dialysis : bool
        End-stage renal disease on dialysis (the label's rule includes ESRD).
    mg_per_kg : float, optional
        Requested daily dose [mg/kg/day] for weight-based regimens (titration); capped at the maximum.
    concomitant : iterable of str
        Other drugs and planned vaccines, by name from ``data/concomitant.csv``.
    active_infection : bool
        Active serious infection now (do not start).
    anc_1e9_per_l : float, optional
        Absolute neutrophil count [10⁹/L].
    pregnant, breastfeeding : bool
        Show the (disagreeing) pregnancy / lactation positions.
    weight_basis : {"actual", "ideal", "adjusted", "bmi_rule"}
        Weight for Cockcroft–Gault when ``scr`` is given.
    child_pugh : {"A", "B", "C"}, optional
        Hepatic impairment class; B and C bring up the hepatic note.

    Returns
    -------
    Regimen

    Raises
    ------
    InputError
        Any input missing, out of range or unknown; the message names the field, value and allowed range.
    """
    kb = kb or load_knowledge()
    ind = check_choice("indication", indication, tuple(kb.indications))
    weight = check_number("weight_kg", weight_kg, kb=kb, exclusive_min=False)
    age = check_number("age_years", age_years, kb=kb)
    sex_c = None if sex is None else check_choice("sex", sex, SEXES)
    height = check_optional_number("height_cm", height_cm, kb=kb)
    basis_c = check_choice("weight_basis", weight_basis, WEIGHT_BASES)
    if crcl_ml_min is not None and scr is not None:
        raise InputError("crcl_ml_min", crcl_ml_min, "either crcl_ml_min or scr, not both", "was given with scr")
    crcl_given = check_optional_number("crcl_ml_min", crcl_ml_min, kb=kb)
    anc = check_optional_number("anc_1e9_per_l", anc_1e9_per_l, kb=kb)
    pugh = None if child_pugh is None else check_choice("child_pugh", child_pugh, ("A", "B", "C"))
    req = check_optional_number("mg_per_kg", mg_per_kg, kb=kb)
    for name, value in (("dialysis", dialysis), ("active_infection", active_infection),
                        ("pregnant", pregnant), ("breastfeeding", breastfeeding)):
        if not isinstance(value, bool):
            raise InputError(name, value, "true or false", "is not a yes/no value")
    if isinstance(concomitant, str):
        concomitant = [concomitant]
    drugs: list[Mapping[str, Any]] = []
    for name in concomitant:
        key = _normalise_name(name) if isinstance(name, str) else name
        if key not in kb.concomitant:
            raise InputError("concomitant", name, ", ".join(kb.concomitant), "is not a known drug or vaccine")
        drugs.append(kb.concomitant[key])

    ind_row = kb.indications[ind]
    off_label_group = ind_row["group"] == "off-label"
    if off_label_group:
        jur = "any"
        label_c: str | None = None
    else:
        label_c = ind_row["default_label"] if label is None else check_choice("label", label, LABELS)
        jur = label_c
    flags: set[str] = set()
    notes: list[str] = []
    refs: list[SourceRef] = []
    warning_codes: list[str] = []
    disagreement_triggers: set[str] = {"always"}

    # --- label status and population -------------------------------------------------------
    if off_label_group:
        status = "off-label"
        population = "Not labeled in the US or the EU: a teaching regimen from trials or practice."
        refs.extend(ind_row["refs"])
    else:
        ls = kb.label_status[(ind, jur)]
        refs.extend(ls["refs"])
        status = ls["status"]
        population = ls["population"]
        if status == "on-label":
            too_young = ls["min_age_months"] is not None and age * 12 < ls["min_age_months"]
            too_light = ls["min_weight_kg"] is not None and weight < ls["min_weight_kg"]
            if too_young or too_light:
                status = "outside-label-population"
                flags.add("outside_label_population")
    if status == "off-label":
        flags.add("off_label")
    eu_row = kb.label_status.get((ind, "eu"))
    if eu_row is not None and eu_row["status"] == "on-label" and (
        (eu_row["min_age_months"] is not None and age * 12 < eu_row["min_age_months"])
        or (eu_row["min_weight_kg"] is not None and weight < eu_row["min_weight_kg"])
    ):
        disagreement_triggers.add("below_eu_population")

    # --- dosing rule --------------------------------------------------------------------------
    search = [jur] if jur == "any" else [jur, "any"]
    rule = _find_rule(kb, ind, search, weight)
    if rule is None:
        other = [j for j in LABELS if j != jur]
        rule = _find_rule(kb, ind, other, weight)
        if rule is None:  # pragma: no cover - guarded by the data tests
            raise InputError("indication", ind, "an indication with a dosing rule", "has no rule for this weight")
        warning_codes.append("rule_from_other_label")
    refs.extend(rule["refs"])
    unconfirmed_fields = {f.strip() for f in (rule["unconfirmed_fields"] or "").split(";") if f.strip()}
    if rule["verification"] == "unconfirmed":
        flags.add("unverified_rule")
    if unconfirmed_fields:
        names = ", ".join(sorted(f.replace("_", " ") for f in unconfirmed_fields))
        notes.append(f"Not confirmed as label text: {names} (shown for teaching; a dose relying on it is flagged).")

    interval = int(rule["interval_hours"])
    if rule["basis"] == "flat":
        per_kg = None
        start_daily = (rule["start_low"], rule["start_high"])
        max_per_kg = None
        step = maintenance = None
    else:
        per_kg = (rule["start_low"], rule["start_high"])
        start_daily = (per_kg[0] * weight, per_kg[1] * weight)
        max_per_kg = rule["max_mg_per_kg_day"]
        step = None if rule["step_low_mg_per_kg"] is None else (
            rule["step_low_mg_per_kg"] * weight, rule["step_high_mg_per_kg"] * weight)
        maintenance = None if rule["maintenance_low_mg_per_kg"] is None else (
            rule["maintenance_low_mg_per_kg"] * weight, rule["maintenance_high_mg_per_kg"] * weight)
    caps = [c for c in (None if max_per_kg is None else max_per_kg * weight, rule["max_mg_day"]) if c is not None]
    max_daily = min(caps)
    start_caps = [*caps, *([rule["start_cap_mg"]] if rule["start_cap_mg"] is not None else [])]
    start_limit = min(start_caps)
    if start_daily[1] > start_limit:
        flags.add("capped_at_maximum")
        start_daily = (min(start_daily[0], start_limit), start_limit)
        if rule["start_cap_mg"] is not None and start_limit == rule["start_cap_mg"]:
            notes.append(f"Starting dose limited to {start_limit:g} mg/day by the rule's starting cap.")
        else:
            notes.append(f"Starting dose limited to {start_limit:g} mg/day by the rule's maximum.")
        if "max_mg_day" in unconfirmed_fields or "start_cap_mg" in unconfirmed_fields:
            flags.add("unverified_rule")
    if maintenance is not None:
        maintenance = (min(maintenance[0], max_daily), min(maintenance[1], max_daily))

    dose_daily = None
    next_step = None
    if req is not None:
        if rule["basis"] != "weight":
            raise InputError("mg_per_kg", req, f"only for weight-based regimens; {ind} uses a flat dose",
                             "cannot be applied")
        dose_daily = req * weight
        if dose_daily > max_daily:
            dose_daily = max_daily
            flags.add("capped_at_maximum")
            notes.append(f"Requested {req:g} mg/kg/day was capped at the maximum {max_daily:g} mg/day.")
        if per_kg is not None and req > per_kg[1] and unconfirmed_fields & {"max_mg_per_kg_day", "max_mg_day"}:
            flags.add("unverified_rule")
        if step is not None:
            next_step = (min(dose_daily + step[0], max_daily), min(dose_daily + step[1], max_daily))

    # --- kidney function -----------------------------------------------------------------------
    kidney = None
    crcl = crcl_given
    crcl_method = "given" if crcl_given is not None else "none"
    if scr is not None:
        if sex_c is None and age >= kb.threshold("adult_age"):
            raise InputError("sex", None, "female, male", "is needed with scr for Cockcroft–Gault")
        kidney = kidney_function(age, scr, scr_unit if scr_unit else SCR_UNITS[0], sex_c, weight, height,
                                 basis_c, kb)
        crcl = kidney.used_for_dosing.value_ml_min
        crcl_method = kidney.used_for_dosing.method
        if kidney.used_for_dosing.method == "cockcroft_gault":
            refs.extend(SourceRef(r.source_id, r.section) for r in kb.kidney_equations[
                ("cockcroft_gault", "divisor")]["refs"])
    kidney_rule_id = kidney_rule_text = None
    action = "dose"
    renal_threshold = None
    for krule in _kidney_rules(kb, ind, jur):
        if krule["action"] == "every_other_day":
            renal_threshold = krule["crcl_below_ml_min"]
        if not _kidney_match(krule, crcl, dialysis):
            continue
        kidney_rule_id, kidney_rule_text = krule["rule_id"], krule["text"]
        refs.extend(krule["refs"])
        if krule["verification"] == "unconfirmed":
            flags.add("unverified_rule")
        if krule["action"] == "every_other_day" and interval != 24:
            raise DataError("kidney_rules.csv", None, "action",
                            f"rule {krule['rule_id']} would extend the {interval} h interval of {rule['rule_id']} "
                            "to every other day; only once-daily regimens may be extended")
        if krule["action"] == "every_other_day":
            interval *= 2
            flags.add("renal_every_other_day")
            warning_codes.append("renal_every_other_day")
            if jur == "eu":
                disagreement_triggers.add("renal_severe_eu")
        elif krule["action"] == "no_sourced_rule":
            action = "no_sourced_regimen"
            warning_codes.append("renal_no_sourced_rule")
        elif krule["action"] == "no_sourced_adjustment":
            warning_codes.append("renal_no_sourced_adjustment")
        elif krule["action"] == "caution":
            warning_codes.append("renal_caution")
        if crcl_method == "bedside_schwartz":
            warning_codes.append("pediatric_kidney_assumption")
            flags.add("unverified_rule")
        break
    if crcl is None and not dialysis:
        warning_codes.append("no_kidney_estimate")
    if dialysis:
        warning_codes.append("dialysis")
    if (
        kidney is not None and renal_threshold is not None and kidney.ckd_epi_2021 is not None
        and crcl_method == "cockcroft_gault" and crcl is not None
        and (crcl < renal_threshold) != (kidney.ckd_epi_2021 < renal_threshold)
    ):
        warning_codes.append("formulas_disagree")
        disagreement_triggers.add("formulas_disagree")

    # --- syringe arithmetic ----------------------------------------------------------------------
    per_day = 24 / int(rule["interval_hours"])
    start_dose = (start_daily[0] / per_day, start_daily[1] / per_day)
    dose_admin = None if dose_daily is None else dose_daily / per_day
    conc = kb.product_value("concentration")
    content = kb.product_value("syringe_content")
    lowest = kb.product_value("graduation_min")

    def syringe(mg: float) -> SyringeDose:
        return SyringeDose(mg, mg / conc, max(1, math.ceil(mg / content - 1e-9)), mg < lowest - 1e-9)

    shown = [start_dose[0]] if start_dose[0] == start_dose[1] else [start_dose[0], start_dose[1]]
    if dose_admin is not None:
        shown = [dose_admin]
    syringes = tuple(syringe(mg) for mg in shown)
    if any(s.below_minimum_mark for s in syringes):
        flags.add("below_syringe_minimum")
        disagreement_triggers.add("below_syringe_minimum")
        refs.extend(kb.product["graduation_min"]["refs"])
    if any(s.syringes > 1 for s in syringes):
        flags.add("multiple_syringes")
    syr_start = syringe(start_dose[1]).syringes * math.ceil(per_day)
    syr_max = syringe(max_daily / per_day).syringes * math.ceil(per_day)

    course = None
    doses_in_course = None
    if rule["course_days_min"] is not None:
        course = (rule["course_days_min"], rule["course_days_max"])
        if rule["course_days_max"] is not None and rule["course_days_min"] == rule["course_days_max"]:
            doses_in_course = math.ceil(rule["course_days_min"] * 24 / interval)

    # --- safety checks -----------------------------------------------------------------------
    kinds = {d["kind"] for d in drugs}
    if kinds & {"tnf_inhibitor", "biologic"}:
        flags.add("combination_not_recommended")
        warning_codes.append("combination_not_recommended")
    if "live_vaccine" in kinds:
        flags.add("live_vaccine_conflict")
        warning_codes.append("live_vaccine_conflict")
    if "monitor" in kinds:
        warning_codes.append("monitor_drug")
    for d in drugs:
        refs.extend(d["refs"])
    if active_infection:
        flags.add("do_not_start")
        warning_codes.append("do_not_start_active_infection")
    if anc is not None and anc < kb.threshold("anc_do_not_initiate_below"):
        warning_codes.append("anc_low")
    if age >= kb.threshold("geriatric_age"):
        warning_codes.append("geriatric")
    if pugh in ("B", "C"):
        warning_codes.append("hepatic")
    if pregnant:
        warning_codes.append("pregnancy")
        disagreement_triggers.add("pregnancy")
    if breastfeeding:
        warning_codes.append("breastfeeding")
        disagreement_triggers.add("breastfeeding")
    if jur == "eu" and ind in ("stills", "sjia", "aosd") and rule["basis"] == "weight":
        disagreement_triggers.add("eu_weight_based_stills")

    # --- warnings from the table ------------------------------------------------------------------
    triggers = set(warning_codes) | {f for f in flags if f != "unverified_rule"}
    triggers.discard("do_not_start")
    warning_jurs = {"us", "eu"} if jur == "any" else {jur}
    selected = []
    for w in kb.warnings:
        trig = w["trigger"]
        if trig == "anc_low":
            hit = "anc_low" in triggers
        elif trig == "active_infection":
            hit = "do_not_start_active_infection" in triggers
        elif trig == "biologic":
            hit = "combination_not_recommended" in triggers
        elif trig == "live_vaccine":
            hit = "live_vaccine_conflict" in triggers
        else:
            hit = trig in triggers or (trig == "always")
        if not hit:
            continue
        if "*" not in w["indication_ids"] and ind not in w["indication_ids"]:
            continue
        if w["jurisdictions"] != "*" and w["jurisdictions"] not in warning_jurs:
            continue
        selected.append(w)
    if any(w["severity"] == "stop" and w["trigger"] == "anc_low" for w in selected):
        flags.add("do_not_start")
    if any(w["verification"] == "unconfirmed" for w in selected):
        flags.add("unverified_rule")
    if "unverified_rule" in flags:
        selected.append(next(w for w in kb.warnings if w["trigger"] == "unverified_rule"))
    if "do_not_start" in flags and action == "dose":
        action = "do_not_start"
    order = {"stop": 0, "warn": 1, "info": 2}
    selected.sort(key=lambda w: order[w["severity"]])
    warnings = tuple(
        WarningNote(w["code"], w["severity"], w["text"], tuple(str(r) for r in w["refs"])) for w in selected
    )
    for w in selected:
        refs.extend(w["refs"])

    disagreements = tuple(
        Disagreement(d["id"], d["topic"], d["position_a"], tuple(str(r) for r in d["refs_sources_a"]),
                     d["position_b"], tuple(str(r) for r in d["refs_sources_b"]))
        for d in kb.disagreements
        if d["trigger"] in disagreement_triggers and ("*" in d["indication_ids"] or ind in d["indication_ids"])
    )
    for d in kb.disagreements:
        if d["id"] in {x.id for x in disagreements}:
            refs.extend(d["refs_sources_a"])
            refs.extend(d["refs_sources_b"])

    citations = tuple(dict.fromkeys(str(r) for r in refs))
    return Regimen(
        indication=ind,
        indication_name=ind_row["name"],
        label=label_c,
        status=status,
        action=action,
        rule_id=rule["rule_id"],
        rule_text=rule["rule_text"],
        rule_jurisdiction=rule["jurisdiction"],
        basis=rule["basis"],
        weight_kg=weight,
        age_years=age,
        start_mg_per_kg=per_kg,
        start_dose_mg=start_dose,
        start_daily_mg=start_daily,
        requested_mg_per_kg=req,
        dose_mg=dose_admin,
        dose_daily_mg=dose_daily,
        next_titration_mg=next_step,
        titration_step_mg=step,
        maintenance_mg=maintenance,
        max_mg_per_kg_day=max_per_kg,
        max_daily_cap_mg=rule["max_mg_day"],
        max_daily_mg=max_daily,
        interval_hours=interval,
        doses_per_day=per_day,
        split_allowed=rule["split_allowed"] == "yes",
        course_days=course,
        doses_in_course=doses_in_course,
        syringe=syringes,
        syringes_per_day_at_start=syr_start,
        syringes_per_day_at_max=syr_max,
        crcl_ml_min=crcl,
        crcl_method=crcl_method,
        kidney=kidney,
        kidney_rule_id=kidney_rule_id,
        kidney_rule_text=kidney_rule_text,
        dialysis=dialysis,
        flags=tuple(f for f in FLAGS if f in flags),
        warnings=warnings,
        disagreements=disagreements,
        citations=citations,
        population=population,
        notes=tuple(notes),
    )


def kidney_threshold_ml_min(indication: str = "ra", label: str | None = None, kb: Knowledge | None = None
                            ) -> float | None:
    """Creatinine clearance [mL/min] below which the every-other-day rule applies (``None`` if no such rule).

    Examples
    --------
    >>> kidney_threshold_ml_min("ra", "us")
    30.0
    """
    kb = kb or load_knowledge()
    ind = check_choice("indication", indication, tuple(kb.indications))
    row = kb.indications[ind]
    jur = "any" if row["group"] == "off-label" else (label or row["default_label"])
    for rule in _kidney_rules(kb, ind, jur):
        if rule["action"] == "every_other_day":
            return rule["crcl_below_ml_min"]
    return None
