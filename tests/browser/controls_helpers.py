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


def link_says(page, label: str, *texts: str) -> None:
    """Wait until the download link named ``label`` carries a file (a data: URL) containing every one of ``texts``."""
    page.wait_for_function(
        """([label, texts]) => [...document.querySelectorAll('a[download]')].some(a => {
             if (!a.innerText.includes(label)) return false;
             const f = new TextDecoder().decode(Uint8Array.from(atob(a.href.split(',')[1]), c => c.charCodeAt(0)));
             return texts.every(t => f.includes(t)); })""",
        arg=[label, list(texts)], timeout=WAIT_MS)


def download(page, label: str) -> tuple[str, str]:
    """Click the download link named ``label`` as a user does; the file's suggested name and its text."""
    from pathlib import Path

    with page.expect_download(timeout=WAIT_MS) as info:
        page.get_by_role("link", name=re.compile(re.escape(label))).click()
    d = info.value
    return d.suggested_filename, Path(d.path()).read_text(encoding="utf-8")


def pdf_pages(pdf: bytes) -> int:
    """The number of pages of a PDF that Chromium printed (its page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def wait_every_option(page, label: str, text: str) -> list[str]:
    """Wait until every option of the drop-down labelled ``label`` contains ``text`` (case-insensitive), e.g. after
    a filter; the options then."""
    dropdown(page, label).evaluate(
        """(s, t) => new Promise((ok, no) => { const end = Date.now() + 45000; (function poll() {
             const all = [...s.options].map(o => o.text.replace(/\\s+/g, ' ').toLowerCase());
             if (all.length && all.every(o => o.includes(t))) return ok();
             if (Date.now() > end) return no(new Error('options: ' + all.join(' | ')));
             setTimeout(poll, 100); })(); })""", text.lower())
    return options(page, label)


def typed_and_kept(page, label: str, text: str, also=lambda: True, shown=lambda: "") -> bool:
    """Type ``text`` into the number box of the row ``label``; True when the box keeps showing it (no rounding to
    the slider's step by a late echo) and ``also()`` holds, for 3 seconds; else an AssertionError saying what the
    box and ``shown()`` show."""
    from .helpers import number_box, stays, type_number

    type_number(page, label, text)
    box = number_box(page, label)
    page.wait_for_timeout(500)
    kept = stays(page, lambda: box.input_value() == text and also(), seconds=3)
    assert kept, f"typed {text!r} into {label!r}: the box shows {box.input_value()!r}; {shown()}"
    return kept
