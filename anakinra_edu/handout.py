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
from .counseling import CounselingPoint, MonitoringVisit, RotationDay
from .dosing import Regimen
from .inputs import InputError
from .knowledge import Knowledge, load_knowledge, parse_source_ids

__all__ = ["CHROMIUM_CANDIDATES", "DOWNLOAD_CSS", "download_link_html", "export_handout", "handout_html",
           "no_download_html"]

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

_CSS = """
<style>
@page { size: A4; margin: 12mm; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; font-size: 12.5pt; color: #111;
       line-height: 1.35; max-width: 190mm; margin: auto; }
h1 { font-size: 19pt; margin: 0 0 4pt 0; } h2 { font-size: 14pt; margin: 10pt 0 3pt 0; }
.dose { font-size: 17pt; font-weight: 700; }
li { margin: 2pt 0; } .urgent { font-weight: 700; }
table { border-collapse: collapse; font-size: 11pt; } td, th { border: 1px solid #777; padding: 2pt 5pt; }
.notice { border: 2px solid #111; padding: 4pt 6pt; font-size: 10.5pt; margin-top: 8pt; }
.sources { font-size: 8.5pt; color: #333; }
</style>
"""


def handout_html(r: Regimen, points: Sequence[CounselingPoint], visits: Sequence[MonitoringVisit] = (),
                 plan: Sequence[RotationDay] = (), kb: Knowledge | None = None) -> str:
    """One-page patient handout (HTML): the dose, the syringe, the checklist in plain words, blood-test dates,
    injection sites, when to call, the education-only notice and the sources. Every text is escaped."""
    kb = kb or load_knowledge()
    dose = r.dose_mg if r.dose_mg is not None else r.start_dose_mg[0]
    dose_text = (f"{dose:.4g} mg" if r.dose_mg is not None or r.start_dose_mg[0] == r.start_dose_mg[1]
                 else f"{r.start_dose_mg[0]:.4g}–{r.start_dose_mg[1]:.4g} mg (your team will tell you which)")
    conc = kb.product_value("concentration")
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Anakinra (Kineret): your "
             f"injections</title>{_CSS}</head><body>",
             "<h1>Anakinra (Kineret): your injections</h1>",
             f"<p>For: {escape(r.indication_name)}. No name or date of birth is printed on this sheet.</p>",
             f"<p class='dose'>Your dose: {escape(dose_text)}, {escape(r.interval_text)}</p>",
             f"<p>Draw up to the line: {dose:.4g} mg = {dose / conc:.2f} mL of the "
             f"{kb.product_value('syringe_content'):g} mg syringe. "
             "Push out the extra into the sink or a tissue before you inject, then inject the rest.</p>",
             syringe_svg(dose, kb, width=420)]
    if r.action != "dose":
        parts.append("<p class='urgent'>Do not start until your team says so.</p>")
    urgent = [p for p in points if p.priority <= 2]
    routine = [p for p in points if p.priority > 2]
    if urgent:
        parts.append("<h2>Call your team or get help</h2><ul>"
                     + "".join(f"<li class='urgent'>{escape(p.patient_text)}</li>" for p in urgent) + "</ul>")
    if routine:
        parts.append("<h2>Good to know</h2><ul>" + "".join(f"<li>{escape(p.patient_text)}</li>" for p in routine)
                     + "</ul>")
    if visits:
        rows = "".join(f"<tr><td>{v.date.isoformat()}</td><td>{escape(v.test)}</td></tr>" for v in visits)
        parts.append(f"<h2>Blood tests and check-ups</h2><table><tr><th>Date</th><th>What</th></tr>{rows}</table>")
    if plan:
        days = "".join(f"<tr><td>Day {d.day}</td><td>{escape(d.site_name)}</td></tr>" for d in plan)
        parts.append(f"<h2>Where to inject (rotate)</h2><table><tr><th>Day</th><th>Site</th></tr>{days}</table>")
    cites = list(dict.fromkeys(c for p in points for c in p.citations))
    cites += [c for c in r.citations if c not in cites]
    notes = "; ".join(escape(kb.cite(parse_source_ids(c)[0])) for c in cites)
    parts.append(f"<div class='notice'>{escape(EDUCATION_NOTICE)} This sheet is a teaching example; your own "
                 "team's instructions come first.</div>")
    parts.append(f"<p class='sources'>Sources: {notes}</p></body></html>")
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
