"""Patient handout: a one-page counseling sheet personalised with the regimen and the checklist.

``handout_html()`` builds the page (standard library; no patient identifiers are asked for or shown).
The dashboards hand it to the trainee's browser as a download (``download_link_html()``: the page travels
inside the link, nothing is written on the server); paper or PDF comes from the browser's own print.
For scripts, ``export_handout()`` writes HTML, or PDF through headless Chromium's print engine
(``--print-to-pdf``), to a path the caller chooses.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from html import escape

from . import EDUCATION_NOTICE
from .card import syringe_svg
from .counseling import (
    UNVERIFIED_MARKER,
    CounselingPoint,
    MonitoringVisit,
    RotationDay,
    audience_words,
    plain_sources,
)
from .dosing import Regimen
from .inputs import InputError
from .knowledge import Knowledge, load_knowledge

__all__ = ["CHROMIUM_CANDIDATES", "DOWNLOAD_CSS", "chosen_dose", "download_link_html", "draw_up_html", "export_handout",
           "handout_html",
           "no_download_html", "print_button_html"]

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

_CSS = """
<style>
@page { size: A4; margin: 9mm; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; font-size: 9pt; color: #111;
       line-height: 1.15; max-width: 190mm; margin: auto; }
h1 { font-size: 15pt; margin: 0 0 2pt 0; } h2 { font-size: 11pt; margin: 5pt 0 2pt 0; } p { margin: 2pt 0; }
.dose { font-size: 14pt; font-weight: 700; margin: 3pt 0; }
li { margin: 1pt 0; break-inside: avoid; } ul { margin: 2pt 0; padding-left: 14pt; columns: 2; column-gap: 14pt; }
.compact { font-size: 8.5pt; margin: 1pt 0; } .urgent { font-weight: 700; }
table { border-collapse: collapse; font-size: 11pt; } td, th { border: 1px solid #777; padding: 2pt 5pt; }
.notice { border: 2px solid #111; padding: 4pt 6pt; font-size: 10.5pt; margin-top: 8pt; }
.sources { font-size: 7.5pt; color: #333; line-height: 1.1; margin: 2pt 0; } .marker { font-weight: 400; }
.syringes svg { margin-right: 6pt; } table.plan td { font-size: 9.5pt; }
</style>
"""


def chosen_dose(r: Regimen, dose_mg: float | None = None) -> float | None:
    """The one dose [mg] a handout may print: the prescriber's choice, a requested dose, or a single start.

    Raises
    ------
    InputError
        A chosen dose outside the starting range and the maximum per dose.
    """
    if dose_mg is not None:
        per_dose_max = r.max_daily_mg / r.doses_per_day
        if not r.start_dose_mg[0] - 1e-9 <= dose_mg <= per_dose_max + 1e-9:
            raise InputError("dose_mg", dose_mg, f"{r.start_dose_mg[0]:.4g}–{per_dose_max:.4g} mg per dose",
                             "is outside the regimen")
        return dose_mg
    if r.dose_mg is not None:
        return r.dose_mg
    lo, hi = r.start_dose_mg
    return lo if round(lo, 6) == round(hi, 6) else None


def draw_up_html(dose: float, kb: Knowledge) -> str:
    """What to draw for one dose [mg], with one drawing per syringe; never a volume a syringe cannot hold."""
    conc, content = kb.product_value("concentration"), kb.product_value("syringe_content")
    lowest = kb.product_value("graduation_min")
    if dose < lowest - 1e-9:
        return ("<p class='urgent'>Your pharmacy prepares each dose for you in its own syringe. Do not measure "
                f"it from the {content:g} mg syringe.</p>")
    full, rest = int(dose // content), dose - (dose // content) * content
    parts = []
    if full and rest < 1e-9:
        parts.append(f"<p>Use {full} full {content:g} mg syringe{'s' if full > 1 else ''} "
                     f"({content / conc:.2f} mL each) for each dose.</p>")
    elif full:
        parts.append(f"<p>Your dose needs {full + 1} syringes: {full} full {content:g} mg syringe"
                     f"{'s' if full > 1 else ''} ({content / conc:.2f} mL each), then {rest:.4g} mg "
                     f"({rest / conc:.2f} mL) from one more: push out the extra until the plunger meets that mark.</p>")
    else:
        parts.append(f"<p>Push out the extra until the plunger lines up with the {dose:.4g} mg mark "
                     f"({dose / conc:.2f} mL), then inject the rest.</p>")
    drawings = [syringe_svg(content, kb, width=260)] * full
    if rest > 1e-9:
        drawings.append(syringe_svg(rest, kb, width=260))
    return "".join(parts) + "<div class='syringes'>" + "".join(drawings) + "</div>"


UNVERIFIED_SIGN = "†"
PRINTED_IN_FULL_UP_TO_PRIORITY = 2  # lower-priority points are listed by topic only, to keep one page


def _point_list(points: Sequence[CounselingPoint], cls: str) -> str:
    items = []
    for p in points:
        words, _, marker = audience_words(p, "patient")
        extra = f"<span class='marker'>{UNVERIFIED_SIGN}</span>" if marker else ""
        items.append(f"<li{cls}>{escape(words)}{extra}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _checklist_html(points: Sequence[CounselingPoint]) -> str:
    urgent = [p for p in points if p.priority <= 2]
    routine = [p for p in points if 2 < p.priority <= PRINTED_IN_FULL_UP_TO_PRIORITY]
    topics = [p.topic for p in points if p.priority > PRINTED_IN_FULL_UP_TO_PRIORITY]
    parts = []
    if urgent:
        parts.append("<h2>Call your team or get help</h2>" + _point_list(urgent, " class='urgent'"))
    if routine:
        parts.append("<h2>Good to know</h2>" + _point_list(routine, ""))
    if topics:
        parts.append(f"<h2>Also ask your team about</h2><p class='compact'>{escape('; '.join(topics))}.</p>")
    if any(not p.verified for p in points):
        parts.append(f"<p class='compact'>{UNVERIFIED_SIGN} {escape(UNVERIFIED_MARKER)}.</p>")
    return "".join(parts)


def handout_html(r: Regimen, points: Sequence[CounselingPoint], visits: Sequence[MonitoringVisit] = (),
                 plan: Sequence[RotationDay] = (), kb: Knowledge | None = None, dose_mg: float | None = None) -> str:
    """One-page patient handout (HTML): the chosen dose and how to draw it, the checklist in plain words,
    blood-test dates, injection sites, the education-only notice and the sources. Every text is escaped.

    ``dose_mg`` is the dose the prescriber chose [mg per dose]; without it, a range leaves a blank to fill in.
    """
    kb = kb or load_knowledge()
    dose = chosen_dose(r, dose_mg)
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Anakinra (Kineret): your "
             f"injections</title>{_CSS}</head><body>", "<h1>Anakinra (Kineret): your injections</h1>",
             f"<p>For: {escape(r.indication_name)}. No name or date of birth is printed on this sheet.</p>"]
    if r.action != "dose":
        parts.append("<p class='dose urgent'>Do not start anakinra until your team says so.</p>")
    elif dose is None:
        parts.append(f"<p class='dose'>Your dose: ________ mg, {escape(r.interval_text)}</p>"
                     "<p>Your prescriber writes in your dose and shows you the mark on the syringe.</p>")
    else:
        parts.append(f"<p class='dose'>Your dose: {dose:.4g} mg, {escape(r.interval_text)}</p>")
        parts.append(draw_up_html(dose, kb))
    parts.append(_checklist_html(points))
    if visits:
        tests: dict[str, list[str]] = {}
        for v in visits:
            tests.setdefault(v.test, []).append(v.date.isoformat())
        rows = "".join(f"<p class='compact'><b>{escape(t)}:</b> {', '.join(d)}</p>" for t, d in tests.items())
        parts.append(f"<h2>Blood tests and check-ups</h2>{rows}")
    if plan:
        cycle = list(dict.fromkeys(d.site_name for d in plan))
        parts.append("<h2>Where to inject (rotate)</h2><p class='compact'>Use a new site each time, in this order, "
                     f"then start again: {escape(' → '.join(cycle))}.</p>")
    cites = list(dict.fromkeys(c for p in points for c in p.citations))  # the regimen's own: on the card
    parts.append(f"<div class='notice'>{escape(EDUCATION_NOTICE)} This sheet is a teaching example; your own "
                 "team's instructions come first.</div>")
    parts.append(f"<p class='sources'>Sources (the documents are listed in the teaching suite): "
                 f"{escape(plain_sources(cites, kb, titles=False))}</p></body></html>")
    return "".join(parts)


DOWNLOAD_CSS = """<style>
.ae-download{display:inline-block;font-size:18px;font-weight:700;color:#fff;background:#0b5394;border:2px solid #062f55;
 border-radius:6px;padding:6px 14px;margin:4px 0;text-decoration:none}
.ae-download:focus{outline:3px solid #111;outline-offset:2px}
.ae-download-none{font-size:17px;color:#555;border:2px dashed #888;padding:6px 10px;display:inline-block}
</style>"""


def download_link_html(content: str, filename: str, label: str, mime: str = "text/html") -> str:
    """A link the browser saves as ``filename``: ``content`` travels inside it (a base64 ``data:`` URL).

    Nothing is written on the server and no path is typed; the trainee's browser keeps the file.
    """
    data = base64.b64encode(content.encode("utf-8")).decode("ascii")
    return (f'{DOWNLOAD_CSS}<a class="ae-download" download="{escape(filename)}" '
            f'href="data:{escape(mime)};charset=utf-8;base64,{data}">{escape(label)}</a>')


# window.URL: inside an inline handler a bare URL is the document's (document.URL, a string).
PRINT_JS = ("const a=document.querySelector('a.ae-download[download=\"{name}\"]');if(!a)return;"
            "fetch(a.href).then(r=>r.blob()).then(b=>{{const w=window.open(window.URL.createObjectURL(b));"
            "if(w)w.addEventListener('load',()=>w.print());}});")


def print_button_html(filename: str, label: str) -> str:
    """A button that opens the file of the page's download link for ``filename`` in a new tab and calls the
    browser's print there (paper, or "Save as PDF"): no server, no file written anywhere."""
    script = PRINT_JS.format(name=filename)  # a plain file name; the attribute is escaped as a whole
    return (f'{DOWNLOAD_CSS}<button class="ae-download" type="button" onclick="{escape(script)}">'
            f"{escape(label)}</button>")


def no_download_html(reason: str) -> str:
    """Shown instead of a download link when there is nothing valid to download, with the reason."""
    return f'{DOWNLOAD_CSS}<div class="ae-download-none">No download: {escape(reason)}</div>'


def _chromium() -> str | None:
    env = os.environ.get("ANAKINRA_EDU_CHROMIUM")
    if env:
        return env
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def export_handout(html: str, path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """Write the handout to ``path`` as HTML or PDF (by ``fmt`` or the file extension). Returns the path.

    PDF uses headless Chromium's print engine; without a Chromium binary it raises :class:`InputError`
    saying what to install. Nothing else is written (the temporary HTML for printing is removed).
    """
    target = os.fspath(path)
    kind = (fmt or os.path.splitext(target)[1].lstrip(".") or "html").lower()
    if kind not in ("html", "pdf"):
        raise InputError("format", kind, "html or pdf", "is not a handout format")
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        raise InputError("path", target, "a file in an existing folder", "is in a folder that does not exist")
    if kind == "html":
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(html)
        return target
    browser = _chromium()
    if browser is None:
        raise InputError("format", "pdf", "html (or install Chromium for PDF: apt-get install chromium)",
                         "needs a Chromium browser, which was not found")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "handout.html")
        with open(src, "w", encoding="utf-8") as fh:
            fh.write(html)
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
               f"--user-data-dir={os.path.join(tmp, 'profile')}", f"--print-to-pdf={os.path.abspath(target)}",
               "file://" + src]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    if proc.returncode != 0 or not os.path.isfile(target):
        raise InputError("format", "pdf", "html", f"could not be printed by Chromium ({proc.returncode})")
    return target
