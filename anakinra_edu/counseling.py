"""Safety counseling, monitoring calendar and injection-site rotation (pure standard library).

``counseling_points(regimen)`` turns a :class:`~anakinra_edu.dosing.Regimen` (which already knows the
indication, age, kidney rule, concomitant drugs and vaccines, pregnancy and breastfeeding) into the ordered
checklist for that patient: each point once, most urgent first, with plain words for the patient, the
clinician detail, the sources and, where sources disagree, both positions. The points and their triggers
live in ``data/counseling.csv``; the schedules in ``data/monitoring.csv``; the sites in
``data/injection_sites.csv``.

Examples
--------
>>> from anakinra_edu.dosing import regimen
>>> points = counseling_points(regimen("ra", 70, 50, concomitant=["etanercept"]))
>>> points[0].priority
1
>>> import datetime
>>> [v.date.isoformat() for v in monitoring_calendar(datetime.date(2026, 1, 31), "ra", "us")][:3]
['2026-01-31', '2026-02-28', '2026-03-31']
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence

from ._record import record
from .dosing import Disagreement, Regimen
from .inputs import check_choice, check_number
from .knowledge import AUDIENCES, Knowledge, load_knowledge

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from typing import Any

__all__ = [
    "CounselingPoint",
    "MonitoringVisit",
    "RotationDay",
    "add_months",
    "counseling_points",
    "indication_points",
    "monitoring_calendar",
    "rotation_plan",
    "vaccine_table",
]


@record
class CounselingPoint:
    """One checklist point: plain patient words, clinician detail, sources, and any disagreement."""

    id: str
    topic: str
    priority: int
    audiences: tuple[str, ...]
    patient_text: str
    clinician_text: str
    citations: tuple[str, ...]
    disagreement: Disagreement | None
    verified: bool
    workshop_step: str


@record
class MonitoringVisit:
    """A dated check: date, months after the start, what is checked, why, and the source."""

    date: dt.date
    month: int
    test: str
    text: str
    citations: tuple[str, ...]


@record
class RotationDay:
    """Day number (1 = first injection), the site id and its name."""

    day: int
    site_id: str
    site_name: str


def _triggers(r: Regimen) -> set[str]:
    """The counseling triggers: the engine's events (one vocabulary with the tables), plus ``always``."""
    return {"always", *r.events}


def _disagreement(kb: Knowledge, did: str | None) -> Disagreement | None:
    if not did:
        return None
    for d in kb.disagreements:
        if d["id"] == did:
            return Disagreement(d["id"], d["topic"], d["position_a"], tuple(str(x) for x in d["refs_sources_a"]),
                                d["position_b"], tuple(str(x) for x in d["refs_sources_b"]))
    return None


def counseling_points(r: Regimen, audience: str | None = None, kb: Knowledge | None = None
                      ) -> tuple[CounselingPoint, ...]:
    """The ordered counseling checklist for one patient context.

    Parameters
    ----------
    r : Regimen
        From :func:`anakinra_edu.dosing.regimen`, called with the patient's concomitant drugs and planned
        vaccines, pregnancy/breastfeeding and kidney function.
    audience : {"patient", "nurse", "prescriber"}, optional
        Keep only the points for this audience (default: all).

    Returns
    -------
    tuple of CounselingPoint
        Each point once, sorted by priority (1 = most urgent), then table order.

    References
    ----------
    data/counseling.csv (each point cites its sources; US-PI-2020 §5, EU-PL-2022, ACR-FS-2023).
    """
    kb = kb or load_knowledge()
    return _select(_triggers(r), r.indication, audience, kb)


def indication_points(indication: str, audience: str | None = None, kb: Knowledge | None = None
                      ) -> tuple[CounselingPoint, ...]:
    """The points every patient with this indication gets (trigger ``always`` or one of the indication's events).

    They need no weight, age or kidney value, so they still stand while such a number is invalid; a patient's
    own points (dose, kidney, drugs, age, pregnancy) come from :func:`counseling_points`.

    References
    ----------
    data/counseling.csv and the events of data/indications.csv (each point cites its sources).
    """
    kb = kb or load_knowledge()
    ind = check_choice("indication", indication, tuple(kb.indications))
    events = {e.strip() for e in str(kb.indications[ind]["events"]).split(";") if e.strip()}
    return _select({"always", *events}, ind, audience, kb)


def _select(triggers: set[str], indication: str, audience: str | None, kb: Knowledge
            ) -> tuple[CounselingPoint, ...]:
    aud = None if audience is None else check_choice("audience", audience, AUDIENCES)
    chosen: list[tuple[int, int, Mapping[str, Any]]] = []
    for order, row in enumerate(kb.counseling):
        if row["trigger"] not in triggers or triggers & set((row["not_when"] or "").split(";")):
            continue
        if "*" not in row["indication_ids"] and indication not in row["indication_ids"]:
            continue
        audiences = tuple(a.strip() for a in row["audiences"].split(";"))
        if aud is not None and aud not in audiences:
            continue
        chosen.append((int(row["priority"]), order, row))
    chosen.sort(key=lambda t: (t[0], t[1]))
    return tuple(
        CounselingPoint(row["id"], row["topic"], prio, tuple(a.strip() for a in row["audiences"].split(";")),
                        row["patient_text"], row["clinician_text"], tuple(str(x) for x in row["refs"]),
                        _disagreement(kb, row["disagreement_id"]), row["verification"] == "confirmed",
                        row["workshop_step"])
        for prio, _, row in chosen
    )


def add_months(start: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb).

    References
    ----------
    EDU-DESIGN (calendar arithmetic for data/monitoring.csv).
    """
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def monitoring_calendar(start: dt.date, indication: str, label: str | None = None, kb: Knowledge | None = None
                        ) -> tuple[MonitoringVisit, ...]:
    """Dated checks from a start date: neutrophil counts, and for severe CAPS (EU) the CNS/hearing/eye reviews.

    Parameters
    ----------
    start : datetime.date
        First dose.
    indication : str
        Indication id.
    label : {"us", "eu"}, optional
        Schedule to use; default: where the indication is labeled, US for off-label indications.

    References
    ----------
    US-PI-2020 §5; EU-SmPC-2025 §4.2; EU-SmPC-old §4.3 (schedule rows in data/monitoring.csv).
    """
    kb = kb or load_knowledge()
    if not isinstance(start, dt.date):
        from .inputs import InputError

        raise InputError("start", start, "a date", "is not a date")
    ind = check_choice("indication", indication, tuple(kb.indications))
    jur = label or kb.indications[ind]["default_label"] or "us"
    jur = check_choice("label", jur, ("us", "eu"))
    visits = []
    for row in kb.monitoring:
        if row["jurisdiction"] != jur:
            continue
        if "*" not in row["indication_ids"] and ind not in row["indication_ids"]:
            continue
        month = int(row["first_month"])
        step = int(row["every_months"] or 1)
        while month <= row["last_month"]:
            visits.append(MonitoringVisit(add_months(start, month), month, row["test"], row["text"],
                                          tuple(str(x) for x in row["refs"])))
            month += step
    if "hospital_course" in kb.indications[ind]["events"].split(";"):
        visits = [v for v in visits if v.month == 0]  # the outpatient schedule is for long-term treatment
    visits.sort(key=lambda v: (v.date, v.test))
    return tuple(visits)


def rotation_plan(days: int = 14, caregiver: bool = False, kb: Knowledge | None = None) -> tuple[RotationDay, ...]:
    """A site-rotation plan: each day the next site, alternating region and side.

    Parameters
    ----------
    days : int
        Length of the plan [days], within ``data/input_limits.csv`` (2–4 weeks).
    caregiver : bool
        Include sites a caregiver must inject (back of the upper arms, buttocks).

    References
    ----------
    ACR-FS-2023; AHFS-2022 (sites in data/injection_sites.csv).
    """
    kb = kb or load_knowledge()
    n = int(check_number("rotation_days", days, kb=kb))
    sites = [s for s in kb.injection_sites.values() if caregiver or s["self_injection"] == "yes"]
    regions: dict[str, list[Mapping[str, Any]]] = {}
    for s in sites:
        regions.setdefault(s["region"], []).append(s)
    order: list[Mapping[str, Any]] = []
    names = list(regions)
    for i in range(max(len(v) for v in regions.values())):
        for j, region in enumerate(names):
            group = regions[region]
            pick = group[(i + j) % len(group)]
            if pick not in order:
                order.append(pick)
    for s in sites:
        if s not in order:
            order.append(s)
    return tuple(RotationDay(d + 1, order[d % len(order)]["id"], order[d % len(order)]["name"]) for d in range(n))


def vaccine_table(kb: Knowledge | None = None) -> tuple[tuple[str, bool, tuple[str, ...], bool], ...]:
    """(vaccine, live?, sources, verified) for every vaccine in ``data/concomitant.csv``.

    References
    ----------
    US-PI-2020 §5 (no live vaccines); rows of data/concomitant.csv with their sources.
    """
    kb = kb or load_knowledge()
    return tuple(
        (row["display"], row["kind"] == "live_vaccine", tuple(str(x) for x in row["refs"]),
         row["verification"] == "confirmed")
        for row in kb.concomitant.values() if row["name"].endswith("-vaccine")
    )


# ---------------------------------------------------------------------------------------------
# Words for each audience
# ---------------------------------------------------------------------------------------------

#: Research vocabulary that belongs to prescribers and fellows, never to patient or nurse text.
RESEARCH_WORDS = ("unconfirmed", "not read", "was not found", "not found", "paraphrased", "recalled",
                  "searched", "edu-digest", "edu-design", "secondary only", "digest", "title not given")
UNVERIFIED_MARKER = "not verified against the current label"
INTERNAL_SOURCE_PREFIX = "EDU-"


def _is_research(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in RESEARCH_WORDS)


def plain_sentences(text: str) -> str:
    """``text`` without the sentences (or bracketed asides) that carry research vocabulary.

    References
    ----------
    data/counseling.csv (the texts it shortens; no clinical content of its own).
    """
    import re

    text = re.sub(r"\s*[(\[][^()\[\]]*[)\]]", lambda m: "" if _is_research(m.group(0)) else m.group(0), text)
    kept = [s for s in re.split(r"(?<=[.;])\s+", text) if s and not _is_research(s)]
    return " ".join(kept).strip()


def audience_words(point: CounselingPoint, audience: str) -> tuple[str, str, str]:
    """(plain words, detail, marker) of a point for ``audience`` (patient, nurse or prescriber).

    Patients get the plain words only; nurses also the clinician detail without research vocabulary;
    prescribers the full detail. An unverified point carries the neutral marker for patients and nurses.

    References
    ----------
    data/counseling.csv (patient_text, clinician_text, verification).
    """
    aud = check_choice("audience", audience, AUDIENCES)
    if aud == "prescriber":
        return point.patient_text, point.clinician_text, "" if point.verified else "UNVERIFIED"
    detail = "" if aud == "patient" else plain_sentences(point.clinician_text)
    return plain_sentences(point.patient_text) or point.patient_text, detail, \
        "" if point.verified else UNVERIFIED_MARKER


def plain_sources(citations: Sequence[str], kb: Knowledge | None = None, titles: bool = True) -> str:
    """Sources for patients and nurses: document titles and issuers (or issuers only), no internal ids or notes.

    References
    ----------
    data/sources.csv (titles and issuers of the cited documents).
    """
    import re

    kb = kb or load_knowledge()
    seen: list[str] = []
    for c in citations:
        sid = c.split(" ")[0]
        if sid.startswith(INTERNAL_SOURCE_PREFIX) or sid not in kb.sources:
            continue
        src = kb.sources[sid]
        title = re.sub(r"\s*\([^()]*\)", lambda m: "" if _is_research(m.group(0)) else m.group(0), src.title)
        line = f"{title} ({src.issuer})" if titles else src.issuer
        if line not in seen:
            seen.append(line)
    return "; ".join(seen)
