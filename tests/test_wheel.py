"""The package works from an installed wheel: the data tables ship inside it.

Builds a wheel with the project's own build backend, unpacks it into a temporary folder and runs the CLI
from there with ``python -S`` (no site-packages: only the standard library and the wheel's contents),
which also proves that the core needs nothing beyond the standard library.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from anakinra_edu.knowledge import SCHEMA_FILE, table_names

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_carries_data_and_computes_a_dose(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", str(dist),
         str(ROOT)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert build.returncode == 0, build.stderr
    wheels = list(dist.glob("anakinra_edu-*.whl"))
    assert len(wheels) == 1
    with zipfile.ZipFile(wheels[0]) as zf:
        names = set(zf.namelist())
        for table in (*table_names(), SCHEMA_FILE):
            assert f"anakinra_edu/data/{table}" in names
        assert any(n.endswith("entry_points.txt") for n in names)
        zf.extractall(tmp_path / "site")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = str(tmp_path / "site")
    proc = subprocess.run(
        [sys.executable, "-S", "-m", "anakinra_edu", "dose", "--indication", "nomid", "--weight-kg", "20",
         "--age-years", "6", "--json"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    # Answer key TV10 (US PI 12/2020 section 2.2): NOMID 20 kg -> start 20-40 mg/day, maximum 160 mg/day.
    assert data["start_dose_mg"] == [20, 40]
    assert data["max_daily_mg"] == 160
    where = subprocess.run(
        [sys.executable, "-S", "-c", "import anakinra_edu.knowledge as k; print(k.data_dir())"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env, check=False,
    )
    assert where.stdout.strip().startswith(str(tmp_path / "site")), where.stdout
