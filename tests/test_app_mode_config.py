"""App mode leaves out the check cells however Voilà is started: ``serve``'s options, and the config file that
Binder's ``postBuild`` writes for a plain Jupyter server with Voilà's extension (``/voila/render/...``)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from anakinra_edu.serve import voila_options, write_app_mode_config

ROOT = Path(__file__).resolve().parent.parent
CHECK_HEADING = "Key scenarios as text"  # a text-check markdown cell of notebook 01
KEPT_HEADING = "The dashboard"


def test_serve_options_remove_the_tag_and_the_lab_only_extension() -> None:
    options = voila_options()
    assert "--TagRemovePreprocessor.enabled=True" in options
    assert "--TagRemovePreprocessor.remove_cell_tags=text-check" in options
    assert "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext" in options


def test_config_file_keeps_what_was_there(tmp_path: Path) -> None:
    (tmp_path / "jupyter_server_config.json").write_text(json.dumps({"ServerApp": {"ip": "127.0.0.1"}}))
    written = json.loads(write_app_mode_config(str(tmp_path)).read_text())
    assert written["ServerApp"]["ip"] == "127.0.0.1"
    assert written["ServerApp"]["tornado_settings"] == {"mathjax_url": "null", "mathjax_config": "null"}
    assert written["TagRemovePreprocessor"]["remove_cell_tags"] == ["text-check"]


def test_binder_post_build_writes_it() -> None:
    assert "write_app_mode_config()" in (ROOT / "binder" / "postBuild").read_text()


def _render(config_dir: Path) -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    jupyter = Path(sys.executable).parent / "jupyter"
    cmd = [str(jupyter), "server", "--allow-root", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           "--IdentityProvider.token=t", f"--ServerApp.root_dir={ROOT / 'notebooks'}", "--ServerApp.open_browser=False"]
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config_dir)}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api?token=t", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("jupyter server did not start")
                time.sleep(0.5)
        url = f"http://127.0.0.1:{port}/voila/render/01_dosing_explorer.ipynb?token=t"
        return urllib.request.urlopen(url, timeout=240).read().decode("utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.slow
def test_plain_server_with_the_config_file_hides_check_cells(tmp_path: Path) -> None:
    plain = _render(tmp_path / "none")
    assert CHECK_HEADING in plain  # without the file, the check cells are on the page
    write_app_mode_config(str(tmp_path / "app"))
    clean = _render(tmp_path / "app")
    assert KEPT_HEADING in clean and CHECK_HEADING not in clean
    assert "jupyterlab-jupytext" not in clean
    # MathJax: Voilà inside a plain Jupyter server points the page at cdnjs; with the file, at nothing (the page then
    # typesets with the MathJax Voilà bundles)
    assert '"fullMathjaxUrl": "https://cdnjs.cloudflare.com/' in plain
    assert '"fullMathjaxUrl": "null"' in clean and '"mathjaxConfig": "null"' in clean


def test_hub_trainee_servers_disable_the_same_extensions() -> None:
    from anakinra_edu.serve import APP_CONFIG_DIR, NOT_IN_APP

    page_config = json.loads((APP_CONFIG_DIR / "labconfig" / "page_config.json").read_text())
    assert {k for k, v in page_config["disabledExtensions"].items() if v} == set(NOT_IN_APP)


def test_hub_trainee_servers_keep_mathjax_on_this_machine() -> None:
    from traitlets.config import Config

    from anakinra_edu.hub import _spawner

    c = Config()
    _spawner(c, {"ANAKINRA_EDU_NOTEBOOKS": str(ROOT / "notebooks")}, ROOT / "artifacts" / "hub-state")
    assert "--ServerApp.tornado_settings=mathjax_url=null" in c.Spawner.args
    assert "--ServerApp.tornado_settings=mathjax_config=null" in c.Spawner.args
