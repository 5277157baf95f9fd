"""JupyterHub for a teaching room: every trainee gets their own server and kernel; the suite opens in app mode.

Minimal and deliberate: install this repository (`pip install -e .`) plus `jupyterhub` in the environment that
runs the hub, set ANAKINRA_EDU_ROOM_PASSWORD, then `jupyterhub -f deploy/jupyterhub_config.py`.
It binds to 127.0.0.1 by default; set ANAKINRA_EDU_HUB_URL (e.g. http://0.0.0.0:8000) on purpose to open it
to a room network. Shared-password login suits a workshop only; use the site's own authenticator otherwise.
For education only: no patient data belongs on this server.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 - injected by JupyterHub when it loads this file

REPO = Path(__file__).resolve().parents[1]

c.JupyterHub.bind_url = os.environ.get("ANAKINRA_EDU_HUB_URL", "http://127.0.0.1:8000")
c.JupyterHub.authenticator_class = "dummy"  # one shared workshop password, any user name
c.DummyAuthenticator.password = os.environ.get("ANAKINRA_EDU_ROOM_PASSWORD", "")
c.Authenticator.allow_all = True

c.Spawner.notebook_dir = str(REPO)
c.Spawner.default_url = "/voila/render/notebooks/00_start_here.ipynb"  # landing page in app mode
c.Spawner.environment = {"ANAKINRA_EDU_PRESENT": "0"}
c.Spawner.mem_limit = "1G"  # honoured by spawners that enforce limits; one session measured ~140 MB

# Stop idle servers so a room's memory comes back (requires the jupyterhub-idle-culler package).
c.JupyterHub.load_roles = [{"name": "idle-culler", "scopes": ["list:users", "read:users:activity",
                                                               "read:servers", "delete:servers"],
                            "services": ["idle-culler"]}]
c.JupyterHub.services = [{"name": "idle-culler",
                          "command": ["python3", "-m", "jupyterhub_idle_culler", "--timeout=1800"]}]
