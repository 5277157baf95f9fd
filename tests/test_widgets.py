"""Headless dashboard tests: set control values in Python, assert the card text and flags.

Expected values come from the answer key (tests/data/answer_key.csv; row ids in comments) and the
label sections it cites.
"""

from __future__ import annotations

import base64
import re
import shutil
from html import escape

import pytest

from anakinra_edu.card import BADGE_TEXT, regimen_card_html, syringe_svg, what_changed
from anakinra_edu.dosing import regimen
from anakinra_edu.knowledge import data_dir, load_knowledge
from anakinra_edu.widgets import dosing_explorer, kidney_explorer


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def app():
    return dosing_explorer()


def test_nomid_20kg_card(app) -> None:
    # TV10: NOMID 20 kg -> 20-40 mg/day, max 160 mg/day (US PI 12/2020 section 2.2).
    card = text(app.outputs["card"].value)
    assert "20–40 mg per dose (starting), once daily" in card
    assert "maximum 160 mg/day" in card
    assert "US-PI-2020 §2.2" in card
    assert "For education only" in card
    assert app.outputs["pounds"].value == "= 44 lb"  # 20 kg x 2.20462 lb/kg


def test_weight_9kg_below_mark_and_what_changed(app) -> None:
    # TV11: 9 kg -> 9-18 mg/day, below the 20 mg mark.
    app.controls["weight"].value = 9
    card = text(app.outputs["card"].value)
    assert "9–18 mg per dose" in card
    assert BADGE_TEXT["below_syringe_minimum"] in card
    assert "needs pharmacy preparation" in card
    assert "0.060 mL" in card  # 9 mg / 150 mg/mL
    assert any("lowest mark" in line for line in app.outputs["changes"])


def test_ra_crcl_35_to_25_every_other_day(app) -> None:
    # TV02/TV04: CrCl below 30 -> consider every other day (US PI 12/2020 section 2.4).
    c = app.controls
    c["indication"].value = "ra"
    c["age_years"].value = 60
    c["kidney_mode"].value = "crcl"
    c["crcl"].value = 35
    assert app.outputs["regimen"].interval_hours == 24
    c["crcl"].value = 25
    r = app.outputs["regimen"]
    assert r.interval_hours == 48 and "renal_every_other_day" in r.flags
    changes = app.outputs["changes"]
    assert changes and "below the kidney threshold" in changes[0] and "US-PI-2020 §2.4" in changes[0]
    assert "What changed" in app.outputs["card"].value


def test_scr_units_and_formula(app) -> None:
    # TV02: 80 y F, 50 kg, SCr 1.4 mg/dL -> CG 25.3 mL/min -> every other day.
    c = app.controls
    c["indication"].value = "ra"
    c["weight"].value = 50
    c["age_years"].value = 80
    c["kidney_mode"].value = "scr"
    c["sex"].value = "female"
    c["scr"].value = 1.4
    r = app.outputs["regimen"]
    assert r.crcl_ml_min == pytest.approx(25.3, abs=0.05) and r.interval_hours == 48
    c["scr_unit"].value = "umol/L"  # the value converts (1.4 x 88.4 = 123.8), the decision does not change
    assert c["scr_entry"].value == 123.8
    assert app.outputs["regimen"].interval_hours == 48
    assert app.outputs["regimen"].crcl_ml_min == r.crcl_ml_min  # the quantity as typed, not the rounded display
    c["scr_unit"].value = "mg/dL"
    assert c["scr_entry"].value == 1.4 and c["scr"].value == 1.4


def test_unit_switch_at_the_threshold_keeps_the_decision() -> None:
    # TV03: Cockcroft-Gault exactly 30.0 ("less than 30" is the rule): 141.4 umol/L shown, 1.6 mg/dL computed
    app = kidney_explorer("tv03-exactly-30")
    c = app.controls
    before = app.outputs["kidney"].used_for_dosing.value_ml_min
    factor = load_knowledge().coefficient("creatinine", "umol_per_mg_dl")
    c["scr_unit"].value = "umol/L"
    assert c["scr_entry"].value == round(1.6 * factor, 1)
    assert app.outputs["kidney"].used_for_dosing.value_ml_min == before
    c["scr"].value = 1.6000000000000003  # the browser's rounding of the slider's value, sent late: not a move
    assert app.outputs["kidney"].used_for_dosing.value_ml_min == before
    c["scr"].value = 1.7  # a real move of the slider (which stays in mg/dL) is shown in the chosen unit
    assert c["scr_entry"].value == round(1.7 * factor, 1)
    c["scr_entry"].value = 9999  # typed, invalid: the error names the unit; a switch converts it and keeps it
    assert "µmol/L" in app.outputs["table"].value
    c["scr_unit"].value = "mg/dL"
    assert c["scr_entry"].value == pytest.approx(9999 / factor, abs=1e-6) and "mg/dL" in app.outputs["table"].value


def test_titration_cap_and_flat_disabled(app) -> None:
    c = app.controls
    c["mg_per_kg"].value = 9  # above NOMID's 8 mg/kg/day (US PI 12/2020 section 2.2)
    r = app.outputs["regimen"]
    assert r.dose_daily_mg == 160 and "capped_at_maximum" in r.flags
    assert BADGE_TEXT["capped_at_maximum"] in app.outputs["card"].value
    c["indication"].value = "ra"
    c["age_years"].value = 55  # RA: adults (US-PI-2026 §1.1)
    assert c["mg_per_kg"].disabled  # flat dose: titration slider off
    assert app.outputs["regimen"].start_dose_mg == (100, 100)


def test_eu_limit_what_changed(app) -> None:
    # EC SmPC 28 Apr 2020 section 4.1: CAPS from 8 months and 10 kg.
    c = app.controls
    c["label"].value = "eu"
    c["weight"].value = 12
    assert app.outputs["regimen"].status == "on-label"
    c["weight"].value = 9.5
    assert app.outputs["regimen"].status == "outside-label-population"
    assert any("outside the label population" in line for line in app.outputs["changes"])


def test_safety_controls(app) -> None:
    c = app.controls
    c["indication"].value = "ra"
    c["age_years"].value = 50
    c["biologic"].value = ("etanercept",)
    assert "combination_not_recommended" in app.outputs["regimen"].flags  # TV07
    c["biologic"].value = ()
    c["vaccine"].value = "yellow-fever-vaccine"
    assert "live_vaccine_conflict" in app.outputs["regimen"].flags  # TV08
    c["vaccine"].value = "inactivated-influenza-vaccine"
    assert "live_vaccine_conflict" not in app.outputs["regimen"].flags
    c["infection"].value = True
    assert app.outputs["regimen"].action == "do_not_start"  # TV09
    assert "DO NOT START" in app.outputs["card"].value


def test_two_biologics_a_live_vaccine_dialysis_and_an_acute_indication(app) -> None:
    # US PI 12/2020 section 5: not with TNF inhibitors; ACR fact sheet: not with other biologics; no live
    # vaccines. MAS (off-label, hospital) 20 kg on dialysis: every stop is on the card, each drug by name.
    c = app.controls
    c["indication"].value = "mas"
    c["kidney_mode"].value = "dialysis"
    c["biologic"].value = ("etanercept", "rituximab")
    c["vaccine"].value = "mmr-vaccine"
    r = app.outputs["regimen"]
    assert {"tnf_inhibitor", "non_tnf_biologic", "live_vaccine"} <= set(r.events)  # each drug counted
    assert {"combination_not_recommended", "live_vaccine_conflict"} <= set(r.flags)
    card = text(app.outputs["card"].value)
    assert card.count("STOP:") == 3  # TNF inhibitor, other biologic, live vaccine
    assert "Not with other biologics" in card and "Live vaccines should not be given" in card
    assert "dialysis" in card.lower()
    labels = dict(c["biologic"].options)
    assert labels["Rituximab (biologic)"] == "rituximab"  # display names from data/concomitant.csv


def test_typed_out_of_range_shows_message_not_last_regimen(app) -> None:
    c = app.controls
    c["weight_entry"].value = 400
    assert app.outputs["regimen"] is None
    card = text(app.outputs["card"].value)
    assert "No regimen shown" in card and "400" in card and "0.5 to 250" in card
    assert "mg per dose" not in card
    assert c["weight"].value == 20  # nothing clamped or lost: the slider keeps the last valid value
    c["weight_entry"].value = 25
    assert app.outputs["regimen"].start_dose_mg == (25, 50)  # TV15-style: 1-2 mg/kg x 25 kg


def test_age_months_for_infants(app) -> None:
    c = app.controls
    c["age_years"].value = 0
    c["age_months"].value = 8
    c["weight"].value = 9
    assert app.outputs["regimen"].age_years == pytest.approx(8 / 12)
    assert "age 8 months" in text(app.outputs["card"].value)


INJECTED = "<script>alert(1)</script>"


def test_html_in_inputs_is_escaped(tmp_path) -> None:
    # Table text reaches the card as HTML: a name and a rule text carrying markup are shown escaped.
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    for table, old in (("indications.csv", "ra,Rheumatoid arthritis,"), ("dosing_rules.csv", '"100 mg once daily by')):
        path = copy / table
        content = path.read_text(encoding="utf-8")
        assert content.count(old) == 1
        path.write_text(content.replace(old, old.replace("Rheumatoid", f"Rheumatoid {INJECTED}")
                                        .replace("100 mg", f"100 mg {INJECTED}")), encoding="utf-8")
    kb = load_knowledge(copy)
    html = regimen_card_html(regimen("ra", 70, 50, kb=kb), kb=kb)
    assert "<script" not in html
    assert html.count(escape(INJECTED, quote=False)) >= 2  # both texts shown, as text
    from anakinra_edu.card import error_card_html

    error = error_card_html(f"weight_kg: '{INJECTED}' is not a number")
    assert "<script>" not in error and escape(INJECTED, quote=False) in error


def test_syringe_svg_marks() -> None:
    svg = syringe_svg(40)
    assert 'aria-label="Syringe drawn to 40 mg = 0.267 mL"' in svg
    for mark in ("20", "40", "60", "80", "100"):
        assert f">{mark}</text>" in svg
    assert "needs pharmacy preparation" in syringe_svg(9)
    assert "needs pharmacy preparation" not in syringe_svg(20)  # 20 mg is the lowest mark (US PI 2018 section 3)


def test_what_changed_rule_band() -> None:
    # Still's EU: 50 kg and above 100 mg flat; under 50 kg 1-2 mg/kg (DK-PROMEDICIN; TV20/TV21).
    lines = what_changed(regimen("aosd", 50, 30), regimen("aosd", 49.9, 30))
    under_50 = next(r for r in load_knowledge().dosing_rules if r["rule_id"] == "eu-stills-under-50kg")
    changed = [line for line in lines if line.startswith("Dosing rule changed")]
    assert changed and under_50["rule_text"] in changed[0]
    assert "eu-stills" not in " ".join(lines)  # the rule by its words, not its id


def test_kidney_explorer_tv02() -> None:
    app = kidney_explorer()
    k = app.outputs["kidney"]
    assert k.used_for_dosing.value_ml_min == pytest.approx(25.3, abs=0.05)  # digest section 5
    assert k.ckd_epi_2021 == pytest.approx(38.0, abs=0.05)
    table = text(app.outputs["table"].value)
    assert "formulas disagree" in table
    spec = app.outputs["plot"].spec  # the chart widget draws this Vega-Lite spec in the browser
    assert spec is app.outputs["spec"] and spec["$schema"].endswith("vega-lite/v5.json")
    assert spec["datasets"]["patient"][0]["estimate_ml_min"] == pytest.approx(25.3, abs=0.05)  # the chart shows it
    assert spec["datasets"]["threshold"][0]["threshold_ml_min"] == 30
    assert "25.3" in app.outputs["alt_text"] and "below the threshold" in app.outputs["alt_text"]


def test_kidney_explorer_scenarios_and_errors() -> None:
    app = kidney_explorer()
    app.controls["scenario"].value = "tv03-exactly-30"
    assert app.outputs["kidney"].used_for_dosing.value_ml_min == pytest.approx(30.0)
    assert "not below the threshold" in app.outputs["alt_text"]
    app.controls["scenario"].value = "child-10y"
    assert app.outputs["kidney"].used_for_dosing.method == "bedside_schwartz"
    app.controls["scr_entry"].value = 99
    assert app.outputs["kidney"] is None and "No estimate shown" in app.outputs["table"].value


def test_onset_explorer() -> None:
    from anakinra_edu.widgets import onset_explorer

    app = onset_explorer()
    highlight = app.outputs["timeline"].spec["datasets"]["highlight"]
    assert highlight == [{"name": "Rheumatoid arthritis"}]
    table = text(app.outputs["statements"].value)
    assert "ACR fact sheet" in table and "4 weeks to 6 weeks" in table and "within 2 weeks" in table
    app.controls["indication"].value = "aosd"
    assert "24 h to 3 days" in text(app.outputs["statements"].value)
    app.controls["crcl"].value = 20
    app.controls["interval"].value = 48.0
    w = app.outputs["comparison"]
    assert w.crcl_ml_min == 20 and w.interval_h == 48
    numbers = text(app.outputs["numbers"].value)
    assert "Every other day, CrCl 20 mL/min" in numbers and "Illustrative model, not for dosing" in numbers
    app.controls["missed_dose"].value = True
    assert "Missed day-4 dose" in text(app.outputs["numbers"].value)
    pk = app.outputs["pk_plot"].spec
    assert pk["datasets"]["missed_dose"][0]["t_h"] == 96  # day 4 (data/pk_parameters.csv)
    assert pk["title"]["text"] == "100 mg every other day at CrCl 20 mL/min"
    app.controls["crcl_entry"].value = 500
    assert app.outputs["comparison"] is None and "No result shown" in app.outputs["numbers"].value


def checklist_items(app) -> list[str]:
    return app.outputs["checklist"].value.split("<li")[1:]


def test_counseling_explorer_context_and_handout_download(tmp_path, monkeypatch) -> None:
    from anakinra_edu.widgets import HANDOUT_FILE, counseling_explorer

    monkeypatch.chdir(tmp_path)

    app = counseling_explorer()
    c = app.controls
    # RA, prescriber: one list item per point, the first one urgent (priority 1): the anaphylaxis point,
    # the only priority-1 row of counseling.csv triggered for everyone ("always", every indication).
    assert app.outputs["checklist"].value.count("<li") == len(app.outputs["points"]) > 10
    assert app.outputs["points"][0].id == "allergic-reaction" and "URGENT" in checklist_items(app)[0]
    assert "URGENT" not in checklist_items(app)[1]
    c["vaccine"].value = "yellow-fever-vaccine"  # TV08
    assert app.outputs["points"][0].id == "live-vaccine-planned"
    assert "URGENT" in app.outputs["checklist"].value
    c["crcl_known"].value = True
    c["crcl"].value = 25  # TV04-like: renal note
    assert "kidney-every-other-day" in [p.id for p in app.outputs["points"]]
    c["audience"].value = "patient"
    assert all("patient" in p.audiences for p in app.outputs["points"])
    (shown,) = app.outputs["calendar_plot"].outputs
    visits = shown["data"]["application/vnd.vegalite.v5+json"]["datasets"]["visits"]
    assert [v["month"] for v in visits] == [0, 1, 2, 3, 6, 9, 12]  # US PI section 5
    assert "Neutrophil count" in app.outputs["calendar"].value
    assert "LIVE — do not give" in app.outputs["vaccines"].value
    link = app.outputs["handout"].value
    m = re.search(r'download="([^"]+)" href="data:text/html;charset=utf-8;base64,([^"]+)"', link)
    assert m is not None and m.group(1) == HANDOUT_FILE
    page = base64.b64decode(m.group(2)).decode("utf-8")
    assert page == app.outputs["handout_html"] and "every other day" in page
    c["crcl"].value = 60  # the link follows the inputs
    assert "every other day" not in app.outputs["handout_html"] and app.outputs["handout"].value != link
    c["weight_entry"].value = -3
    assert "No checklist shown" in app.outputs["checklist"].value
    assert "download=" not in app.outputs["handout"].value and "-3" in app.outputs["handout"].value
    assert list(tmp_path.iterdir()) == []  # nothing written on the server


def test_nurse_workshop_steps_and_quiz() -> None:
    from anakinra_edu.widgets import WORKSHOP_STEPS, nurse_workshop

    app = nurse_workshop()
    assert app.controls["tabs"].titles == tuple(title for _, title in WORKSHOP_STEPS)
    storage = text(app.outputs["storage"].value)
    assert "fridge" in storage.lower() and "Sources disagree" in storage  # 72 h vs 12 h
    assert "20–40" not in storage
    syringe = text(app.outputs["syringe"].value)
    assert "starting dose 20 mg = 0.133 mL" in syringe  # TV10: NOMID 20 kg -> 20 mg at 1 mg/kg
    app.controls["weight"].value = 9
    assert "needs pharmacy preparation" in app.outputs["syringe"].value  # TV11
    app.controls["rotation_days"].value = 21
    assert len(app.outputs["plan"]) == 21
    body = app.outputs["body_map"].value
    assert body.startswith("<svg") and "Sites in this plan: Abdomen, left of the navel: days 1, 5, 9" in body
    quiz = app.outputs["quiz"]
    q = quiz.outputs["questions"]["fever-day-10"]
    right = next(cid for cid, _t, ok, _f, _c in q.choices if ok)
    wrong = next(cid for cid, _t, ok, _f, _c in q.choices if not ok)
    assert q.answer(wrong) is False and "Not quite" in q.feedback.value
    q.reset()
    assert q.answer(right) is True and "Correct" in q.feedback.value
    assert "0 of 1 answered correctly at the first attempt" in quiz.outputs["score"].value
    for qid, question in quiz.outputs["questions"].items():
        for _cid, _t, _ok, feedback, cites in question.choices:
            assert feedback and cites, qid  # every choice has feedback with sources


def test_presentation_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    from anakinra_edu.widgets import PRESENTATION_CSS, nurse_workshop

    monkeypatch.delenv("ANAKINRA_EDU_PRESENT", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    from anakinra_edu.teach.dashboards import base

    monkeypatch.setitem(base._PAGE, "notice", False)  # a dashboard on a page without the page's notice
    app = dosing_explorer()
    assert "ae-dashboard" in app._dom_classes and "ae-present" not in app._dom_classes
    assert PRESENTATION_CSS in app.children[1].value  # on the page from the start: the URL can switch it on
    app.controls["presentation"].value = True
    assert "ae-present" in app._dom_classes
    app.controls["presentation"].value = False
    assert "ae-present" not in app._dom_classes
    assert "style=" not in app.children[0].children[0].value  # the notice by class, no inline style
    monkeypatch.setenv("QUERY_STRING", "present=1")
    kid = kidney_explorer()
    assert kid.controls["presentation"].value is True and "ae-present" in kid._dom_classes
    assert "presentation" in nurse_workshop().controls
    quiz = nurse_workshop().outputs["quiz"]
    assert "presentation" not in quiz.controls and "ae-dashboard" not in quiz._dom_classes  # nested: not zoomed twice


def test_invalid_input_clears_only_what_depends_on_it() -> None:
    from anakinra_edu.widgets import nurse_workshop

    app = nurse_workshop()
    c, o = app.controls, app.outputs
    storage, side = o["storage"].value, o["side_effects"].value
    assert "<svg" in o["syringe"].value
    c["weight_entry"].value = 9999
    assert "<svg" not in o["syringe"].value and "No dose or syringe shown" in o["syringe"].value
    assert "9999" in o["syringe"].value and "class=\"ae-error\"" not in o["storage"].value
    assert (o["storage"].value, o["side_effects"].value) == (storage, side)  # no weight in these steps
    assert o["body_map"].layout.display != "none"  # the rotation plan does not depend on the weight
    c["rotation_days_entry"].value = 3
    assert o["body_map"].layout.display == "none" and "No rotation plan" in o["plan_table"].value
    c["weight_entry"].value = 20
    c["rotation_days_entry"].value = 14
    assert "<svg" in o["syringe"].value and o["body_map"].layout.display != "none"
    assert o["storage"].value == storage


def test_a_hidden_box_left_invalid_blocks_nothing() -> None:
    from anakinra_edu.widgets import counseling_explorer

    app = dosing_explorer("ra", 50, 80)
    c = app.controls
    c["kidney_mode"].value = "crcl"
    c["crcl_entry"].value = 250  # outside 0 to 200 mL/min
    assert "No regimen shown: CrCl (mL/min): 250" in text(app.outputs["card"].value)
    c["kidney_mode"].value = "scr"  # the CrCl box is hidden and unused: TV02's creatinine decides
    c["scr_entry"].value = 1.4
    assert "kidney estimate used: 25.3 mL/min" in text(app.outputs["card"].value)
    c["kidney_mode"].value = "none"
    assert "kidney function not given" in text(app.outputs["card"].value)
    c["kidney_mode"].value = "crcl"  # shown again, the box's error is back
    assert "No regimen shown: CrCl (mL/min): 250" in text(app.outputs["card"].value)
    counsel = counseling_explorer()
    c = counsel.controls
    c["crcl_known"].value = True
    c["crcl_entry"].value = 250
    assert "No checklist shown" in text(counsel.outputs["checklist"].value)
    c["crcl_known"].value = False
    assert "No checklist shown" not in text(counsel.outputs["checklist"].value)


def test_derived_labels_and_figures_do_not_go_stale() -> None:
    app = dosing_explorer()
    assert app.outputs["pounds"].value.endswith("lb")
    app.controls["weight_entry"].value = 9999
    assert app.outputs["pounds"].value == "" and "No regimen shown" in app.outputs["card"].value
    kid = kidney_explorer()
    kid.controls["weight_entry"].value = 1000
    assert kid.outputs["plot"].layout.display == "none" and "1000" in kid.outputs["caption"].value
    kid.controls["weight_entry"].value = 70
    assert kid.outputs["plot"].layout.display != "none" and "Figure:" in kid.outputs["caption"].value


def test_counseling_print_route_and_what_the_browser_build_cannot_do(monkeypatch) -> None:
    import sys

    from anakinra_edu.teach.dashboards.counseling import HANDOUT_FILE, print_route_html

    server = print_route_html()
    assert "Print the handout" in server and "cannot make a" not in server  # the server app says nothing extra
    assert escape(f'[download="{HANDOUT_FILE}"]') in server  # the button prints the handout's own link
    monkeypatch.setattr(sys, "platform", "emscripten")  # what Pyodide reports in the browser build
    browser = print_route_html()
    assert "cannot make a PDF or store a file anywhere" in browser and "Save as PDF" in browser


def test_a_typed_number_between_slider_steps_is_kept() -> None:
    # TV04: CrCl 29.9 mL/min is below 30 -> consider every other day (US-PI-2020 §2.4). The browser's slider
    # (step 0.5) can only show 30 and sends 30 back; the typed 29.9 stands, and a real move afterwards counts.
    from anakinra_edu.widgets import dosing_explorer

    app = dosing_explorer()
    c = app.controls
    c["indication"].value, c["age_years"].value, c["kidney_mode"].value = "ra", 70, "crcl"
    c["crcl_entry"].value = 29.9
    assert app.outputs["regimen"].interval_hours == 48
    c["crcl"].value = 30.0  # the browser's echo of 29.9 at its nearest step
    assert c["crcl_entry"].value == 29.9 and app.outputs["regimen"].interval_hours == 48
    c["crcl"].value = 30.5  # the trainee moves the slider
    assert c["crcl_entry"].value == 30.5 and app.outputs["regimen"].interval_hours == 24
    c["crcl"].value = 30.0  # and back onto 30 by hand: a move, not an echo
    assert c["crcl_entry"].value == 30.0 and app.outputs["regimen"].interval_hours == 24
