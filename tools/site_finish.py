"""The last steps of ``make site`` on the built folder: no CDN links, no service worker, nothing unused.

- The Voici template links an icon font from a public CDN: those links are removed (the icons are not used).
- JupyterLite's service worker syncs the kernel's working folder with the browser's storage; each file lookup
  of each ``import`` then becomes a synchronous request through the worker (about 150 of them before the first
  widget appears). The dashboards read no files, so the site starts without the worker: its plugin is taken
  out of Voici's plugin list (the kernel then runs in its own in-memory folder) and its script is not shipped.
- A link from one notebook to another becomes ``files/NAME.html`` in the rendered page (the page's link
  resolver sends relative links to the contents folder): a small page there forwards to the dashboard.
- Each dashboard page gets the app's scripts that name slider handles for screen readers and turn on
  presentation mode from ``?present=1`` (``page_a11y.js`` and ``page_present.js`` in
  ``anakinra_edu/jupyter/voila/templates/anakinra/``, which the Voilà template includes too).
- Unused parts go: the JupyterLab application (``build/``: Voici pages use ``voici/build/``), extensions that
  the code-hidden pages do not load, and source maps.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

CDN = re.compile(r'<link[^>]+href="https?://[^"]+"[^>]*>|<script[^>]+src="https?://[^"]+"[^>]*></script>')
WORKER_PLUGIN = '"@jupyterlite/application-extension:service-worker-manager"===e.id'
TEMPLATE = Path(__file__).resolve().parents[1] / "anakinra_edu/jupyter/voila/templates/anakinra"
PAGE_A11Y = TEMPLATE / "page_a11y.js"
PAGE_PRESENT = TEMPLATE / "page_present.js"
UNUSED = ("build", "doc", "service-worker.js", "extensions/@jupyter-widgets", "extensions/@voila-dashboards",
          "extensions/@jupyterlite/pyodide-kernel-extension/static/pypi")


def strip_remote(site: Path) -> list[str]:
    """Remove links to public CDNs from the built pages (the template's icon font); returns what was removed."""
    removed = []
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        found = CDN.findall(text)
        if found:
            removed += found
            page.write_text(CDN.sub("", text), encoding="utf-8")
    return sorted(set(removed))


def without_service_worker(site: Path) -> None:
    """Take the service-worker plugin out of Voici's plugin list (exactly one occurrence, else the build stops)."""
    hits = [(p, p.read_text(encoding="utf-8")) for p in (site / "voici" / "build").glob("*.js")]
    hits = [(p, text) for p, text in hits if WORKER_PLUGIN in text]
    if len(hits) != 1 or hits[0][1].count(WORKER_PLUGIN) != 1:
        raise SystemExit(f"expected the service-worker plugin once in voici/build, found {len(hits)} files: "
                         "the Voici version changed, check tools/site_finish.py")
    path, text = hits[0]
    path.write_text(text.replace(WORKER_PLUGIN, "false"), encoding="utf-8")


def accessible_names(site: Path) -> None:
    """Add the page scripts (slider handles named; ``?present=1``) to each dashboard page, before ``</body>``."""
    script = "".join(f"<script>\n{p.read_text(encoding='utf-8')}</script>\n" for p in (PAGE_A11Y, PAGE_PRESENT))
    pages = sorted((site / "voici" / "render").glob("*.html"))
    if not pages:
        raise SystemExit("no dashboard pages in voici/render: the Voici layout changed, check tools/site_finish.py")
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if text.count("</body>") != 1:
            raise SystemExit(f"{page}: expected one </body>")
        page.write_text(text.replace("</body>", script + "</body>"), encoding="utf-8")


def prune(site: Path) -> None:
    """Delete the parts the dashboards never request, and source maps."""
    for name in UNUSED:
        target = site / name
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)
    for source_map in site.rglob("*.map"):
        source_map.unlink()


FORWARD = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{stem}</title>
<meta http-equiv="refresh" content="0; url=../voici/render/{stem}.html"></head>
<body><p><a href="../voici/render/{stem}.html">Open {stem}</a></p></body></html>
"""


def forward_links(site: Path) -> None:
    """``files/NAME.html`` for each notebook: forwards a link between notebooks to the dashboard's page."""
    for notebook in (site / "files").glob("*.ipynb"):
        (site / "files" / f"{notebook.stem}.html").write_text(FORWARD.format(stem=notebook.stem), encoding="utf-8")


def finish(site: Path) -> list[str]:
    """All of the above; returns the CDN links removed."""
    removed = strip_remote(site)
    without_service_worker(site)
    forward_links(site)
    accessible_names(site)
    prune(site)
    return removed
