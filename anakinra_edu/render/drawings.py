"""Drawings that are not charts, as inline SVG: the injection-site body map (the syringe is
:func:`anakinra_edu.card.syringe_svg`). Pure functions of the core's rows; positions from
``data/injection_sites.csv`` (``map_x``, ``map_y`` as fractions of one view, 0 = left/top).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..card import syringe_svg
from ..knowledge import Knowledge, load_knowledge

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from collections.abc import Mapping
    from typing import Any

    from ..counseling import RotationDay

__all__ = ["body_map_svg", "site_days", "syringe_svg"]

USED, UNUSED = "#0072B2", "#dddddd"
_VIEW = 380  # px per view (square)
_TOP = 64  # px above the views (title and view names)


def site_days(plan: Sequence[RotationDay]) -> dict[str, list[int]]:
    """Days of the plan per site id, in plan order."""
    days: dict[str, list[int]] = {}
    for d in plan:
        days.setdefault(d.site_id, []).append(d.day)
    return days


def _outline(ox: float) -> str:
    """Head, trunk, arms and legs of one view, offset ``ox`` px (fractions of the view as in the site table)."""
    s = _VIEW

    def box(x: float, y: float, w: float, h: float, r: float) -> str:
        return (f'<rect x="{ox + x * s:.1f}" y="{_TOP + y * s:.1f}" width="{w * s:.1f}" height="{h * s:.1f}" '
                f'rx="{r * s:.1f}" fill="none" stroke="#111" stroke-width="2"/>')

    parts = [f'<ellipse cx="{ox + 0.5 * s:.1f}" cy="{_TOP + 0.08 * s:.1f}" rx="{0.06 * s:.1f}" ry="{0.06 * s:.1f}" '
             'fill="none" stroke="#111" stroke-width="2"/>', box(0.34, 0.15, 0.32, 0.44, 0.03)]
    parts += [box(x - 0.045, 0.17, 0.09, 0.38, 0.02) for x in (0.26, 0.74)]
    parts += [box(x - 0.06, 0.6, 0.12, 0.38, 0.02) for x in (0.43, 0.57)]
    return "".join(parts)


def _view(view: str, ox: float) -> str:
    left_x, right_x = (0.85, 0.15) if view == "front" else (0.15, 0.85)
    text = ('<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="middle"{weight}>{label}</text>')
    return (text.format(x=ox + 0.5 * _VIEW, y=_TOP - 22, size=18, weight=' font-weight="700"',
                        label="Front" if view == "front" else "Back")
            + text.format(x=ox + left_x * _VIEW, y=_TOP - 4, size=14, weight="", label="patient's left")
            + text.format(x=ox + right_x * _VIEW, y=_TOP - 4, size=14, weight="", label="patient's right")
            + _outline(ox))


#: Characters of a day label that fit inside a site's marker (radius 21, bold 10.5 px: "1,9,17…" fits,
#: "2,10,18…" is 45.5 units wide and runs off the 42-unit circle).
_LABEL_CHARS = 7


def _days_label(days: Sequence[int]) -> str:
    """The first days of a site (up to three) that fit in its marker, then "…" when days are left out; every
    day is in the map's accessible name and in the plan's table."""
    for shown in range(min(3, len(days)), 0, -1):
        label = ",".join(str(d) for d in days[:shown]) + ("…" if len(days) > shown else "")
        if len(label) <= _LABEL_CHARS:
            return label
    return str(days[0]) + ("…" if len(days) > 1 else "")


def _site(site: Mapping[str, Any], days: list[int], ox: float) -> str:
    x, y = ox + site["map_x"] * _VIEW, _TOP + site["map_y"] * _VIEW
    marker = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{21 if days else 9}" fill="{USED if days else UNUSED}" '
              f'stroke="#000" stroke-width="1.5"><title>{escape(site["name"])}</title></circle>')
    if not days:
        return marker
    label = _days_label(days)
    return (marker + f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="10.5" font-weight="700" fill="#fff" '
            f'text-anchor="middle">{escape(label)}</text>')


def body_map_svg(plan: Sequence[RotationDay], kb: Knowledge | None = None) -> str:
    """Front and back outlines with every injection site; the plan's sites are large, blue and numbered with
    their days (up to three, then "…"), the others small and grey. The accessible name lists the plan."""
    kb = kb or load_knowledge()
    days = site_days(plan)
    gap = 40
    offsets = {"front": 0.0, "back": float(_VIEW + gap)}
    width, height = 2 * _VIEW + gap, _TOP + _VIEW + 10
    body = "".join(_view(v, ox) for v, ox in offsets.items())
    body += "".join(_site(site, days.get(site_id, []), offsets[site["view"]])
                    for site_id, site in kb.injection_sites.items())
    used = "; ".join(f"{kb.injection_sites[s]['name']}: day{'s' if len(d) > 1 else ''} {', '.join(map(str, d))}"
                     for s, d in days.items())
    alt = f"Body map of injection sites, front and back. Sites in this plan: {used or 'none'}."
    return (f'<svg role="img" aria-label="{escape(alt)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
            f'<title>{escape(alt)}</title>'
            f'<text x="{width / 2:.0f}" y="16" font-size="14" text-anchor="middle">Injection sites by day (numbers '
            f'= days in the plan; grey = not in this plan)</text>{body}</svg>')
