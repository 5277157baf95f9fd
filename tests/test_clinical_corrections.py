"""Regression tests for the clinical audit's corrections; every expected value names its source.

Sources: ``../shared/clinical/anakinra_facts.md`` (the digest), the US PI sections and papers named per test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from anakinra_edu.dosing import regimen
from anakinra_edu.knowledge import DataError, data_dir, load_knowledge

# --- Dangerous item 2: no renal rule by analogy --------------------------------------------------------
# Digest §"Renal impairment" (US-PI-2020 §2.4): "consider ... every other day" is label text for the
# labelled chronic regimens; digest §gout: "Renal dosing for a short flare course in CrCl <30 has no retrieved
# source". No source gives a kidney adjustment for MAS, pericarditis, Schnitzler, TRAPS or US off-label SJIA.

@pytest.mark.parametrize("kidney", [{"crcl_ml_min": 20}, {"dialysis": True}])
def test_mas_keeps_its_twice_daily_regimen_with_low_kidney_function(kidney: dict) -> None:
    # CHEO-2023: typical 10 mg/kg/day divided twice daily -> 30 kg: 300 mg/day = 150 mg every 12 h.
    r = regimen("mas", 30, 8, **kidney)
    assert r.interval_hours == 12
    assert r.start_dose_mg == (150, 150)
    assert r.start_daily_mg == (300, 300)
    assert r.start_mg_per_kg == (10, 10)
    assert "renal_every_other_day" not in r.flags
    assert "unverified_rule" in r.flags
    codes = {w.code for w in r.warnings}
    assert "renal_no_sourced_adjustment" in codes
    assert "no source gives a kidney adjustment" in r.kidney_rule_text.lower()


@pytest.mark.parametrize("indication, weight, age, label, interval", [
    ("recurrent-pericarditis", 70, 50, None, 24),  # AIRTRIP-2016: once daily
    ("schnitzler", 70, 60, None, 24),  # DEKONING-2006: 100 mg once daily
    ("traps", 40, 14, None, 24),  # GATTORNO-2008: 1.5 mg/kg/day
    ("sjia", 20, 6, "us", 24),  # US off-label SJIA: QUARTIER-2011 once daily
    ("caps", 20, 6, "us", 24),  # CAPS in the US: not labeled (only NOMID); the EU rule shown for reference
])
def test_off_label_uses_get_no_renal_rule_by_analogy(indication: str, weight: float, age: float,
                                                     label: str | None, interval: int) -> None:
    r = regimen(indication, weight, age, label=label, crcl_ml_min=20)
    assert r.interval_hours == interval
    assert "renal_every_other_day" not in r.flags
    assert "unverified_rule" in r.flags
    assert "renal_no_sourced_adjustment" in {w.code for w in r.warnings}


@pytest.mark.parametrize("indication, label, age", [
    ("ra", "us", 60), ("nomid", "us", 6), ("dira", "us", 6),  # US-PI-2020 §2.4 (RA, NOMID, DIRA)
    ("caps", "eu", 6), ("stills", "eu", 30), ("covid-19", "eu", 60),  # EU renal text for its indications
    ("covid-19", "us", 60),  # US-EUA-2022: 100 mg every other day, 5 doses over 10 days
])
def test_labelled_regimens_keep_the_every_other_day_rule(indication: str, label: str, age: float) -> None:
    r = regimen(indication, 70 if age > 17 else 20, age, label=label, crcl_ml_min=20)
    assert r.interval_hours == 48
    assert "renal_every_other_day" in r.flags


def test_us_covid_eua_course_below_30_is_five_doses() -> None:
    # US-EUA-2022 (digest): CrCl <30 mL/min: 100 mg every other day, 5 doses over 10 days.
    r = regimen("covid-19", 80, 60, label="us", crcl_ml_min=20)
    assert r.doses_in_course == 5 and r.interval_hours == 48


def test_every_other_day_never_extends_a_split_regimen(tmp_path: Path) -> None:
    # A table that would apply "every other day" to MAS (a 12-hourly regimen) is refused with file and column.
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    rules = copy / "kidney_rules.csv"
    text = rules.read_text(encoding="utf-8").replace("no-source-severe,*,any,,30,yes,no_sourced_adjustment",
                                                     "no-source-severe,*,any,,30,yes,every_other_day")
    rules.write_text(text, encoding="utf-8")
    kb = load_knowledge(copy)
    with pytest.raises(DataError, match=r"kidney_rules\.csv.*12 h interval"):
        regimen("mas", 30, 8, crcl_ml_min=20, kb=kb)
    assert regimen("schnitzler", 70, 60, crcl_ml_min=20, kb=kb).interval_hours == 48  # once daily: allowed


def test_per_dose_per_day_and_mg_per_kg_agree_under_the_every_other_day_rule(capsys) -> None:
    # US-PI-2020 §2.4: "consider administering the prescribed dose every other day". NOMID 20 kg, 1-2 mg/kg:
    # 20-40 mg per dose every 48 h; the card must not call that 1-2 mg/kg/day.
    from anakinra_edu.card import regimen_card_html
    from anakinra_edu.cli import main

    r = regimen("nomid", 20, 6, crcl_ml_min=20)
    assert r.start_dose_mg == (20, 40) and r.interval_hours == 48
    assert "mg/kg/day" not in r.start_per_kg_text
    assert main(["dose", "--indication", "nomid", "--weight-kg", "20", "--age-years", "6", "--crcl", "20"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("Starting dose"))
    assert "every other day" in line and "mg/kg/day" not in line
    html = regimen_card_html(r)
    assert "starting 1–2 mg/kg/day" not in html and "starting 1–2 mg/kg per dose, given every other day" in html


# --- Item 4: US SJIA starts at 2 mg/kg; 4 mg/kg is a titration step ---------------------------------------
def test_us_sjia_starts_at_2_mg_per_kg_and_escalates_to_4() -> None:
    # QUARTIER-2011 (ANAJIS): 2 mg/kg/day, initial maximum 100 mg; UPTODATE-SJIA / ANASTILLS: escalate to
    # 4 mg/kg/day, maximum 200 mg/day, for inadequate response. 20 kg: start 40 mg, escalation 80 mg/day.
    r = regimen("sjia", 20, 5, label="us")
    assert r.start_mg_per_kg == (2, 2) and r.start_dose_mg == (40, 40)
    assert r.max_daily_mg == 80 and r.max_mg_per_kg_day == 4
    assert regimen("sjia", 20, 5, label="us", mg_per_kg=4).dose_mg == 80
    assert regimen("sjia", 60, 15, label="us").start_dose_mg == (100, 100)  # 120 mg limited to 100 mg (ANAJIS)


# --- Item 9: one adult gets one answer -------------------------------------------------------------------
def test_us_adult_stills_gets_the_aosd_regimen() -> None:
    # LASKARI-2011 / KOTTER-2007: AOSD 100 mg once daily (off-label in the US); "Still's" in an adult is AOSD.
    adult = regimen("stills", 70, 35, label="us")
    assert adult.start_dose_mg == regimen("aosd", 70, 35, label="us").start_dose_mg == (100, 100)
    assert adult.basis == "flat"
    assert regimen("stills", 20, 5, label="us").start_dose_mg == (40, 40)  # a child: the SJIA regimen


# --- Item 6: large totals ---------------------------------------------------------------------------------
def test_large_nomid_dose_raises_a_review_warning() -> None:
    # US-PI-2020 §2.2: NOMID maximum 8 mg/kg/day, no mg cap; 150 kg × 8 = 1200 mg; one syringe holds 100 mg in
    # 0.67 mL (US-PI-2018 §3), so 8 mL in one dose needs more than one injection site.
    r = regimen("nomid", 150, 40, mg_per_kg=8)
    assert r.dose_mg == 1200 and r.syringe[0].syringes == 12
    review = next(w for w in r.warnings if w.code == "large_dose_review")
    assert review.severity == "warn" and "no absolute maximum" in review.text.lower()
    assert "large_dose_review" not in {w.code for w in regimen("nomid", 20, 6).warnings}  # 20–40 mg: one syringe


# --- Item 7: non-TNF biologics cite what supports them ------------------------------------------------------
@pytest.mark.parametrize("drug", ["abatacept", "rituximab", "tocilizumab", "canakinumab", "rilonacept"])
def test_non_tnf_biologic_stop_cites_the_fact_sheet_not_tnf_data(drug: str) -> None:
    # ACR-FS-2023: "should not be used at the same time as other biologics, as they increase the risk for
    # infection". The 7% vs 0% serious-infection figure is etanercept data (US-PI-2020 §5).
    r = regimen("ra", 70, 50, concomitant=[drug])
    stop = next(w for w in r.warnings if w.severity == "stop")
    assert stop.code == "non_tnf_biologic_not_recommended" and "ACR-FS-2023" in stop.citations
    assert "combination_not_recommended" not in {w.code for w in r.warnings}
    assert "combination_not_recommended" in r.flags
    tnf = regimen("ra", 70, 50, concomitant=["etanercept"])
    assert "7%" in next(w.text for w in tnf.warnings if w.code == "combination_not_recommended")


# --- Item 12: no "requested dose reduced" when nothing was requested ----------------------------------------
def test_a_limited_start_is_not_called_a_reduced_request() -> None:
    # AIRTRIP-2016: pericarditis 1–2 mg/kg/day up to 100 mg/day; 70 kg: 70–140 → limited to 70–100 mg.
    r = regimen("recurrent-pericarditis", 70, 50)
    assert r.start_dose_mg == (70, 100)
    codes = {w.code for w in r.warnings}
    assert "capped_at_maximum" not in codes and "start_limited" in codes
    assert "capped_at_maximum" in {w.code for w in regimen("nomid", 20, 6, mg_per_kg=10).warnings}


# --- Missing content: hypersensitivity and amyloidosis on every card ----------------------------------------
@pytest.mark.parametrize("indication", ["ra", "nomid", "gout-flare", "covid-19", "mas"])
def test_hypersensitivity_and_amyloidosis_on_every_card(indication: str) -> None:
    # US-PI-2020 §5: hypersensitivity including anaphylaxis and angioedema. US-PI-2026: §5.5 Amyloidosis
    # (10/2025), text not verified; MEDICINES-IE: injection-site amyloid deposits (EU, 2024).
    r = regimen(indication, 70, 50)
    notes = {w.code: w for w in r.warnings}
    assert "anaphylaxis" in notes["hypersensitivity"].text and "US-PI-2020 §5" in notes["hypersensitivity"].citations
    assert "not verified" in notes["amyloidosis"].text and "US-PI-2026" in notes["amyloidosis"].citations


# --- Contradictory input is an error naming both fields -------------------------------------------------------
@pytest.mark.parametrize("argv, fields", [
    (["--dialysis", "--crcl", "45"], ("--dialysis", "crcl_ml_min = 45")),
    (["--dialysis", "--sex", "female", "--scr", "0.8"], ("--dialysis", "scr = 0.8")),
    (["--sex", "male", "--pregnant"], ("--pregnant", "sex = 'male'")),
    (["--sex", "male", "--breastfeeding"], ("--breastfeeding", "sex = 'male'")),
])
def test_contradictory_inputs_exit_2_naming_both_fields(capsys, argv: list[str], fields: tuple[str, str]) -> None:
    from anakinra_edu.cli import main

    assert main(["dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "50", *argv]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and all(f in err for f in fields) and "conflicts" in err


def test_pregnancy_in_a_young_child_is_refused_and_dialysis_with_low_crcl_is_not() -> None:
    from anakinra_edu.inputs import InputError

    with pytest.raises(InputError, match="age_years = 6"):
        regimen("nomid", 20, 6, pregnant=True)
    assert regimen("ra", 70, 50, dialysis=True, crcl_ml_min=10).interval_hours == 48  # US-PI-2020 §2.4 (ESRD)


# --- Item 3: a stop is the answer -----------------------------------------------------------------------------
def test_do_not_start_card_leads_with_the_stop_not_a_dose(capsys) -> None:
    # US-PI-2020 §5: do not start during an active serious infection.
    from anakinra_edu.card import regimen_card_html
    from anakinra_edu.cli import main

    r = regimen("ra", 70, 50, active_infection=True)
    html = regimen_card_html(r)
    assert html.index("DO NOT START") < html.index("Computed for teaching only")
    assert 'class="ae-dose"' not in html and "<svg" not in html
    assert main(["dose", "--indication", "gout-flare", "--weight-kg", "60", "--age-years", "78", "--sex", "male",
                 "--scr", "3.0"]) == 0  # TV27: no sourced regimen below 30 mL/min
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("ACTION: NO SOURCED REGIMEN") and lines[2].startswith("  [STOP]")
    assert not any(x.startswith("Starting dose") for x in lines)


# --- Item 5: pericarditis duration, both ways ------------------------------------------------------------------
def test_pericarditis_duration_shows_both_statements_of_the_paper() -> None:
    # IMAZIO-2022: abstract "usually for at least 6 months"; Table 3 "3–6 months (usual)" (digest §3.4, corrected).
    r = regimen("recurrent-pericarditis", 70, 50)
    d = next(x for x in r.disagreements if x.id == "pericarditis-duration")
    assert "at least 6 months" in d.position_a and "3–6 months" in d.position_b
    assert "at least 6 months" in r.rule_text and "3–6 months (usual)" in r.rule_text
    assert r.course_days == (90, None)  # months, open-ended: the lower bound of Table 3


# --- Item 10: counseling by context ------------------------------------------------------------------------------
def test_fmf_is_not_promised_relief_within_hours() -> None:
    # BENZVI-2017: benefit measured as attack frequency over 4 months; the product's own FMF case marks
    # "within hours" wrong.
    from anakinra_edu.counseling import counseling_points

    points = counseling_points(regimen("fmf", 70, 40))
    assert "expect-fmf" in {p.id for p in points}
    assert not any("within hours" in p.patient_text for p in points)


def test_mild_caps_is_not_told_it_has_severe_caps_checks() -> None:
    # EU-SmPC-2025 §4.2: CNS, hearing and eye assessment in severe CAPS; mild CAPS is usually controlled at 1–2 mg/kg.
    from anakinra_edu.counseling import counseling_points

    caps = {p.id: p for p in counseling_points(regimen("caps", 40, 12))}
    assert "severe-caps-reviews" not in caps
    assert "If your CAPS is a severe form" in caps["caps-reviews-if-severe"].patient_text
    assert "severe-caps-reviews" in {p.id for p in counseling_points(regimen("nomid", 40, 12))}


@pytest.mark.parametrize("indication, weight, age", [("covid-19", 80, 60), ("mas", 30, 8)])
def test_hospital_courses_get_no_home_injection_teaching_or_year_of_blood_tests(indication: str, weight: float,
                                                                                 age: float) -> None:
    # EU-SmPC-2025 §4.1: COVID-19 is a 10-day course in hospitalised adults; CHEO-2023: MAS is hospital use.
    import datetime as dt

    from anakinra_edu.counseling import counseling_points, monitoring_calendar

    ids = {p.id for p in counseling_points(regimen(indication, weight, age))}
    assert "hospital-injections" in ids
    assert not ids & {"storage-fridge", "sharps-disposal", "learn-with-companion", "injection-sites-rotate"}
    visits = monitoring_calendar(dt.date(2026, 1, 5), indication)
    assert visits and all(v.month == 0 for v in visits)
    assert max(v.month for v in monitoring_calendar(dt.date(2026, 1, 5), "ra")) == 12  # US-PI-2020 §5: up to 1 year


# --- Item 11: rows that rested on unconfirmed or mis-cited items -------------------------------------------------
def test_eu_dialysis_is_unverified_while_eu_severe_renal_is_confirmed() -> None:
    # Digest §2.3: DK-PROMEDICIN gives "GFR < 30: every other day" and does not mention ESRD or dialysis.
    assert "unverified_rule" not in regimen("ra", 70, 50, label="eu", crcl_ml_min=20).flags
    r = regimen("ra", 70, 50, label="eu", dialysis=True)
    assert r.kidney_rule_id == "eu-dialysis" and "unverified_rule" in r.flags and r.interval_hours == 48


def test_traps_trial_dose_is_not_a_maximum() -> None:
    # GATTORNO-2008: 1.5 mg/kg/day (maximum 100 mg in adults): a studied dose, not a ceiling in mg/kg.
    r = regimen("traps", 20, 6)
    assert r.start_dose_mg == (30, 30) and r.max_mg_per_kg_day is None and r.max_daily_mg == 100
    assert "unverified_rule" in regimen("traps", 20, 6, mg_per_kg=3).flags  # above the trial dose: no source


def test_relapse_warning_says_what_the_sources_say() -> None:
    # GATTORNO-2008: TRAPS relapse a mean 5.6 days after withdrawal; the 24–48 h figure is an inference (digest §4).
    w = next(x for x in regimen("traps", 70, 40).warnings if x.code == "relapse_if_missed")
    assert "5.6 days" in w.text and "inference" in w.text and "GATTORNO-2008" in w.citations


def test_fmf_is_not_called_colchicine_resistant_in_the_eu_indication() -> None:
    # EU-SmPC-2025 §4.1: FMF, with colchicine if appropriate.
    kb = load_knowledge()
    assert "resistant" not in kb.indications["fmf"]["summary"].lower()


def test_onset_chart_source_kinds_and_stills_rows() -> None:
    from anakinra_edu.onset import onset_window

    kinds = {s.id: s.source_kind for s in onset_window("caps") + onset_window("ra")}
    assert kinds["caps-kinderformularium"] == "secondary" and kinds["ra-sobi"] == "manufacturer"
    stills = onset_window("stills")
    assert {"stills-fitzgerald", "stills-vastert"} <= {s.id for s in stills}  # FITZGERALD-2005; VASTERT-2014
    nomid = {s.id: s for s in onset_window("nomid")}
    assert nomid["nomid-nejm"].endpoint == "serum amyloid A"  # the 3-month point is SAA, not the rapid response


def test_needle_gauge_disagreement_is_shown_to_nurses() -> None:
    # US-PI-2012 (27 G) vs RXLIST (29 G); digest §7 row 10.
    from anakinra_edu.counseling import counseling_points

    points = [p for p in counseling_points(regimen("ra", 70, 50), audience="nurse") if p.disagreement]
    assert any(p.disagreement.id == "needle-gauge" for p in points)


# --- Item 8: EU Still's band jump explained, ceiling marked unverified ------------------------------------------
def test_eu_stills_band_jump_is_explained_and_the_ceiling_marked() -> None:
    # DK-PROMEDICIN: 50 kg or more 100 mg/day; under 50 kg 1–2 mg/kg; MEDSCAPE-NICE-2021 (secondary): up to
    # 4 mg/kg/day -> 49.9 kg: maximum 199.6 mg/day; 50 kg: 100 mg/day (digest §2.2, UNCONFIRMED ceiling).
    light, heavy = regimen("stills", 49.9, 14, label="eu"), regimen("stills", 50, 14, label="eu")
    assert light.max_daily_mg == pytest.approx(199.6) and heavy.max_daily_mg == 100
    assert any("from 50 kg the rule is eu-stills-50kg" in n for n in light.notes)
    assert any("not verified against the current label" in n and "199.6" in n for n in light.notes)
    assert any("below 50 kg the rule is eu-stills-under-50kg" in n for n in heavy.notes)


# --- Item 12: units of children's estimates; doses between marks --------------------------------------------------
def test_a_childs_kidney_estimate_is_per_1_73_m2() -> None:
    # SCHWARTZ-2009: bedside Schwartz 0.413 × height / SCr gives mL/min/1.73 m². 120 cm, 0.5 mg/dL -> 99.1.
    r = regimen("nomid", 20, 6, scr=0.5, height_cm=120)
    assert r.crcl_method == "bedside_schwartz" and r.crcl_unit == "mL/min/1.73 m²"
    assert round(r.crcl_ml_min, 1) == 99.1
    assert regimen("ra", 50, 80, sex="female", scr=1.4).crcl_unit == "mL/min"  # Cockcroft–Gault


def test_fractional_doses_are_not_shown_as_drawable() -> None:
    # US-PI-2018 §3: marks from 20 to 100 mg; their spacing is not confirmed (digest). 49.9 kg × 1 mg/kg = 49.9 mg.
    r = regimen("stills", 49.9, 14, label="eu")
    assert "between_marks" in {w.code for w in r.warnings}
    assert "between_marks" not in {w.code for w in regimen("nomid", 20, 6).warnings}  # 20–40 mg: whole mg


# --- Missing content ---------------------------------------------------------------------------------------------
def test_infants_on_nomid_get_the_live_vaccines_of_their_schedule_by_age() -> None:
    # US-PI-2020 §5 / ACR-FS-2023: no live vaccines; the infant schedule (rotavirus, BCG, MMR and varicella at
    # 12 months) is raised for infants without being typed in.
    from anakinra_edu.counseling import counseling_points

    r = regimen("nomid", 9, 0.67)
    w = next(x for x in r.warnings if x.code == "infant_live_vaccines")
    assert all(v in w.text for v in ("rotavirus", "BCG", "MMR", "varicella"))
    assert "infant-live-vaccines" in {p.id for p in counseling_points(r)}
    assert "infant_live_vaccines" not in {x.code for x in regimen("nomid", 20, 6).warnings}


def test_before_starting_and_stills_mas_points_are_marked_as_practice() -> None:
    from anakinra_edu.counseling import counseling_points

    ra = {p.id: p for p in counseling_points(regimen("ra", 70, 50), audience="prescriber")}
    screening = ra["before-starting-screening"]
    assert "tuberculosis" in screening.clinician_text and not screening.verified
    stills = {p.id: p for p in counseling_points(regimen("aosd", 70, 30))}
    assert "stills-mas-signs" in stills and stills["stills-mas-signs"].priority == 1
    peri = {p.id for p in counseling_points(regimen("recurrent-pericarditis", 70, 50), audience="prescriber")}
    assert "pericarditis-labs" in peri  # IMAZIO-2022: CBC, transaminases, renal function, lipids


def test_counseling_dashboard_shows_the_contradiction_and_clears_the_handout() -> None:
    # Contradictory input is a message naming both fields, and what depends on it is cleared.
    from anakinra_edu.widgets import counseling_explorer

    d = counseling_explorer()
    d.controls["indication"].value = "nomid"  # a child's label indication (US-PI-2020 §2.2)
    d.controls["age_years"].value = 6
    d.controls["pregnant"].value = True
    checklist = d.outputs["checklist"].value
    assert "Pregnant or planning pregnancy: ticked" in checklist and "Age (years): 6" in checklist
    assert d.outputs["handout_html"] == "" and "No download" in d.outputs["handout"].value
    d.controls["pregnant"].value = False
    assert "Age (years): 6" not in d.outputs["checklist"].value and d.outputs["handout_html"]


def test_a_stop_is_above_the_dose_even_when_the_card_still_doses() -> None:
    # US-PI-2020 §5: combination with a TNF inhibitor not recommended; a projector shows the top of the card first.
    from anakinra_edu.card import regimen_card_html

    html = regimen_card_html(regimen("mas", 20, 6, dialysis=True, concomitant=["etanercept", "mmr-vaccine"]))
    assert html.index("STOP:") < html.index('class="ae-dose"')
    assert html.count("Combination with a TNF inhibitor") == 1  # once, at the top


# --- US off-label AOSD is an adult regimen ----------------------------------------------------------------
# Digest §3.2 and answer key TV24: the US off-label AOSD regimen (100 mg once daily) comes from adult cohorts
# (LASKARI-2011, KOTTER-2007). No source gives it to a child: a 20 kg 6-year-old given 100 mg would get
# 5 mg/kg/day, above every ceiling in the digest (4 mg/kg/day, §7 row 14). With no US rule for the child the
# EU Still's rule is shown for reference (EU-SmPC-2025 §4.1: Still's disease including SJIA and AOSD from
# 8 months and 10 kg; DK-PROMEDICIN: under 50 kg 1-2 mg/kg/day -> 20 kg: 20-40 mg), warned as another label's.

def test_us_aosd_child_does_not_get_the_adult_flat_dose() -> None:
    r = regimen("aosd", 20, 6, label="us")
    assert r.rule_id != "us-aosd-offlabel"
    assert r.start_dose_mg == (20, 40)
    assert "rule_from_other_label" in {w.code for w in r.warnings}


def test_us_aosd_adult_keeps_100_mg_once_daily() -> None:
    # Answer key TV24: US, 35 y F, 62 kg -> 100 mg/day (LASKARI-2011; KOTTER-2007).
    r = regimen("aosd", 62, 35, label="us", sex="female")
    assert r.rule_id == "us-aosd-offlabel"
    assert r.start_dose_mg == (100, 100)
    assert r.interval_hours == 24


# --- Adult-only regimens are not given to children by analogy -------------------------------------------
# Gout flare: SO-2007 and SAAG-2021 treated adults (digest §3); Schnitzler syndrome: DEKONING-2006, adults;
# COVID-19: EU-SmPC-2025 §4.1 "adults" and US-EUA-2022 "hospitalized adults"; RA: US-PI-2026 §1.1 "adults 18
# years and older", EC-SmPC-2014-EN §4.1 "adults". For a 20 kg 6-year-old no source gives a dose (100 mg would
# be 5 mg/kg/day), so the engine gives none and names the age (never by analogy).

@pytest.mark.parametrize("indication, label", [("gout-flare", None), ("schnitzler", None), ("covid-19", "eu"),
                                               ("covid-19", "us"), ("ra", "us"), ("ra", "eu")])
def test_adult_only_regimens_give_a_child_no_dose(indication: str, label: str | None) -> None:
    from anakinra_edu.errors import NotCoveredError

    with pytest.raises(NotCoveredError) as info:
        regimen(indication, 20, 6, label=label)
    assert info.value.field == "age_years" and info.value.value == 6
    assert "18 years and over" in info.value.allowed
    assert "not applied by analogy" in str(info.value)


@pytest.mark.parametrize("indication, label, dose", [
    ("gout-flare", None, (100, 200)),  # SAAG-2021: 100-200 mg once daily (So 2007: 100 mg)
    ("schnitzler", None, (100, 100)),  # DEKONING-2006: 100 mg once daily
    ("covid-19", "eu", (100, 100)),  # EU-PL-2022 §3: 100 mg once daily for 10 days
    ("ra", "us", (100, 100)),  # TV01: 100 mg once daily (US-PI-2020 §2.1)
])
def test_adult_only_regimens_still_dose_an_adult(indication: str, label: str | None, dose: tuple) -> None:
    assert regimen(indication, 70, 18, label=label).start_dose_mg == dose
