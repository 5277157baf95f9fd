"""Closed vocabularies: the names the engine's code evaluates (triggers, events, audiences).

These stay in code, unlike the column rules of ``schema.csv``: a trigger is a name *the code* gives a
meaning to (``geriatric`` is computed from the age and a threshold), so a new one needs new code, and a
name listed in data with no code behind it would be a warning that silently never fires. Keeping the
list next to the code that evaluates it makes that impossible; a table row naming an unknown trigger is
a load error (:mod:`.checks`).
"""

from __future__ import annotations

__all__ = [
    "AUDIENCES",
    "COUNSELING_TRIGGERS",
    "DISAGREEMENT_TRIGGERS",
    "DOSING_FIELDS_THAT_MAY_BE_UNCONFIRMED",
    "INDICATION_EVENTS",
    "WARNING_TRIGGERS",
]

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
    "always", "active_infection", "live_vaccine", "tnf_inhibitor", "non_tnf_biologic", "renal_every_other_day",
    "below_syringe_minimum",
    "dose_below_syringe_content", "pregnancy", "breastfeeding", "severe_caps", "dira", "stills",
    "rheumatoid_arthritis", "autoinflammatory", "child", "geriatric", "monitor_drug", "dialysis",
    "hospital_course", "infant", "renal_no_sourced_rule", "renal_no_sourced_adjustment",
)
INDICATION_EVENTS = ("severe_caps", "dira", "stills", "rheumatoid_arthritis", "autoinflammatory", "hospital_course")
AUDIENCES = ("patient", "nurse", "prescriber")
DOSING_FIELDS_THAT_MAY_BE_UNCONFIRMED = ("max_mg_per_kg_day", "max_mg_day", "start_cap_mg")
