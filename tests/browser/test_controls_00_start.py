"""The landing page (notebook 00) at 1280×720: every link on it opens its dashboard in app mode (the href
resolves under Voilà, the page renders its controls), nothing is cut, nothing leaves 127.0.0.1."""

from __future__ import annotations

import pytest

from .checks import CUT, watch
from .conftest import shot
from .helpers import WAIT_MS

pytestmark = pytest.mark.browser
NB = "00_start_here.ipynb"

# every link of the landing page, with what its dashboard shows once rendered (the map of the notebooks)
LINKS = {
    "01 Dosing explorer": ("01_dosing_explorer.ipynb", ".ae-card .ae-dose"),
    "02 Kidney function": ("02_kidney_function.ipynb", ".ae-result table"),
    "03 Onset and pharmacokinetics": ("03_onset_and_pharmacokinetics.ipynb", ".ae-result .vega-embed svg"),
    "04 Safety counseling": ("04_safety_counseling.ipynb", ".ae-result li"),
    "05 Case studies": ("05_case_studies.ipynb", "text=Check my answer"),
    "06 Nurse workshop": ("06_nurse_workshop.ipynb", ".lm-TabBar-tab"),
}


def test_every_link_opens_its_dashboard(page, voila_server: str) -> None:
    w = watch(page, voila_server)
    w.open(NB, ready="text=Position A")  # the last cell: the page is fully rendered
    hrefs = page.locator("#rendered_cells a[href]").evaluate_all(
        "as => as.map(a => [a.innerText.trim().replace(/\\s+/g, ' '), a.getAttribute('href')])")
    # the headings' own anchors ("¶"): each names an element of this page
    unresolved = page.evaluate("hs => hs.filter(h => !document.getElementById(h.slice(1)) && "
                               "!document.getElementById(decodeURIComponent(h.slice(1))))",
                               [h for _, h in hrefs if h.startswith("#")])
    assert unresolved == []
    names = [n for n, h in hrefs if not h.startswith("#")]
    assert sorted(names) == sorted(LINKS), names  # no other link is left untried, none is missing
    w.clean("controls_00_start")
    for name, (notebook, ready) in list(LINKS.items())[1:]:  # each in a new tab, as a facilitator opens them
        with page.context.expect_page(timeout=WAIT_MS) as opened:
            page.get_by_role("link", name=name, exact=True).click(modifiers=["Control"])
        tab = opened.value
        w.attach(tab)
        tab.wait_for_selector(ready, timeout=90_000)
        assert tab.url == f"{voila_server}/voila/render/{notebook}", tab.url
        tab.wait_for_selector(".ae-dashboard", timeout=WAIT_MS)
        shot(tab, f"controls_00_to_{notebook[:2]}")
        assert tab.evaluate(CUT) == [], notebook
        tab.close(run_before_unload=True)
    name, (notebook, ready) = next(iter(LINKS.items()))  # and one in this tab: leaving the page stops its kernel
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_selector(ready, timeout=90_000)
    assert page.url == f"{voila_server}/voila/render/{notebook}", page.url
    w.clean(f"controls_00_to_{notebook[:2]}")  # no refused request (the kernel shutdown needs the XSRF cookie)
