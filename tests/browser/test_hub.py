"""The workshop hub for real (``make test-room``): JupyterHub + configurable-http-proxy on free 127.0.0.1 ports.

Three trainees log in (two over HTTP, one through the login form in Chromium), each gets an own server and the
dosing app computed by an own kernel; the browser moves a slider and sees the card change. Wrong passwords,
admin names and other trainees' servers are refused; an unset, empty or short password refuses to start; and
stopping the hub leaves no process behind. Skipped (with the reason) only where jupyterhub or the proxy is not
installed; in CI (``ANAKINRA_EDU_REQUIRE_BROWSER=1``) that is a failure.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from anakinra_edu.hub import LOCAL_PROXY
from tests.room_client import Refused, Trainee

from .conftest import ROOT, _free_port, _need_browser
from .helpers import only_local

pytestmark = [pytest.mark.browser, pytest.mark.room]
SCRIPT = Path(sys.executable).parent / "anakinra-edu"
DOSING = "voila/render/01_dosing_explorer.ipynb"


def _need_hub() -> None:
    _need_browser()
    missing = []
    try:
        import jupyterhub  # noqa: F401
        import jupyterhub_idle_culler  # noqa: F401
    except ImportError:
        missing.append("jupyterhub and jupyterhub-idle-culler (pip install -e '.[room]')")
    if not (ROOT / LOCAL_PROXY).exists():
        missing.append(f"{LOCAL_PROXY} (npm install --prefix .hub configurable-http-proxy)")
    if missing:
        reason = "hub tests need " + " and ".join(missing) + "; make test-room installs both"
        if os.environ.get("ANAKINRA_EDU_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


def _descendants(pid: int) -> set[int]:
    parents = {}
    for entry in os.listdir("/proc"):
        try:
            parents[int(entry)] = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (ValueError, OSError):
            continue
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        for child, parent in parents.items():
            if parent == current and child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for p in pids:
        try:
            if Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                alive.add(p)
        except OSError:
            pass
    return alive


class Hub:
    """A running ``anakinra-edu hub`` and its passwords; ``stop()`` ends it and everything it started."""

    def __init__(self, tmp: Path) -> None:
        self.room, self.admin = secrets.token_urlsafe(12), secrets.token_urlsafe(32)
        self.port, self.log = _free_port(), tmp / "hub.log"
        env = {**os.environ, "ANAKINRA_EDU_ROOM_PASSWORD": self.room, "ANAKINRA_EDU_ADMIN_PASSWORD": self.admin,
               "ANAKINRA_EDU_HUB_ADMINS": "facilitator"}
        with self.log.open("w") as fh:
            self.proc = subprocess.Popen([str(SCRIPT), "hub", "--port", str(self.port), "--state", str(tmp / "state"),
                                          "--notebooks", str(ROOT / "notebooks")], cwd=ROOT, env=env, stdout=fh,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"
        self.seen: set[int] = set()

    def wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if Trainee().get(f"{self.url}/hub/health", timeout=2)[0] == 200:
                return
            assert self.proc.poll() is None, self.log.read_text()
            time.sleep(1)
        pytest.fail(f"hub did not answer within {timeout:g} s: {self.log.read_text()[-3000:]}")

    def stop(self) -> set[int]:
        """SIGTERM the hub (it stops the proxy and the trainees' servers); returns what is still alive after."""
        self.seen |= _descendants(self.proc.pid)
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=60)
        deadline = time.monotonic() + 20
        while _alive(self.seen) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = _alive(self.seen)
        for pid in left:  # never leave a process behind, even when the test fails
            os.kill(pid, signal.SIGKILL)
        return left


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    _need_hub()
    h = Hub(tmp_path_factory.mktemp("hub"))
    try:
        h.wait()
        yield h
    finally:
        h.stop()


def _refuses_to_start(cmd: list[str], env: dict[str, str], port: int) -> str:
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    refusal = [line for line in done.stderr.splitlines() if "refusing to start" in line]
    assert len(refusal) == 1 and "ANAKINRA_EDU_" in refusal[0], done.stderr[-2000:]
    assert Trainee().get(f"http://127.0.0.1:{port}/hub/health", timeout=2)[0] != 200
    return refusal[0]


def _env_without_room(password: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANAKINRA_EDU_")}
    if password is not None:
        env["ANAKINRA_EDU_ROOM_PASSWORD"] = password
    return env


@pytest.mark.parametrize("password", [None, "", "           ", "eleven-char"])
def test_no_room_password_no_hub(password: str | None, tmp_path: Path) -> None:
    _need_hub()
    port = _free_port()
    line = _refuses_to_start([str(SCRIPT), "hub", "--port", str(port), "--state", str(tmp_path)],
                             _env_without_room(password), port)
    assert not password or not password.strip() or password not in line  # the password is never echoed
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("password", [None, "eleven-char"])
def test_deploy_config_fails_closed_in_jupyterhub_itself(password: str | None, tmp_path: Path) -> None:
    """``jupyterhub -f deploy/jupyterhub_config.py``, without the ``anakinra-edu hub`` checks in front."""
    _need_hub()
    port = _free_port()
    env = {**_env_without_room(password), "ANAKINRA_EDU_HUB_URL": f"http://127.0.0.1:{port}",
           "ANAKINRA_EDU_HUB_STATE": str(tmp_path / "state")}
    _refuses_to_start([sys.executable, "-m", "jupyterhub", "-f", str(ROOT / "deploy" / "jupyterhub_config.py")],
                      env, port)
    assert not (tmp_path / "state").exists() and not (ROOT / "jupyterhub.sqlite").exists()


def test_admin_password_must_differ_and_be_long(tmp_path: Path) -> None:
    _need_hub()
    room = "a-room-password-for-today"
    for admin in (room, "short-admin-password"):
        env = {**os.environ, "ANAKINRA_EDU_ROOM_PASSWORD": room, "ANAKINRA_EDU_ADMIN_PASSWORD": admin}
        port = _free_port()
        _refuses_to_start([str(SCRIPT), "hub", "--port", str(port), "--state", str(tmp_path)], env, port)


def test_three_trainees_each_get_the_dosing_app(hub: Hub, browser) -> None:
    http_trainees = {"trainee2": Trainee(), "trainee3": Trainee()}
    for name, t in http_trainees.items():
        t.login(hub.url, name, hub.room)
    # NOMID, 20 kg: label start 1–2 mg/kg/day, once daily -> 20–40 mg; at 25 kg 25–50 mg (digest, NOMID dosing)
    start, moved = "20–40 mg per dose", "25–50 mg per dose"
    with ThreadPoolExecutor(2) as pool:  # the two HTTP trainees' servers start while the browser logs in
        renders = {n: pool.submit(t.render, f"{hub.url}/user/{n}/{DOSING}", 150) for n, t in http_trainees.items()}
        context = browser.new_context(viewport={"width": 1280, "height": 1200})
        page = context.new_page()
        outside = only_local(context, hub.url)  # every request off this hub fails and is listed
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            page.goto(f"{hub.url}/hub/login", timeout=60_000)
            page.fill("input[name=username]", "trainee1")
            page.fill("input[name=password]", hub.room)
            page.click("input[type=submit], button[type=submit]")
            page.wait_for_url("**/user/trainee1/voila/render/00_start_here.ipynb", timeout=150_000)
            page.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
            assert "Start here" in page.inner_text("body")  # the landing page, in app mode
            page.goto(f"{hub.url}/user/trainee1/{DOSING}", timeout=90_000)
            page.wait_for_selector(".ae-dose", timeout=90_000)
            assert start in page.locator(".ae-dose").first.inner_text()
            weight = page.locator(".widget-hslider", has_text="Weight (kg)").locator(".noUi-handle")
            weight.focus()
            for _ in range(10):  # 10 steps of 0.5 kg: 20 -> 25 kg
                weight.press("ArrowRight")
            page.wait_for_function("t => document.querySelector('.ae-dose').innerText.includes(t)", timeout=45_000,
                                   arg=moved)
            assert outside == []  # no CDN (MathJax, fonts, …) from a trainee's pages
            assert errors == [], "\n".join(e[:400] for e in errors)  # none on the landing page or the dosing app
        finally:
            context.close()
        results = {n: f.result() for n, f in renders.items()}
    for name, r in results.items():
        assert r.card.startswith(start), (name, r)  # computed by that trainee's own kernel
    assert len({r.kernel_id for r in results.values()}) == 2
    assert _kernel_transports(hub) == {"ipc"}  # Unix sockets: thirty kernels starting together cannot share a port
    status, final, _ = http_trainees["trainee2"].get(f"{hub.url}/user/trainee3/{DOSING}")
    assert status == 403 or "/user/trainee3/voila" not in final  # not someone else's server
    for path in ("lab", "lsp/status", "api/terminals"):  # a trainee's server is the app view only
        assert http_trainees["trainee2"].get(f"{hub.url}/user/trainee2/{path}")[0] == 404, path


def _kernel_transports(hub: Hub) -> set[str]:
    """The transport in the connection file of every kernel the hub's trainee servers started."""
    import json

    found = set()
    for pid in _descendants(hub.proc.pid):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
        except OSError:
            continue
        if "ipykernel_launcher" in argv and "-f" in argv:
            found.add(json.loads(Path(argv[argv.index("-f") + 1]).read_text())["transport"])
    assert found, "no trainee kernel found"
    return found


def test_wrong_passwords_and_roles(hub: Hub) -> None:
    for name, password in (("trainee9", hub.room + "x"), ("trainee9", ""), ("facilitator", hub.room),
                           ("trainee9", hub.admin)):
        t = Trainee()
        with pytest.raises(Refused, match="HTTP 403"):
            t.login(hub.url, name, password)
        assert "/hub/login" in t.get(f"{hub.url}/hub/home")[1]  # still not logged in
    trainee, facilitator = Trainee(), Trainee()
    trainee.login(hub.url, "trainee4", hub.room)
    assert trainee.get(f"{hub.url}/hub/admin")[0] == 403
    facilitator.login(hub.url, "facilitator", hub.admin)
    status, _, page = facilitator.get(f"{hub.url}/hub/admin")
    assert status == 200 and "admin" in page.lower()


def test_stopping_leaves_nothing_behind(hub: Hub) -> None:
    hub.seen |= _descendants(hub.proc.pid)
    assert len(hub.seen) >= 4  # proxy, idle culler, trainees' servers and their kernels
    assert hub.stop() == set()
    assert hub.proc.returncode is not None
