"""Every control of the counseling dashboard (notebook 04) operated as a user does at 1280×720: a teacher's
combination (an acute indication, kidney failure, another drug, a live vaccine) for each audience, the other-drug
and vaccine menus, pregnancy and breastfeeding, creatinine clearance near 30, the monitoring calendar's first dose
and jurisdiction, every indication's handout, the handout as a real download and its print (one page). Expected
values: the answer key (TV..) and the digest (/work/shared/clinical/), or the hand computation beside them."""

from __future__ import annotations

from html import escape

import pytest
from playwright.sync_api import expect

from .checks import text_of, wait_gone, wait_shows, watch
from .controls_helpers import active, button, choose, download, link_says, options, pdf_pages, typed_and_kept
from .helpers import WAIT_MS, stays, type_number

pytestmark = pytest.mark.browser
NB = "04_safety_counseling.ipynb"
READY = ".ae-result li"
LIST = ".ae-result li"
HANDOUT = "Download the patient handout"
MAS = "Off-label teaching · Macrophage activation syndrome / secondary HLH"
LIVE_PLANNED = "URGENT A live vaccine is planned for you"  # TV08: warn_live_vaccine [US-PI-2020 §5]
BIOLOGIC = "URGENT You have been prescribed another biologic medicine"  # TV07: combination not recommended
TNF_TRIAL = "serious infections were 7%"  # TV07: etanercept + anakinra 7% vs 0% (Genovese 2004)


def _items(page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(LIST).all_inner_texts()]


def _item(page, start: str) -> str:
    """The checklist item whose text starts with ``start`` (badge and headline)."""
    return next(t for t in _items(page) if t.startswith(start))


def _crcl(page, value: str) -> None:
    box = page.get_by_role("checkbox", name="Creatinine clearance known")
    if not box.is_checked():
        box.click()
    type_number(page, "CrCl (mL/min)", value)


def _teacher_combination(page) -> None:
    """MAS (an acute, hospital course) in a 20 kg 8-year-old with CrCl 20, etanercept and MMR planned."""
    choose(page, "Indication", MAS)
    type_number(page, "Weight (kg)", "20")
    type_number(page, "Age (years)", "8")
    _crcl(page, "20")
    choose(page, "Other drug", "Etanercept (TNF inhibitor)")
    choose(page, "Planned vaccine", "Measles, mumps, rubella vaccine (live)")
    wait_shows(page, LIST, LIVE_PLANNED)
    wait_shows(page, LIST, BIOLOGIC)


def test_teacher_combination_for_each_audience(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    _teacher_combination(page)
    items = _items(page)  # the two conflicts come first, most urgent first
    assert items[0].startswith(LIVE_PLANNED) and items[1].startswith(BIOLOGIC), items[:3]
    wait_shows(page, LIST, "In hospital, your nurses prepare and give each injection")  # MAS: a hospital course
    wait_shows(page, LIST, "Your child's dose is worked out from their body weight")  # 8 years
    active(page, "Prescriber")
    assert TNF_TRIAL in _item(page, BIOLOGIC)  # the prescriber reads the evidence and the sources
    assert "UNVERIFIED" in text_of(page, ".ae-result")
    page.locator(".ae-split").first.evaluate("e => e.scrollIntoView({block: 'start'})")
    w.clean("controls_04_teacher_prescriber")
    button(page, "Nurse").click()
    active(page, "Nurse")
    wait_shows(page, LIST, "not verified against the current label")
    wait_gone(page, ".ae-result", "UNVERIFIED")
    button(page, "Patient").click()  # plain words only: the trial figures and the label's detail leave
    active(page, "Patient")
    wait_gone(page, LIST, TNF_TRIAL)
    wait_gone(page, LIST, "Kineret with a TNF inhibitor is not recommended")
    assert _items(page)[0].startswith(LIVE_PLANNED)
    wait_shows(page, LIST, "Sources: Kineret US Prescribing Information")  # documents by name, not by code
    w.clean("controls_04_teacher_patient")
    button(page, "Prescriber").click()
    _other_drugs_and_vaccines(page)
    _pregnancy_and_breastfeeding(page)
    w.clean("controls_04_teacher_changes")


def _other_drugs_and_vaccines(page) -> None:
    choose(page, "Planned vaccine", "Inactivated influenza injection (not live)")  # not live: no conflict
    wait_gone(page, LIST, LIVE_PLANNED)
    assert _items(page)[0].startswith(BIOLOGIC)
    # another biologic, not a TNF inhibitor: still urgent [ACR-FS-2023], without the etanercept trial's figures
    choose(page, "Other drug", "Abatacept (biologic)")
    wait_shows(page, LIST, BIOLOGIC, "come from etanercept, a TNF inhibitor, not from this drug", "ACR-FS-2023")
    choose(page, "Other drug", "Warfarin (may need dose adjustment as inflammation settles)")
    wait_gone(page, LIST, BIOLOGIC)  # digest §6: warfarin or phenytoin may need monitoring [EU-PL-2022 §2]
    wait_shows(page, LIST, "You take warfarin or phenytoin", "EU leaflet §2")
    choose(page, "Other drug", "None")
    wait_gone(page, LIST, "You take warfarin or phenytoin")
    choose(page, "Planned vaccine", "Yellow fever vaccine (live)")  # TV08
    wait_shows(page, LIST, LIVE_PLANNED)
    choose(page, "Planned vaccine", "None planned")
    wait_gone(page, LIST, LIVE_PLANNED)
    assert len(options(page, "Planned vaccine")) == 20 and len(options(page, "Other drug")) == 14


def _pregnancy_and_breastfeeding(page) -> None:
    choose(page, "Indication", "US label · Rheumatoid arthritis")  # TV35: RA, 30 years, 65 kg
    type_number(page, "Age (years)", "30")
    type_number(page, "Weight (kg)", "65")
    pregnant = page.get_by_role("checkbox", name="Pregnant or planning pregnancy")
    pregnant.click()  # TV35: US insufficient data, EU not recommended
    wait_shows(page, LIST, "You are pregnant. Talk with your team soon", "US §8.1")
    pregnant.click()
    wait_gone(page, LIST, "You are pregnant.")
    feeding = page.get_by_role("checkbox", name="Breastfeeding")
    feeding.click()  # TV36: the sources disagree: EU must not breastfeed, US decide with the HCP, LactMed acceptable
    wait_shows(page, LIST, "Talk with your team before you breastfeed", "must not breast-feed", "LactMed")
    feeding.click()
    wait_gone(page, LIST, "before you breastfeed")


def test_kidney_near_30_and_the_monitoring_calendar(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    kidney = "Your kidneys clear anakinra more slowly"
    _crcl(page, "25")  # TV02 / TV04: below 30, consider every other day [US-PI-2020 §2.4]
    wait_shows(page, LIST, kidney)
    _crcl(page, "30")  # TV03: exactly 30 is not below 30
    wait_gone(page, LIST, kidney)
    _crcl(page, "29.5")  # below 30 (TV04's rule), on the slider's step
    wait_shows(page, LIST, kidney)
    assert stays(page, lambda: kidney in text_of(page, ".ae-result"))
    page.get_by_role("checkbox", name="Creatinine clearance known").click()  # not known: no kidney point
    wait_gone(page, LIST, kidney)
    expect(page.locator(".widget-hslider:visible", has_text="CrCl (mL/min)")).to_have_count(0, timeout=WAIT_MS)
    table = ".widget-html table"
    # US: before starting, monthly for 3 months, then every 3 months up to 1 year [US-PI-2020 §5]: from
    # 15 Jan 2027, months 0, 1, 2, 3, 6, 9, 12 are 2027-01-15, 02-15, 03-15, 04-15, 07-15, 10-15, 2028-01-15
    page.locator(".widget-datepicker input[type=date]").fill("2027-01-15")
    page.locator(".widget-datepicker input[type=date]").press("Enter")
    us = ["2027-01-15", "2027-02-15", "2027-03-15", "2027-04-15", "2027-07-15", "2027-10-15", "2028-01-15"]
    wait_shows(page, table, *us)
    wait_gone(page, table, "2027-05-15")
    wait_shows(page, ".vega-embed", "Monitoring calendar (US schedule)", "15 Jan 27", "15 Jan 28")
    link_says(page, HANDOUT, "Neutrophil count:</b> " + ", ".join(us))  # the handout carries the same dates
    # EU-type texts: monthly for the first 6 months, then every 3 months [MIMS-MY; DK-PROMEDICIN]: months
    # 0-6, 9 and 12 from 15 Jan 2027
    button(page, "EU label").click()
    eu = ["2027-01-15", "2027-02-15", "2027-03-15", "2027-04-15", "2027-05-15", "2027-06-15", "2027-07-15",
          "2027-10-15", "2028-01-15"]
    wait_shows(page, table, *eu, "do not start below 1.5 × 10⁹/L")  # TV37: EU, ANC below 1.5
    wait_shows(page, ".vega-embed", "Monitoring calendar (EU schedule)")
    button(page, "US label").click()
    wait_gone(page, table, "2027-05-15")
    page.locator(".vega-embed", has_text="Monitoring calendar").first.scroll_into_view_if_needed()
    w.clean("controls_04_calendar")


def test_every_indication_handout_download_and_print(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    names = options(page, "Indication")
    assert len(names) == 14
    for label in names[1:] + names[:1]:  # each once; the handout follows the indication
        choose(page, "Indication", label)
        link_says(page, HANDOUT, f"For: {escape(label.split(' · ', 1)[1])}.")  # the file is HTML
    # TV01: RA, 70 kg, 55 years: 100 mg once daily
    link_says(page, HANDOUT, "Your dose: 100 mg, once daily (every 24 h)")
    _teacher_combination(page)
    # MAS under 40 kg: 10 mg/kg/day in two doses [CHEO-2023; digest §3.5] = 10 × 20 / 2 = 100 mg every 12 h
    dose = "Your dose: 100 mg, twice daily (every 12 h)"
    link_says(page, HANDOUT, dose)
    name, content = download(page, HANDOUT)
    assert name == "anakinra-handout.html"
    assert dose in content and "No name or date of birth" in content
    assert "A live vaccine is planned for you" in content and "another biologic medicine" in content
    with page.expect_popup(timeout=WAIT_MS) as opened:
        button(page, "Print the handout").click()
    sheet = opened.value
    w.attach(sheet)
    sheet.wait_for_load_state()
    assert dose in " ".join(sheet.inner_text("body").split())
    sheet.emulate_media(media="print")
    pages = pdf_pages(sheet.pdf(format="A4"))
    assert pages == 1, f"the printed handout takes {pages} pages"
    sheet.close()
    page.get_by_role("link", name="Download the patient handout").scroll_into_view_if_needed()
    w.clean("controls_04_handout")


def test_pregnancy_in_a_child_is_refused_in_the_page_words(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    choose(page, "Indication", "US label · NOMID / CINCA (severe CAPS)")  # a child's label use (RA: adults)
    type_number(page, "Age (years)", "8")
    wait_shows(page, LIST, "Your child's dose is worked out from their body weight")
    page.get_by_role("checkbox", name="Pregnant or planning pregnancy").click()
    # pregnancy below 10 years is refused as a data-entry error (data/thresholds.csv pregnancy_min_age): the
    # checklist, the calendar and the handout are replaced by the reason, nothing stale is left
    wait_shows(page, ".ae-result", "No checklist shown:", "only from age 10 years")
    expect(page.locator(LIST)).to_have_count(0, timeout=WAIT_MS)
    expect(page.locator("a[download]")).to_have_count(0, timeout=WAIT_MS)
    page.locator(".ae-result").first.scroll_into_view_if_needed()
    w.clean("controls_04_pregnant_at_8")
    reason = text_of(page, ".ae-result")
    assert "Pregnant or planning pregnancy" in reason and "Age (years): 8" in reason, reason
    assert "age_years" not in reason and "True" not in reason, reason


def test_typed_crcl_29_9_is_kept(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    page.get_by_role("checkbox", name="Creatinine clearance known").click()
    assert typed_and_kept(page, "CrCl (mL/min)", "29.9",
                          lambda: "Your kidneys clear anakinra more slowly" in text_of(page, ".ae-result"),
                          shown=lambda: _items(page)[:4])
