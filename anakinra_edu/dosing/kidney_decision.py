"""Step 5 of the engine: the kidney estimate used for dosing and the kidney rule it triggers."""

from __future__ import annotations

from collections.abc import Mapping

from .._record import record
from ..inputs import InputError
from ..kidney import SCR_UNITS, KidneyFunction, kidney_function
from ..knowledge import DataError, Knowledge, SourceRef
from .records import Step

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from typing import Any

    from .patient import Patient


@record
class KidneyEstimate:
    """The creatinine clearance used [mL/min] (``None`` if unknown), how it was obtained, all estimates."""

    crcl_ml_min: float | None
    method: str
    kidney: KidneyFunction | None
    refs: tuple[SourceRef, ...]
    step: Step


@record
class KidneyDecision:
    """The kidney rule that matched (if any), the interval after it [h] and what it implies."""

    rule_id: str | None
    rule_text: str | None
    interval_hours: int
    no_sourced_regimen: bool
    events: frozenset[str]
    refs: tuple[SourceRef, ...]
    step: Step


def _cockcroft_gault_text(kb: Knowledge, k: KidneyFunction) -> str:
    c = kb.coefficient
    used = k.used_for_dosing
    weight = {"actual": k.weight_kg, "ideal": k.cockcroft_gault.ideal_weight_kg,
              "adjusted": k.cockcroft_gault.adjusted_weight_kg,
              "bmi_rule": k.cockcroft_gault.bmi_rule_weight_kg}[used.weight_basis or "actual"]
    text = (f"Cockcroft–Gault (({c('cockcroft_gault', 'age_offset'):g} − {k.age_years:g}) × {weight:.4g}) / "
            f"({c('cockcroft_gault', 'divisor'):g} × {k.scr_mg_dl:.3g})")
    if k.sex == "female":
        text += f" × {c('cockcroft_gault', 'female_factor'):g}"
    return text + f" = {used.value_ml_min:.1f} mL/min ({used.weight_basis} weight)"


def kidney_estimate(kb: Knowledge, p: Patient) -> KidneyEstimate:
    """CrCl as given, or estimated from serum creatinine (Cockcroft–Gault in adults, bedside Schwartz in children).

    Raises
    ------
    InputError
        Serum creatinine in an adult without sex (Cockcroft–Gault needs it).

    References
    ----------
    US-PI-2020 §2.4 (CrCl estimated from serum creatinine); COCKCROFT-1976; SCHWARTZ-2009;
    thresholds in data/thresholds.csv.
    """
    if p.scr is None:
        text = "no kidney function given" if p.crcl_ml_min is None else f"CrCl given: {p.crcl_ml_min:g} mL/min"
        return KidneyEstimate(p.crcl_ml_min, "given" if p.crcl_ml_min is not None else "none", None, (),
                              Step("kidney estimate", text, None, ()))
    if p.sex is None and p.age_years >= kb.threshold("adult_age"):
        raise InputError("sex", None, "female, male", "is needed with scr for Cockcroft–Gault")
    k = kidney_function(p.age_years, p.scr, p.scr_unit if p.scr_unit else SCR_UNITS[0], p.sex, p.weight_kg,
                        p.height_cm, p.weight_basis, kb)
    used = k.used_for_dosing
    limit = kb.threshold("dialysis_crcl_below")
    if p.dialysis and used.value_ml_min is not None and used.value_ml_min >= limit:
        raise InputError("dialysis", True, f"dialysis only with a CrCl below {limit:g} mL/min",
                         f"conflicts with scr = {k.scr_mg_dl:.3g} mg/dL, which gives {used.value_ml_min:.1f} mL/min")
    refs: tuple[SourceRef, ...] = ()
    if used.method == "cockcroft_gault":
        refs = tuple(SourceRef(r.source_id, r.section) for r in kb.kidney_equations[("cockcroft_gault", "divisor")]
                     ["refs"])
        text = _cockcroft_gault_text(kb, k)
    elif used.value_ml_min is not None:
        name = {"bedside_schwartz": "Bedside Schwartz", "ckd_epi_2021": "CKD-EPI 2021"}.get(used.method, used.method)
        text = f"{name} = {used.value_ml_min:.1f} mL/min/1.73 m²: {used.reason}"
    else:
        text = f"no estimate usable for dosing: {used.reason}"
    return KidneyEstimate(used.value_ml_min, used.method, k, refs,
                          Step("kidney estimate", text, used.method, tuple(str(r) for r in refs)))


def kidney_rules_for(kb: Knowledge, indication: str, jurisdiction: str) -> list[Mapping[str, Any]]:
    """Rules of the most specific scope that has any: indication+jurisdiction, indication+any, *+jur, *+any.

    References
    ----------
    data/kidney_rules.csv (each rule cites its sources).
    """
    for want_ind, want_jur in ((indication, jurisdiction), (indication, "any"), ("*", jurisdiction), ("*", "any")):
        rules = [r for r in kb.kidney_rules if want_ind in r["indication_ids"] and r["jurisdiction"] == want_jur]
        if rules:
            return rules
    return []


def _matches(rule: Mapping[str, Any], crcl: float | None, dialysis: bool) -> bool:
    if dialysis:
        return rule["includes_dialysis"] == "yes"
    if crcl is None:
        return False
    lo = rule["crcl_from_ml_min"]
    return crcl < rule["crcl_below_ml_min"] and (lo is None or crcl >= lo)


def _matching_rule(kb: Knowledge, indication: str, jurisdiction: str, crcl: float | None, dialysis: bool
                   ) -> tuple[Mapping[str, Any] | None, float | None]:
    """The first matching rule and the every-other-day threshold [mL/min] seen up to it."""
    threshold = None
    for rule in kidney_rules_for(kb, indication, jurisdiction):
        if rule["action"] == "every_other_day":
            threshold = rule["crcl_below_ml_min"]
        if _matches(rule, crcl, dialysis):
            return rule, threshold
    return None, threshold


def _where(crcl: float | None, dialysis: bool) -> str:
    return "on dialysis" if dialysis else "kidney function unknown" if crcl is None else f"{crcl:.1f} mL/min"


def _apply(rule: Mapping[str, Any], dosing_rule_id: str, interval: int, jurisdiction: str
           ) -> tuple[int, bool, set[str], str]:
    """Interval [h], no-sourced-regimen?, events and words for one matching kidney rule."""
    action = rule["action"]
    if action == "every_other_day":
        if interval != 24:
            raise DataError("kidney_rules.csv", None, "action",
                            f"rule {rule['rule_id']} would extend the {interval} h interval of {dosing_rule_id} "
                            "to every other day; only once-daily regimens may be extended")
        events = {"renal_every_other_day"} | ({"renal_severe_eu"} if jurisdiction == "eu" else set())
        return interval * 2, False, events, f"every other day: interval {interval} h → {interval * 2} h"
    if action == "no_sourced_rule":
        return interval, True, {"renal_no_sourced_rule"}, "no sourced regimen at this kidney function"
    if action == "no_sourced_adjustment":
        return interval, False, {"renal_no_sourced_adjustment"}, \
            f"no source gives a kidney adjustment for this use: interval kept at {interval} h"
    return interval, False, {"renal_caution"} if action == "caution" else set(), f"{action.replace('_', ' ')}"


def kidney_decision(kb: Knowledge, indication: str, jurisdiction: str, dosing_rule_id: str, interval: int,
                    est: KidneyEstimate, dialysis: bool) -> KidneyDecision:
    """Apply the first kidney rule whose range matches; only where a source gives the rule for this use.

    References
    ----------
    US-PI-2020 §2.4; DK-PROMEDICIN; EU-SmPC-old §4.3 (rules in data/kidney_rules.csv).
    """
    rule, threshold = _matching_rule(kb, indication, jurisdiction, est.crcl_ml_min, dialysis)
    events: set[str] = set()
    if est.crcl_ml_min is None and not dialysis:
        events.add("no_kidney_estimate")
    if dialysis:
        events.add("dialysis")
    k = est.kidney
    if (k is not None and threshold is not None and k.ckd_epi_2021 is not None and est.method == "cockcroft_gault"
            and est.crcl_ml_min is not None and (est.crcl_ml_min < threshold) != (k.ckd_epi_2021 < threshold)):
        events.add("formulas_disagree")
    if rule is None:
        text = f"{_where(est.crcl_ml_min, dialysis)}: no kidney rule applies; interval stays {interval} h"
        return KidneyDecision(None, None, interval, False, frozenset(events), (), Step("kidney rule", text, None, ()))
    new_interval, no_regimen, more, what = _apply(rule, dosing_rule_id, interval, jurisdiction)
    events |= more
    if rule["verification"] == "unconfirmed":
        events.add("unverified_rule")
    if est.method == "bedside_schwartz":
        events |= {"pediatric_kidney_assumption", "unverified_rule"}
    band = f"below {rule['crcl_below_ml_min']:g}" if rule["crcl_from_ml_min"] is None else \
        f"{rule['crcl_from_ml_min']:g} to under {rule['crcl_below_ml_min']:g}"
    text = f"{_where(est.crcl_ml_min, dialysis)} (rule {rule['rule_id']}: {band} mL/min) → {what}"
    refs = tuple(rule["refs"])
    return KidneyDecision(rule["rule_id"], rule["text"], new_interval, no_regimen, frozenset(events), refs,
                          Step("kidney rule", text, rule["rule_id"], tuple(str(r) for r in refs)))
