"""Every control of the onset and pharmacokinetics dashboard (notebook 03) operated as a user does at 1280×720:
each indication of the onset drop-down (the windows each source gives, the chart's highlight), then the PK panel's
creatinine clearance (typed, arrow keys, out of range), the regimen toggle and the missed dose. Expected windows
from the digest's onset table (/work/shared/clinical/anakinra_facts.md §4, §2.7); PK figures from the hand
computation beside them (the digest's §1.5: t½ 4–6 h, median 5.7 h; Yang 2003 log10(CL/F) = 1.65 + 0.0062·CLcr)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .checks import press, text_of, wait_gone, wait_shows, watch
from .conftest import shot
from .controls_helpers import active, button, chart_shows, choose, handle, options, typed_and_kept
from .helpers import WAIT_MS, number_box, stays, type_number, wait_input

pytestmark = pytest.mark.browser
NB = "03_onset_and_pharmacokinetics.ipynb"
READY = ".ae-result .vega-embed svg"
SOURCES = ".widget-html"  # the heading and the table of what each source says are one block

# Each indication of the menu with windows the digest gives for it (§4 unless said):
ONSET = [
    # ACR fact sheet 4 to 6 weeks; EU SmPC 5.1 within 2 weeks, maximal within 12; Sobi US within 3 months;
    # Cohen 2002 ACR20 at week 12: weeks to months
    ("Rheumatoid arthritis", ["4 weeks to 6 weeks", "within 2 weeks", "within 12 weeks", "within 3 months",
                              "at 12 weeks"]),
    ("NOMID / CINCA (severe CAPS)", ["at 3 months"]),  # Goldbach-Mansky 2006: SAA at month 3
    ("CAPS (FCAS / MWS / NOMID-CINCA)", ["within 10 days"]),  # §2.7 KINDERFORMULARIUM: within 10 days
    # Fitzgerald 2005 afebrile within hours; Kötter 2007 1-3 days; Laskari 2011 median 0.2 months × 30.4 d = 6.08 d
    ("Adult-onset Still's disease", ["within 24 h", "24 h to 3 days", "at 6.08 days"]),
    ("Still's disease (SJIA and AOSD)", ["within 24 h", "at 3 months"]),  # AOSD hours; Vastert 2014 3 months
    ("Systemic juvenile idiopathic arthritis", ["at 1 month", "at 3 months", "at 7 days"]),  # ANAJIS, Vastert, Fautrel
    ("Gout flare", ["24 h to 3 days", "2 days to 4 days"]),  # Saag 2021 24-72 h; Janssen 2019 days 2-4
    ("Schnitzler syndrome", ["within 24 h"]),  # de Koning 2006
    ("Macrophage activation syndrome / secondary HLH", ["at 24 h"]),  # Baverez 2022: median 1 day
    ("Familial Mediterranean fever", ["at 4 months"]),  # Ben-Zvi 2017: over 4 months
    ("COVID-19 pneumonia (suPAR ≥6 ng/mL)", ["at 4 weeks"]),  # SAVE-MORE endpoint at day 28
]
WEEKS_OR_MORE = re.compile(r"\b(week|month)s?\b")


def _sources(page, name: str) -> str:
    return " ".join(page.locator(SOURCES, has_text=f"{name}: what each source says").first.inner_text().split())


def _whens(page, name: str) -> list[str]:
    """The 'When' column of the table of what each source says about ``name``."""
    block = page.locator(SOURCES, has_text=f"{name}: what each source says").first
    return block.locator("tr td:nth-child(3)").all_inner_texts()


def test_every_indication_of_the_onset_menu(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    assert options(page, "Indication") == [o[0] for o in ONSET]  # every one is tried below
    for name, windows in [*ONSET[1:], ONSET[0]]:  # RA, the opening choice, last: each is a change
        choose(page, "Indication", name)
        wait_shows(page, SOURCES, f"{name}: what each source says", *windows)
        chart_shows(page, f"highlighted: {name}")  # the timeline highlights the chosen indication
        wait_shows(page, ".ae-caption", f"Highlighted, {name}:")
        if name in ("Adult-onset Still's disease", "Schnitzler syndrome", "Gout flare",
                    "Macrophage activation syndrome / secondary HLH"):
            # autoinflammatory and acute: hours to days, no window in weeks or months
            whens = _whens(page, name)
            assert whens and not any(WEEKS_OR_MORE.search(t) for t in whens), whens
    # RA is weeks: the fact sheet's 4-6 weeks and the SmPC's 2 weeks are both shown, neither averaged
    ra = _sources(page, "Rheumatoid arthritis")
    assert "ACR fact sheet" in ra and "label / SmPC" in ra and "hours" not in ra
    page.locator(".ae-split").first.evaluate("e => e.scrollIntoView({block: 'start'})")
    w.clean("controls_03_onset_menu")


def _pk_row(page, label: str) -> str:
    """The PK table's row for ``label`` (e.g. 'Daily, CrCl 20 mL/min'), spaces normalised."""
    row = page.locator("tr:visible", has_text=label).first
    row.wait_for(timeout=WAIT_MS)
    return " ".join(row.inner_text().split())


def _ratio(page, label: str) -> float:
    """The AUC ratio ('(3.12×)') of the PK table's row ``label``."""
    wait_shows(page, "tr", label, "×)")
    return float(re.search(r"\(([\d.]+)×\)", _pk_row(page, label)).group(1))


def test_pk_crcl_regimen_and_missed_dose(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    crcl = number_box(page, "CrCl (mL/min)")
    wait_input(page, crcl, "100")
    chart_shows(page, "100 mg daily at CrCl 100 mL/min")
    assert _ratio(page, "Daily, CrCl 100 mL/min") == 1.00  # the chosen regimen is the reference itself
    # CrCl 20, daily: at steady state the 48 h AUC ratio is CL(100) / CL(20) = 10^(0.0062 × 80) = 3.13 (Yang 2003);
    # the last 48 h of one week are close to steady state (within 0.05)
    type_number(page, "CrCl (mL/min)", "20")
    chart_shows(page, "100 mg daily at CrCl 20 mL/min")
    assert _ratio(page, "Daily, CrCl 20 mL/min") == pytest.approx(3.13, abs=0.05)
    button(page, "Every other day").click()  # one dose in 48 h instead of two: 3.13 / 2 = 1.57
    active(page, "Every other day")
    chart_shows(page, "100 mg every other day at CrCl 20 mL/min")
    assert _ratio(page, "Every other day, CrCl 20 mL/min") == pytest.approx(1.57, abs=0.05)
    wait_shows(page, ".ae-caption", "100 mg every other day at CrCl 20 mL/min: AUC over the last 48 h")
    press(handle(page, "CrCl (mL/min)"), "ArrowRight", 1)  # a step of 1 mL/min
    wait_input(page, crcl, "21")
    chart_shows(page, "100 mg every other day at CrCl 21 mL/min")
    _pk_row(page, "Every other day, CrCl 21 mL/min")
    press(handle(page, "CrCl (mL/min)"), "ArrowLeft", 1)
    wait_input(page, crcl, "20")
    chart_shows(page, "100 mg every other day at CrCl 20 mL/min")
    assert stays(page, lambda: crcl.input_value() == "20")
    button(page, "Daily").click()
    type_number(page, "CrCl (mL/min)", "100")
    chart_shows(page, "100 mg daily at CrCl 100 mL/min")
    _missed_dose(page)
    _invalid_crcl(page)
    page.locator(".ae-split").nth(1).evaluate("e => e.scrollIntoView({block: 'start'})")
    w.clean("controls_03_pk")


def _missed_dose(page) -> None:
    missed = page.get_by_role("checkbox", name="Miss the day-4 dose")
    missed.click()
    chart_shows(page, "dose missed (day 4)")
    # 48 h after the day-3 dose instead of 24 h: the usual trough falls a further 24 h, 2^(-24/t½) of it:
    # 2^(-24/6) = 6.25% to 2^(-24/4) = 1.6% (t½ 4-6 h; 5.7 h gives 5.4%)
    row = _pk_row(page, "Missed day-4 dose: lowest level in the next 48 h")
    share = float(re.search(r"\((\d+)% of the usual trough\)", row).group(1))
    assert 1.6 <= share <= 6.25, row
    wait_shows(page, ".ae-caption", "With the day-4 dose missed the level falls to")
    missed.click()  # untick: the missed-dose line and row leave
    wait_gone(page, "tr", "Missed day-4 dose")
    wait_gone(page, ".ae-caption", "With the day-4 dose missed")
    expect(page.locator(".vega-embed svg.marks text", has_text="dose missed (day 4)")).to_have_count(0)


def _invalid_crcl(page) -> None:
    charts = page.locator(".vega-embed svg.marks").locator("visible=true")
    expect(charts).to_have_count(2, timeout=WAIT_MS)  # the timeline and the PK chart
    type_number(page, "CrCl (mL/min)", "500")  # 0 to 200 mL/min: the PK chart and table give the reason
    reason = "CrCl (mL/min): 500 is outside the plausible range; allowed: 0 to 200 mL/min"
    wait_shows(page, ".ae-cleared", f"No figure shown: {reason}")
    wait_shows(page, ".ae-split", f"No result shown: {reason}")
    expect(charts).to_have_count(1, timeout=WAIT_MS)  # the timeline stays, the PK chart is gone
    wait_gone(page, "tr", "Daily, CrCl")
    page.locator(".ae-cleared").first.scroll_into_view_if_needed()
    shot(page, "controls_03_invalid_crcl")
    type_number(page, "CrCl (mL/min)", "100")
    expect(charts).to_have_count(2, timeout=WAIT_MS)
    assert _ratio(page, "Daily, CrCl 100 mL/min") == 1.00
    assert "No figure shown" not in text_of(page, ".ae-dashboard")


def test_typed_crcl_29_9_is_kept(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready=READY)
    assert typed_and_kept(page, "CrCl (mL/min)", "29.9",
                          lambda: "Daily, CrCl 29.9 mL/min" in text_of(page, ".ae-dashboard"),
                          shown=lambda: [t for t in page.locator("tr").all_inner_texts() if "CrCl" in t])
