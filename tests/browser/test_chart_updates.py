"""The kidney chart in the page follows the controls: a creatinine move updates the drawn chart in place (the
same element, the patient's point and label moved, the alt text renewed), a change of patient draws it afresh,
and nothing is fetched from off the machine for it. Expected values by hand (Cockcroft–Gault,
digest §5): ((140 − 80) × 50) / (72 × SCr) × 0.85 -> SCr 1.4: 25.3 mL/min; SCr 2.0: 3000 / 144 × 0.85 = 17.7;
weight 62 kg at SCr 2.0: 3720 / 144 × 0.85 = 22.0."""

from __future__ import annotations

import pytest

from .checks import watch
from .helpers import WAIT_MS, type_number

pytestmark = pytest.mark.browser
NB = "02_kidney_function.ipynb"
SVG = ".vega-embed svg.marks"
LABELS = "() => [...document.querySelectorAll('.vega-embed svg.marks text')].map(t => t.textContent)"


def _wait_label(page, text: str) -> None:
    page.wait_for_function("t => [...document.querySelectorAll('.vega-embed svg.marks text')]"
                           ".some(e => e.textContent === t)", arg=text, timeout=WAIT_MS)


def test_creatinine_moves_the_point_in_place_and_a_new_patient_redraws(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB)
    page.wait_for_selector(SVG, timeout=WAIT_MS)
    _wait_label(page, "25.3")  # TV02: 80 y, female, 50 kg, SCr 1.4 mg/dL
    page.evaluate(f"() => {{ document.querySelector('{SVG}').__first = true; }}")
    type_number(page, "Serum creatinine", "2")
    _wait_label(page, "17.7")
    assert "25.3" not in page.evaluate(LABELS)
    assert page.evaluate(f"() => document.querySelector('{SVG}').__first === true")  # updated, not rebuilt
    aria = page.locator(".vega-embed svg").first.get_attribute("aria-label") or ""
    assert "17.7 at 2.00 mg/dL, below the threshold" in aria
    assert page.locator(SVG).count() == 1
    type_number(page, "Weight (kg)", "62")  # the title names the weight: a new drawing
    _wait_label(page, "22.0")
    assert page.evaluate(f"() => document.querySelector('{SVG}').__first === undefined")
    assert page.locator(SVG).count() == 1
    w.clean("chart_updates_kidney")
