"""The dashboard container: education notice, presentation mode, projector layout."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

import ipywidgets as W

from ... import EDUCATION_NOTICE
from ...inputs import InputError

PRESENTATION_ENV = "ANAKINRA_EDU_PRESENT"


PRESENTATION_CSS = """<style>
.ae-card{font-size:26px !important;max-width:none !important}
.ae-card h2{font-size:34px !important}
.ae-dose{font-size:50px !important}
.ae-badge{font-size:21px !important}
.ae-change,.ae-error{font-size:26px !important}
.widget-label,.widget-label-basic,.widget-readout,.widget-dropdown select,.widget-toggle-buttons button,
.widget-text input,.widget-checkbox label,.widget-radio-box label,.widget-tab .lm-TabBar-tab,
.widget-button{font-size:21px !important}
.widget-html-content{font-size:21px !important}
.widget-image img,img.jupyter-widgets,.widget-image{width:100% !important;max-width:1200px}
.vega-embed svg{transform-origin:top left}
</style>"""


LAYOUT_CSS = """<style>
.widget-box.ae-split{display:flex;flex-flow:row wrap;align-items:flex-start;column-gap:16px;row-gap:8px}
.widget-box.ae-split>.ae-controls{flex:0 1 auto;max-width:100%}
.widget-box.ae-split>.ae-result{flex:1 1 500px;min-width:0}
.ae-result svg{max-width:100%;height:auto}
.ae-head{margin:4px 0}
.widget-toggle-buttons{display:flex;flex-flow:row wrap;align-items:center}
.widget-toggle-buttons>.widget-label{flex:0 0 auto;text-align:right;margin-right:8px}
.ae-point{font-size:17px}
@media (max-width:1199px){.widget-box.ae-split>.ae-result{order:-1;flex-basis:100%}}
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
    """Presentation mode on at start: ``ANAKINRA_EDU_PRESENT=1`` or ``?present=1`` in the app's URL (Voilà)."""
    import os

    query = os.environ.get("QUERY_STRING", "")
    return os.environ.get(PRESENTATION_ENV) == "1" or "present=1" in query.split("&")


class Dashboard(W.VBox):
    """A dashboard container with its controls and outputs by name (``.controls``, ``.outputs``).

    Every dashboard starts with the education-only notice and a **presentation mode** toggle (large fonts and
    figures for projection; on at start with ``?present=1`` in a Voilà URL or ``ANAKINRA_EDU_PRESENT=1``).
    """

    def __init__(self, children: list[W.Widget], controls: dict[str, W.Widget], outputs: dict[str, W.Widget],
                 refresh: Callable[[], None], header: bool = True) -> None:
        if header:
            style = W.HTML()
            toggle = W.ToggleButton(value=False, description="Presentation mode (large text)", icon="desktop",
                                    layout=W.Layout(width="300px"))

            def apply(_change: object = None) -> None:
                style.value = PRESENTATION_CSS if toggle.value else ""

            toggle.observe(apply, "value")
            toggle.value = presentation_default()
            apply()
            controls = {**controls, "presentation": toggle}
            children = [W.HBox([notice(), toggle]), style, W.HTML(LAYOUT_CSS), *children]
        super().__init__(children)
        self.controls = controls
        self.outputs = outputs
        self.refresh = refresh

    def __repr__(self) -> str:
        return f"Dashboard(controls={sorted(self.controls)}, outputs={sorted(self.outputs)})"


def notice() -> W.HTML:
    html = (f'<div style="font-size:16px;border:2px solid #222;padding:6px 10px;background:#fffbe6">'
            f"<b>Education only.</b> {escape(EDUCATION_NOTICE)}</div>")
    return W.HTML(value=html, layout=W.Layout(flex="1 1 auto"))


class Refresh:
    """The refresh every dashboard shares: typed-input errors, then compute, then render, or the error.

    ``numbers``: controls with a ``typed_error`` (a typed value outside its range is reported, never clamped).
    ``compute()`` calls the core; an :class:`~anakinra_edu.inputs.InputError` it raises is shown the same way.
    ``render(result)`` fills the outputs; ``show_error(message)`` replaces what depends on these inputs.
    ``before()`` (optional) runs first in any case (visibility, labels that follow the inputs).
    """

    def __init__(self, numbers: Sequence[Any], compute: Callable[[], Any], render: Callable[[Any], None],
                 show_error: Callable[[str], None], before: Callable[[], None] | None = None) -> None:
        self.numbers, self.compute, self.render, self.show_error = tuple(numbers), compute, render, show_error
        self.before = before

    def __call__(self) -> None:
        if self.before is not None:
            self.before()
        typed = next((n.typed_error for n in self.numbers if n.typed_error), None)
        if typed is not None:
            self.show_error(typed)
            return
        try:
            result = self.compute()
        except InputError as exc:
            self.show_error(str(exc))
            return
        self.render(result)
