"""Presentation mode at 1280×720: everything the room reads is larger and no label, button or option is cut;
``?present=1`` turns it on in app mode served as ``make serve`` serves it (pre-started kernels, which never see
the page's URL)."""

from __future__ import annotations

import pytest

from .conftest import shot
from .helpers import WAIT_MS, open_app

pytestmark = pytest.mark.browser

# a one-line element of each dashboard's result: its rendered height follows the text size
DASHBOARDS = {"01_dosing_explorer.ipynb": ".ae-card .ae-badge",
              "02_kidney_function.ipynb": ".ae-result .vega-embed svg text",
              "03_onset_and_pharmacokinetics.ipynb": ".ae-result .vega-embed svg text",
              "04_safety_counseling.ipynb": ".ae-card .ae-badge", "06_nurse_workshop.ipynb": ".ae-card .ae-badge"}

# A text is cut when its box is narrower than its content (an ellipsis or a clipped end).
CUT = """() => [...document.querySelectorAll(
    '.ae-dashboard label, .ae-dashboard button, .ae-dashboard option, .ae-dashboard .widget-label, '
    + '.ae-dashboard .lm-TabBar-tabLabel, .ae-dashboard select')]
  .filter(e => e.checkVisibility() && e.clientWidth > 0 && e.scrollWidth > e.clientWidth)
  .map(e => (e.innerText || e.value || '').trim().slice(0, 40))"""

SEEN_PAGE_MARK = """window.__presentPage = false;
setInterval(() => { if (document.body && document.body.classList.contains('ae-present-page'))
  window.__presentPage = true; }, 5);"""


def _heights(page, selector: str) -> tuple[float, float]:
    """Rendered heights of the presentation toggle (the dashboard's header) and of the first result element [px]."""
    label = page.locator(".ae-present-toggle").first.bounding_box()
    result = page.locator(selector).first.bounding_box()
    return label["height"], result["height"]


def _cut_labels(page, notebook: str) -> list[str]:
    cut = page.evaluate(CUT)
    if notebook.startswith("06"):  # every step of the workshop, as the facilitator clicks through them
        for tab in page.get_by_role("tab").all():
            tab.click()
            page.wait_for_timeout(300)
            cut += page.evaluate(CUT)
        page.get_by_role("tab").first.click()  # back to the first step
        page.wait_for_timeout(300)
    return cut


@pytest.mark.parametrize("notebook", sorted(DASHBOARDS))
def test_toggle_enlarges_and_cuts_no_label(page, voila_server: str, notebook: str) -> None:
    selector = DASHBOARDS[notebook]
    open_app(page, voila_server, notebook, ready=".ae-present-toggle")
    page.wait_for_selector(selector, timeout=WAIT_MS)
    assert _cut_labels(page, notebook) == [], "cut at normal size"
    label, result = _heights(page, selector)
    page.get_by_role("button", name="Presentation mode (large text)").click()
    page.wait_for_selector(".ae-dashboard.ae-present", timeout=WAIT_MS)
    page.wait_for_timeout(300)
    big_label, big_result = _heights(page, selector)
    assert big_label >= 1.3 * label and big_result >= 1.3 * result, (label, big_label, result, big_result)
    shot(page, f"present_{notebook[:2]}_1280x720")
    assert _cut_labels(page, notebook) == []
    page.get_by_role("button", name="Presentation mode (large text)").click()  # and off again
    page.wait_for_selector(".ae-dashboard:not(.ae-present)", timeout=WAIT_MS)


@pytest.mark.parametrize("notebook", ["01_dosing_explorer.ipynb", "06_nurse_workshop.ipynb"])
def test_present_in_the_url_under_make_serve(page, voila_server: str, notebook: str) -> None:
    # voila_server runs make serve's command: anakinra-edu serve, a pre-started kernel per notebook
    page.add_init_script(SEEN_PAGE_MARK)
    page.goto(f"{voila_server}/voila/render/{notebook}?present=1", timeout=90_000)
    page.wait_for_selector(".ae-dashboard.ae-present", timeout=90_000)
    assert page.evaluate("() => window.__presentPage")  # the page itself marked it, before any kernel answer
    toggle = page.get_by_role("button", name="Presentation mode (large text)")
    page.wait_for_function("() => document.querySelector('.ae-present-toggle').classList.contains('mod-active')",
                           timeout=WAIT_MS)  # the toggle shows the mode
    page.wait_for_function("() => !document.body.classList.contains('ae-present-page')", timeout=WAIT_MS)
    zoom = page.evaluate("() => getComputedStyle(document.querySelector('.ae-dashboard')).zoom")
    assert float(zoom) > 1.3  # larger text, figures and drawings
    assert _cut_labels(page, notebook) == []
    shot(page, f"present_url_{notebook[:2]}_1280x720")
    toggle.click()  # the presenter can still turn it off
    page.wait_for_selector(".ae-dashboard:not(.ae-present)", timeout=WAIT_MS)
    assert float(page.evaluate("() => getComputedStyle(document.querySelector('.ae-dashboard')).zoom")) == 1
