"""Paths beyond one machine: the Binder files agree with pyproject; the hub config fails closed (the hub itself
is started for real in tests/browser/test_hub.py, make test-room)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import yaml

from anakinra_edu.hub import ADMIN_PASSWORD, ADMINS, ROOM_PASSWORD, HubSetupError, check_passwords
from tests.test_environment import CONDA_NAMES, _lower_bounds, _name, _pyproject

ROOT = Path(__file__).resolve().parents[1]


def test_binder_environment_matches_pyproject() -> None:
    env = yaml.safe_load((ROOT / "binder" / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    strings = [d for d in env["dependencies"] if isinstance(d, str)]
    expected = {CONDA_NAMES.get(n, n): b for n, b in _lower_bounds(_pyproject()["dependencies"]).items()}
    runtime = _lower_bounds([d for d in strings if _name(d) not in ("python", "pip")])
    assert runtime == expected
    assert "python=3.11" in strings


def test_binder_postbuild_installs_the_package() -> None:
    post = ROOT / "binder" / "postBuild"
    assert post.stat().st_mode & stat.S_IXUSR
    text = post.read_text(encoding="utf-8")
    assert "pip install" in text and "-e ." in text and "--no-deps" in text


def _load_deploy_config(env: dict[str, str], tmp_path: Path):
    """deploy/jupyterhub_config.py through traitlets' own loader (as JupyterHub loads it)."""
    from traitlets.config.loader import PyFileConfigLoader

    old = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update({**env, "ANAKINRA_EDU_HUB_STATE": str(tmp_path / "state")})
        return PyFileConfigLoader("jupyterhub_config.py", path=str(ROOT / "deploy")).load_config()
    finally:
        os.environ.clear()
        os.environ.update(old)


@pytest.mark.parametrize("env", [{}, {ROOM_PASSWORD: ""}, {ROOM_PASSWORD: " " * 20}, {ROOM_PASSWORD: "x" * 11},
                                 {ROOM_PASSWORD: "r" * 12, ADMIN_PASSWORD: "a" * 31},
                                 {ROOM_PASSWORD: "r" * 40, ADMIN_PASSWORD: "r" * 40},
                                 {ROOM_PASSWORD: "r" * 12, ADMINS: "facilitator"}])
def test_hub_config_fails_closed(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(HubSetupError, match="refusing to start"):
        check_passwords(env)
    with pytest.raises(SystemExit) as stop:
        _load_deploy_config(env, tmp_path)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "refusing to start" in err
    assert not (tmp_path / "state").exists()  # nothing written before the check


def test_hub_config_separates_trainees_and_admins(tmp_path: Path) -> None:
    room, admin = "room-password-1", "an-admin-password-of-32-characters!"
    trainees_only = _load_deploy_config({ROOM_PASSWORD: room}, tmp_path)
    assert trainees_only.SharedPasswordAuthenticator.user_password == room
    assert "admin_password" not in trainees_only.SharedPasswordAuthenticator
    assert trainees_only.JupyterHub.bind_url == "http://127.0.0.1:8000"  # loopback unless asked
    landing = Path(trainees_only.Spawner.notebook_dir) / trainees_only.Spawner.default_url.removeprefix(
        "/voila/render/")
    assert landing.is_file() and landing.parent == ROOT / "notebooks"
    both = _load_deploy_config({ROOM_PASSWORD: room, ADMIN_PASSWORD: admin}, tmp_path)
    assert both.SharedPasswordAuthenticator.admin_password == admin
    assert both.Authenticator.admin_users == {"facilitator"}


def test_readme_documents_binder_and_hub() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "mybinder.org" in readme and "deploy/jupyterhub_config.py" in readme
