"""Every control of the case studies (notebook 05) operated as a trainee does at 1280×720: numeric, yes/no and
multiple-choice answers right and wrong, Try again, the model answer, moving between cases, the audience,
difficulty and indication filters, the worksheet download and presentation mode. Persistence over a reload is
tests/browser/test_case_progress.py's. Expected answers: the answer key (TV02, TV05, TV11) and the digest
(/work/shared/clinical/), or the hand computation beside them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .checks import CUT, wait_shows, watch
from .controls_helpers import choose, download, options, wait_every_option
from .helpers import WAIT_MS

pytestmark = pytest.mark.browser
NB = "05_case_studies.ipynb"
READY = "text=kept in this browser"  # the browser's copy of the progress reached the kernel
SCORE = ".ae-case-score"
TV02 = "An 80-year-old woman with RA: which kidney estimate decides? (intermediate)"
TV11 = "A 9 kg infant with NOMID: a dose the syringe cannot measure (introductory)"
TV05 = "RA on hemodialysis: the interval, and whether to top up after dialysis (intermediate)"


def _q(page, prompt: str):
    """The box of one question (the innermost box holding its prompt)."""
    return page.locator(".widget-vbox").filter(has_text=prompt).last


def _check(q, verdict: str) -> None:
    q.get_by_role("button", name="Check my answer").click()
    expect(q).to_contain_text(verdict, timeout=WAIT_MS)


def _type(q, text: str) -> None:
    box = q.locator("input[type=text]")
    box.fill(text)
    box.press("Enter")


def _choice(q, text: str) -> None:
    """Pick the lettered choice whose text starts with ``text`` (as the trainee reads it, then clicks its letter)."""
    letter = re.search(r"([a-d])\) " + re.escape(text), " ".join(q.inner_text().split())).group(1)
    q.get_by_role("radio", name=f"{letter})", exact=True).click()


def _score(page, text: str) -> None:
    expect(page.locator(SCORE)).to_contain_text(text, timeout=WAIT_MS)


def _open(page, w) -> None:
    w.open(NB, ready=READY)
    page.wait_for_selector("text=Check my answer", timeout=WAIT_MS)


def test_answers_right_and_wrong_and_try_again(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    _open(page, w)
    crcl = _q(page, "What is her creatinine clearance by Cockcroft–Gault with actual body weight (mL/min)?")
    _type(crcl, "38")  # the eGFR on her report (TV02: CKD-EPI 38.0), not the clearance
    _check(crcl, "✘ Not quite.")
    expect(crcl.locator(".ae-attempts")).to_have_text("Attempts: 1 (first: not right)", timeout=WAIT_MS)
    _score(page, "This case: 0 of 1")
    crcl.get_by_role("button", name="Try again").click()
    expect(crcl.locator("input[type=text]")).to_have_value("", timeout=WAIT_MS)
    _type(crcl, "25.3")  # TV02: Cockcroft–Gault, actual weight, 25.3 mL/min
    _check(crcl, "✔ Correct.")
    expect(crcl.locator(".ae-attempts")).to_contain_text("(first: not right)")  # the first attempt is what counts
    _score(page, "This case: 0 of 1")
    eod = _q(page, "Does the label's every-other-day consideration apply to her?")
    eod.get_by_text("Yes", exact=True).click()  # TV02: renal adjustment applied (25.3 is below 30)
    _check(eod, "✔ Correct.")
    _score(page, "This case: 1 of 2")
    why = _q(page, "Why does the rule use creatinine clearance and not the eGFR on her report?")
    _choice(why, "eGFR is not reliable above 60")
    _check(why, "✘ Not quite.")
    why.get_by_role("button", name="Try again").click()
    # digest §5: the label's variable is creatinine clearance < 30 mL/min estimated from serum creatinine
    _choice(why, "The label's threshold is stated as creatinine clearance")
    _check(why, "✔ Correct.")
    _score(page, "This case: 1 of 3")
    wait_shows(page, SCORE, "Apply the label's creatinine-clearance threshold, not eGFR, to decide the interval 1 of 3")
    why.scroll_into_view_if_needed()
    w.clean("controls_05_answers")


def test_moving_between_cases_and_the_model_answer(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    _open(page, w)
    assert len(options(page, "Case")) == 20
    choose(page, "Case", TV11)
    wait_shows(page, ".ae-dashboard", "An 8-month-old with NOMID weighs 9 kg")
    _score(page, "This case: 0 of 0")  # a new case starts with its own score
    low = _q(page, "What is the lowest starting dose per day (mg)?")
    _type(low, "9")  # TV11: 1 mg/kg × 9 kg = 9 mg
    _check(low, "✔ Correct.")
    below = _q(page, "Is this dose below the syringe's lowest graduation?")
    below.get_by_text("No", exact=True).click()  # TV11: below the 20 mg mark, yes
    _check(below, "✘ Not quite.")
    below.get_by_role("button", name="Try again").click()
    below.get_by_text("Yes", exact=True).click()
    _check(below, "✔ Correct.")
    _score(page, "This case: 1 of 2")
    how = _q(page, "How would you arrange for this dose to be given, and what would you tell the parents?")
    how.get_by_role("button", name="Show model answer").click()  # digest §1.3: pharmacy prepares doses below 20 mg
    expect(how).to_contain_text("A pharmacy-prepared syringe with the exact volume", timeout=WAIT_MS)
    _score(page, "This case: 1 of 2")  # a reflection is not scored
    choose(page, "Case", TV05)
    wait_shows(page, ".ae-dashboard", "Inputs:")
    _score(page, "This case: 0 of 0")
    eod = _q(page, "Does the label's every-other-day consideration apply to him?")
    eod.get_by_text("Yes", exact=True).click()  # TV05: ESRD on hemodialysis, consider every other day
    _check(eod, "✔ Correct.")
    interval = _q(page, "At what interval would the prescribed 100 mg dose be given")
    _type(interval, "24")
    _check(interval, "✘ Not quite.")
    interval.get_by_role("button", name="Try again").click()
    _type(interval, "48")  # every other day = every 48 h
    _check(interval, "✔ Correct.")
    after = _q(page, "The dialysis nurse asks whether he needs an extra dose after each session.")
    _choice(after, "No supplemental dose is described")  # TV05: HD/CAPD removed < 2.5% of the dose (Yang 2003)
    _check(after, "✔ Correct.")
    _score(page, "This case: 2 of 3")
    choose(page, "Case", TV11)  # back: this case's answers and score are still there
    expect(_q(page, "What is the lowest starting dose per day (mg)?").locator("input[type=text]")).to_have_value(
        "9", timeout=WAIT_MS)
    _score(page, "This case: 1 of 2")
    choose(page, "Case", TV02)
    _score(page, "This case: 0 of 0")
    w.clean("controls_05_moving")


def test_filters_worksheet_and_presentation(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    _open(page, w)
    link = page.locator("a[download]")
    expect(link).to_contain_text("Download the worksheet (20 cases, HTML)")
    choose(page, "Audience", "Nurse")
    expect(link).not_to_contain_text("(20 cases", timeout=WAIT_MS)
    page.wait_for_function(  # the menu and the worksheet agree on how many cases the filter leaves
        """() => { const a = document.querySelector('a[download]'), s = [...document.querySelectorAll('select')]
             .find(e => e.closest('.widget-dropdown').innerText.startsWith('Case'));
           return a && s && a.innerText.includes('(' + s.options.length + ' cases'); }""", timeout=WAIT_MS)
    nurse = options(page, "Case")
    assert 0 < len(nurse) < 20
    for title in nurse:  # each case the filter leaves is for nurses
        choose(page, "Case", title)
        page.wait_for_function(  # the case shown is this one, and its line 'For: ...' names nurses
            """t => [...document.querySelectorAll('.widget-html')].some(e => {
                 const s = e.innerText.replace(/\\s+/g, ' ');
                 return s.startsWith(t) && /For: [^·]*\\bnurse\\b/.test(s); })""",
            arg=title.rsplit(" (", 1)[0], timeout=WAIT_MS)
    choose(page, "Difficulty", "Advanced")
    expect(link).not_to_contain_text(f"({len(nurse)} cases", timeout=WAIT_MS)
    advanced = wait_every_option(page, "Case", "(advanced)")
    assert set(advanced) < set(nurse), advanced
    expect(link).to_contain_text(f"({len(advanced)} cases, HTML)")
    name, content = download(page, "Download the worksheet")  # a real download: the filtered cases only
    assert name.endswith(".html")
    for title in advanced:
        assert title.rsplit(" (", 1)[0] in content
    for title in set(nurse) - set(advanced):
        assert title.rsplit(" (", 1)[0] not in content
    assert "Answer:" not in content and "Instructor notes" not in content  # the trainee's copy
    choose(page, "Indication", "Gout flare")  # nurse, advanced and gout: none
    wait_shows(page, ".ae-dashboard", "No case matches these filters.", "No download: no case matches the filters")
    expect(link).to_have_count(0)
    choose(page, "Audience", "Any audience")
    choose(page, "Difficulty", "Any difficulty")
    expect(link).to_have_count(1, timeout=WAIT_MS)
    wait_every_option(page, "Case", "gout")  # TV27: the gout flare below 30 mL/min
    choose(page, "Indication", "Schnitzler syndrome")
    wait_every_option(page, "Case", "Schnitzler")
    choose(page, "Indication", "Any indication")
    expect(link).to_contain_text("Download the worksheet (20 cases, HTML)", timeout=WAIT_MS)
    toggle = page.get_by_role("button", name="Presentation mode (large text)")
    toggle.click()
    page.wait_for_selector(".ae-dashboard.ae-present", timeout=WAIT_MS)
    page.wait_for_timeout(300)
    assert page.evaluate(CUT) == []  # nothing cut at the larger size
    w.clean("controls_05_filters_present")
    toggle.click()
    page.wait_for_selector(".ae-dashboard:not(.ae-present)", timeout=WAIT_MS)
