"""Contrast and text size on the regimen card meet WCAG 2.1 AA (4.5:1 for body text), nothing by colour alone."""

from __future__ import annotations

import re

import pytest

from anakinra_edu.card import BADGE_TEXT, CARD_CSS, regimen_card_html
from anakinra_edu.dosing import FLAGS, regimen


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    """WCAG 2.1 contrast ratio."""
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _rule(selector: str) -> str:
    match = re.search(re.escape(selector) + r"\{([^}]*)\}", CARD_CSS)
    assert match, selector
    return match.group(1)


def _prop(body: str, name: str) -> str | None:
    m = re.search(rf"(?:^|;)\s*{name}:(#[0-9a-fA-F]{{3,6}})", body)
    return m.group(1) if m else None


@pytest.mark.parametrize("selector", [".ae-card", ".ae-sub", ".ae-badge", ".ae-change", ".ae-error", ".ae-notice",
                                      ".ae-foot"])
def test_card_text_contrast_aa(selector: str) -> None:
    card = _rule(".ae-card")
    body = _rule(selector)
    fg = _prop(body, "color") or _prop(card, "color")
    bg = _prop(body, "background") or _prop(card, "background")
    assert fg and bg
    assert contrast(fg, bg) >= 4.5, (selector, fg, bg)


def test_card_text_size_and_text_badges() -> None:
    size = int(re.search(r"font-size:(\d+)px", _rule(".ae-card")).group(1))
    assert size >= 18  # readable from the back of a room
    assert set(BADGE_TEXT) == set(FLAGS)  # every flag has a text badge
    html = regimen_card_html(regimen("nomid", 9, 0.67))
    assert BADGE_TEXT["below_syringe_minimum"] in html
    assert 'role="img" aria-label="Syringe drawn to' in html  # the syringe picture has a text alternative


def _widgets(w) -> list:
    """``w`` and every widget inside it (boxes, tabs)."""
    found = [w]
    for child in getattr(w, "children", ()):
        found += _widgets(child)
    return found


def _unnamed(app) -> list[str]:
    """Controls of a dashboard that a screen reader could not name: no description and no tooltip (title)."""
    import ipywidgets as W

    named = (W.FloatText, W.IntText, W.Text, W.Dropdown, W.SelectMultiple, W.ToggleButtons, W.RadioButtons,
             W.Button, W.ToggleButton, W.Checkbox)
    return [repr(w)[:80] for w in _widgets(app)
            if isinstance(w, named) and not (w.description or "").strip() and not (w.tooltip or "").strip()]


@pytest.mark.parametrize("builder", ["dosing_explorer", "kidney_explorer", "onset_explorer", "counseling_explorer",
                                     "case_study", "nurse_workshop"])
def test_every_control_has_a_name(builder: str) -> None:
    from anakinra_edu import widgets

    app = getattr(widgets, builder)()
    assert _unnamed(app) == []
    boxes = [w for w in _widgets(app) if type(w).__name__ in ("FloatText", "IntText")]
    if builder != "case_study":  # a number box beside each slider, named after it
        assert boxes and all(w.description.endswith(", typed") and "ae-typed" in w._dom_classes for w in boxes)


def test_number_box_names_follow_their_slider_and_unit() -> None:
    from anakinra_edu.widgets import dosing_explorer

    app = dosing_explorer()
    assert app.controls["weight_entry"].description == "Weight (kg), typed"  # the slider's label says the unit
    assert app.controls["mg_per_kg_entry"].description == "Titrate (mg/kg/day), typed"
    scr = app.controls["scr_entry"]
    assert scr.description == "Serum creatinine (mg/dL), typed"
    app.controls["scr_unit"].value = "umol/L"
    assert scr.description == "Serum creatinine (µmol/L), typed"  # the name says the unit the box now shows


def test_typed_box_labels_are_read_out_not_shown() -> None:
    from anakinra_edu.teach.dashboards.base import LAYOUT_CSS

    rule = re.search(r"\.ae-typed>\.widget-label\{([^}]*)\}", LAYOUT_CSS)
    assert rule, "no rule for the typed boxes' labels"
    assert "width:0" in rule.group(1) and "overflow:hidden" in rule.group(1)
    assert "display:none" not in rule.group(1) and "visibility" not in rule.group(1)  # still in the page's names


def test_app_and_site_pages_share_the_slider_names_script(tmp_path) -> None:
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    template = root / "anakinra_edu/jupyter/voila/templates/anakinra"
    assert '{% include "page_a11y.js" %}' in (template / "index.html.j2").read_text(encoding="utf-8")
    script = (template / "page_a11y.js").read_text(encoding="utf-8")
    assert "aria-labelledby" in script and '"main"' in script
    sys.path.insert(0, str(root / "tools"))
    try:
        from site_finish import accessible_names
    finally:
        sys.path.remove(str(root / "tools"))
    render = tmp_path / "voici" / "render"
    render.mkdir(parents=True)
    (render / "01_dosing_explorer.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    accessible_names(tmp_path)
    page = (render / "01_dosing_explorer.html").read_text(encoding="utf-8")
    assert page.count("aria-labelledby") == script.count("aria-labelledby") and page.endswith("</body></html>")
    # and the script that turns presentation mode on from ?present=1, the same file the app's template includes
    present = (template / "page_present.js").read_text(encoding="utf-8")
    assert '{% include "page_present.js" %}' in (template / "index.html.j2").read_text(encoding="utf-8")
    assert 'getAll("present").includes("1")' in present and page.count(present) == 1
