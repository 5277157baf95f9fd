"""Step 8 of the engine: the warnings and disagreements that the events bring up, and the flags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..knowledge import Knowledge
from .records import DO_NOT_START_TRIGGERS, FLAG_OF_EVENT, FLAGS, Disagreement, WarningNote

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from typing import Any

SEVERITY_ORDER = {"stop": 0, "warn": 1, "info": 2}


def _applies(row: Mapping[str, Any], indication: str) -> bool:
    return "*" in row["indication_ids"] or indication in row["indication_ids"]


def select_warnings(kb: Knowledge, events: frozenset[str], indication: str, jurisdiction: str
                    ) -> tuple[tuple[Mapping[str, Any], ...], frozenset[str]]:
    """Warning rows for the events (stop first, then warn, then info) and the events they add.

    The ``unverified_rule`` warning is added once, last of its severity, when any part of the answer (a rule,
    a field, or a selected warning) is unconfirmed.

    References
    ----------
    data/warnings.csv (each row cites its sources).
    """
    jurs = {"us", "eu"} if jurisdiction == "any" else {jurisdiction}
    chosen = [w for w in kb.warnings
              if (w["trigger"] == "always" or (w["trigger"] in events and w["trigger"] != "unverified_rule"))
              and _applies(w, indication) and (w["jurisdictions"] == "*" or w["jurisdictions"] in jurs)]
    added = set()
    if any(w["verification"] == "unconfirmed" for w in chosen):
        added.add("unverified_rule")
    if "unverified_rule" in events | added:
        chosen.append(next(w for w in kb.warnings if w["trigger"] == "unverified_rule"))
    chosen.sort(key=lambda w: SEVERITY_ORDER[w["severity"]])
    return tuple(chosen), frozenset(added)


def select_disagreements(kb: Knowledge, events: frozenset[str], indication: str) -> tuple[Mapping[str, Any], ...]:
    """Disagreement rows whose trigger fired (or ``always``) for this indication.

    References
    ----------
    data/disagreements.csv (both positions cite their sources).
    """
    return tuple(d for d in kb.disagreements
                 if (d["trigger"] == "always" or d["trigger"] in events) and _applies(d, indication))


def flags_of(events: Iterable[str], warnings: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """Flags by the one event → flag table; a stop warning on a do-not-start trigger also means do not start.

    References
    ----------
    data/warnings.csv (severity stop: US-PI-2020 §5; EU-SmPC-old §4.3).
    """
    flags = {FLAG_OF_EVENT[e] for e in events if e in FLAG_OF_EVENT}
    if any(w["severity"] == "stop" and w["trigger"] in DO_NOT_START_TRIGGERS for w in warnings):
        flags.add("do_not_start")
    return tuple(f for f in FLAGS if f in flags)


def warning_notes(rows: Iterable[Mapping[str, Any]]) -> tuple[WarningNote, ...]:
    """Rows of ``warnings.csv`` as :class:`WarningNote` records.

    References
    ----------
    data/warnings.csv.
    """
    return tuple(WarningNote(w["code"], w["severity"], w["text"], tuple(str(r) for r in w["refs"])) for w in rows)


def disagreement_notes(rows: Iterable[Mapping[str, Any]]) -> tuple[Disagreement, ...]:
    """Rows of ``disagreements.csv`` as :class:`Disagreement` records (both positions, both sets of sources).

    References
    ----------
    data/disagreements.csv.
    """
    return tuple(Disagreement(d["id"], d["topic"], d["position_a"], tuple(str(r) for r in d["refs_sources_a"]),
                              d["position_b"], tuple(str(r) for r in d["refs_sources_b"])) for d in rows)
