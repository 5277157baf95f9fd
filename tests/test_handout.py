"""The patient handout: the dose the prescriber chose, drawable amounts only, one page, plain words.

Syringe facts: US-PI-2018 §3 (100 mg in 0.67 mL, 150 mg/mL, marks 20–100 mg). Doses: US-PI-2020 §2.2 (NOMID).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from anakinra_edu.counseling import RESEARCH_WORDS, counseling_points, monitoring_calendar, rotation_plan
from anakinra_edu.dosing import indication_ids, regimen
from anakinra_edu.handout import export_handout, handout_html
from anakinra_edu.inputs import InputError


def page(r, dose_mg=None, **kw) -> str:
    return handout_html(r, counseling_points(r, "patient"), dose_mg=dose_mg, **kw)


def test_a_dose_over_one_syringe_is_drawn_as_several_syringes() -> None:
    # NOMID 20 kg at 8 mg/kg/day = 160 mg: one full 100 mg syringe (0.67 mL) + 60 mg (60/150 = 0.40 mL).
    html = page(regimen("nomid", 20, 6, mg_per_kg=8))
    assert "Your dose: 160 mg" in html and "needs 2 syringes" in html
    assert "0.67 mL each" in html and "60 mg (0.40 mL)" in html
    assert "1.07 mL" not in html  # more than one syringe holds
    assert html.count("<svg") == 2


def test_an_infant_dose_below_the_lowest_mark_is_not_to_be_drawn() -> None:
    # TV11: NOMID 9 kg, 1 mg/kg = 9 mg, below the 20 mg mark: pharmacy preparation, no draw-up line.
    html = page(regimen("nomid", 9, 0.67), dose_mg=9)
    assert "Your dose: 9 mg" in html and "pharmacy prepares each dose" in html
    assert "Push out" not in html and "<svg" not in html


def test_a_range_is_never_printed_as_the_patients_dose() -> None:
    # NOMID 20 kg: 20–40 mg is a starting range, not a dose; the prescriber writes the dose in.
    html = page(regimen("nomid", 20, 6))
    assert "Your dose: ________ mg" in html and "20–40" not in html
    assert "Your dose: 30 mg" in page(regimen("nomid", 20, 6), dose_mg=30)
    with pytest.raises(InputError, match="dose_mg"):
        page(regimen("nomid", 20, 6), dose_mg=500)  # above 8 mg/kg × 20 kg = 160 mg


def test_a_stop_card_tells_the_patient_not_to_start() -> None:
    html = page(regimen("ra", 70, 50, active_infection=True))
    assert "Do not start anakinra until your team says so" in html and "Your dose" not in html


@pytest.mark.parametrize("indication", indication_ids())
def test_patient_handout_has_no_research_vocabulary(indication: str) -> None:
    r = regimen(indication, 70, 40, concomitant=["etanercept", "mmr-vaccine"])
    text = re.sub(r"<[^>]+>", " ", page(r)).lower()
    assert not [w for w in RESEARCH_WORDS if w in text]
    assert "edu-" not in text


BUSY = [  # the fullest sheets the checklist produces: a live vaccine, two drugs, dialysis, pregnancy, a child
    ("nomid", 60, 30, {"label": "eu", "concomitant": ["rituximab", "bcg-vaccine"], "dialysis": True,
                       "pregnant": True, "sex": "female"}),
    ("stills", 20, 6, {"label": "eu", "concomitant": ["etanercept", "mmr-vaccine", "warfarin"]}),
    ("nomid", 20, 6, {"mg_per_kg": 8, "concomitant": ["etanercept"]}),  # 160 mg: two syringes drawn
]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="printing needs chromium (apt-get install chromium)")
@pytest.mark.parametrize("paper", ["A4", "letter"])
@pytest.mark.parametrize("indication, weight, age, kwargs", BUSY)
def test_the_handout_prints_on_one_page(tmp_path: Path, paper: str, indication: str, weight: float, age: float,
                                        kwargs: dict) -> None:
    from pypdf import PdfReader

    r = regimen(indication, weight, age, **kwargs)
    chosen = None if r.dose_mg is not None else r.start_dose_mg[1]
    html = page(r, dose_mg=chosen, visits=monitoring_calendar(dt.date(2026, 1, 5), indication, r.label),
                plan=rotation_plan(28))
    assert "size: A4" in html
    out = export_handout(html.replace("size: A4", f"size: {paper}"), tmp_path / "handout.pdf")
    assert len(PdfReader(out).pages) == 1


@pytest.mark.parametrize("audience", ["patient", "nurse"])
@pytest.mark.parametrize("indication", indication_ids())
def test_patient_and_nurse_checklists_have_no_research_vocabulary(audience: str, indication: str) -> None:
    # Audit ("words for each audience"): no UNCONFIRMED, "not read", "was not found", "title paraphrased" or
    # internal source ids for patients and nurses; unverified items carry the neutral marker instead.
    from anakinra_edu.counseling import UNVERIFIED_MARKER
    from anakinra_edu.widgets import checklist_html

    r = regimen(indication, 70, 40, concomitant=["etanercept", "mmr-vaccine", "warfarin"])
    points = counseling_points(r, audience)
    text = re.sub(r"<[^>]+>", " ", checklist_html(points, audience)).lower()
    assert not [w for w in RESEARCH_WORDS if w in text] and "edu-" not in text
    if any(not p.verified for p in points):
        assert UNVERIFIED_MARKER in text
    prescriber = checklist_html(counseling_points(r, "prescriber"), "prescriber")
    assert "UNVERIFIED" in prescriber or all(p.verified for p in counseling_points(r, "prescriber"))


def test_a_capped_dose_is_not_labelled_as_requested() -> None:
    # US-PI-2020 §2.2: NOMID maximum 8 mg/kg/day; 10 mg/kg/day requested for 20 kg -> 160 mg, not 200.
    from anakinra_edu.card import regimen_card_html

    html = regimen_card_html(regimen("nomid", 20, 6, mg_per_kg=10))
    assert "160 mg per dose (the requested 10 mg/kg/day, reduced to the maximum)" in html
    assert "per dose (requested)" in regimen_card_html(regimen("nomid", 20, 6, mg_per_kg=4))
