"""Build ``site/``: the seven dashboards running in the browser (Voici, Pyodide kernel), code hidden, offline.

Everything comes from npm (the Pyodide core) and PyPI (wheels), cached under ``.cache/site/``; nothing is
loaded from a CDN when the site runs. Run with the build environment's Python (``make site`` creates
``.site-venv/`` with voici-core, jupyterlite-core and jupyterlite-pyodide-kernel).

Pyodide is given every package the kernel and the dashboards need in its own lock file, so the kernel
loads them at start-up from the site itself (``loadPyodideOptions.packages``) and never asks an index:
the lock's closure of pure-Python wheels for the kernel (sha256 rewritten: PyPI's builds are not
Pyodide's), the kernel's own wheels, ipywidgets, an empty ``sqlite3`` stand-in (the kernel insists on
one; IPython's history works without it) and this project's wheel. The lock's ``depends`` decide what is
loaded, so the project wheel's server-side requirements (JupyterLab, pandas, Voilà) are never fetched.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from pyodide_compile import compile_wheels
from site_finish import finish

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from anakinra_edu.serve import TEXT_CHECK_TAG  # standard library only: no install needed

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "site"
BUILD = ROOT / "build" / "site-src"
SITE = ROOT / "site"
PYODIDE = "0.29.0"  # the version jupyterlite-pyodide-kernel 0.7.0 was built for
KERNEL_ROOTS = ("micropip", "packaging", "ipython")
# Not in the browser build: sqlite3 and jedi get empty stand-ins (the kernel insists on both; IPython's history
# works without sqlite3, and code completion, jedi's only use, is never offered with the code hidden; jedi is
# 1,880 files to unpack); matplotlib-inline imports matplotlib only when used.
STAND_INS = ("sqlite3", "jedi")
SKIP = (*STAND_INS, "matplotlib")
# jupyterlab_widgets is the widgets' JupyterLab extension (JavaScript): the kernel never imports it.
WHEELS = {"ipywidgets": "8.1.9", "comm": "0.2.3",
          # the case study keeps progress in the browser (anywidget); its front end comes with the
          # anywidget labextension installed in the build environment (Makefile SITE_TOOLS, same version)
          "anywidget": "0.11.0", "psygnal": "0.16.1", "typing_extensions": "4.15.0"}
CORE_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
              "package.json")
DASHBOARDS = "notebooks"


def run(*cmd: str | Path, cwd: Path = ROOT) -> None:
    print("+", " ".join(map(str, cmd)), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=cwd)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pyodide_core() -> Path:
    """The npm Pyodide core, unpacked once into the cache."""
    core = CACHE / f"pyodide-{PYODIDE}"
    if not (core / "pyodide-lock.json").exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        run("npm", "pack", f"pyodide@{PYODIDE}", "--pack-destination", CACHE, cwd=CACHE)
        with tarfile.open(CACHE / f"pyodide-{PYODIDE}.tgz") as tar:
            tar.extractall(CACHE / "npm", filter="data")
        shutil.move(CACHE / "npm" / "package", core)
    return core


def closure(lock: dict, roots: tuple[str, ...]) -> list[str]:
    """Package names needed by ``roots`` according to the lock's ``depends``."""
    seen: list[str] = []
    todo = list(roots)
    while todo:
        name = canonical(todo.pop())
        if name not in seen and name not in SKIP:
            seen.append(name)
            todo += lock["packages"][name]["depends"]
    return seen


def download(name: str, version: str) -> Path:
    """One pure-Python wheel from PyPI (cached)."""
    dest = CACHE / "wheels"
    dest.mkdir(parents=True, exist_ok=True)
    norm = name.replace("-", "_").lower()
    for found in dest.glob("*.whl"):
        stem = found.name.split("-")
        if stem[0].lower() == norm and stem[1] == version:
            return found
    run(sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
        "--python-version", "3.13", "--implementation", "py", "--abi", "none", "--platform", "any",
        "--dest", dest, f"{name}=={version}")
    return download(name, version)


def empty_wheel(name: str, version: str, dest: Path) -> Path:
    """A wheel with metadata only (stands in for a module the kernel asks for but the site does not need)."""
    path = dest / f"{name}-{version}-py3-none-any.whl"
    info = f"{name}-{version}.dist-info"
    files = {f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
             f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: build_site\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    record = []
    for arc, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{arc},sha256={digest},{len(text.encode())}")
    record.append(f"{info}/RECORD,,")
    with zipfile.ZipFile(path, "w") as z:
        for arc, text in files.items():
            z.writestr(zipfile.ZipInfo(arc, (2020, 1, 1, 0, 0, 0)), text)
        z.writestr(zipfile.ZipInfo(f"{info}/RECORD", (2020, 1, 1, 0, 0, 0)), "\n".join(record) + "\n")
    return path


def entry(name: str, path: Path, imports: list[str], depends: list[str], version: str) -> dict:
    return {"name": name, "version": version, "file_name": path.name, "install_dir": "site",
            "sha256": sha256(path), "package_type": "package", "imports": imports, "depends": depends,
            "unvendored_tests": False, "shared_library": False}


def kernel_wheels() -> dict[str, Path]:
    """piplite, pyodide-kernel and the ipykernel/widgetsnbextension stubs shipped with the kernel extension."""
    import jupyterlite_pyodide_kernel

    pypi = Path(sys.prefix) / "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"
    if not pypi.is_dir():  # an editable or unusual install: look beside the package
        pypi = Path(jupyterlite_pyodide_kernel.__file__).parent / "labextension/static/pypi"
    found = {}
    for whl in pypi.glob("*.whl"):
        name, version = whl.name.split("-")[:2]
        if name == "widgetsnbextension" and not version.startswith("4."):
            continue
        found[name.replace("_", "-")] = whl
    return found


def project_wheel(dest: Path) -> Path:
    for old in dest.glob("anakinra_edu-*.whl"):
        old.unlink()
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", dest, ROOT)
    return next(dest.glob("anakinra_edu-*.whl"))


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def wheel_facts(path: Path) -> tuple[list[str], list[str], str]:
    """Top-level import names, required distribution names (no extras, no markers) and version of a wheel."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        meta = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    imports = sorted({n.split("/")[0].removesuffix(".py") for n in names
                      if not n.split("/")[0].endswith((".dist-info", ".data")) and (n.endswith(".py"))})
    requires = []
    for line in meta.splitlines():
        if line.startswith("Requires-Dist:") and "extra ==" not in line:
            spec = line.split(":", 1)[1].strip()
            requires.append(canonical(spec.split(";")[0].split("[")[0].split("(")[0].split("<")[0].split(">")[0]
                                      .split("=")[0].split("~")[0].split("!")[0].strip()))
    version = next(line.split(":", 1)[1].strip() for line in meta.splitlines() if line.startswith("Version:"))
    return imports, requires, version


def pyodide_dist() -> tuple[Path, list[str]]:
    """The Pyodide folder for the site (core + every wheel in the lock), tarred for ``--pyodide``.

    Returns the tarball and the package names for ``loadPyodideOptions.packages``.
    """
    core = pyodide_core()
    lock = json.loads((core / "pyodide-lock.json").read_text(encoding="utf-8"))
    out = BUILD / "pyodide"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for name in CORE_FILES:
        shutil.copy2(core / name, out / name)
    packages: dict[str, dict] = {}
    for name in closure(lock, KERNEL_ROOTS):
        row = lock["packages"][name]
        whl = download(row["name"], row["version"])
        shutil.copy2(whl, out / whl.name)
        packages[name] = {**row, "file_name": whl.name, "sha256": sha256(out / whl.name)}
    extra = {canonical(n): download(n, v) for n, v in WHEELS.items()}
    extra |= {canonical(n): w for n, w in kernel_wheels().items()}
    extra["anakinra-edu"] = project_wheel(BUILD)
    for name, whl in extra.items():
        shutil.copy2(whl, out / whl.name)
        imports, requires, version = wheel_facts(whl)
        packages[name] = entry(name, out / whl.name, imports, requires, version)
    compiled = compile_wheels(core, [out / row["file_name"] for row in packages.values()], BUILD / "compile")
    for row in packages.values():
        shutil.move(compiled[out / row["file_name"]], out / row["file_name"])
        row["sha256"] = sha256(out / row["file_name"])
    for name in STAND_INS:
        whl = empty_wheel(name, "0.0.0", out)
        packages[name] = entry(name, whl, [], [], "0.0.0")
    packages["anakinra-edu"]["depends"] = ["ipywidgets", "anywidget"]  # the core and the widgets only
    for row in packages.values():
        row["depends"] = [d for d in map(canonical, row["depends"]) if d in packages]
    (out / "pyodide-lock.json").write_text(json.dumps({"info": lock["info"], "packages": packages}, indent=1),
                                           encoding="utf-8")
    tarball = BUILD / f"pyodide-{PYODIDE}-site.tar.bz2"
    with tarfile.open(tarball, "w:bz2") as tar:
        tar.add(out, arcname="pyodide")
    kernel = ["micropip", "piplite", "sqlite3", "ipykernel", "comm", "pyodide_kernel", "jedi", "ipython"]
    return tarball, [*kernel, "ipywidgets", "anakinra-edu"]


def lite_config(packages: list[str]) -> None:
    """``jupyter-lite.json`` and ``overrides.json``: no PyPI fallback, everything preloaded from the site."""
    kernel = {"disablePyPIFallback": True, "loadPyodideOptions": {"packages": packages}}
    config = {"jupyter-lite-schema-version": 0,
              "jupyter-config-data": {"appName": "anakinra-edu", "disabledExtensions": [],
                                      "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel":
                                                             kernel}}}
    (BUILD / "jupyter-lite.json").write_text(json.dumps(config, indent=1), encoding="utf-8")


HEAVY = re.compile(r"^(import pandas as (\w+)|from anakinra_edu\.tables import (.+))$", re.MULTILINE)
NOTEBOOK_LINK = re.compile(r"\]\((\d\d_\w+)\.ipynb\)")  # a link to another notebook -> its page in the site
IN_LAB = ("*This table is built with pandas in the JupyterLab version (`make lab`); pandas does not run in the "
          "browser build.*")


def browser_cells(cells: list[dict]) -> list[dict]:
    """The notebook's cells without pandas and without the nbval checks: pandas import lines go, a cell using the
    imported names becomes a note, the cells tagged :data:`TEXT_CHECK_TAG` are left out."""
    names: set[str] = set()
    for cell in cells:
        if cell["cell_type"] == "code":
            for match in HEAVY.finditer("".join(cell["source"])):
                names |= {n.strip() for n in (match.group(2) or match.group(3)).split(",")}
    uses = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names))) + r")\b") if names else None
    kept = []
    for cell in cells:
        if TEXT_CHECK_TAG in cell.get("metadata", {}).get("tags", []):
            continue  # the plain-text checks for nbval: app pages leave them out, as Voilà does
        if cell["cell_type"] != "code":
            kept.append({**cell, "source": NOTEBOOK_LINK.sub(r"](\1.html)", "".join(cell["source"]))})
            continue
        source = HEAVY.sub("", "".join(cell["source"]))
        if uses is not None and uses.search(source):
            kept.append({"cell_type": "markdown", "id": cell.get("id", "") + "-lab", "metadata": {},
                         "source": IN_LAB})
            continue
        kept.append({**cell, "source": source, "outputs": [], "execution_count": None})
    return kept


def contents() -> Path:
    """The dashboards' notebooks for the browser: no stored outputs (they run there), no pandas."""
    folder = BUILD / "contents"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for nb_path in sorted((ROOT / DASHBOARDS).glob("*.ipynb")):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        nb["cells"] = browser_cells(nb["cells"])
        nb.get("metadata", {}).pop("widgets", None)
        (folder / nb_path.name).write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return folder


def titles(folder: Path) -> list[tuple[str, str]]:
    """(file name, first heading) for each notebook."""
    found = []
    for path in sorted(folder.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        text = "".join(next((c["source"] for c in nb["cells"] if c["cell_type"] == "markdown"), path.stem))
        head = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")), path.stem)
        found.append((path.name, head))
    return found


INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>anakinra-edu dashboards</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:sans-serif;font-size:20px;max-width:52em;margin:2em auto;padding:0 1em;line-height:1.5}}
.notice{{border:2px solid #222;background:#fffbe6;padding:.5em 1em}} li{{margin:.4em 0}}</style></head>
<body><h1>anakinra-edu: the dashboards in your browser</h1>
<p class="notice"><b>Education only.</b> {notice}</p>
<p>Nothing to install: each dashboard runs Python inside this browser tab (the first one takes a few seconds
to start). Nothing is sent anywhere; the site works from a folder, a USB stick or an intranet share.</p>
<ol>{items}</ol>
<p>Not in this version: server-side PDF export (use the browser's <b>Print</b> to save a handout as PDF).</p>
</body></html>
"""


def index_html(pages: list[tuple[str, str]]) -> str:
    from html import escape

    sys.path.insert(0, str(ROOT))
    from anakinra_edu import EDUCATION_NOTICE

    items = "".join(f'<li><a href="voici/render/{escape(name.removesuffix(".ipynb"))}.html">{escape(title)}</a></li>'
                    for name, title in pages)
    return INDEX.format(notice=escape(EDUCATION_NOTICE), items=items)


def main() -> int:
    BUILD.mkdir(parents=True, exist_ok=True)
    tarball, packages = pyodide_dist()
    lite_config(packages)
    folder = contents()
    shutil.rmtree(SITE, ignore_errors=True)
    (ROOT / ".jupyterlite.doit.db").unlink(missing_ok=True)  # a stale task cache skips the kernel's patch step
    run(Path(sys.executable).parent / "voici", "build", "--contents", folder, "--output-dir", SITE,
        "--pyodide", tarball, "--lite-dir", BUILD)
    removed = finish(SITE)
    (SITE / "index.html").write_text(index_html(titles(folder)), encoding="utf-8")
    size = sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file())
    print(f"site/: {size / 1e6:.1f} MB; removed remote links: {removed or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
