"""The dashboards for the notebooks (``from anakinra_edu.widgets import dosing_explorer``).

They live in :mod:`anakinra_edu.teach.dashboards`, one module per dashboard; this module keeps the names the
notebooks and scripts import.
"""

from .render.panels import checklist_html
from .teach.dashboards import (
    ANSWERS_FILE,
    HANDOUT_FILE,
    INSTRUCTOR_ENV,
    LAYOUT_CSS,
    PRESENTATION_CSS,
    PRESENTATION_ENV,
    WORKSHEET_FILE,
    WORKSHOP_STEPS,
    CaseQuestion,
    Dashboard,
    case_study,
    counseling_explorer,
    dosing_explorer,
    education_notice,
    kidney_explorer,
    nurse_workshop,
    onset_explorer,
    presentation_default,
    teachback_quiz,
)

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
    "checklist_html",
    "counseling_explorer",
    "dosing_explorer",
    "education_notice",
    "kidney_explorer",
    "nurse_workshop",
    "onset_explorer",
    "presentation_default",
    "teachback_quiz",
]
