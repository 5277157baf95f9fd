"""The dashboard container: education notice, presentation mode, projector layout."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

import ipywidgets as W

from ... import EDUCATION_NOTICE
from ...display_names import input_error_text
from ...inputs import InputError

PRESENTATION_ENV = "ANAKINRA_EDU_PRESENT"
PRESENT_CLASS = "ae-present"  # on a dashboard while its toggle is pressed
PRESENT_PAGE_CLASS = "ae-present-page"  # on the page's body while its URL has present=1 (the Voilà template)
PRESENT_ZOOM = 1.4


# Presentation mode scales the whole dashboard (text, controls, tables, Vega-Lite figures, the syringe and
# body-map SVG) by one factor: every box grows with its text, so no label is cut, and the layout below sees
# a narrower dashboard and puts the result first.
PRESENTATION_CSS = f"""<style>
.ae-dashboard.{PRESENT_CLASS},body.{PRESENT_PAGE_CLASS} .ae-dashboard{{zoom:{PRESENT_ZOOM}}}
</style>"""


# From about 1200 px wide controls and result side by side; narrower, the result first. A container query
# (the dashboard's own width), so that a zoomed dashboard in presentation mode counts as narrow. Tab titles
# darker than the widgets' grey (#6d6d6d on #eee is 4.45:1, below WCAG AA's 4.5:1); a typed box's label is
# read out by screen readers but not shown (width 0), beside the slider that shows it.
LAYOUT_CSS = """<style>
.ae-dashboard{container-type:inline-size}
.widget-box.ae-split{display:flex;flex-flow:row wrap;align-items:flex-start;column-gap:16px;row-gap:8px}
.widget-box.ae-split>.ae-controls{flex:0 1 auto;max-width:min(100%,640px)}
.widget-box.ae-split>.ae-result{flex:1 1 500px;min-width:0}
.ae-result svg{max-width:100%;height:auto}
.ae-head{margin:4px 0}
.widget-toggle-buttons{display:flex;flex-flow:row nowrap;align-items:flex-start}
.widget-toggle-buttons>.widget-label{flex:0 0 auto;text-align:right;margin-right:8px}
.widget-toggle-buttons>div{flex:1 1 auto;min-width:0}
.ae-point{font-size:17px}
.ae-hint{font-size:14px;color:#333;margin:0 0 4px 158px;max-width:460px}
.ae-notice-bar{font-size:16px;border:2px solid #222;padding:6px 10px;background:#fffbe6}
.ae-dashboard .jupyter-widgets.jupyter-widget-tab>.lm-TabBar .lm-TabBar-tab{color:#222}
.ae-typed>.widget-label{width:0!important;min-width:0!important;margin:0!important;padding:0!important;overflow:hidden}
@container (max-width:1159px){.widget-box.ae-split>.ae-result{order:-1;flex-basis:100%}}
</style>"""


def split(controls: W.Box, result: list[W.Widget]) -> W.Box:
    """Controls and what they change side by side from about 1200 px wide; narrower, the result on top."""
    right = W.VBox(result)
    right.add_class("ae-result")
    controls.add_class("ae-controls")
    box = W.Box([controls, right])
    box.add_class("ae-split")
    return box


def presentation_default() -> bool:
    """Presentation mode on at start: ``ANAKINRA_EDU_PRESENT=1``, or ``?present=1`` in the URL of a kernel that
    Voilà starts for the request (a pre-started kernel never sees the URL: there the page template turns it on)."""
    import os

    query = os.environ.get("QUERY_STRING", "")
    return os.environ.get(PRESENTATION_ENV) == "1" or "present=1" in query.split("&")


def presentation_toggle(dashboard: W.Box) -> W.ToggleButton:
    """The presentation-mode toggle: pressed, the dashboard carries the ``ae-present`` class (CSS, no styles)."""
    toggle = W.ToggleButton(value=False, description="Presentation mode (large text)", icon="desktop",
                            layout=W.Layout(width="auto", flex="0 0 auto"))
    toggle.add_class("ae-present-toggle")

    def apply(_change: object = None) -> None:
        if toggle.value:
            dashboard.add_class(PRESENT_CLASS)
        else:
            dashboard.remove_class(PRESENT_CLASS)

    toggle.observe(apply, "value")
    toggle.value = presentation_default()
    apply()
    return toggle


class Dashboard(W.VBox):
    """A dashboard container with its controls and outputs by name (``.controls``, ``.outputs``).

    Every dashboard starts with a **presentation mode** toggle (everything enlarged for projection; on at start
    with ``?present=1`` in a Voilà URL or ``ANAKINRA_EDU_PRESENT=1``) and the education-only notice, unless the
    page showed it already (:func:`education_notice`).
    """

    def __init__(self, children: list[W.Widget], controls: dict[str, W.Widget], outputs: dict[str, W.Widget],
                 refresh: Callable[[], None], header: bool = True) -> None:
        super().__init__()
        if header:
            toggle = presentation_toggle(self)
            controls = {**controls, "presentation": toggle}
            top = [toggle] if _PAGE["notice"] else [notice(), toggle]
            children = [W.HBox(top), W.HTML(PRESENTATION_CSS + LAYOUT_CSS), *children]
            self.add_class("ae-dashboard")
            if _PAGE["notice"]:
                self.add_class(UNDER_PAGE_NOTICE)  # the card's own notice line is hidden: the page has said it
        self.children = children
        self.controls = controls
        self.outputs = outputs
        self.refresh = refresh

    def __repr__(self) -> str:
        return f"Dashboard(controls={sorted(self.controls)}, outputs={sorted(self.outputs)})"


def notice_html(inline_style: bool = True) -> str:
    """The education-only notice as a framed line (:data:`anakinra_edu.EDUCATION_NOTICE`).

    The page's notice (:func:`education_notice`) carries its own style: it is shown before any dashboard's CSS
    and in viewers without a kernel. A dashboard's header notice is styled by the ``ae-notice-bar`` class.
    """
    lead, _, rest = EDUCATION_NOTICE.partition(",")
    style = ' style="font-size:16px;border:2px solid #222;padding:6px 10px;background:#fffbe6"' if inline_style else ""
    return f'<div class="ae-notice-bar ae-page-notice"{style}><b>{escape(lead)}</b>,{escape(rest)}</div>'


def notice() -> W.HTML:
    """The notice as a widget, for a dashboard's header."""
    return W.HTML(value=notice_html(inline_style=False), layout=W.Layout(flex="1 1 auto"))


_PAGE = {"notice": False}  # this kernel's page has shown the notice (education_notice())
UNDER_PAGE_NOTICE = "ae-under-page-notice"
UNDER_PAGE_NOTICE_CSS = f"<style>.{UNDER_PAGE_NOTICE} .ae-notice{{display:none}}</style>"


class PageNotice:
    """The page's notice as a notebook output: HTML, and the plain sentence (stored in the notebook, so it
    shows in any viewer, before the kernel runs and under nbval)."""

    def _repr_html_(self) -> str:
        return notice_html() + UNDER_PAGE_NOTICE_CSS

    def __repr__(self) -> str:
        return EDUCATION_NOTICE


def education_notice() -> PageNotice:
    """The page's one education-only notice, for the top of a notebook.

    Dashboards built after it in the same kernel do not repeat it (neither in their header nor under the
    regimen card): a page says it once. A dashboard built without it keeps its own notice.
    """
    _PAGE["notice"] = True
    return PageNotice()


class Refresh:
    """The refresh every dashboard shares: typed-input errors, then compute, then render, or the error.

    ``numbers``: controls with a ``typed_error`` (a typed value outside its range is reported, never clamped), or
    a function giving those the current choices use (a hidden box the result does not use blocks nothing).
    ``compute()`` calls the core; an :class:`~anakinra_edu.inputs.InputError` it raises is shown the same way.
    ``render(result)`` fills the outputs; ``show_error(message)`` replaces what depends on these inputs.
    ``before()`` (optional) runs first in any case (visibility, labels that follow the inputs).
    """

    def __init__(self, numbers: Sequence[Any] | Callable[[], Sequence[Any]], compute: Callable[[], Any],
                 render: Callable[[Any], None], show_error: Callable[[str], None],
                 before: Callable[[], None] | None = None) -> None:
        self.numbers = numbers if callable(numbers) else tuple(numbers)
        self.compute, self.render, self.show_error, self.before = compute, render, show_error, before

    def __call__(self) -> None:
        if self.before is not None:
            self.before()
        numbers = self.numbers() if callable(self.numbers) else self.numbers
        typed = next((n.typed_error for n in numbers if n.typed_error), None)
        if typed is not None:
            self.show_error(typed)
            return
        try:
            result = self.compute()
        except InputError as exc:
            self.show_error(input_error_text(exc))
            return
        self.render(result)
