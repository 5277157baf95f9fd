"""Paths beyond one machine: Binder (repo2docker) and JupyterHub files exist, parse and agree with pyproject."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import yaml

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


class _Config:
    """Stands in for traitlets' Config: attribute access creates sections."""

    def __init__(self) -> None:
        self.__dict__["_sections"] = {}

    def __getattr__(self, name: str):
        return self._sections.setdefault(name, _Section())


class _Section(dict):
    def __setattr__(self, key: str, value: object) -> None:
        self[key] = value


def _load_hub_config(env: dict[str, str] | None = None) -> _Config:
    cfg = _Config()
    path = ROOT / "deploy" / "jupyterhub_config.py"
    old = dict(os.environ)
    try:
        os.environ.update(env or {})
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"),
             {"get_config": lambda: cfg, "__file__": str(path)})
    finally:
        os.environ.clear()
        os.environ.update(old)
    return cfg


def test_jupyterhub_config_parses_and_serves_the_suite() -> None:
    cfg = _load_hub_config()
    assert cfg.JupyterHub["bind_url"] == "http://127.0.0.1:8000"  # loopback unless asked
    default_url = cfg.Spawner["default_url"]
    assert default_url.startswith("/voila/render/")
    assert (ROOT / default_url.removeprefix("/voila/render/")).exists()
    assert Path(cfg.Spawner["notebook_dir"]) == ROOT
    assert cfg.JupyterHub["services"][0]["name"] == "idle-culler"
    opened = _load_hub_config({"ANAKINRA_EDU_HUB_URL": "http://0.0.0.0:8000"})
    assert opened.JupyterHub["bind_url"] == "http://0.0.0.0:8000"


def test_readme_documents_binder_and_hub() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "mybinder.org" in readme and "deploy/jupyterhub_config.py" in readme
