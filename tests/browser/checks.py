"""What every page of the controls tests must show after the user is done with it: no label, button, option or
tab cut, no console or page error, no request off 127.0.0.1, no error text, and a screenshot to look at."""

from __future__ import annotations

from .conftest import shot
from .helpers import ERRORS, WAIT_MS

# A text is cut when its box is narrower than its content (an ellipsis or a clipped end): every visible label,
# button, option, tab and menu of the page.
CUT = """() => [...document.querySelectorAll(
    'label, button, option, select, .widget-label, .lm-TabBar-tabLabel, .widget-toggle-buttons button')]
  .filter(e => e.checkVisibility() && e.clientWidth > 0 && e.scrollWidth > e.clientWidth)
  .map(e => (e.innerText || e.value || '').trim().slice(0, 40))"""


class Watch:
    """Console errors, page errors and requests that would leave the machine, from the page's opening on."""

    def __init__(self, page, base: str) -> None:
        self.page, self.base = page, base
        self.errors: list[str] = []
        self.off_box: list[str] = []
        page.context.route("**/*", self._route)
        self.attach(page)

    def attach(self, page) -> None:
        """Record ``page``'s console errors and page errors too (a tab the user opened from this one)."""
        page.on("console", lambda m: self.errors.append(f"{m.text} ({m.location.get('url', '')})")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, r) -> None:
        """Let through the server under test and what the page makes itself (data: and blob: URLs, e.g. the
        case study's widget module); abort and record anything else."""
        if r.request.url.startswith((self.base + "/", "data:", "blob:")):
            r.continue_()
        else:
            self.off_box.append(r.request.url)
            r.abort()

    def open(self, notebook: str, ready: str = ".widget-slider .noUi-handle") -> None:
        """Open a notebook in app mode and wait for its first control (the base URL is the Voilà server)."""
        self.page.goto(f"{self.base}/voila/render/{notebook}", timeout=90_000)
        self.page.wait_for_selector(ready, timeout=90_000)

    def cut(self) -> list[str]:
        return self.page.evaluate(CUT)

    def clean(self, name: str) -> None:
        """Screenshot ``name``, then: nothing cut, no console or page error, nothing requested off the machine."""
        shot(self.page, name)
        cut = self.cut()
        assert cut == [], f"cut labels on {name}: {cut}"
        assert self.errors == [], f"console or page errors on {name}: {self.errors}"
        assert self.off_box == [], f"requests off 127.0.0.1 on {name}: {self.off_box}"
        assert not ERRORS.search(self.page.inner_text("body")), f"error text on {name}"


def watch(page, base: str) -> Watch:
    """Start watching ``page`` (before it opens anything) for a page served at ``base``."""
    return Watch(page, base)


def text_of(page, selector: str) -> str:
    """The visible text of the first element matching ``selector``, spaces normalised (the browser shows some
    spaces as no-break spaces)."""
    return " ".join(page.locator(selector).first.inner_text().replace("\xa0", " ").split())


def wait_shows(page, selector: str, *texts: str) -> None:
    """Wait until a visible element matching ``selector`` shows every one of ``texts`` (spaces normalised)."""
    page.wait_for_function(
        """([s, ts]) => [...document.querySelectorAll(s)].some(e => { if (!e.checkVisibility()) return false;
             const t = e.innerText.replace(/\\s+/g, ' '); return ts.every(x => t.includes(x)); })""",
        arg=[selector, list(texts)], timeout=WAIT_MS)


def wait_gone(page, selector: str, text: str) -> None:
    """Wait until no visible element matching ``selector`` shows ``text`` (the stale result left)."""
    page.wait_for_function(
        """([s, t]) => ![...document.querySelectorAll(s)].some(x => x.checkVisibility() &&
             x.innerText.replace(/\\s+/g, ' ').includes(t))""",
        arg=[selector, text], timeout=WAIT_MS)


def press(handle, key: str, times: int) -> None:
    """Focus a slider's handle and press ``key`` ``times`` times, as a keyboard user does."""
    handle.focus()
    for _ in range(times):
        handle.press(key)
