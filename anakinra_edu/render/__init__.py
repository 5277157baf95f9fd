"""Render layer: pure functions from core rows to display data (Vega-Lite specifications, SVG).

Nothing here imports ipywidgets, pandas, numpy or matplotlib: the same functions serve JupyterLab, Voilà
and the in-browser build.
"""

from .charts import (
    VEGALITE_MIME,
    calendar_chart,
    kidney_chart,
    onset_chart,
    pk_chart,
    vegalite_bundle,
    vegalite_output,
)
from .drawings import body_map_svg

__all__ = [
    "VEGALITE_MIME",
    "body_map_svg",
    "calendar_chart",
    "kidney_chart",
    "onset_chart",
    "pk_chart",
    "vegalite_bundle",
    "vegalite_output",
]
