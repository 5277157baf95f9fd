"""``anakinra-edu hub``: JupyterHub for a workshop room on one machine; every trainee gets an own server.

Shared-password login (JupyterHub's ``SharedPasswordAuthenticator``) that fails closed: no start without a
room password of at least 12 characters. Trainees are never admins; an admin logs in under a name listed in
``ANAKINRA_EDU_HUB_ADMINS`` (default ``facilitator``) with a separate admin password of at least 32 characters,
or not at all. Each trainee lands on the start page in app mode (Voilà); idle servers are stopped by
jupyterhub-idle-culler and idle kernels by the server itself. Binds 127.0.0.1 unless told otherwise.

``SimpleLocalProcessSpawner`` runs every trainee's server as the hub's own user on this machine: fine for a
room of colleagues, no isolation between trainees. For anything else switch the spawner (README: Serving a
room).
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

from . import EDUCATION_NOTICE
from .serve import (
    APP_CONFIG_DIR,
    LANDING,
    UNIX_SOCKET_KERNELS,
    is_loopback,
    jupyter_path,
    server_extension_options,
    voila_options,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: JupyterHub's traitlets config object (attribute access)
    from collections.abc import Callable
    from typing import Any

    Config = Any
    Spawner = Any  # jupyterhub.spawner.Spawner (imported only by JupyterHub)

ROOM_PASSWORD = "ANAKINRA_EDU_ROOM_PASSWORD"
ADMIN_PASSWORD = "ANAKINRA_EDU_ADMIN_PASSWORD"
ADMINS = "ANAKINRA_EDU_HUB_ADMINS"
HUB_URL = "ANAKINRA_EDU_HUB_URL"
NOTEBOOKS = "ANAKINRA_EDU_NOTEBOOKS"
STATE = "ANAKINRA_EDU_HUB_STATE"
PROXY = "ANAKINRA_EDU_PROXY"
IDLE = "ANAKINRA_EDU_HUB_IDLE_S"
SSL_CERT, SSL_KEY = "ANAKINRA_EDU_HUB_SSL_CERT", "ANAKINRA_EDU_HUB_SSL_KEY"
MIN_ROOM_PASSWORD = 12
MIN_ADMIN_PASSWORD = 32  # JupyterHub's own minimum for SharedPasswordAuthenticator.admin_password
LOCAL_PROXY = Path(".hub") / "node_modules" / ".bin" / "configurable-http-proxy"
CONFIG_FILE = Path(__file__).resolve().parent / "jupyter" / "jupyterhub_config.py"
EXIT_SETUP = 2
# A trainee's server serves the app view only: without JupyterLab, its language server and terminals it
# starts with about 50 MB less and half a second less of the processor (README: Room figures).
APP_MODE_ONLY = [f"--ServerApp.jpserver_extensions={name}=False"
                 for name in ("jupyterlab", "jupyter_lsp", "jupyter_server_terminals", "notebook_shim")]


class HubSetupError(ValueError):
    """The hub cannot start safely; the message is one line naming what to set."""


def check_passwords(environ: dict[str, str]) -> tuple[str, str | None, list[str]]:
    """The room password, the admin password (or None) and the admin names; fails closed.

    Raises
    ------
    HubSetupError
        The room password is unset, empty or shorter than 12 characters; an admin password is short or equal
        to the room password; admin names are given without an admin password.
    """
    room = environ.get(ROOM_PASSWORD, "")
    if len(room.strip()) < MIN_ROOM_PASSWORD:
        state = "is not set" if not room else f"has {len(room.strip())} characters"
        raise HubSetupError(f"refusing to start: {ROOM_PASSWORD} {state}; set a room password of at least "
                            f"{MIN_ROOM_PASSWORD} characters")
    admin = environ.get(ADMIN_PASSWORD) or None
    names = [n.strip().lower() for n in environ.get(ADMINS, "").split(",") if n.strip()]
    if admin is None:
        if names:
            raise HubSetupError(f"refusing to start: {ADMINS} is set but {ADMIN_PASSWORD} is not")
        return room, None, []
    if len(admin) < MIN_ADMIN_PASSWORD:
        raise HubSetupError(f"refusing to start: {ADMIN_PASSWORD} has {len(admin)} characters; at least "
                            f"{MIN_ADMIN_PASSWORD} are needed")
    if admin == room:
        raise HubSetupError(f"refusing to start: {ADMIN_PASSWORD} must differ from {ROOM_PASSWORD}")
    return room, admin, names or ["facilitator"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proxy_command(environ: dict[str, str]) -> str:
    """configurable-http-proxy: ``$ANAKINRA_EDU_PROXY``, else ``./.hub`` (``make hub`` installs it), else PATH."""
    if environ.get(PROXY):
        return environ[PROXY]
    return str(LOCAL_PROXY.resolve()) if LOCAL_PROXY.exists() else "configurable-http-proxy"


def _auth(c: Config, environ: dict[str, str]) -> None:
    room, admin, admins = check_passwords(environ)
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = room
    if admin:
        c.SharedPasswordAuthenticator.admin_password = admin
        c.Authenticator.admin_users = set(admins)  # these names log in with the admin password only
    c.Authenticator.allow_all = True  # any trainee name, with the room password
    c.Authenticator.username_pattern = r"^[a-z0-9][a-z0-9_-]{0,31}$"


def _spawner(c: Config, environ: dict[str, str], state: Path) -> None:
    notebooks = Path(environ.get(NOTEBOOKS, "notebooks")).resolve()
    if not (notebooks / LANDING).is_file():
        raise HubSetupError(f"refusing to start: {notebooks / LANDING} not found (set {NOTEBOOKS})")
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(state / "users" / "{username}")
    c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
    c.Spawner.ip = "127.0.0.1"
    c.Spawner.notebook_dir = str(notebooks)
    c.Spawner.default_url = f"/voila/render/{LANDING}"  # the landing page in app mode
    # Not Voilà's extension denylist: in a trainee server (Voilà as a server extension, JupyterLab off) it left
    # the landing page without its rendered cells (make test-room); APP_CONFIG_DIR disables the same extensions.
    options = [o for o in voila_options() if not o.startswith("--VoilaConfiguration.extension_denylist=")]
    c.Spawner.args = [*options, *server_extension_options(), *UNIX_SOCKET_KERNELS,
                      "--ServerApp.terminals_enabled=False", *APP_MODE_ONLY]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # Jupyter Server refuses root without it (containers)
        c.Spawner.args.append("--allow-root")
    config_path = os.pathsep.join(p for p in (str(APP_CONFIG_DIR), environ.get("JUPYTER_CONFIG_PATH", "")) if p)
    c.Spawner.environment = {"JUPYTER_PATH": jupyter_path(environ), "JUPYTER_CONFIG_PATH": config_path,
                             "ANAKINRA_EDU_PRESENT": "0", "JUPYTER_RUNTIME_DIR": _kernel_sockets()}
    c.Spawner.start_timeout = c.Spawner.http_timeout = 300  # a room arriving at once shares the cores
    c.Spawner.mem_limit = "1G"  # enforced by container spawners; README: Room figures


def _kernel_sockets() -> Callable[[Spawner], str]:
    """Each trainee's runtime folder (connection files, the kernels' Unix sockets) in one private folder.

    Kernels over TCP loopback pick a free port and bind it later: thirty trainee kernels starting together
    collided on a port ("Address already in use", messages with another kernel's signature) and kernels died.
    Unix sockets cannot collide, but their path holds at most 107 bytes, too few below a trainee's home folder,
    hence a short folder in the system's temporary folder (mode 0700), removed when the hub stops.
    """
    root = Path(tempfile.mkdtemp(prefix="ae-hub-"))
    atexit.register(shutil.rmtree, root, True)
    return lambda spawner: str(root / spawner.user.name)


def configure(c: Config, environ: dict[str, str] | None = None) -> None:
    """Fill JupyterHub's config ``c`` for the room from the environment (see the module docstring).

    Raises
    ------
    HubSetupError
        See :func:`check_passwords`; also a missing landing notebook.
    """
    environ = dict(os.environ if environ is None else environ)
    _auth(c, environ)
    state = Path(environ.get(STATE, ".hub/state")).resolve()
    _spawner(c, environ, state)
    state.mkdir(parents=True, exist_ok=True, mode=0o700)
    c.JupyterHub.bind_url = environ.get(HUB_URL, "http://127.0.0.1:8000")
    c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{_free_port()}"
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{_free_port()}"
    c.ConfigurableHTTPProxy.command = [proxy_command(environ)]
    c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    if environ.get(SSL_CERT) and environ.get(SSL_KEY):
        c.JupyterHub.ssl_cert, c.JupyterHub.ssl_key = environ[SSL_CERT], environ[SSL_KEY]
    # Stop servers idle for 30 minutes (configurable) so the room's memory comes back.
    c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
                                "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}]
    c.JupyterHub.services = [{"name": "idle-culler", "command": [
        sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={int(environ.get(IDLE, '1800'))}"]}]


def load_config(c: Config) -> None:
    """Entry point of a ``jupyterhub_config.py``: configure, or print one line and exit 2 (never fail open)."""
    try:
        configure(c)
    except HubSetupError as exc:
        sys.stderr.write(f"anakinra-edu hub: {exc}\n")
        raise SystemExit(EXIT_SETUP) from None


def run(args: argparse.Namespace) -> int:
    """Check everything that can be checked, then replace this process with JupyterHub."""
    import importlib.util
    import shutil

    from .inputs import InputError, check_number

    environ = dict(os.environ)
    try:
        port = int(check_number("port", args.port, bounds=(1024, 65535, "")))
        check_passwords(environ)
    except (InputError, HubSetupError) as exc:
        sys.stderr.write(f"anakinra-edu hub: {exc}\n")
        return EXIT_SETUP
    host = f"[{args.host}]" if ":" in args.host else args.host
    environ.update({HUB_URL: f"http://{host}:{port}", NOTEBOOKS: str(Path(args.notebooks).resolve()),
                    STATE: str(Path(args.state).resolve())})
    proxy = proxy_command(environ)
    missing = [] if importlib.util.find_spec("jupyterhub") else ["jupyterhub (pip install -e '.[room]')"]
    if not shutil.which(proxy):
        missing.append("configurable-http-proxy (make hub installs it: npm install --prefix .hub "
                       "configurable-http-proxy)")
    if missing:
        sys.stderr.write("anakinra-edu hub: missing " + " and ".join(missing) + "\n")
        return EXIT_SETUP
    environ[PROXY] = proxy
    if not is_loopback(args.host) and not environ.get(SSL_CERT):
        sys.stderr.write(f"note: bound to {args.host} over plain HTTP: passwords cross the room network "
                         f"unencrypted; set {SSL_CERT} and {SSL_KEY} or put a TLS proxy in front.\n")
    sys.stdout.write(f"Workshop hub: http://{host}:{port}/ (trainees: any name, the room password)\n"
                     f"{EDUCATION_NOTICE}\n")
    sys.stdout.flush()
    cmd = [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG_FILE)]
    os.execvpe(cmd[0], cmd, environ)
    return 0  # pragma: no cover - execvpe does not return
