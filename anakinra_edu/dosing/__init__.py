"""Dosing engine: one call returns a :class:`Regimen` that explains itself, step by step.

``regimen()`` composes small pure steps, each returning its own record and findings:
check the patient (:mod:`.patient`) → label context and dosing rule (:mod:`.label`) → dose amounts
(:mod:`.amounts`) → kidney estimate and rule (:mod:`.kidney_decision`) → syringe plan (:mod:`.syringe`) →
safety findings (:mod:`.safety`) → warnings, disagreements and flags (:mod:`.findings`) → assemble
(:mod:`.engine`). Nothing here is a clinical number: all of them come from ``data/``.

Examples
--------
>>> r = regimen("nomid", weight_kg=9, age_years=0.67)
>>> r.steps[2].text
'1–2 mg/kg/day × 9 kg = 9–18 mg/day'
"""

from __future__ import annotations

from .engine import indication_ids, kidney_threshold_ml_min, regimen
from .label import LABELS
from .records import FLAGS, Disagreement, Regimen, Step, SyringeDose, WarningNote, format_range

__all__ = [
    "FLAGS",
    "LABELS",
    "Disagreement",
    "Regimen",
    "Step",
    "SyringeDose",
    "WarningNote",
    "format_range",
    "indication_ids",
    "kidney_threshold_ml_min",
    "regimen",
]
