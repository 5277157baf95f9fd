"""Counseling checklist, monitoring calendar, site rotation and the patient handout.

Context -> checklist expectations come from the answer key's required_warnings (tests/data/answer_key.csv);
calendar dates from the US PI 12/2020 section 5 schedule (before starting, monthly for 3 months, then every
3 months up to 1 year) and the EU-type schedule; sites from the ACR fact sheet and AHFS.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import pytest

from anakinra_edu.counseling import add_months, counseling_points, monitoring_calendar, rotation_plan, vaccine_table
from anakinra_edu.dosing import regimen
from anakinra_edu.handout import export_handout, handout_html
from anakinra_edu.inputs import InputError
from anakinra_edu.knowledge import data_dir, load_knowledge

KB = load_knowledge()


def ids(points) -> list[str]:
    return [p.id for p in points]


def test_tv07_etanercept_first() -> None:
    pts = counseling_points(regimen("ra", 70, 50, concomitant=["etanercept"]))
    assert pts[0].id == "tnf-inhibitor-prescribed" and pts[0].priority == 1
    assert "7%" in pts[0].clinician_text  # serious infections 7% vs 0% (US PI section 5)


def test_abatacept_is_not_given_the_tnf_inhibitor_trial_figures() -> None:
    # ACR-FS-2023: "should not be used at the same time as other biologics, as they increase the risk for
    # infection"; the 7% vs 0% figure is the etanercept (TNF inhibitor) study of US-PI-2020 §5, not abatacept's.
    pts = counseling_points(regimen("ra", 70, 50, concomitant=["abatacept"]))
    assert pts[0].id == "other-biologic-prescribed" and pts[0].priority == 1
    assert "tnf-inhibitor-prescribed" not in ids(pts)
    assert not pts[0].clinician_text.startswith("Kineret with a TNF inhibitor")
    assert "etanercept, a TNF inhibitor, not from this drug" in pts[0].clinician_text


def test_a_tnf_inhibitor_and_another_biologic_give_both_points() -> None:
    # A teacher's combination: etanercept and rituximab together; each gets its own point.
    pts = ids(counseling_points(regimen("ra", 70, 50, concomitant=["etanercept", "rituximab"])))
    assert {"tnf-inhibitor-prescribed", "other-biologic-prescribed"} <= set(pts)


def test_tv08_yellow_fever_live_vaccine() -> None:
    pts = counseling_points(regimen("ra", 65, 40, concomitant=["yellow-fever-vaccine"]))
    assert "live-vaccine-planned" in ids(pts)
    assert ids(pts).index("live-vaccine-planned") < ids(pts).index("live-vaccines-none")


def test_tv09_active_infection_first() -> None:
    pts = counseling_points(regimen("ra", 80, 60, active_infection=True))
    assert pts[0].id == "infection-active-do-not-start"


def test_tv02_crcl_25_renal_note() -> None:
    pts = counseling_points(regimen("ra", 50, 80, sex="female", scr=1.4))
    assert "kidney-every-other-day" in ids(pts)
    assert "geriatric-infections" in ids(pts)  # 80 years (US PI section 8.5)
    assert "kidney-every-other-day" not in ids(counseling_points(regimen("ra", 70, 50, crcl_ml_min=45)))


def test_tv11_and_tv14_small_doses() -> None:
    pts = ids(counseling_points(regimen("nomid", 9, 8 / 12)))
    assert "dose-below-20-mg" in pts and "dose-below-full-syringe" in pts
    dira = ids(counseling_points(regimen("dira", 4, 1 / 12)))
    assert "dira-allergic-reactions" in dira  # hypersensitivity in DIRA's first weeks (Sobi US HCP)
    assert "dose-below-20-mg" not in ids(counseling_points(regimen("ra", 70, 50)))


def test_tv35_tv36_pregnancy_breastfeeding_show_both_sides() -> None:
    preg = {p.id: p for p in counseling_points(regimen("ra", 65, 30, pregnant=True))}
    assert preg["pregnancy"].disagreement is not None
    bf = {p.id: p for p in counseling_points(regimen("ra", 60, 32, breastfeeding=True))}
    d = bf["breastfeeding"].disagreement
    assert d is not None and "EU-PL-2022 §2" in d.sources_a + d.sources_b and "LACTMED" in d.sources_a + d.sources_b


def test_stills_and_severe_caps_points() -> None:
    assert "stills-lung-dress" in ids(counseling_points(regimen("aosd", 50, 30)))
    assert "severe-caps-reviews" in ids(counseling_points(regimen("nomid", 40, 12)))
    assert "caps-reviews-if-severe" in ids(counseling_points(regimen("caps", 40, 12)))  # mild CAPS: conditional


def test_each_point_once_sorted_and_cited() -> None:
    # A breastfeeding mother with NOMID (breastfeeding for an infant patient is a contradiction, refused).
    pts = counseling_points(regimen("nomid", 60, 30, sex="female", breastfeeding=True, crcl_ml_min=20,
                                    concomitant=["etanercept", "yellow-fever-vaccine"]))
    assert len(ids(pts)) == len(set(ids(pts)))
    assert [p.priority for p in pts] == sorted(p.priority for p in pts)
    for p in pts:
        assert p.citations and all(c.split(" ")[0] in KB.sources for c in p.citations)
        assert p.patient_text and p.clinician_text


def test_audience_filter() -> None:
    r = regimen("ra", 70, 50)
    patient = counseling_points(r, "patient")
    assert all("patient" in p.audiences for p in patient)
    assert len(patient) < len(counseling_points(r))
    with pytest.raises(InputError):
        counseling_points(r, "pharmacist")


def test_sources_disagree_points() -> None:
    by_id = {p.id: p for p in counseling_points(regimen("ra", 70, 50))}
    room = by_id["room-temperature-limit"].disagreement
    assert room is not None  # EU leaflet 72 h vs SPS 12 h (digest section 7 row 2)
    both = " ".join((room.position_a, room.position_b))
    assert "72" in both and "12" in both
    head = by_id["headache"].disagreement
    assert head is not None and "12%" in head.position_a + head.position_b  # fact sheet "very rare" vs 12% vs 9%


def test_us_calendar_dates() -> None:
    visits = monitoring_calendar(dt.date(2026, 1, 15), "ra", "us")
    assert [v.date.isoformat() for v in visits] == [
        "2026-01-15", "2026-02-15", "2026-03-15", "2026-04-15", "2026-07-15", "2026-10-15", "2027-01-15"]
    assert all(v.test == "Neutrophil count" for v in visits)


def test_eu_calendar_with_caps_reviews() -> None:
    visits = monitoring_calendar(dt.date(2026, 1, 15), "caps", "eu")
    anc = [v.month for v in visits if v.test == "Neutrophil count"]
    assert anc == [0, 1, 2, 3, 4, 5, 6, 9, 12]  # monthly for 6 months, then every 3 months (EU-type texts)
    cns = [v.date.isoformat() for v in visits if v.test != "Neutrophil count"]
    assert cns == ["2026-04-15", "2026-10-15"]  # after 3 months, then every 6 months (EU SmPC 4.2)


def test_add_months_clamps() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2027, 12, 15), 3) == dt.date(2028, 3, 15)


def test_rotation_plan() -> None:
    plan = rotation_plan(14)
    assert len(plan) == 14 and plan[0].day == 1
    own = {s for s, row in KB.injection_sites.items() if row["self_injection"] == "yes"}
    assert {d.site_id for d in plan} == own  # the fact sheet's thigh and abdomen sites only
    assert all(a.site_id != b.site_id for a, b in itertools.pairwise(plan))
    assert all(KB.injection_sites[a.site_id]["region"] != KB.injection_sites[b.site_id]["region"]
               for a, b in itertools.pairwise(plan))
    assert len({d.site_id for d in rotation_plan(28, caregiver=True)}) == len(KB.injection_sites)
    for bad in (7, 29, "two weeks"):
        with pytest.raises(InputError):
            rotation_plan(bad)


def test_vaccine_table_marks_live() -> None:
    table = {name: live for name, live, _, _ in vaccine_table()}
    assert table["Yellow fever vaccine (live)"] is True
    assert any("mRNA" in n and not live for n, live in table.items())


def test_handout_html_export_and_read_back(tmp_path: Path) -> None:
    r = regimen("nomid", 9, 8 / 12)
    pts = counseling_points(r, "patient")
    html = handout_html(r, pts, monitoring_calendar(dt.date(2026, 1, 15), "nomid"), rotation_plan(14), dose_mg=9)
    out = export_handout(html, tmp_path / "handout.html")
    text = Path(out).read_text(encoding="utf-8")
    assert "Your dose: 9 mg" in text and "once daily" in text  # TV11: 1 mg/kg × 9 kg, chosen by the prescriber
    from html import escape

    for p in pts:  # urgent points in full, the others by topic (one page)
        assert escape(p.patient_text if p.priority <= 2 else p.topic) in text
    assert "For education only" in text and "2026-02-15" in text
    assert list(tmp_path.iterdir()) == [tmp_path / "handout.html"]  # nothing else written


@pytest.mark.skipif(shutil.which("chromium") is None, reason="PDF export needs chromium (apt-get install chromium)")
def test_handout_pdf_export_and_read_back(tmp_path: Path) -> None:
    from pypdf import PdfReader

    r = regimen("ra", 70, 50, concomitant=["etanercept"])
    pts = counseling_points(r, "patient")
    out = export_handout(handout_html(r, pts), tmp_path / "handout.pdf")
    reader = PdfReader(out)
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    flat = " ".join(text.split())
    assert "100 mg" in flat and "once daily" in flat
    first_words = " ".join(pts[0].patient_text.split()[:6])
    assert first_words in flat
    assert "For education only" in flat


def test_export_refuses_bad_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        export_handout("<p>x</p>", tmp_path / "nope" / "h.html")
    with pytest.raises(InputError):
        export_handout("<p>x</p>", tmp_path / "h.docx")


def test_handout_escapes_html(tmp_path: Path) -> None:
    # A counseling text carrying markup (every handout shows the infection point) is shown as text.
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    path = copy / "counseling.csv"
    content = path.read_text(encoding="utf-8")
    old = ',"Anakinra makes infections more likely.'
    assert content.count(old) == 1
    path.write_text(content.replace(old, old + " <script>alert(1)</script>"), encoding="utf-8")
    kb = load_knowledge(copy)
    r = regimen("ra", 70, 50, kb=kb)
    html = handout_html(r, counseling_points(r, "patient", kb=kb), kb=kb)
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_indication_points_are_the_patient_points_that_need_no_numbers() -> None:
    """What a workshop shows while a weight or age is invalid is what every patient of that indication gets."""
    from anakinra_edu.counseling import indication_points
    from anakinra_edu.knowledge import load_knowledge

    steps = ("storage", "injection", "side_effects", "when_to_call")
    for ind in load_knowledge().indications:
        general = [p.id for p in indication_points(ind, "nurse") if p.workshop_step in steps]
        for weight, age in ((9, 0.7), (20, 6), (70, 50), (120, 85)):
            try:
                r = regimen(ind, weight, age)
            except InputError:
                continue
            assert [p.id for p in counseling_points(r, "nurse") if p.workshop_step in steps] == general, ind


def test_tv27_gout_flare_with_crcl_below_30_says_why_not_to_start() -> None:
    # Answer key TV27: gout flare, CrCl 17.2 mL/min -> flag, no sourced regimen (the US PI §2.4 rule is for
    # chronic RA/NOMID dosing); the checklist says so, at the top of the urgency scale.
    pts = counseling_points(regimen("gout-flare", 60, 78, sex="male", crcl_ml_min=17.2))
    (point,) = [p for p in pts if p.id == "kidney-no-sourced-regimen"]
    assert point.priority == 1 and "not applied by analogy" in point.clinician_text
    assert "do not start until your doctors have decided" in point.patient_text


def test_mas_with_low_kidney_function_says_no_adjustment_is_sourced() -> None:
    # Digest: no source gives a kidney adjustment for MAS; the regimen is unchanged (CHEO-2023), and the
    # checklist says that no adjustment is sourced (not silence).
    ids_ = ids(counseling_points(regimen("mas", 30, 8, crcl_ml_min=20)))
    assert "kidney-no-sourced-adjustment" in ids_ and "kidney-every-other-day" not in ids_
