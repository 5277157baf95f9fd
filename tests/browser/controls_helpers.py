"""Small actions shared by the controls tests of notebooks 02–06: find a control by its visible label."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .helpers import WAIT_MS


def handle(page, label: str):
    """The slider handle of the visible slider labelled ``label``."""
    return page.locator(".widget-hslider:visible", has_text=label).locator(".noUi-handle")


def dropdown(page, label: str):
    """The ``<select>`` of the visible drop-down whose label is ``label``."""
    return page.locator(".widget-dropdown:visible", has_text=label).locator("select")


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` (its visible text) from the drop-down labelled ``label``."""
    dropdown(page, label).select_option(label=option)


def options(page, label: str) -> list[str]:
    """The visible texts of the drop-down's options, no-break spaces as spaces."""
    return [o.replace("\xa0", " ") for o in dropdown(page, label).evaluate("s => [...s.options].map(o => o.text)")]


def button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def chart_shows(page, text: str) -> None:
    """Wait until a drawn Vega chart has a text mark reading ``text`` (the chart followed the inputs)."""
    page.locator(".vega-embed svg.marks text", has_text=text).first.wait_for(timeout=WAIT_MS)


def active(page, name: str) -> None:
    """The toggle button ``name`` shows as the chosen one."""
    expect(button(page, name)).to_have_class(re.compile(r"\bmod-active\b"), timeout=WAIT_MS)
