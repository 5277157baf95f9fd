"""A Vega-Lite chart that stays on the page and takes new data when a control moves.

JupyterLab's and Voilà's renderer for ``application/vnd.vegalite.v5+json`` builds a new chart for every
output and then draws it a second time into a PNG kept beside the output; on this 2-core box that made a
creatinine move take 100–300 ms to reach the kidney chart. :class:`ChartView` is a small anywidget that
draws the same specification once with Vega-Embed and, when only the datasets change (a slider move),
gives the existing view the new rows. When anything else changes (title, axes, layers) it draws afresh.

The renderer files (Vega, Vega-Lite and Vega-Embed from npm, BSD-3-Clause) are copied into ``static/`` by
``make`` (nothing is fetched at run time). Without them (an install that skipped ``make``) the chart falls
back to an ``Output`` showing the mimebundle, as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as W
import traitlets

from ...render.charts import EMBED_OPTIONS, vegalite_output

__all__ = ["RENDERER_FILES", "STATIC", "ChartView", "bundled_renderer", "chart_widget", "show_chart"]

STATIC = Path(__file__).resolve().parents[1] / "static"
#: The npm builds, in load order (each sets a global the next one reads).
RENDERER_FILES = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")

CHART_ESM = """
const SAME = new Set(["datasets", "description"]);
function shape(spec) {  // everything but the rows and the alt text: equal shapes take new rows in place
  const rest = {};
  for (const key of Object.keys(spec)) if (!SAME.has(key)) rest[key] = spec[key];
  rest.datasetNames = Object.keys(spec.datasets || {});
  return JSON.stringify(rest);
}
export default {
  render({ model, el }) {
    let view = null, drawn = null, queue = Promise.resolve();
    const draw = async () => {
      const spec = model.get("spec");
      const key = shape(spec);
      if (view !== null && key === drawn) {
        for (const [name, rows] of Object.entries(spec.datasets || {})) view.data(name, rows);
        await view.runAsync();
      } else {
        if (view !== null) view.finalize();
        el.textContent = "";
        const box = document.createElement("div");
        el.appendChild(box);
        view = (await globalThis.vegaEmbed(box, spec, model.get("options"))).view;
        drawn = key;
      }
      const svg = el.querySelector("svg");
      if (svg !== null && spec.description) svg.setAttribute("aria-label", spec.description);
    };
    const update = () => { queue = queue.then(draw, draw); };
    model.on("change:spec", update);
    update();
    return () => { if (view !== null) view.finalize(); };
  },
};
"""


def _without_source_map(code: str) -> str:
    """The build without its ``//# sourceMappingURL`` line (no map is shipped, none is requested)."""
    return "\n".join(line for line in code.splitlines() if not line.startswith("//# sourceMappingURL="))


def bundled_renderer() -> str | None:
    """The three renderer builds as one script, or None when ``make`` has not copied them into ``static/``."""
    paths = [STATIC / name for name in RENDERER_FILES]
    if not all(p.is_file() for p in paths):
        return None
    # Each build is a UMD bundle: in a module (no ``this``) it sets globalThis.vega, .vegaLite, .vegaEmbed.
    # Evaluated once per page, however many charts the page holds.
    code = "\n;\n".join(_without_source_map(p.read_text(encoding="utf-8")) for p in paths)
    return f"if (globalThis.vegaEmbed === undefined) {{\n{code}\n}}\n"


class ChartView(anywidget.AnyWidget):  # type: ignore[misc]
    """A Vega-Lite v5 chart drawn in the browser; set ``spec`` to redraw (rows only: updated in place)."""

    spec = traitlets.Dict().tag(sync=True)
    options = traitlets.Dict(EMBED_OPTIONS).tag(sync=True)


_RENDERER = bundled_renderer()
if _RENDERER is not None:
    ChartView._esm = _RENDERER + CHART_ESM


def chart_widget(layout: W.Layout) -> W.DOMWidget:
    """A :class:`ChartView` when the renderer is bundled, else an ``Output`` for the mimebundle."""
    return ChartView(layout=layout) if _RENDERER is not None else W.Output(layout=layout)


def show_chart(widget: Any, spec: dict[str, Any]) -> None:
    """Show ``spec`` in a widget made by :func:`chart_widget`."""
    if isinstance(widget, ChartView):
        widget.spec = spec
    else:
        widget.outputs = (vegalite_output(spec),)
