"""The regimen card: HTML readable from the back of a lecture room, and the "what changed" lines.

Pure standard library (``html.escape``): the widgets, the handouts and the tests all render the same
string. Flags are text badges (never colour alone); warnings are plain words with their sources as
footnotes; the syringe is drawn as inline SVG marked at the line to draw to. Every user-visible string
built from input is escaped.
"""

from __future__ import annotations

from html import escape

from . import EDUCATION_NOTICE
from .display_names import FLAG_NAMES, kidney_method_name, label_status_name
from .dosing import format_range
from .knowledge import Knowledge, load_knowledge, parse_source_ids

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from .dosing import Regimen

__all__ = ["BADGE_TEXT", "CARD_CSS", "error_card_html", "regimen_card_html", "syringe_svg", "what_changed"]

BADGE_TEXT = {flag: name.upper() for flag, name in FLAG_NAMES.items()}  # the badges on the card

CARD_CSS = """
<style>
.ae-card{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:18px;line-height:1.45;
 color:#111;background:#fff;border:2px solid #222;border-radius:8px;padding:14px 18px;max-width:980px}
.ae-card h2{font-size:26px;margin:0 0 6px 0}
.ae-dose{font-size:34px;font-weight:700;margin:6px 0}
.ae-sub{font-size:18px;color:#333}
.ae-badge{display:inline-block;border:2px solid #111;border-radius:4px;padding:1px 7px;margin:2px 4px 2px 0;
 font-size:15px;font-weight:700;letter-spacing:.02em;background:#f3f3f3;color:#111}
.ae-stop{border-left:8px solid #b00020;padding-left:8px}
.ae-warn{border-left:8px solid #8a5a00;padding-left:8px}
.ae-info{border-left:8px solid #555;padding-left:8px}
.ae-change{background:#fff8d6;border:2px dashed #6b5900;padding:6px 10px;margin:8px 0;font-weight:600}
.ae-secondary{font-size:16px;color:#444;border-left:4px solid #888;padding:4px 8px;margin:6px 0}
.ae-error{background:#fdecea;border:3px solid #b00020;padding:10px;font-size:20px;font-weight:700}
.ae-notice{font-size:15px;color:#222;border-top:1px solid #999;margin-top:10px;padding-top:6px}
.ae-foot{font-size:14px;color:#333}
.ae-card table{border-collapse:collapse;font-size:17px}
.ae-card td,.ae-card th{border:1px solid #888;padding:3px 8px;text-align:left}
</style>
"""


def syringe_svg(dose_mg: float, kb: Knowledge | None = None, width: int = 460) -> str:
    """Inline SVG of the prefilled syringe with its marks, shaded to the line to draw to.

    Parameters
    ----------
    dose_mg : float
        Dose per administration [mg]; above the syringe content the picture shows one full syringe.
    """
    kb = kb or load_knowledge()
    content = kb.product_value("syringe_content")
    lowest = kb.product_value("graduation_min")
    conc = kb.product_value("concentration")
    x0, x1, y, h = 60, width - 60, 34, 44  # the caption sits in the band above y, clear of the dashed line
    scale = (x1 - x0) / content
    fill = min(dose_mg, content)
    below = dose_mg < lowest - 1e-9
    marks = []
    m = lowest  # labelled marks every graduation_min mg (the spacing of the real marks is not confirmed)
    while m <= content + 1e-9:
        x = x0 + m * scale
        marks.append(f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + h}" stroke="#111" stroke-width="2"/>'
                     f'<text x="{x:.1f}" y="{y + h + 18}" font-size="14" text-anchor="middle">{m:g}</text>')
        m += lowest
    line_x = x0 + fill * scale
    label = f"{dose_mg:.4g} mg = {dose_mg / conc:.3f} mL"
    colour = "#b00020" if below else "#0b5394"
    note = (f'<div style="color:#b00020;font-weight:700;font-size:18px">Below the {lowest:g} mg mark: '
            "cannot be measured with the syringe; needs pharmacy preparation</div>") if below else ""
    hatch = ('<pattern id="ae-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
             '<line x1="0" y1="0" x2="0" y2="8" stroke="#0b5394" stroke-width="4"/></pattern>')
    return (
        f'<svg role="img" aria-label="Syringe drawn to {escape(label)}" width="{width}" height="{y + h + 26}" '
        f'viewBox="0 0 {width} {y + h + 26}" xmlns="http://www.w3.org/2000/svg"><defs>{hatch}</defs>'
        f'<rect x="{x0}" y="{y}" width="{x1 - x0}" height="{h}" fill="#fff" stroke="#111" stroke-width="2"/>'
        f'<rect x="{x0}" y="{y}" width="{fill * scale:.1f}" height="{h}" fill="url(#ae-hatch)" opacity="0.6"/>'
        f'<rect x="{x1}" y="{y + 12}" width="40" height="20" fill="#ddd" stroke="#111"/>'
        f'<line x1="{x0 - 40}" y1="{y + h / 2}" x2="{x0}" y2="{y + h / 2}" stroke="#111" stroke-width="3"/>'
        + "".join(marks)
        + f'<line x1="{line_x:.1f}" y1="{y - 8}" x2="{line_x:.1f}" y2="{y + h + 4}" stroke="{colour}" '
        f'stroke-width="4" stroke-dasharray="6,3"/>'
        f'<text x="{min(max(line_x, x0 + 60), x1 - 60):.1f}" y="{y - 16}" font-size="15" font-weight="700" '
        f'text-anchor="middle" fill="{colour}">draw to {escape(label)}</text></svg>{note}'
    )


def _badges(r: Regimen) -> str:
    if not r.flags:
        return '<span class="ae-badge">NO FLAGS</span>'
    return "".join(f'<span class="ae-badge" title="{escape(f)}">{escape(BADGE_TEXT[f])}</span>' for f in r.flags)


def steps_html(r: Regimen, open_: bool = False) -> str:
    """The reasoning trace as a "How this was worked out" panel (closed unless ``open_``)."""
    items = "".join(f"<li><b>{escape(s.step)}</b>: {escape(s.text)}"
                    + (f" <small>[{escape('; '.join(s.citations))}]</small>" if s.citations else "") + "</li>"
                    for s in r.steps)
    state = " open" if open_ else ""
    return f'<details class="ae-steps"{state}><summary>How this was worked out</summary><ol>{items}</ol></details>'


class _Footnotes:
    """Numbered source footnotes of one card: ``[n]`` marks in the text, the list at the end."""

    def __init__(self, citations: tuple[str, ...]) -> None:
        self.cites = list(citations)
        self.index = {c: i + 1 for i, c in enumerate(self.cites)}

    def __call__(self, citations: tuple[str, ...] | list[str]) -> str:
        nums = sorted({self.index[c] for c in citations if c in self.index})
        return "".join(f"<sup>[{n}]</sup>" for n in nums)


def _dose_words(r: Regimen) -> str:
    if r.dose_mg is None:
        return f"{format_range(*r.start_dose_mg)} per dose (starting)"
    capped = (r.dose_daily_mg is not None and r.requested_mg_per_kg is not None
              and r.requested_mg_per_kg * r.weight_kg > r.dose_daily_mg + 1e-9)
    what = (f"per dose (the requested {r.requested_mg_per_kg:g} mg/kg/day, reduced to the maximum)" if capped
            else "per dose (requested)")
    return f"{r.dose_mg:.4g} mg {what}"


def _action_html(r: Regimen, foot: _Footnotes) -> list[str]:
    """The stop first when there is one (the stop is the answer), then the dose, big or secondary."""
    parts = []
    if r.action == "do_not_start":
        parts.append('<div class="ae-error">DO NOT START — this is the answer.</div>')
    elif r.action == "no_sourced_regimen":
        parts.append('<div class="ae-error">NO SOURCED REGIMEN at this kidney function — decide with the '
                     "treating clinician.</div>")
    parts += [f'<div class="ae-stop"><b>STOP:</b> {escape(w.text)}{foot(w.citations)}</div>'
              for w in r.warnings if w.severity == "stop"]  # a STOP is read first, with or without a dose
    if r.action != "dose":
        parts.append(f'<div class="ae-secondary">Computed for teaching only, not to be given: '
                     f"{escape(_dose_words(r))}, {escape(r.interval_text)} (for normal kidney function and no "
                     "stop)</div>")
    else:
        parts.append(f'<div class="ae-dose">{escape(_dose_words(r))}, {escape(r.interval_text)}</div>')
    return parts


def _numbers_html(r: Regimen, kb: Knowledge) -> list[str]:
    """The figures under the dose (mg/kg, maximum, titration, course) and the patient line."""
    sub = []
    if r.start_mg_per_kg is not None:
        sub.append(f"starting {r.start_per_kg_text}")
    if r.requested_mg_per_kg is not None:
        sub.append(f"requested {r.requested_mg_per_kg:g} mg/kg/day")
    sub.append(f"maximum {r.max_daily_mg:.4g} mg/day")
    if r.titration_step_mg is not None:
        sub.append(f"titration step {format_range(*r.titration_step_mg)}")
    if r.maintenance_mg is not None:
        sub.append(f"usual maintenance (severe forms) {format_range(*r.maintenance_mg)}/day")
    if r.course_days is not None:
        lo, hi = r.course_days
        span = f"{lo:g}" if hi is None or hi == lo else f"{lo:g}–{hi:g}"
        sub.append(f"course {span} days" + (" or more" if hi is None else ""))
    kid = "kidney function not given" if r.crcl_ml_min is None else (
        f"kidney estimate used: {r.crcl_ml_min:.1f} {r.crcl_unit} ({kidney_method_name(r.crcl_method)})")
    if r.dialysis:
        kid += "; on dialysis (ESRD)"
    pounds = r.weight_kg * kb.threshold("lb_per_kg")
    age = f"{round(r.age_years * 12)} months" if r.age_years < 2 else f"{r.age_years:.3g} years"
    return [f'<div class="ae-sub">{escape("; ".join(sub))}</div>',
            f'<div class="ae-sub">Patient: {r.weight_kg:g} kg ({pounds:.0f} lb), age {age}; {escape(kid)}</div>']


def _syringe_html(r: Regimen, kb: Knowledge) -> list[str]:
    vols = "; ".join(f"{s.dose_mg:.4g} mg = {s.volume_ml:.3f} mL"
                     + (f" ({s.syringes} syringes)" if s.syringes > 1 else "") for s in r.syringe)
    parts = [f"<div><b>Draw up:</b> {escape(vols)} ({kb.product_value('concentration'):g} mg/mL)</div>"]
    if r.action == "dose":
        parts.append(syringe_svg(r.syringe[-1].dose_mg if len(r.syringe) == 1 else r.syringe[0].dose_mg, kb))
    return parts


def _explanation_html(r: Regimen, kb: Knowledge, foot: _Footnotes, steps_open: bool) -> list[str]:
    """Flags, the rules applied, notes, warnings, the worked-out steps and the disagreements."""
    parts = [f"<div><b>Flags:</b> {_badges(r)}</div>",
             f"<div><b>Rule applied</b>: {escape(r.rule_text)}"
             f"{foot([c for c in foot.cites if c in _rule_sources(r, kb)])}</div>"]
    if r.kidney_rule_text:
        parts.append(f"<div><b>Kidney rule</b>: {escape(r.kidney_rule_text)}</div>")
    parts += [f"<div>{escape(note)}</div>" for note in r.notes]
    others = [w for w in r.warnings if w.severity != "stop"]  # the STOPs are at the top of the card
    if others:
        parts.append("<div><b>Warnings</b></div>")
        parts += [f'<div class="ae-{w.severity}"><b>{w.severity.upper()}:</b> {escape(w.text)}{foot(w.citations)}'
                  "</div>" for w in others]
    parts.append(steps_html(r, steps_open))
    if r.disagreements:
        rows = "".join(
            f"<tr><td>{escape(d.topic)}</td><td>{escape(d.position_a)}{foot(d.sources_a)}</td>"
            f"<td>{escape(d.position_b)}{foot(d.sources_b)}</td></tr>" for d in r.disagreements)
        parts.append("<div><b>Where sources disagree</b> (both shown; none picked)</div>"
                     f"<table><tr><th>Topic</th><th>One source</th><th>Another source</th></tr>{rows}</table>")
    return parts


def regimen_card_html(r: Regimen, changes: list[str] | tuple[str, ...] = (), kb: Knowledge | None = None,
                      steps_open: bool = False) -> str:
    """HTML card for one regimen: the stop or the dose, interval, volume, syringe, badges, warnings, sources.

    Parameters
    ----------
    r : Regimen
        From :func:`anakinra_edu.dosing.regimen`.
    changes : sequence of str
        "What changed" lines from :func:`what_changed`, shown above the dose.
    steps_open : bool
        Open the "How this was worked out" panel (self-study).
    """
    kb = kb or load_knowledge()
    foot = _Footnotes(r.citations)
    label = f" — {r.label.upper()} label" if r.label else ""
    parts = [CARD_CSS, '<div class="ae-card">',
             f"<h2>{escape(r.indication_name)}{escape(label)}: {escape(label_status_name(r.status))}</h2>",
             *(f'<div class="ae-change">What changed: {escape(line)}</div>' for line in changes),
             *_action_html(r, foot), *_numbers_html(r, kb), *_syringe_html(r, kb),
             *_explanation_html(r, kb, foot, steps_open)]
    notes = "".join(f"<div>[{i + 1}] {escape(kb.cite(parse_source_ids(c)[0]))}</div>" for i, c in enumerate(foot.cites))
    parts.append(f'<div class="ae-foot"><b>Sources</b>{notes}</div>')
    parts.append(f'<div class="ae-notice">{escape(EDUCATION_NOTICE)}</div></div>')
    return "".join(parts)


def _rule_sources(r: Regimen, kb: Knowledge) -> set[str]:
    for rule in kb.dosing_rules:
        if rule["rule_id"] == r.rule_id:
            return {str(ref) for ref in rule["refs"]}
    return set()


def error_card_html(message: str, subject: str = "regimen") -> str:
    """Card shown instead of a result when the input is invalid (the last result is not kept)."""
    return (f'{CARD_CSS}<div class="ae-card"><div class="ae-error">No {escape(subject)} shown: {escape(message)}</div>'
            f'<div class="ae-notice">{escape(EDUCATION_NOTICE)}</div></div>')


def _cite_of(r: Regimen, code: str) -> str:
    for w in r.warnings:
        if w.code == code:
            return " (" + "; ".join(w.citations) + ")"
    return ""


def what_changed(before: Regimen | None, after: Regimen) -> list[str]:
    """Lines saying which threshold a move crossed and why, with the source.

    Compares two regimens for the same indication: kidney rule (CrCl below the threshold / dialysis), a cap reached,
    the label population limit, the syringe's lowest mark, and a change of dosing rule (a weight band).
    """
    if before is None or before.indication != after.indication or before.label != after.label:
        return []
    out: list[str] = []
    gained = set(after.flags) - set(before.flags)
    lost = set(before.flags) - set(after.flags)
    if "renal_every_other_day" in gained:
        est = "dialysis" if after.dialysis else f"kidney estimate {after.crcl_ml_min:.1f} {after.crcl_unit}"
        out.append(f"{est} is below the kidney threshold: interval now {after.interval_text}"
                   f"{_cite_of(after, 'renal_every_other_day')}.")
    if "renal_every_other_day" in lost:
        out.append(f"Kidney function is no longer below the threshold: interval back to {after.interval_text}.")
    if after.action != before.action:
        out.append(f"Action changed from {before.action.replace('_', ' ')} to {after.action.replace('_', ' ')}.")
    if "capped_at_maximum" in gained:
        out.append(f"A cap was reached: dose limited to {after.max_daily_mg:.4g} mg/day"
                   f"{_cite_of(after, 'capped_at_maximum')}.")
    if "capped_at_maximum" in lost:
        out.append("The dose is below the cap again.")
    if "outside_label_population" in gained:
        out.append(f"Now outside the label population ({after.population})"
                   f"{_cite_of(after, 'outside_label_population')}.")
    if "outside_label_population" in lost:
        out.append("Back inside the label population.")
    if "below_syringe_minimum" in gained:
        out.append(f"The dose fell below the syringe's lowest mark: needs pharmacy preparation"
                   f"{_cite_of(after, 'below_syringe_minimum')}.")
    if "below_syringe_minimum" in lost:
        out.append("The dose can be measured with the syringe's marks again.")
    if after.rule_id != before.rule_id:
        out.append(f"Dosing rule changed (another weight or age band): {after.rule_text}.")
    return out
