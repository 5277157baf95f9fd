"""Steps 2 and 3 of the engine: the label context (jurisdiction, status, population) and the dosing rule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .._record import record
from ..knowledge import Knowledge, SourceRef
from .records import Step

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from typing import Any

LABELS = ("us", "eu")
OFF_LABEL_POPULATION = "Not labeled in the US or the EU: a teaching regimen from trials or practice."


@record
class LabelContext:
    """Where the answer is set: jurisdiction (``us``, ``eu`` or ``any`` for off-label), status, population."""

    label: str | None
    jurisdiction: str
    status: str
    population: str
    events: frozenset[str]
    refs: tuple[SourceRef, ...]
    step: Step


@record
class RuleChoice:
    """The dosing rule row chosen, the fields of it that are unconfirmed, and what that implies."""

    rule: Mapping[str, Any]
    unconfirmed_fields: frozenset[str]
    events: frozenset[str]
    notes: tuple[str, ...]
    refs: tuple[SourceRef, ...]
    step: Step


def _outside(row: Mapping[str, Any], age_years: float, weight_kg: float) -> list[str]:
    """Why a patient is outside a label population row ('' list if inside)."""
    why = []
    if row["min_age_months"] is not None and age_years * 12 < row["min_age_months"]:
        why.append(f"age {age_years * 12:.3g} months is below {row['min_age_months']:g} months")
    if row["min_weight_kg"] is not None and weight_kg < row["min_weight_kg"]:
        why.append(f"weight {weight_kg:g} kg is below {row['min_weight_kg']:g} kg")
    return why


def label_context(kb: Knowledge, indication: str, label: str | None, age_years: float, weight_kg: float
                  ) -> LabelContext:
    """Label status of the indication in the jurisdiction and whether the patient is in its population.

    ``label`` must already be checked (``us``, ``eu`` or ``None`` for the indication's default).

    References
    ----------
    US-PI-2026 §1; EU-SmPC-2025 §4.1 (rows of data/label_status.csv).
    """
    ind_row = kb.indications[indication]
    events = set(ind_row["events"].split(";"))
    if age_years < kb.threshold("adult_age"):
        events.add("child")
    eu_row = kb.label_status.get((indication, "eu"))
    if eu_row is not None and eu_row["status"] == "on-label" and _outside(eu_row, age_years, weight_kg):
        events.add("below_eu_population")
    if ind_row["group"] == "off-label":
        events.add("off_label")
        text = f"{ind_row['name']}: off-label everywhere. {OFF_LABEL_POPULATION}"
        return LabelContext(None, "any", "off-label", OFF_LABEL_POPULATION, frozenset(events),
                            tuple(ind_row["refs"]), Step("label", text, indication, _cites(ind_row["refs"])))
    jur = ind_row["default_label"] if label is None else label
    ls = kb.label_status[(indication, jur)]
    status = ls["status"]
    why = _outside(ls, age_years, weight_kg) if status == "on-label" else []
    if why:
        status = "outside-label-population"
        events.add("outside_label_population")
    if status == "off-label":
        events.add("off_label")
    text = f"{ind_row['name']}, {jur.upper()} label: {ls['status']}. Population: {ls['population']}"
    if why:
        text += f" This patient is outside it: {'; '.join(why)}."
    return LabelContext(jur, jur, status, ls["population"], frozenset(events), tuple(ls["refs"]),
                        Step("label", text, f"{indication}/{jur}", _cites(ls["refs"])))


def _cites(refs: Sequence[SourceRef]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(r) for r in refs))


def in_band(rule: Mapping[str, Any], weight_kg: float, age_years: float) -> bool:
    """Whether ``weight_min_kg ≤ weight < weight_below_kg`` and ``age_min_years ≤ age < age_below_years``.

    References
    ----------
    data/dosing_rules.csv (weight and age bands, half-open).
    """
    def inside(value: float, lo: float | None, below: float | None) -> bool:
        return (lo is None or value >= lo) and (below is None or value < below)

    return (inside(weight_kg, rule["weight_min_kg"], rule["weight_below_kg"])
            and inside(age_years, rule["age_min_years"], rule["age_below_years"]))


def find_rule(kb: Knowledge, indication: str, jurisdictions: Sequence[str], weight_kg: float, age_years: float
              ) -> Mapping[str, Any] | None:
    """The first rule for the indication in the first jurisdiction that has one for this weight and age.

    References
    ----------
    data/dosing_rules.csv (each rule cites its sources).
    """
    for jur in jurisdictions:
        for rule in kb.dosing_rules:
            if (indication in rule["indication_ids"] and rule["jurisdiction"] == jur
                    and in_band(rule, weight_kg, age_years)):
                return rule
    return None


def _span(lo: float | None, below: float | None, unit: str) -> str:
    if lo is None:
        return f"under {below:g} {unit}"
    return f"{lo:g} {unit} and over" if below is None else f"{lo:g} to under {below:g} {unit}"


def _band_text(rule: Mapping[str, Any]) -> str:
    bands = (("weight", rule["weight_min_kg"], rule["weight_below_kg"], "kg"),
             ("age", rule["age_min_years"], rule["age_below_years"], "years"))
    parts = [f"{what} {_span(lo, below, unit)}" for what, lo, below, unit in bands
             if lo is not None or below is not None]
    return f" ({'; '.join(parts)})" if parts else ""


def _neighbour_note(kb: Knowledge, indication: str, rule: Mapping[str, Any]) -> tuple[str, ...]:
    """Where a weight band ends, what the rule on the other side of the boundary [kg] gives."""
    notes = []
    for edge, side in ((rule["weight_below_kg"], "weight_min_kg"), (rule["weight_min_kg"], "weight_below_kg")):
        if edge is None:
            continue
        other = next((r for r in kb.dosing_rules if r is not rule and indication in r["indication_ids"]
                      and r["jurisdiction"] == rule["jurisdiction"] and r[side] == edge), None)
        if other is not None:
            where = "from" if side == "weight_min_kg" else "below"
            notes.append(f"Weight band: {where} {edge:g} kg the rule is {other['rule_id']} ({other['rule_text']}), so "
                         "the dose and the maximum change at the boundary.")
    return tuple(notes)


def _no_sourced_rule(kb: Knowledge, indication: str, weight_kg: float, age_years: float) -> Exception:
    """The error for a patient no rule covers: names age or weight and the bands the sources do cover."""
    from ..errors import InputError, NotCoveredError

    rules = [r for r in kb.dosing_rules if indication in r["indication_ids"]]
    if not rules:
        return InputError("indication", indication, "an indication with a dosing rule", "has no dosing rule")
    by_weight = [r for r in rules if in_band({**r, "age_min_years": None, "age_below_years": None},
                                            weight_kg, age_years)]
    field, value = ("age_years", age_years) if by_weight else ("weight_kg", weight_kg)
    bands = dict.fromkeys(("" if r["jurisdiction"] == "any" else f"{r['jurisdiction'].upper()}: ")
                          + (_band_text(r)[2:-1] or "any age and weight") for r in rules)
    names = getattr(kb, "indications", {})
    name = names[indication]["name"] if indication in names else indication
    return NotCoveredError(field, value, "; ".join(bands),
                           f"is not covered by any source for {name} at {weight_kg:g} kg and {age_years:g} years "
                           "(no dose shown: a rule is not applied by analogy)")


def select_rule(kb: Knowledge, indication: str, jurisdiction: str, weight_kg: float, age_years: float
                ) -> RuleChoice:
    """The dosing rule: the jurisdiction's, else the off-label teaching rule, else the other label's (warned).

    References
    ----------
    data/dosing_rules.csv; EDU-DESIGN (fallback to the off-label teaching rule, then the other label).
    """
    events: set[str] = set()
    search = [jurisdiction] if jurisdiction == "any" else [jurisdiction, "any"]
    rule = find_rule(kb, indication, search, weight_kg, age_years)
    if rule is None:
        rule = find_rule(kb, indication, [j for j in LABELS if j != jurisdiction], weight_kg, age_years)
        if rule is None:
            raise _no_sourced_rule(kb, indication, weight_kg, age_years)
        events.add("rule_from_other_label")
    unconfirmed = frozenset(f.strip() for f in (rule["unconfirmed_fields"] or "").split(";") if f.strip())
    notes: tuple[str, ...] = ()
    if rule["verification"] == "unconfirmed":
        events.add("unverified_rule")
    if unconfirmed:
        names = ", ".join(sorted(f.replace("_", " ") for f in unconfirmed))
        notes = (f"Not confirmed as label text: {names} (shown for teaching; a dose relying on it is flagged).",)
    notes += _neighbour_note(kb, indication, rule)
    text = f"{rule['rule_id']} ({rule['jurisdiction']}){_band_text(rule)}, {weight_kg:g} kg: {rule['rule_text']}"
    if "rule_from_other_label" in events:
        text += f" (no {jurisdiction.upper()} rule: the {rule['jurisdiction'].upper()} label's rule, for reference)"
    return RuleChoice(rule, unconfirmed, frozenset(events), notes, tuple(rule["refs"]),
                      Step("rule", text, rule["rule_id"], _cites(rule["refs"])))
