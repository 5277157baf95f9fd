"""The chart widget: the renderer it carries (npm builds copied by make, nothing fetched at run time), its
fallback without them, and what it sends to the browser. Drawn and updated in Chromium in
tests/browser/test_chart_updates.py."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as W
import pytest

from anakinra_edu.teach.dashboards import chart_view
from anakinra_edu.teach.dashboards.chart_view import RENDERER_FILES, ChartView, bundled_renderer, show_chart

SPEC = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "description": "a chart",
        "datasets": {"points": [{"x": 1, "y": 2}]}, "data": {"name": "points"}, "mark": "point",
        "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}}}


def test_make_copied_the_three_builds_and_the_widget_carries_them() -> None:
    for name in RENDERER_FILES:
        assert (chart_view.STATIC / name).stat().st_size > 10_000, name
    esm = ChartView._esm
    # in load order (Vega-Lite and Vega-Embed read the globals the one before sets), evaluated once per page
    starts = [esm.index(marker) for marker in (".vega={}", ".vegaLite={}", ".vegaEmbed=")]
    assert starts == sorted(starts)
    assert esm.startswith("if (globalThis.vegaEmbed === undefined) {")
    assert "sourceMappingURL" not in esm  # no map is shipped, so none may be asked for
    assert "export default" in esm and "view.data(name, rows)" in esm  # rows are updated in place
    assert "http://" not in esm.split("export default")[1] and "https://" not in esm.split("export default")[1]


def test_bundled_renderer_is_none_when_a_build_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in RENDERER_FILES[:2]:
        (tmp_path / name).write_text("/* build */\n//# sourceMappingURL=x.map\n", encoding="utf-8")
    monkeypatch.setattr(chart_view, "STATIC", tmp_path)
    assert bundled_renderer() is None
    (tmp_path / RENDERER_FILES[2]).write_text("/* embed */", encoding="utf-8")
    code = bundled_renderer()
    assert code is not None and code.count("/* build */") == 2 and "/* embed */" in code
    assert "sourceMappingURL" not in code


def test_chart_widget_and_its_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = chart_view.chart_widget(W.Layout(min_height="100px"))
    assert isinstance(shown, ChartView) and shown.options == {"renderer": "svg", "actions": False}
    show_chart(shown, SPEC)
    assert shown.spec == SPEC
    monkeypatch.setattr(chart_view, "_RENDERER", None)  # an install that skipped make: the mimebundle path
    out = chart_view.chart_widget(W.Layout())
    assert isinstance(out, W.Output)
    show_chart(out, SPEC)
    (record,) = out.outputs
    assert record["data"] == {"application/vnd.vegalite.v5+json": SPEC}
