"""The words a clinician reads for the ids the engine returns: kidney estimates, label status, flags.

Pure functions, standard library only. An id without a name here is an error in a test
(``tests/test_display_names.py``), never shown raw on a page.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from typing import Any

__all__ = ["FLAG_NAMES", "INPUT_NAMES", "KIDNEY_METHOD_NAMES", "LABEL_STATUS_NAMES", "WEIGHT_BASIS_NAMES",
           "flag_name", "input_error_text", "kidney_method_name", "label_status_name", "weight_basis_name"]

KIDNEY_METHOD_NAMES = {
    "cockcroft_gault": "Cockcroft–Gault",
    "ckd_epi_2021": "CKD-EPI 2021",
    "bedside_schwartz": "bedside Schwartz",
    "given": "creatinine clearance as entered",
    "none": "no estimate",
}

WEIGHT_BASIS_NAMES = {
    "actual": "actual weight",
    "ideal": "ideal weight",
    "adjusted": "adjusted weight",
    "bmi_rule": "weight by the MedCalc-Bench BMI rule",
}

INPUT_NAMES = {
    "age_years": "Age (years)",
    "weight_kg": "Weight (kg)",
    "height_cm": "Height (cm)",
    "crcl_ml_min": "Creatinine clearance (mL/min)",
    "scr": "Serum creatinine",
    "sex": "Sex",
    "mg_per_kg": "Requested dose (mg/kg/day)",
    "indication": "Indication",
    "concomitant": "Other drugs and vaccines",
    "dialysis": "Dialysis",
    "dose_mg": "Dose (mg)",
    "missed_at_h": "Missed dose at (h)",
    "pregnant": "Pregnant or planning pregnancy",
    "breastfeeding": "Breastfeeding",
    "active_infection": "Active serious infection now",
}

LABEL_STATUS_NAMES = {
    "on-label": "on label",
    "off-label": "off label",
    "outside-label-population": "outside the label population",
}

FLAG_NAMES = {
    "renal_every_other_day": "Renal: every other day",
    "capped_at_maximum": "Cap applied",
    "below_syringe_minimum": "Below the lowest mark",
    "multiple_syringes": "More than one syringe",
    "off_label": "Off-label",
    "outside_label_population": "Outside label population",
    "combination_not_recommended": "Combination not recommended",
    "live_vaccine_conflict": "Live vaccine conflict",
    "do_not_start": "Do not start",
    "unverified_rule": "Unverified rule",
}


def kidney_method_name(method: str) -> str:
    """The kidney estimate by name ("Cockcroft–Gault"), for an engine method id ("cockcroft_gault")."""
    return KIDNEY_METHOD_NAMES[method]


def label_status_name(status: str) -> str:
    """The label status in words ("outside the label population"), for a status id."""
    return LABEL_STATUS_NAMES[status]


def flag_name(flag: str) -> str:
    """A flag in words ("Below the lowest mark"), for a flag id ("below_syringe_minimum")."""
    return FLAG_NAMES[flag]


def weight_basis_name(basis: str) -> str:
    """The Cockcroft–Gault weight in words ("weight by the MedCalc-Bench BMI rule"), for a basis id ("bmi_rule")."""
    return WEIGHT_BASIS_NAMES[basis]


def input_error_text(error: Any) -> str:
    """An :class:`~anakinra_edu.errors.InputError` in the words of the page: the control's label, a plain number.

    Examples
    --------
    >>> from anakinra_edu.errors import InputError
    >>> input_error_text(InputError("age_years", 6.0, "age 18 years and over", "is not covered by any source"))
    'Age (years): 6 is not covered by any source; allowed: age 18 years and over'
    >>> input_error_text(InputError("pregnant", True, "only from age 10 years", "conflicts with age_years = 8"))
    'Pregnant or planning pregnancy: ticked conflicts with Age (years): 8; allowed: only from age 10 years'
    """
    value = error.value
    shown = ("(missing)" if value is None else ("ticked" if value else "not ticked") if isinstance(value, bool)
             else f"{value:g}" if isinstance(value, (int, float)) else str(value))
    name = INPUT_NAMES.get(error.field, error.field.replace("_", " "))
    reason = error.reason
    for field, label in INPUT_NAMES.items():  # "conflicts with age_years = 8" -> "conflicts with Age (years): 8"
        reason = reason.replace(f"{field} = ", f"{label}: ")
    return f"{name}: {shown} {reason}; allowed: {error.allowed}"
