"""Input checking shared by the engine, the CLI and the widgets.

Every bad input raises :class:`InputError`, whose message names the field, the value and the allowed
range or choices. Nothing is clamped: an out-of-range value is an error, never silently corrected.
The physiologic plausibility ranges live in ``data/input_limits.csv``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .errors import InputError
from .knowledge import Knowledge, load_knowledge

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing costs start-up time
    from typing import Any

__all__ = ["InputError", "check_choice", "check_number", "check_optional_number"]


def _fmt(x: float) -> str:
    return f"{x:g}"


def limits(field: str, kb: Knowledge | None = None) -> tuple[float, float, str]:
    """Allowed (min, max, unit) of a numeric input from ``input_limits.csv``.

    References
    ----------
    EDU-DESIGN (plausibility ranges in data/input_limits.csv, not clinical guidance).
    """
    kb = kb or load_knowledge()
    row = kb.input_limits[field]
    return row["min"], row["max"], row["unit"]


def check_number(
    field: str,
    value: Any,
    *,
    kb: Knowledge | None = None,
    bounds: tuple[float, float, str] | None = None,
    exclusive_min: bool = False,
) -> float:
    """Return ``value`` as float if it is a finite number inside the field's plausibility range.

    Raises
    ------
    InputError
        Not a number, not finite, or outside ``input_limits.csv`` (or ``bounds``) for ``field``.

    References
    ----------
    EDU-DESIGN (ranges in data/input_limits.csv).
    """
    lo, hi, unit = bounds if bounds is not None else limits(field, kb)
    allowed = f"{_fmt(lo)}{' (exclusive)' if exclusive_min else ''} to {_fmt(hi)} {unit}"
    if isinstance(value, bool) or value is None:
        raise InputError(field, value, allowed, "is not a number")
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise InputError(field, value, allowed, "is not a number") from None
    else:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InputError(field, value, allowed, "is not a number") from None
    if not math.isfinite(number):
        raise InputError(field, value, allowed, "is not a finite number")
    if number < lo or number > hi or (exclusive_min and number <= lo):
        raise InputError(field, value, allowed, "is outside the plausible range")
    return number


def check_optional_number(field: str, value: Any, **kw: Any) -> float | None:
    """Like :func:`check_number` but ``None`` passes through.

    References
    ----------
    EDU-DESIGN (ranges in data/input_limits.csv).
    """
    return None if value is None else check_number(field, value, **kw)


def check_choice(field: str, value: Any, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices`` (case-insensitive), else raise :class:`InputError`.

    References
    ----------
    EDU-DESIGN (choices are the tables' ids, e.g. data/indications.csv).
    """
    options = tuple(choices)
    allowed = ", ".join(options)
    if not isinstance(value, str):
        raise InputError(field, value, allowed, "is not one of the choices")
    norm = value.strip().lower()
    for option in options:
        if norm == option.lower():
            return option
    raise InputError(field, value, allowed, "is not one of the choices")
