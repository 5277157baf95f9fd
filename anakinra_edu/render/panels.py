"""HTML panels of the dashboards as pure functions (standard library): tables, checklists, feedback,
placeholders. Unit-tested without widgets."""

from __future__ import annotations

from html import escape

from ..card import CARD_CSS
from ..display_names import kidney_method_name, weight_basis_name
from ..knowledge import Knowledge

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from collections.abc import Sequence

    from ..counseling import CounselingPoint
    from ..kidney import KidneyFunction

PANEL_CSS = """<style>
.ae-panel{font-size:18px;line-height:1.45}
.ae-table{border-collapse:collapse;font-size:18px}
.ae-table th{text-align:left;padding:2px 8px}
.ae-table td{padding:2px 8px}
.ae-table td.ae-num{text-align:right}
.ae-small,.ae-caption{font-size:15px}
.ae-panel .ae-change{background:#fff8d6;border:2px dashed #6b5900;padding:6px;font-weight:600}
</style>"""

CLEARED_CSS = """<style>
.ae-cleared{background:#eee;color:#333;border:2px dashed #777;padding:8px 10px;font-size:18px;margin:6px 0}
</style>"""


def cleared_html(subject: str, reason: str) -> str:
    """Greyed placeholder for a result that depends on an invalid input: what is not shown, and why."""
    return f'{CLEARED_CSS}<div class="ae-cleared" role="status">No {escape(subject)} shown: {escape(reason)}</div>'


def onset_table_html(indication: str, kb: Knowledge) -> str:
    from ..onset import SOURCE_KINDS, onset_window

    rows = onset_window(indication, kb)
    if not rows:
        return "<p>No quantitative onset statement is sourced for this indication.</p>"
    body = "".join(
        f"<tr><td><b>{escape(SOURCE_KINDS[s.source_kind])}</b></td><td>{escape(s.endpoint)}</td>"
        f"<td><b>{escape(s.when)}</b></td><td>{escape(s.statement)}</td><td>{escape('; '.join(s.citations))}"
        + ("" if s.verified else " (unverified)") + "</td></tr>"
        for s in rows)
    name = kb.indications[indication]["name"]
    return (f"<div style='font-size:17px'><h3 style='margin:4px 0'>{escape(name)}: what each source says</h3>"
            "<table style='border-collapse:collapse;font-size:16px'><tr><th>Source</th><th>Endpoint</th>"
            f"<th>When</th><th>Statement</th><th>Cited</th></tr>{body}</table>"
            "<p>Where the fact sheet and the label or trials differ, both are shown: they answer different "
            "questions (first relief vs a measured response) and neither is averaged.</p></div>")


PRIORITY_TEXT = {1: "URGENT", 2: "IMPORTANT", 3: "ROUTINE", 4: "ROUTINE", 5: "GOOD TO KNOW"}


def checklist_html(points: Sequence[CounselingPoint], audience: str = "prescriber") -> str:
    """Checklist as HTML: priority as a text badge, words for the audience, detail, sources, disagreements.

    Patients and nurses never see research vocabulary: an unverified point carries a neutral marker and the
    sources are named by document (:func:`anakinra_edu.counseling.audience_words`, ``plain_sources``).
    """
    from ..counseling import audience_words, plain_sentences, plain_sources

    items = []
    for p in points:
        words, detail_text, marker = audience_words(p, audience)
        detail = f"<div style='font-size:15px;color:#222'>{escape(detail_text)}</div>" if detail_text else ""
        dis = ""
        if p.disagreement is not None and audience == "prescriber":
            d = p.disagreement
            dis = (f"<div style='font-size:15px;background:#fff8d6;border:1px dashed #6b5900;padding:3px 6px'>"
                   f"<b>Sources disagree ({escape(d.topic)}):</b> {escape(d.position_a)} "
                   f"[{escape('; '.join(d.sources_a))}] <b>vs</b> {escape(d.position_b)} "
                   f"[{escape('; '.join(d.sources_b))}]</div>")
        elif p.disagreement is not None:
            d = p.disagreement
            dis = (f"<div style='font-size:15px;background:#fff8d6;border:1px dashed #6b5900;padding:3px 6px'>"
                   f"<b>Sources disagree ({escape(d.topic)}):</b> {escape(plain_sentences(d.position_a))} <b>vs</b> "
                   f"{escape(plain_sentences(d.position_b))}</div>")
        badge = f" <span class='ae-badge'>{escape(marker)}</span>" if marker else ""
        sources = "; ".join(p.citations) if audience == "prescriber" else plain_sources(p.citations)
        items.append(
            f"<li style='margin:6px 0'><span class='ae-badge'>{PRIORITY_TEXT[p.priority]}</span>{badge} "
            f"<b>{escape(words)}</b>{detail}{dis}"
            f"<div style='font-size:13px;color:#333'>Sources: {escape(sources)}</div></li>")
    return f"{CARD_CSS}<div class='ae-card'><ol style='padding-left:22px'>{''.join(items)}</ol></div>"


def vaccine_html(kb: Knowledge) -> str:
    from ..counseling import vaccine_table

    rows = "".join(
        f"<tr><td>{escape(name)}</td><td><b>{'LIVE — do not give' if live else 'not live'}</b></td>"
        f"<td>{escape('; '.join(c))}{'' if ok else ' (classification not label text)'}</td></tr>"
        for name, live, c, ok in vaccine_table(kb))
    return ("<table style='border-collapse:collapse;font-size:16px'><tr><th>Vaccine</th><th>Live?</th>"
            f"<th>Source</th></tr>{rows}</table>")


def feedback_html(ok: bool | None, text: str, cites: tuple[str, ...]) -> str:
    if ok is None:
        head = "<b>Model answer:</b>"
        colour = "#555555"
    else:
        head = "<b>✔ Correct.</b>" if ok else "<b>✘ Not quite.</b>"
        colour = "#1b7f3b" if ok else "#b00020"
    return (f"<div style='font-size:17px;border-left:8px solid {colour};padding-left:8px'>{head} {escape(text)}"
            f" <span style='font-size:14px'>[{escape('; '.join(cites))}]</span></div>")


def kidney_table_html(k: KidneyFunction, threshold: float) -> str:
    """Every kidney estimate beside the threshold [mL/min], the one the rule uses and why (HTML).

    ``k``: a :class:`~anakinra_edu.kidney.KidneyFunction`.
    """
    def value(x: float | None, unit: str) -> str:
        return "—" if x is None else f"{x:.1f} {unit}"

    def decision(x: float | None) -> str:
        if x is None:
            return "—"
        return "below: every other day" if x < threshold else "not below: daily"

    cg = k.cockcroft_gault
    rows = [
        ("Cockcroft–Gault, actual weight", cg.actual, "mL/min"),
        (f"Cockcroft–Gault, ideal weight ({cg.ideal_weight_kg:.1f} kg)" if cg.ideal_weight_kg else
         "Cockcroft–Gault, ideal weight", cg.ideal, "mL/min"),
        (f"Cockcroft–Gault, adjusted weight ({cg.adjusted_weight_kg:.1f} kg)" if cg.adjusted_weight_kg else
         "Cockcroft–Gault, adjusted weight", cg.adjusted, "mL/min"),
        ("CKD-EPI 2021 (adults, race-free)", k.ckd_epi_2021, "mL/min/1.73 m²"),
        ("Bedside Schwartz (under 18)", k.bedside_schwartz, "mL/min/1.73 m²"),
    ]
    body = "".join(f"<tr><td>{escape(n)}</td><td class='ae-num'><b>{escape(value(v, u))}</b></td>"
                   f"<td>{escape(decision(v))}</td></tr>" for n, v, u in rows)
    used = k.used_for_dosing
    decisions = {decision(v) for _, v, _ in rows if v is not None}
    disagree = (f"<div class='ae-change'>The formulas disagree about the every-other-day decision at "
                f"{threshold:g} mL/min.</div>" if len(decisions) > 1 else "")
    return (
        f"{PANEL_CSS}<div class='ae-panel'><table class='ae-table'><tr><th>Estimate</th><th>Value</th>"
        f"<th>Versus {threshold:g} mL/min</th></tr>{body}</table>"
        f"{disagree}<p><b>Used for dosing:</b> {escape(kidney_method_name(used.method))}"
        + (f" ({escape(weight_basis_name(used.weight_basis))})" if used.weight_basis else "")
        + (f" = {used.value_ml_min:.1f} mL/min" if used.value_ml_min is not None else "")
        + f"<br><b>Why:</b> {escape(used.reason)}</p>"
        f"<p class='ae-small'>Serum creatinine {k.scr_mg_dl:.2f} mg/dL"
        + (f"; BMI {k.bmi:.1f} kg/m²" if k.bmi is not None else "") + "</p></div>"
    )
