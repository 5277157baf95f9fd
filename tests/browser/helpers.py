"""Actions and waits shared by the browser tests: act like a user, poll for the expected state."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from playwright.sync_api import expect

ERRORS = re.compile(r"Traceback|Error:|Exception", re.I)
WAIT_MS = 45_000  # generous: the machine is shared


def only_local(context, base: str) -> list[str]:
    """Let ``context`` request only URLs under ``base``; every other request is aborted and listed (returned)."""
    left: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith(base + "/"):
            r.continue_()
        else:
            left.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return left


def open_app(page, url: str, notebook: str, ready: str = ".widget-slider .noUi-handle") -> None:
    """Open a notebook in app mode and wait for its first control."""
    page.goto(f"{url}/voila/render/{notebook}", timeout=90_000)
    page.wait_for_selector(ready, timeout=90_000)


def number_box(page, label: str):
    """The number box in the row whose label is ``label``."""
    return page.locator(".widget-hbox", has_text=label).locator("input[type=number]").first


def type_number(page, label: str, text: str) -> None:
    """Type into the number box of a row (select all, type, Enter)."""
    box = number_box(page, label)
    box.fill(text)
    box.press("Enter")


def wait_input(page, box, value: str) -> None:
    expect(box).to_have_value(value, timeout=WAIT_MS)


def wait_text(page, selector: str, text: str) -> None:
    """Wait until the first element matching ``selector`` shows ``text``."""
    page.wait_for_function(
        "([s, t]) => { const e = document.querySelector(s); return e !== null && e.innerText.includes(t); }",
        arg=[selector, text], timeout=WAIT_MS)


def stays(page, check: Callable[[], bool], seconds: float = 1.5) -> bool:
    """True when ``check()`` holds now and keeps holding for ``seconds`` (no late echo from the kernel)."""
    end = time.monotonic() + seconds
    while True:
        if not check():
            return False
        if time.monotonic() > end:
            return True
        page.wait_for_timeout(150)
