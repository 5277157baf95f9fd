"""Step 7 of the engine: safety findings from other drugs, vaccines, infection, blood counts and the patient."""

from __future__ import annotations

from .._record import record
from ..knowledge import Knowledge, SourceRef
from .records import Step

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from .patient import Patient

EVENTS_OF_DRUG_KIND = {"tnf_inhibitor": ("biologic", "tnf_inhibitor"), "biologic": ("biologic", "non_tnf_biologic"),
                       "live_vaccine": ("live_vaccine",), "monitor": ("monitor_drug",)}
HEPATIC_CLASSES_WITH_A_NOTE = ("B", "C")


@record
class SafetyFindings:
    """Events raised by the patient's other drugs and conditions, with the drugs' sources."""

    events: frozenset[str]
    refs: tuple[SourceRef, ...]
    step: Step


def safety_findings(kb: Knowledge, p: Patient) -> SafetyFindings:
    """Events for combinations, vaccines, infection, neutrophils [10⁹/L], age [years], liver, pregnancy.

    References
    ----------
    US-PI-2020 §5 (infection, combinations, vaccines); EU-SmPC-old §4.3 (neutrophils); US-PI-8 §8.1,
    §8.2, §8.5 (pregnancy, lactation, age); EU-SmPC-old §4.2 (liver); rows of data/warnings.csv.
    """
    events = {e for d in p.drugs for e in EVENTS_OF_DRUG_KIND.get(d["kind"], ())}
    said = [f"{d['name']} ({d['kind'].replace('_', ' ')})" for d in p.drugs]
    if p.active_infection:
        events.add("active_infection")
        said.append("active serious infection")
    anc_limit = kb.threshold("anc_do_not_initiate_below")
    if p.anc_1e9_per_l is not None and p.anc_1e9_per_l < anc_limit:
        events.add("anc_low")
        said.append(f"neutrophils {p.anc_1e9_per_l:g} × 10⁹/L, below {anc_limit:g}")
    if p.age_years < kb.threshold("infant_schedule_below_age"):
        events.add("infant")
        said.append(f"age {p.age_years:g} years: infant vaccine schedule")
    geriatric = kb.threshold("geriatric_age")
    if p.age_years >= geriatric:
        events.add("geriatric")
        said.append(f"age {p.age_years:g} years, {geriatric:g} or over")
    if p.child_pugh in HEPATIC_CLASSES_WITH_A_NOTE:
        events.add("hepatic")
        said.append(f"Child-Pugh {p.child_pugh}")
    for flag, event in ((p.pregnant, "pregnancy"), (p.breastfeeding, "breastfeeding")):
        if flag:
            events.add(event)
            said.append(event)
    refs = tuple(r for d in p.drugs for r in d["refs"])
    text = "checked: " + ("; ".join(said) if said else "no other drugs, vaccines or conditions given")
    return SafetyFindings(frozenset(events), refs, Step("safety", text, None, tuple(str(r) for r in refs)))
