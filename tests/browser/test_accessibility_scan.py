"""Accessibility scan of every app page with axe-core: no violation of impact "serious" or "critical".

axe-core comes from the npm registry, pinned (``make test`` installs it into ``.axe/`` as ``make test-room``
installs the hub's proxy): the engine itself at one exact version, rather than a Python wrapper that bundles its
own older copy and would have to be pinned in both the test extra and environment.yml; nothing is fetched at
test time (the script is read from disk and injected into the page).

Each of the seven notebooks is opened in app mode (``make serve``'s command, 1280×720) and scanned once its
dashboard has rendered and the page has stopped changing; then again with presentation mode on; the nurse
workshop is scanned on each of its tabs. A scan that did not see the page's controls fails too: every visible
slider handle, number box, drop-down and button must be among the nodes axe checked and passed for its name.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from .conftest import ARTIFACTS, shot
from .helpers import WAIT_MS

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
AXE_VERSION = re.search(r"^AXE_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.M).group(1)
AXE = ROOT / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")

# What shows that each page has rendered (its dashboard, or the start page's table).
READY = {
    "00_start_here.ipynb": ".jp-RenderedHTMLCommon table",
    "01_dosing_explorer.ipynb": ".ae-card .ae-dose",
    "02_kidney_function.ipynb": ".ae-result .vega-embed svg",
    "03_onset_and_pharmacokinetics.ipynb": ".ae-result .vega-embed svg",
    "04_safety_counseling.ipynb": ".vega-embed svg",
    "05_case_studies.ipynb": "button:has-text('Check my answer')",
    "06_nurse_workshop.ipynb": ".lm-TabBar-tab",
}
WITH_DASHBOARD = sorted(n for n in READY if not n.startswith("00"))

# Rules excluded because the violation is in third-party markup this project cannot change. Each entry says
# which markup and why; keep it short.
EXCLUDED: dict[str, str] = {}

# No rule in EXCLUDED is run; the result is summarised per node (a rule's impact is its worst node's).
# ``undecided``: nodes axe could not judge (e.g. text over a drawing), kept in the report for a person to look at.
RUN_AXE = """async (excluded) => {
  const rules = Object.fromEntries(excluded.map(id => [id, {enabled: false}]));
  const r = await axe.run(document, {rules});
  const count = rs => Object.fromEntries(rs.map(x => [x.id, x.nodes.length]));
  return {
    version: axe.version,
    violations: r.violations.flatMap(v => v.nodes.map(n => ({
      id: v.id, impact: n.impact || v.impact, help: v.help, target: n.target.join(' '),
      summary: (n.failureSummary || '').split('\\n').slice(0, 3).join(' ')}))),
    passes: count(r.passes),
    incomplete: count(r.incomplete),
    undecided: r.incomplete.flatMap(v => v.nodes.map(n => ({
      id: v.id, target: n.target.join(' '), summary: (n.failureSummary || '').split('\\n').slice(0, 3).join(' ')}))),
    inapplicable: r.inapplicable.map(x => x.id),
  };
}"""

# The controls a user can reach on the page now (visible), by kind; axe's rule that checks each one's name.
CONTROLS = """() => {
  const shown = s => [...document.querySelectorAll(s)].filter(e => e.checkVisibility()).length;
  return {
    'aria-input-field-name': shown('.noUi-handle[role=slider]'),
    'label': shown('input:not([type=hidden]):not([type=button]):not([type=submit]), textarea'),
    'select-name': shown('select'),
    'button-name': shown('button'),
  };
}"""

# Polled: true once the page's element count has held for a second (the kernel's last outputs are in).
SETTLED = """() => {
  const n = document.querySelectorAll('*').length, now = performance.now();
  if (window.__axeCount !== n) { window.__axeCount = n; window.__axeSince = now; return false; }
  return now - window.__axeSince > 1000;
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        reason = f"{AXE.relative_to(ROOT)} is missing (make test installs axe-core@{AXE_VERSION} from npm)"
        if os.environ.get("ANAKINRA_EDU_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


def settle(page) -> None:
    page.wait_for_function(SETTLED, polling=250, timeout=WAIT_MS)


def open_page(page, url: str, notebook: str) -> None:
    page.goto(f"{url}/voila/render/{notebook}", timeout=90_000)
    page.wait_for_selector(READY[notebook], state="visible", timeout=90_000)
    settle(page)


def scan(page, axe_source: str, name: str) -> dict:
    """Inject axe into the page, run it, keep the report in artifacts/ and return it."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source)
    report = page.evaluate(RUN_AXE, sorted(EXCLUDED))
    assert report["version"] == AXE_VERSION
    report["controls"] = page.evaluate(CONTROLS)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe_{name}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    shot(page, f"axe_{name}")
    return report


def serious(report: dict) -> list[str]:
    return [f"{v['id']} ({v['impact']}) {v['help']}: {v['target']} — {v['summary']}"
            for v in report["violations"] if v["impact"] in SERIOUS]


def unseen(report: dict) -> list[str]:
    """Controls on the page that axe did not check and pass for their name (the scan missed them)."""
    return [f"{rule}: {n} on the page, {report['passes'].get(rule, 0)} passed"
            for rule, n in report["controls"].items() if report["passes"].get(rule, 0) < n]


def assert_clean(report: dict, where: str) -> None:
    problems = serious(report)
    assert not problems, f"{where}: {len(problems)} serious or critical:\n" + "\n".join(problems)
    assert not unseen(report), (where, unseen(report))
    assert report["passes"].get("color-contrast", 0) > 0, where  # the text was checked


@pytest.mark.parametrize("notebook", sorted(READY))
def test_page_has_no_serious_violation(page, voila_server: str, axe_source: str, notebook: str) -> None:
    open_page(page, voila_server, notebook)
    report = scan(page, axe_source, notebook[:2])
    assert_clean(report, notebook)
    if notebook in WITH_DASHBOARD:  # the dashboard's controls were there to be scanned
        assert report["controls"]["button-name"] >= 1 and report["passes"].get("button-name", 0) >= 1
    if notebook[:2] in ("01", "02", "03", "04"):  # the workshop's sliders are on its later tabs
        assert report["controls"]["aria-input-field-name"] >= 1


@pytest.mark.parametrize("notebook", WITH_DASHBOARD)
def test_presentation_mode_has_no_serious_violation(page, voila_server: str, axe_source: str,
                                                    notebook: str) -> None:
    open_page(page, voila_server, notebook)
    page.get_by_role("button", name="Presentation mode (large text)").first.click()
    page.wait_for_selector(".ae-dashboard.ae-present", timeout=WAIT_MS)
    settle(page)
    assert_clean(scan(page, axe_source, f"{notebook[:2]}_present"), f"{notebook}, presentation mode")


def test_each_workshop_tab_has_no_serious_violation(page, voila_server: str, axe_source: str) -> None:
    open_page(page, voila_server, "06_nurse_workshop.ipynb")
    tabs = page.get_by_role("tab")
    titles = [t.inner_text().strip() for t in tabs.all()]
    assert len(titles) == 6, titles  # storage, dose, injection, side effects, when to call, teach-back
    failures: list[str] = []
    sliders = 0
    for i, title in enumerate(titles):
        tabs.nth(i).click()
        page.wait_for_function("i => document.querySelectorAll('[role=tab]')[i].getAttribute('aria-selected')"
                               " === 'true'", arg=i, timeout=WAIT_MS)
        settle(page)
        report = scan(page, axe_source, f"06_tab{i + 1}")
        failures += [f"tab {title!r}: {p}" for p in serious(report) + unseen(report)]
        sliders += report["controls"]["aria-input-field-name"]
    assert not failures, "\n".join(failures)
    assert sliders >= 3  # weight and age (step 2), plan length (step 3): the tabs' controls were scanned


def test_the_scan_catches_an_unnamed_slider_and_an_unlabelled_box(page, voila_server: str,
                                                                  axe_source: str) -> None:
    """The scan can fail: a slider handle and a number box without a name, added to the page, are reported."""
    open_page(page, voila_server, "01_dosing_explorer.ipynb")
    page.evaluate("""() => {
      const dashboard = document.querySelector('.ae-dashboard');
      const handle = document.createElement('div');
      Object.entries({id: 'ae-planted-slider', role: 'slider', tabindex: '0', 'aria-valuemin': '0',
                      'aria-valuemax': '10', 'aria-valuenow': '5'}).forEach(([k, v]) => handle.setAttribute(k, v));
      const box = document.createElement('input');
      box.type = 'number';
      box.id = 'ae-planted-box';
      dashboard.append(handle, box);
    }""")
    report = scan(page, axe_source, "01_planted")
    found = {(v["id"], v["target"]) for v in report["violations"] if v["impact"] in SERIOUS}
    assert ("aria-input-field-name", "#ae-planted-slider") in found, found
    assert ("label", "#ae-planted-box") in found, found
