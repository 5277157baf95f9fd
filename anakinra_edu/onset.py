"""Onset of response by indication: what each source says, never averaged.

Each statement in ``data/onset.csv`` is a range ("1–3 days"), a bound ("within 2 weeks") or a time point
("month-1 responders"), with its endpoint and the kind of source (fact sheet, label, trial, guideline).
Where the ACR fact sheet and the label or trials differ, both are returned side by side.

Examples
--------
>>> [s.source_kind for s in onset_window("ra")][:2]
['fact_sheet', 'label']
>>> describe_hours(336)
'2 weeks'
"""

from __future__ import annotations

from ._record import record
from .inputs import check_choice
from .knowledge import Knowledge, load_knowledge

__all__ = ["SOURCE_KINDS", "OnsetStatement", "describe_hours", "onset_indications", "onset_window"]

SOURCE_KINDS = {"fact_sheet": "ACR fact sheet", "label": "label / SmPC", "manufacturer": "manufacturer site",
                "secondary": "secondary summary", "trial": "trial", "guideline": "guideline"}


@record
class OnsetStatement:
    """One source's statement on time to response. Times in hours; ``low_h`` is None for "within X"."""

    id: str
    indication: str
    source_kind: str
    endpoint: str
    shape: str
    low_h: float | None
    high_h: float
    statement: str
    citations: tuple[str, ...]
    verified: bool

    @property
    def when(self) -> str:
        """The time in words: "within 2 weeks", "1–3 days", "at 1 month"."""
        if self.shape == "by":
            return f"within {describe_hours(self.high_h)}"
        if self.shape == "at":
            return f"at {describe_hours(self.high_h)}"
        assert self.low_h is not None
        return f"{describe_hours(self.low_h)} to {describe_hours(self.high_h)}"


def describe_hours(hours: float) -> str:
    """Hours in the unit a clinician would say: h, days, weeks or months (1 month = 30 days).

    References
    ----------
    EDU-DESIGN (display convention, no clinical content).
    """
    if hours < 48:
        return f"{hours:g} h"
    days = hours / 24
    if days < 14:
        return f"{days:.3g} days"
    if days < 60 and days % 7 == 0:
        return f"{days / 7:g} weeks"
    if days % 30 == 0:
        months = days / 30
        return f"{months:g} month" + ("s" if months != 1 else "")
    if days % 7 == 0:
        return f"{days / 7:g} weeks"
    return f"{days:.3g} days"


def onset_indications(kb: Knowledge | None = None) -> tuple[str, ...]:
    """Indication ids that have onset statements, in table order.

    References
    ----------
    data/onset.csv (each row cites its sources).
    """
    kb = kb or load_knowledge()
    return tuple(dict.fromkeys(r["indication_id"][0] for r in kb.onset))


def onset_window(indication: str, kb: Knowledge | None = None) -> tuple[OnsetStatement, ...]:
    """Every onset statement for an indication, fact sheet first, then label, trial and guideline.

    References
    ----------
    data/onset.csv (each row cites its sources: ACR-FS-2023, EU-SmPC-5.1, trials, guidelines).
    """
    kb = kb or load_knowledge()
    ind = check_choice("indication", indication, tuple(kb.indications))
    order = list(SOURCE_KINDS)
    rows = [r for r in kb.onset if r["indication_id"][0] == ind]
    rows.sort(key=lambda r: order.index(r["source_kind"]))
    return tuple(
        OnsetStatement(r["id"], ind, r["source_kind"], r["endpoint"], r["shape"], r["time_low_hours"],
                       r["time_high_hours"], r["statement"], tuple(str(x) for x in r["refs"]),
                       r["verification"] == "confirmed")
        for r in rows
    )
