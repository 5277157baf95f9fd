"""Byte-compile wheels for the site with the site's own Pyodide (run under Node at build time).

PyPI wheels carry ``.py`` sources, so the browser would compile every module it imports, in WebAssembly, on
every visit. Pyodide's own packages ship compiled ``.pyc`` instead; this does the same for the site's wheels:
each ``module.py`` becomes ``module.pyc`` beside it (a sourceless module, as in Pyodide's distribution), and
the wheel's RECORD is rewritten. The compiler is the Pyodide the page runs (same Python version and magic
number), driven by Node from the npm core already in the build cache; nothing is downloaded.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

# Runs inside Pyodide: /in holds the wheels to compile, /out receives the compiled ones.
COMPILE = r'''
import base64, hashlib, importlib._bootstrap_external as ext, pathlib, sysconfig, zipfile

PURELIB = sysconfig.get_paths()["purelib"]


def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def compile_member(name, data):
    """(arcname, bytes) to store: a .py outside .data/ becomes .pyc; a file that does not compile stays."""
    top = name.split("/")[0]
    if not name.endswith(".py") or top.endswith((".data", ".dist-info")):
        return name, data
    try:
        code = compile(data, f"{PURELIB}/{name}", "exec", dont_inherit=True)
    except SyntaxError:
        return name, data
    return name + "c", bytes(ext._code_to_timestamp_pyc(code, 0, 0))


def compile_wheel(src, dst):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        record_name = next(n for n in zin.namelist() if n.endswith(".dist-info/RECORD"))
        record = []
        for info in zin.infolist():
            if info.filename == record_name or info.is_dir():
                continue
            name, data = compile_member(info.filename, zin.read(info))
            zout.writestr(zipfile.ZipInfo(name, info.date_time), data, zipfile.ZIP_DEFLATED)
            record.append(f"{name},{digest(data)},{len(data)}")
        record.append(f"{record_name},,")
        zout.writestr(zipfile.ZipInfo(record_name, (2020, 1, 1, 0, 0, 0)), "\n".join(record) + "\n")


for wheel in sorted(pathlib.Path("/in").glob("*.whl")):
    compile_wheel(wheel, pathlib.Path("/out") / wheel.name)
'''

RUNNER = r'''
const [core, inDir, outDir, script] = process.argv.slice(2);
const { loadPyodide } = require(core + "/pyodide.js");
(async () => {
  const py = await loadPyodide({ indexURL: core + "/" });
  for (const [host, mount] of [[inDir, "/in"], [outDir, "/out"]]) {
    py.FS.mkdirTree(mount);
    py.FS.mount(py.FS.filesystems.NODEFS, { root: host }, mount);
  }
  py.runPython(require("fs").readFileSync(script, "utf8"));
})().catch((err) => { console.error(err); process.exit(1); });
'''


def compile_wheels(core: Path, wheels: list[Path], work: Path) -> dict[Path, Path]:
    """Compile ``wheels`` with the Pyodide in ``core``; returns {original wheel: compiled wheel} (in ``work``)."""
    src, out = work / "in", work / "out"
    for folder in (src, out):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for wheel in wheels:
        shutil.copy2(wheel, src / wheel.name)
    (work / "compile.py").write_text(COMPILE, encoding="utf-8")
    (work / "compile.js").write_text(RUNNER, encoding="utf-8")
    subprocess.run(["node", work / "compile.js", core.resolve(), src, out, work / "compile.py"], check=True)
    compiled = {wheel: out / wheel.name for wheel in wheels}
    missing = [str(w) for w, c in compiled.items() if not c.exists()]
    if missing:
        raise SystemExit(f"Pyodide did not compile: {', '.join(missing)}")
    return compiled
