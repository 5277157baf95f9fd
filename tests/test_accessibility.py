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
