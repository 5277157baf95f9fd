"""Every tab and every control of the nurse workshop (notebook 06) operated as a facilitator does at 1280×720:
the six step tabs, the dose step's indication, weight and age (typed, arrow keys, out of range, not covered), the
rotation step's plan length and caregiver, and the ten teach-back questions (one wrong, tried again). Expected
values: the answer key (TV..) and the digest (/work/shared/clinical/), or the hand computation beside them
(volume = dose / 150 mg/mL, digest §1.3)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .checks import press, wait_gone, wait_shows, watch
from .controls_helpers import choose, handle, typed_and_kept
from .helpers import WAIT_MS, number_box, type_number, wait_input

pytestmark = pytest.mark.browser
NB = "06_nurse_workshop.ipynb"
READY = "text=Keep the syringes in the fridge"
SYRINGE = "svg[aria-label^='Syringe drawn']"
BODY = "svg[aria-label^='Body map of injection sites']"


def _tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    expect(page.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true", timeout=WAIT_MS)


def _shows(page, *texts: str) -> None:
    wait_shows(page, ".ae-dashboard", *texts)


def test_every_step_tab(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    tabs = [t.strip() for t in page.get_by_role("tab").all_inner_texts()]
    assert tabs == ["1 Storage", "2 Dose", "3 Injection", "4 Side effects", "5 When to call", "6 Teach-back"]
    steps = {
        # digest §6: 2-8 °C, no freezing, in the carton; §7 #2: 12 h (SPS) to 72 h (EU PL) out of the fridge;
        # warming 30 minutes (PDR) or 60-90 minutes (AHFS)
        "1 Storage": ["Storage and warming", "Keep the syringes in the fridge, at 2 to 8 °C. Do not freeze them.",
                      "from 12 hours to 72 hours", "guides say 30 minutes, or 60 to 90 minutes"],
        "2 Dose": ["Preparing the dose", "starting dose 20 mg = 0.133 mL"],  # TV10: NOMID 20 kg, 20 mg
        "3 Injection": ["Injection and site rotation", "Day 1 Abdomen, left of the navel"],
        # digest §1.7 / §6: headache 12% vs 9% on placebo; injection-site reactions very common
        "4 Side effects": ["Side effects", "about 12 in 100 people on anakinra had a headache",
                           "where you inject is very common"],
        # digest §6: urgent care for rash with swelling or breathing difficulty; report fever or infection
        "5 When to call": ["When to call", "Get emergency help at once if you have a rash with swelling",
                           "If you have a fever, chills, a cough"],
        "6 Teach-back": ["Score: 0 of 0 answered correctly at the first attempt (10 questions)"],
    }
    for name in tabs[1:] + tabs[:1]:
        _tab(page, name)
        _shows(page, *steps[name])
    expect(page.locator(SYRINGE).locator("visible=true")).to_have_count(0)  # step 2's drawing only on step 2
    _tab(page, "2 Dose")
    expect(page.locator(SYRINGE).locator("visible=true")).to_have_count(1, timeout=WAIT_MS)
    _tab(page, "1 Storage")
    w.clean("controls_06_tabs")


def _dose(page, text: str) -> None:
    wait_shows(page, ".ae-sub", text)


def test_dose_step_controls(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    _tab(page, "2 Dose")
    _dose(page, "NOMID / CINCA (severe CAPS), 20 kg: starting dose 20 mg = 0.133 mL")  # TV10
    expect(page.locator(SYRINGE).locator("visible=true")).to_contain_text("draw to 20 mg = 0.133 mL")
    press(handle(page, "Weight (kg)"), "ArrowRight", 10)  # 10 steps of 0.5 kg: 25 kg × 1 mg/kg = 25 mg
    wait_input(page, number_box(page, "Weight (kg)"), "25")
    _dose(page, "25 kg: starting dose 25 mg = 0.167 mL")  # 25 / 150 = 0.167 mL
    type_number(page, "Weight (kg)", "9")  # TV11: 9 mg = 0.060 mL, below the 20 mg mark: pharmacy preparation
    _dose(page, "9 kg: starting dose 9 mg = 0.060 mL")
    _shows(page, "Below the 20 mg mark: cannot be measured with the syringe; needs pharmacy preparation")
    page.locator(SYRINGE).locator("visible=true").scroll_into_view_if_needed()
    w.clean("controls_06_dose_9kg")
    choose(page, "Indication", "US label · DIRA (deficiency of IL-1 receptor antagonist)")
    type_number(page, "Weight (kg)", "25")
    press(handle(page, "Age (years)"), "ArrowRight", 2)  # 6 → 8 years: TV15, DIRA 25 kg, 25 mg to start
    wait_input(page, number_box(page, "Age (years)"), "8")
    _dose(page, "DIRA (deficiency of IL-1 receptor antagonist), 25 kg: starting dose 25 mg = 0.167 mL")
    wait_gone(page, ".ae-dashboard", "Below the 20 mg mark")
    choose(page, "Indication", "Off-label teaching · Macrophage activation syndrome / secondary HLH")
    type_number(page, "Weight (kg)", "20")  # 10 mg/kg/day in two doses [CHEO-2023]: 10 × 20 / 2 = 100 mg = 0.667 mL
    _dose(page, "20 kg: starting dose 100 mg = 0.667 mL")
    choose(page, "Indication", "Off-label teaching · Gout flare")  # adults only (So 2007, Saag 2021)
    _shows(page, "No dose or syringe shown: Age (years): 8 is not covered by any source for Gout flare",
           "18 years and over")
    expect(page.locator(SYRINGE).locator("visible=true")).to_have_count(0, timeout=WAIT_MS)
    type_number(page, "Age (years)", "200")  # 0 to 110 years
    _shows(page, "No dose or syringe shown: Age (years): 200 is outside the plausible range; allowed: 0 to 110")
    choose(page, "Indication", "US label · Rheumatoid arthritis")
    type_number(page, "Age (years)", "55")
    type_number(page, "Weight (kg)", "70")  # TV01: 100 mg flat = 0.667 mL (digest §1.3: 100 mg/0.67 mL)
    _dose(page, "Rheumatoid arthritis, 70 kg: starting dose 100 mg = 0.667 mL")
    expect(page.locator(SYRINGE).locator("visible=true")).to_have_count(1, timeout=WAIT_MS)
    expect(page.locator(".ae-cleared").locator("visible=true")).to_have_count(0)
    w.clean("controls_06_dose")


def _plan(page) -> str:
    return page.locator(BODY).locator("visible=true").first.get_attribute("aria-label")


def test_injection_step_controls(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    _tab(page, "3 Injection")
    # four sites (digest §6: front of the thigh or the abdomen, rotated), in turn: day d at site (d - 1) mod 4
    _shows(page, "Day 1 Abdomen, left of the navel", "Day 2 Front of the right thigh",
           "Day 3 Abdomen, right of the navel", "Day 4 Front of the left thigh", "Day 14 Front of the right thigh")
    wait_gone(page, ".ae-dashboard", "Day 15")
    assert "Abdomen, left of the navel: days 1, 5, 9, 13" in _plan(page)
    caregiver = page.get_by_role("checkbox", name=re.compile("A caregiver gives some injections"))
    caregiver.click()  # a caregiver adds the back of the upper arms and the buttocks (digest §6): eight sites
    _shows(page, "Day 3 Back of the left upper arm (by a caregiver)", "Day 4 Right buttock, upper outer part")
    page.wait_for_function("s => (document.querySelector(s)?.getAttribute('aria-label') || '')"
                           ".includes('Abdomen, left of the navel: days 1, 9;')", arg=BODY, timeout=WAIT_MS)
    press(handle(page, "Plan length (days)"), "ArrowRight", 14)  # 14 → 28 days (4 weeks)
    wait_input(page, number_box(page, "Plan length (days)"), "28")
    # day 28: (28 - 1) mod 8 = 3, the fourth site; day 25 back at the first
    _shows(page, "Day 25 Abdomen, left of the navel", "Day 28 Right buttock, upper outer part (by a caregiver)")
    page.locator(BODY).locator("visible=true").scroll_into_view_if_needed()
    w.clean("controls_06_rotation_28_caregiver")
    type_number(page, "Plan length (days)", "29")  # 14 to 28 days (2-4 weeks)
    _shows(page, "No rotation plan or body map shown: Plan length (days): 29 is outside the plausible range; "
           "allowed: 14 to 28")
    expect(page.locator(BODY).locator("visible=true")).to_have_count(0, timeout=WAIT_MS)
    type_number(page, "Plan length (days)", "21")  # day 21: (21 - 1) mod 8 = 4, abdomen right of the navel
    _shows(page, "Day 21 Abdomen, right of the navel")
    wait_gone(page, ".ae-dashboard", "Day 22")
    expect(page.locator(BODY).locator("visible=true")).to_have_count(1, timeout=WAIT_MS)
    caregiver.click()  # four sites again: day 21, (21 - 1) mod 4 = 0, the first site
    _shows(page, "Day 21 Abdomen, left of the navel")
    wait_gone(page, ".ae-dashboard", "by a caregiver)")
    w.clean("controls_06_rotation")


# The ten teach-back questions with the right choice (its opening words) and where the digest says so
TEACHBACK = [
    ("Day 10 of anakinra.", "Call the rheumatology team today"),  # §6 infections: report promptly
    ("Her syringe has been out of the fridge", "Check the leaflet that came with her product"),  # §7 #2
    ("He asks how to warm the syringe", "Leave it out of the box at room temperature"),  # §6 warming
    ("Week 2: a red, itchy patch", "This is very common and usually settles"),  # §6 ISRs
    ("A 9 kg child is prescribed 18 mg a day", "It is below the syringe's lowest mark (20 mg)"),  # §1.3, TV11
    ("He is going abroad", "Yellow fever vaccine is live"),  # §6 live vaccines
    ("A man with Schnitzler syndrome", "Contact the team today"),  # §6 missed dose; 24-48 h relapse (TV31)
    ("She asks where to inject", "The front of the thigh or the belly"),  # §6 injection technique
    ("Another doctor has just prescribed her etanercept", "Do not start it yet"),  # §6 other biologics, TV07
    ("She has just had a baby", "The sources disagree"),  # §6 / §7 #3 breastfeeding, TV36
]


def _q(page, prompt: str):
    return page.locator(".widget-vbox:visible").filter(has_text=prompt).last


def _answer(q, text: str, verdict: str) -> None:
    letter = re.search(r"([a-d])\) " + re.escape(text), " ".join(q.inner_text().split())).group(1)
    q.get_by_role("radio", name=f"{letter})", exact=True).click()
    q.get_by_role("button", name="Check my answer").click()
    expect(q).to_contain_text(verdict, timeout=WAIT_MS)


def test_teach_back_every_question(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    _tab(page, "6 Teach-back")
    first = _q(page, TEACHBACK[0][0])
    _answer(first, "Take paracetamol, carry on as usual", "✘ Not quite.")  # wrong first
    first.get_by_role("button", name="Try again").click()
    expect(first).not_to_contain_text("Not quite.", timeout=WAIT_MS)
    _answer(first, TEACHBACK[0][1], "✔ Correct.")
    _shows(page, "Score: 0 of 1 answered correctly at the first attempt")  # the first attempt counts
    for n, (prompt, right) in enumerate(TEACHBACK[1:], start=1):
        _answer(_q(page, prompt), right, "✔ Correct.")
        _shows(page, f"Score: {n} of {n + 1} answered correctly at the first attempt")
    _shows(page, "Score: 9 of 10 answered correctly at the first attempt (10 questions)")
    _tab(page, "1 Storage")  # the answers stay when the facilitator moves through the steps
    _tab(page, "6 Teach-back")
    _shows(page, "Score: 9 of 10 answered correctly at the first attempt (10 questions)")
    expect(_q(page, TEACHBACK[-1][0])).to_contain_text("✔ Correct.")
    w.clean("controls_06_teachback")


# Each site's marker on the body map is a circle of radius 21 with its days written inside in white: a label wider
# than the circle's 42 units runs onto the white page, where its first and last characters cannot be read.
OVERFLOW = """s => { const svg = [...document.querySelectorAll(s)].find(e => e.checkVisibility());
  return [...svg.querySelectorAll('circle + text')].filter(t => /\\d/.test(t.textContent)).map(t => {
    const b = t.getBBox(), c = t.previousElementSibling.getBBox();
    return [t.textContent, b.x >= c.x - 0.5 && b.x + b.width <= c.x + c.width + 0.5]; }).filter(x => !x[1])
    .map(x => x[0]); }"""


def test_body_map_day_labels_fit_their_markers(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    _tab(page, "3 Injection")
    assert page.evaluate(OVERFLOW, BODY) == []  # the 14-day plan's labels fit
    page.get_by_role("checkbox", name=re.compile("A caregiver gives some injections")).click()
    type_number(page, "Plan length (days)", "28")
    _shows(page, "Day 28 Right buttock, upper outer part (by a caregiver)")
    page.locator(BODY).locator("visible=true").scroll_into_view_if_needed()
    w.clean("controls_06_body_map_labels")
    assert page.evaluate(OVERFLOW, BODY) == []


def test_typed_weight_between_steps_is_kept(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    _tab(page, "2 Dose")
    _dose(page, "20 kg: starting dose 20 mg = 0.133 mL")
    # NOMID 1 mg/kg × 9.2 kg = 9.2 mg = 9.2 / 150 = 0.061 mL
    assert typed_and_kept(page, "Weight (kg)", "9.2",
                          lambda: "9.2 kg: starting dose 9.2 mg = 0.061 mL" in " ".join(
                              page.locator(".ae-sub").locator("visible=true").first.inner_text().split()),
                          shown=lambda: page.locator(".ae-sub").locator("visible=true").first.inner_text())
