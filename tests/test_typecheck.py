"""The type checker sees the records' fields: ``record`` is a ``dataclass_transform`` for it alone.

At run time the records are namedtuples built without :mod:`typing`; these tests show that mypy reports
misuse of a record (wrong field type, unknown attribute, assignment to a frozen field) and that the
type-checking-only declaration costs nothing when the package is imported without site-packages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MISUSE = '''\
from anakinra_edu.knowledge import SourceRef
from anakinra_edu.dosing import regimen

bad = SourceRef(1)
bad.nope
good = SourceRef("US-PI-2020")
good.source_id = "x"
dose: str = regimen("ra", 70, 55).max_daily_mg
'''


@pytest.mark.slow
def test_mypy_reports_misused_records(tmp_path: Path) -> None:
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent))
    assert mypy, "mypy is in the test extra"
    script = tmp_path / "misuse.py"
    script.write_text(MISUSE, encoding="utf-8")
    # From the project root, so that mypy reuses the cache of `make test`'s own run.
    proc = subprocess.run([mypy, "--strict", str(script)], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          check=False)
    errors = [Path(line.split(": error: ")[0]).name for line in proc.stdout.splitlines() if ": error: " in line]
    assert errors == ["misuse.py:4", "misuse.py:5", "misuse.py:7", "misuse.py:8"], proc.stdout


@pytest.mark.slow
def test_no_site_import_needs_no_typing() -> None:
    # -S: no site-packages (so no typing_extensions or similar); the engine computes a dose and typing
    # was never imported.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    code = ("import sys, anakinra_edu.dosing as d; r = d.regimen('nomid', 9, 0.67); "
            "print(r.max_daily_mg, 'typing' in sys.modules)")
    proc = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    dose, typing_loaded = proc.stdout.split()
    assert (float(dose), typing_loaded) == (72.0, "False")  # NOMID 9 kg: 8 mg/kg/day × 9 kg (US PI §2.2, answer key)
