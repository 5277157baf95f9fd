"""The dashboards' HTML panels as pure functions (no widgets): values, decisions, escaping, no heavy imports."""

from __future__ import annotations

import subprocess
import sys

from anakinra_edu.counseling import counseling_points
from anakinra_edu.dosing import regimen
from anakinra_edu.kidney import kidney_function
from anakinra_edu.knowledge import load_knowledge
from anakinra_edu.render.panels import (
    checklist_html,
    cleared_html,
    feedback_html,
    kidney_table_html,
    onset_table_html,
    vaccine_html,
)


def test_kidney_table_tv02() -> None:
    # TV02: 80-year-old woman, 50 kg, SCr 1.4 mg/dL: CG 25.3 (below 30), CKD-EPI 2021 above
    html = kidney_table_html(kidney_function(80, 1.4, "mg/dL", "female", 50, 160), 30)
    assert "25.3 mL/min" in html and "below: every other day" in html and "not below: daily" in html
    assert "The formulas disagree" in html and "Versus 30 mL/min" in html
    assert "style=" not in html  # classes, not inline styles


def test_cleared_and_feedback_escape_their_text() -> None:
    nasty = "<script>alert(1)</script>"
    assert "<script>" not in cleared_html("figure", nasty) and "No figure shown" in cleared_html("figure", nasty)
    assert "<script>" not in feedback_html(True, nasty, (nasty,)) and "Correct" in feedback_html(True, "x", ())


def test_checklist_onset_and_vaccines() -> None:
    points = counseling_points(regimen("ra", 70, 50, concomitant=["etanercept"]))
    html = checklist_html(points)
    assert html.index("URGENT") < html.index("ROUTINE")
    kb = load_knowledge()
    assert "within 2 weeks" in onset_table_html("ra", kb)
    assert "LIVE — do not give" in vaccine_html(kb)


def test_render_layer_imports_no_widgets_or_plotting() -> None:
    code = ("import sys, anakinra_edu.render.panels; "
            "print([m for m in ('ipywidgets', 'matplotlib', 'pandas', 'numpy') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
