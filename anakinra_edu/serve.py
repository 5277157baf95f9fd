"""``anakinra-edu serve``: the dashboards in app mode (Voilà, code hidden) for a workshop.

127.0.0.1 by default. Bound beyond this machine (or with ``--token``), the server requires a token generated
at start and printed once in the room URL; it travels to Voilà in the environment, never on the command line.
Always: idle kernels culled, no tracebacks sent to the browser, and a page template that loads no asset from
a public CDN.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import secrets
import socket
import sys
from collections import namedtuple
from pathlib import Path

from . import EDUCATION_NOTICE
from .inputs import InputError, check_number

LANDING = "00_start_here.ipynb"
TEMPLATE = "anakinra"  # anakinra_edu/jupyter/voila/templates/anakinra: Voilà's lab template minus CDN links
TEMPLATE_ROOT = Path(__file__).resolve().parent / "jupyter"
CULL_IDLE_S = 900  # a kernel nobody has used for 15 minutes is stopped (pre-started pool kernels are kept)
CULL_EVERY_S = 60
KERNELS = "anakinra_edu.kernel_queue.QueuedKernelManager"  # kernels start one per core at a time
POOL_REFILL_S = 20
# Kernels reached over Unix sockets in Voilà's private folder (/tmp/voila_…, short enough for the 107-byte
# socket path limit) instead of TCP ports on loopback, which any local user could open. Not for the hub's
# trainee servers: their runtime folders lie deeper and the paths would be too long.
UNIX_SOCKET_KERNELS = ["--KernelManager.transport=ipc"]
TEXT_CHECK_TAG = "text-check"  # notebook cells that print key numbers for nbval; app mode leaves them out
# JupyterLab extensions an app page must not load: jupytext's (it pairs notebooks in Lab; in Voilà it only fails
# to load, with a console error)
NOT_IN_APP = ("jupyterlab-jupytext",)
# The same, for a Jupyter server that runs Voilà as an extension (the hub's trainee servers): there Voilà's
# extension denylist fails (the page raises "TypeError: object of type 'NoneType' has no len()"), so these
# extensions are disabled in the Jupyter config folder ``labconfig/page_config.json`` of this folder instead
APP_CONFIG_DIR = Path(__file__).resolve().parent / "jupyter" / "app-config"

ServePlan = namedtuple("ServePlan", "cmd env url warnings token")


def is_loopback(host: str) -> bool:
    """True if ``host`` is reachable from this machine only (127.0.0.0/8, ::1 or ``localhost``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name or an address that is not loopback: treat as open to a network


def _room_host(host: str) -> str:
    """The address trainees type: the outgoing interface's address for 0.0.0.0 / ::, else ``host``."""
    if host not in ("0.0.0.0", "::", ""):
        return f"[{host}]" if ":" in host else host
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # a UDP "connect" only picks the route; no packet is sent
            address = s.getsockname()[0]
    except OSError:
        address = ""
    return address if address and not is_loopback(address) else socket.gethostname()


def jupyter_path(environ: dict[str, str]) -> str:
    """JUPYTER_PATH with this package's template folder first (Voilà finds ``--template=anakinra`` there)."""
    rest = environ.get("JUPYTER_PATH", "")
    return str(TEMPLATE_ROOT) + (os.pathsep + rest if rest else "")


# What makes an app page clean, as Jupyter configuration: the cells tagged ``text-check`` left out (they stay in
# the notebook for nbval) and no Lab-only extension loaded
APP_MODE_CONFIG: dict[str, dict[str, object]] = {
    "TagRemovePreprocessor": {"enabled": True, "remove_cell_tags": [TEXT_CHECK_TAG]},
    "VoilaConfiguration": {"extension_denylist": list(NOT_IN_APP)},
}

# MathJax from this machine: where Voilà runs inside a Jupyter server (the hub's trainee servers, Binder) the page
# config would point MathJax at cdnjs. Voilà's page reads the text "null" in both settings as "no URL" and then
# typesets with the MathJax it bundles, as standalone ``serve`` does.
LOCAL_MATHJAX = {"mathjax_url": "null", "mathjax_config": "null"}


def server_extension_options() -> list[str]:
    """Options for a Jupyter server that runs Voilà as an extension: :data:`LOCAL_MATHJAX` as tornado settings."""
    return [f"--ServerApp.tornado_settings={key}={value}" for key, value in LOCAL_MATHJAX.items()]


def voila_options() -> list[str]:
    """Options shared by ``serve`` and the hub's per-trainee servers: template, culling, no tracebacks, and
    :data:`APP_MODE_CONFIG` as command-line options."""
    clean = [f"--{cls}.{trait}={item}" for cls, traits in APP_MODE_CONFIG.items() for trait, value in traits.items()
             for item in (value if isinstance(value, list) else [value])]
    return [f"--VoilaConfiguration.template={TEMPLATE}", "--VoilaConfiguration.show_tracebacks=False",
            f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_S}",
            f"--MappingKernelManager.cull_interval={CULL_EVERY_S}", *clean]


def write_app_mode_config(folder: str | None = None) -> Path:
    """Write :data:`APP_MODE_CONFIG` into ``jupyter_server_config.json`` in ``folder`` (default ``~/.jupyter``),
    keeping what the file already holds: for a server started without ``serve``, as Binder's."""
    import json

    target = Path(folder or Path.home() / ".jupyter") / "jupyter_server_config.json"
    config = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
    for cls, traits in APP_MODE_CONFIG.items():
        config.setdefault(cls, {}).update(traits)
    config.setdefault("ServerApp", {}).setdefault("tornado_settings", {}).update(LOCAL_MATHJAX)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    return target


def _target(notebooks: str, notebook: str | None) -> str:
    folder = os.path.abspath(notebooks)
    if not os.path.isdir(folder):
        raise InputError("notebooks", notebooks, "an existing folder with the notebooks", "was not found")
    if notebook is None:
        return folder
    target = os.path.join(folder, notebook)
    if not os.path.isfile(target) or not notebook.endswith(".ipynb") or os.path.basename(notebook) != notebook:
        raise InputError("notebook", notebook, "a notebook in the folder, e.g. 01_dosing_explorer.ipynb",
                         "was not found")
    return target


def _whole(field: str, text: str, low: int, high: int, unit: str) -> int:
    number = int(check_number(field, text, bounds=(low, high, unit)))
    if str(number) != str(text).strip():
        raise InputError(field, text, f"a whole number from {low} to {high}", "is not a whole number")
    return number


def pool_options(pool: int, room_notebook: str) -> list[str]:
    """Voilà options for pre-started kernels: ``pool`` ready for ``room_notebook``, one for every other notebook.

    A pre-started kernel has already run its notebook, so an arrival served from the pool waits only for the
    page and the widget state. A used kernel is replaced after ``POOL_REFILL_S`` [s], so that a room arriving
    together is served before the replacements compete for the processor.
    """
    pools = {"default": {"pool_size": 1}, room_notebook: {"pool_size": pool}}
    return ["--preheat_kernel=True", "--pool_size=1", f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}",
            f"--VoilaKernelManager.fill_delay={POOL_REFILL_S}"]


def serve_plan(host: str, port: str, notebooks: str, preheat: bool = True, notebook: str | None = None,
               pool_size: str = "1", require_token: bool = False, environ: dict[str, str] | None = None,
               room_notebook: str | None = None) -> ServePlan:
    """The Voilà command and environment for ``serve``, the URL to open, warnings, and the token (or None).

    ``pool_size`` kernels are kept ready for ``room_notebook`` (default: ``notebook`` if given, else the
    landing page), one for every other notebook.

    Raises
    ------
    InputError
        A port outside 1024–65535, a pool size outside 1–100, or a notebooks folder or notebook not found.
    """
    number = _whole("port", port, 1024, 65535, "")
    pool = _whole("pool_size", pool_size, 1, 100, "kernels")
    target = _target(notebooks, notebook)
    voila = os.path.join(os.path.dirname(sys.executable), "voila")
    cmd = [voila if os.path.exists(voila) else "voila", target, "--no-browser", f"--port={number}",
           f"--Voila.ip={host}", *voila_options(), f"--VoilaConfiguration.multi_kernel_manager_class={KERNELS}",
           *UNIX_SOCKET_KERNELS]
    if preheat:
        room = room_notebook or notebook or LANDING
        _target(notebooks, room)
        cmd += pool_options(pool, room)
    env = dict(os.environ if environ is None else environ)
    env["JUPYTER_PATH"] = jupyter_path(env)
    env.pop("JUPYTER_TOKEN", None)
    token, warnings = None, []
    if require_token or not is_loopback(host):
        token = secrets.token_urlsafe(24)
        env["JUPYTER_TOKEN"] = token  # read by Voilà's identity provider when --token is given without a value
        cmd.append("--token")
    if not is_loopback(host):
        warnings.append(f"note: bound to {host}, the app is reachable from other machines, only with the token "
                        "in the room URL (plain HTTP: a trusted room network only; per-trainee logins: "
                        "anakinra-edu hub).")
    path = "" if notebook else f"voila/render/{LANDING}"
    url = f"http://{_room_host(host)}:{number}/{path}" + (f"?token={token}" if token else "")
    return ServePlan(cmd, env, url, warnings, token)


def run(args: argparse.Namespace) -> int:
    """Print the room URL once, then replace this process with Voilà (or print the command with --dry-run)."""
    plan = serve_plan(args.host, args.port, args.notebooks, not args.no_preheat, args.notebook, args.pool_size,
                      args.token, room_notebook=args.room_notebook)
    for w in plan.warnings:
        sys.stderr.write(w + "\n")
    what = "Room URL (share it with the trainees)" if plan.token else "Landing page"
    sys.stdout.write(f"Serving the dashboards in app mode. {what}: {plan.url}\n{EDUCATION_NOTICE}\n")
    if args.dry_run:
        sys.stdout.write(" ".join(plan.cmd) + "\n")
        return 0
    sys.stdout.flush()
    os.execvpe(plan.cmd[0], plan.cmd, plan.env)
    return 0  # pragma: no cover - execvpe does not return
