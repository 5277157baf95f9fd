"""Dashboards (ipywidgets), one module per dashboard; the only package that imports ipywidgets.

Each builder returns a :class:`Dashboard` — a ``VBox`` that exposes its controls and outputs by name, so a
notebook, a test or a facilitator script can drive it::

    app = dosing_explorer()
    app.controls["weight"].value = 9
    app.outputs["card"].value          # the regimen card HTML

Numbers are entered with a slider (bounded by ``data/input_limits.csv``) or typed in the box beside it.
A typed value outside the plausible range is not clamped: the card is replaced by a message naming the
field, the value and the allowed range, and no regimen is shown until the input is valid again.
Updates run in the kernel (``observe``), never through ``interact`` or ``with out:``, so notebooks stay
deterministic under nbval and work in Voilà.

Modules: ``base`` (the container, presentation mode, projector layout), ``controls`` (numbers, creatinine with
its unit), one module per dashboard, ``quiz`` (question widgets). HTML panels are pure functions in
:mod:`anakinra_edu.render.panels`. ``anakinra_edu.widgets`` re-exports the builders for the notebooks.
"""

from .base import LAYOUT_CSS, PRESENTATION_CSS, PRESENTATION_ENV, Dashboard, education_notice, presentation_default
from .cases import ANSWERS_FILE, INSTRUCTOR_ENV, WORKSHEET_FILE, case_study
from .counseling import HANDOUT_FILE, counseling_explorer
from .dosing import dosing_explorer
from .kidney import kidney_explorer
from .onset import onset_explorer
from .quiz import CaseQuestion, teachback_quiz
from .workshop import WORKSHOP_STEPS, nurse_workshop

__all__ = [
    "ANSWERS_FILE",
    "HANDOUT_FILE",
    "INSTRUCTOR_ENV",
    "LAYOUT_CSS",
    "PRESENTATION_CSS",
    "PRESENTATION_ENV",
    "WORKSHEET_FILE",
    "WORKSHOP_STEPS",
    "CaseQuestion",
    "Dashboard",
    "case_study",
    "counseling_explorer",
    "dosing_explorer",
    "education_notice",
    "kidney_explorer",
    "nurse_workshop",
    "onset_explorer",
    "presentation_default",
    "teachback_quiz",
]
