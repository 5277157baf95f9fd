"""The orchestrator: :func:`regimen` composes the steps and assembles their records; it decides nothing."""

from __future__ import annotations

from collections.abc import Iterable

from ..inputs import check_choice
from ..knowledge import Knowledge, load_knowledge
from .amounts import dose_amounts
from .findings import disagreement_notes, flags_of, select_disagreements, select_warnings, warning_notes
from .kidney_decision import kidney_decision, kidney_estimate, kidney_rules_for
from .label import LABELS, label_context, select_rule
from .patient import Patient, check_patient
from .records import Regimen, Step
from .safety import safety_findings
from .syringe import course_plan, syringe_plan

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing costs start-up time
    from collections.abc import Mapping
    from typing import Any

    Row = Mapping[str, Any]

EU_STILLS = ("stills", "sjia", "aosd")


def regimen(indication: str, weight_kg: float, age_years: float, *, label: str | None = None,
            sex: str | None = None, height_cm: float | None = None, crcl_ml_min: float | None = None,
            scr: float | None = None, scr_unit: str = "mg/dL", dialysis: bool = False,
            mg_per_kg: float | None = None, concomitant: Iterable[str] = (), active_infection: bool = False,
            anc_1e9_per_l: float | None = None, pregnant: bool = False, breastfeeding: bool = False,
            weight_basis: str = "actual", child_pugh: str | None = None, kb: Knowledge | None = None) -> Regimen:
    """Compute the regimen for one patient, with the rule applied, flags, warnings, citations and the steps.

    Parameters
    ----------
    indication : str
        Indication id from ``data/indications.csv`` (``ra``, ``nomid``, ``dira``, ``caps``, ``fmf``, ``stills``,
        ``sjia``, ``aosd``, ``gout-flare``, ``recurrent-pericarditis``, ``mas``, ``schnitzler``, ``traps``,
        ``covid-19``).
    weight_kg, age_years : float
        Body weight [kg] and age [years] (8 months = 0.667).
    label : {"us", "eu"}, optional
        Jurisdiction (default: where the indication is labeled; ignored for off-label indications).
    sex, height_cm, weight_basis
        ``"female"``/``"male"``, height [cm] and the Cockcroft–Gault weight (``actual``, ``ideal``, ``adjusted``,
        ``bmi_rule``), used with ``scr``.
    crcl_ml_min, scr, scr_unit, dialysis
        Creatinine clearance [mL/min], or serum creatinine in ``scr_unit`` (``mg/dL``, ``umol/L``), not both;
        dialysis for end-stage renal disease.
    mg_per_kg : float, optional
        Requested daily dose [mg/kg/day] (titration of a weight-based rule); capped at the maximum.
    concomitant : iterable of str
        Other drugs and planned vaccines from ``data/concomitant.csv``; every name counts.
    active_infection, anc_1e9_per_l, pregnant, breastfeeding, child_pugh
        Active serious infection; neutrophils [10⁹/L]; pregnancy and breastfeeding; Child-Pugh class A–C.
    kb : Knowledge, optional
        The tables (default: the validated ``data/``).

    Returns
    -------
    Regimen

    Raises
    ------
    InputError
        Any input missing, out of range, unknown or contradictory, naming the field, the value and why.

    References
    ----------
    US-PI-2020 §2 (dosing, renal), EU-SmPC-2025 §4.2, and the rows of ``data/`` each answer cites.

    Examples
    --------
    >>> r = regimen("nomid", weight_kg=20, age_years=6)
    >>> r.start_dose_mg, r.max_daily_mg, r.interval_hours
    ((20.0, 40.0), 160.0, 24)
    >>> regimen("ra", weight_kg=50, age_years=80, sex="female", scr=1.4).interval_hours
    48
    """
    kb = kb or load_knowledge()
    p = check_patient(kb, indication, weight_kg, age_years, sex=sex, height_cm=height_cm, crcl_ml_min=crcl_ml_min,
                      scr=scr, scr_unit=scr_unit, dialysis=dialysis, mg_per_kg=mg_per_kg, concomitant=concomitant,
                      active_infection=active_infection, anc_1e9_per_l=anc_1e9_per_l, pregnant=pregnant,
                      breastfeeding=breastfeeding, weight_basis=weight_basis, child_pugh=child_pugh)
    return _compute(kb, p, label)


def _compute(kb: Knowledge, p: Patient, label: str | None) -> Regimen:
    """Run the steps for a checked patient and assemble their records (the orchestrator proper)."""
    off_label = kb.indications[p.indication]["group"] == "off-label"
    ctx = label_context(kb, p.indication, None if off_label or label is None else check_choice("label", label, LABELS),
                        p.age_years, p.weight_kg)
    choice = select_rule(kb, p.indication, ctx.jurisdiction, p.weight_kg, p.age_years)
    rule = choice.rule
    amounts = dose_amounts(rule, p.weight_kg, p.requested_mg_per_kg, choice.unconfirmed_fields, p.indication)
    estimate = kidney_estimate(kb, p)
    kid = kidney_decision(kb, p.indication, ctx.jurisdiction, rule["rule_id"], int(rule["interval_hours"]),
                          estimate, p.dialysis)
    plan = syringe_plan(amounts.start_daily_mg, amounts.dose_daily_mg, amounts.max_daily_mg,
                        int(rule["interval_hours"]), concentration=kb.product_value("concentration"),
                        content=kb.product_value("syringe_content"), lowest_mark=kb.product_value("graduation_min"))
    course, doses_in_course, course_step = course_plan(rule["course_days_min"], rule["course_days_max"],
                                                       kid.interval_hours)
    safety = safety_findings(kb, p)
    events = ctx.events | choice.events | amounts.events | kid.events | plan.events | safety.events
    if ctx.jurisdiction == "eu" and p.indication in EU_STILLS and rule["basis"] == "weight":
        events |= {"eu_weight_based_stills"}
    warning_rows, added = select_warnings(kb, events, p.indication, ctx.jurisdiction)
    events |= added
    disagreement_rows = select_disagreements(kb, events, p.indication)
    flags = flags_of(events, warning_rows)
    action = "no_sourced_regimen" if kid.no_sourced_regimen else "do_not_start" if "do_not_start" in flags else "dose"
    graduation = kb.product["graduation_min"]["refs"] if "below_syringe_minimum" in events else ()
    refs = [*ctx.refs, *choice.refs, *estimate.refs, *kid.refs, *graduation, *safety.refs,
            *(r for w in warning_rows for r in w["refs"]),
            *(r for d in disagreement_rows for r in (*d["refs_sources_a"], *d["refs_sources_b"]))]
    steps = (ctx.step, choice.step, *amounts.steps, estimate.step, kid.step, plan.step,
             *((course_step,) if course_step else ()), safety.step,
             _outcome_step(action, flags, warning_rows, disagreement_rows))
    return Regimen(
        indication=p.indication, indication_name=kb.indications[p.indication]["name"], label=ctx.label,
        status=ctx.status, action=action, rule_id=rule["rule_id"], rule_text=rule["rule_text"],
        rule_jurisdiction=rule["jurisdiction"], basis=rule["basis"], weight_kg=p.weight_kg, age_years=p.age_years,
        start_mg_per_kg=amounts.per_kg, start_dose_mg=plan.start_dose_mg, start_daily_mg=amounts.start_daily_mg,
        requested_mg_per_kg=p.requested_mg_per_kg, dose_mg=plan.dose_mg, dose_daily_mg=amounts.dose_daily_mg,
        next_titration_mg=amounts.next_step_mg, titration_step_mg=amounts.step_mg,
        maintenance_mg=amounts.maintenance_mg, max_mg_per_kg_day=amounts.max_per_kg,
        max_daily_cap_mg=rule["max_mg_day"], max_daily_mg=amounts.max_daily_mg, interval_hours=kid.interval_hours,
        doses_per_day=plan.doses_per_day, split_allowed=rule["split_allowed"] == "yes", course_days=course,
        doses_in_course=doses_in_course, syringe=plan.doses, syringes_per_day_at_start=plan.syringes_per_day_at_start,
        syringes_per_day_at_max=plan.syringes_per_day_at_max, crcl_ml_min=estimate.crcl_ml_min,
        crcl_method=estimate.method, kidney=estimate.kidney, kidney_rule_id=kid.rule_id,
        kidney_rule_text=kid.rule_text, dialysis=p.dialysis, flags=flags, warnings=warning_notes(warning_rows),
        disagreements=disagreement_notes(disagreement_rows), citations=tuple(dict.fromkeys(str(r) for r in refs)),
        population=ctx.population, notes=choice.notes + amounts.notes, events=tuple(sorted(events)), steps=steps,
    )


def _outcome_step(action: str, flags: tuple[str, ...], warnings: tuple[Row, ...], disagreements: tuple[Row, ...]
                  ) -> Step:
    stops = sum(w["severity"] == "stop" for w in warnings)
    said = {"dose": "the regimen above", "do_not_start": "do not start",
            "no_sourced_regimen": "no sourced regimen: decide with the treating clinician"}[action]
    text = (f"answer: {said}; {stops} stop and {len(warnings) - stops} other warnings, "
            f"{len(disagreements)} disagreements shown; flags: {', '.join(flags) or 'none'}")
    return Step("outcome", text, None, ())


def kidney_threshold_ml_min(indication: str = "ra", label: str | None = None, kb: Knowledge | None = None
                            ) -> float | None:
    """Creatinine clearance [mL/min] below which the every-other-day rule applies (``None`` if no such rule).

    References
    ----------
    US-PI-2020 §2.4; DK-PROMEDICIN (EU).

    Examples
    --------
    >>> kidney_threshold_ml_min("ra", "us")
    30.0
    >>> kidney_threshold_ml_min("mas") is None
    True
    """
    kb = kb or load_knowledge()
    ind = check_choice("indication", indication, tuple(kb.indications))
    row = kb.indications[ind]
    jur = "any" if row["group"] == "off-label" else (label or row["default_label"])
    for rule in kidney_rules_for(kb, ind, jur):
        if rule["action"] == "every_other_day":
            return rule["crcl_below_ml_min"]
    return None


def indication_ids(kb: Knowledge | None = None) -> tuple[str, ...]:
    """The indication ids the engine knows, in table order.

    References
    ----------
    data/indications.csv.
    """
    return tuple((kb or load_knowledge()).indications)
