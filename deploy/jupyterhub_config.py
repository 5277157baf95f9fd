"""JupyterHub for a teaching room: ``jupyterhub -f deploy/jupyterhub_config.py`` from the repository.

The same configuration as ``anakinra-edu hub`` / ``make hub`` (see ``anakinra_edu/hub.py``): shared-password
login that refuses to start without ``ANAKINRA_EDU_ROOM_PASSWORD`` (12+ characters), admins only by name with a
separate ``ANAKINRA_EDU_ADMIN_PASSWORD``, one server per trainee on this machine (``SimpleLocalProcessSpawner``)
opening the start page in app mode, idle culling, 127.0.0.1 unless ``ANAKINRA_EDU_HUB_URL`` says otherwise.
Here the notebooks, the hub's state and the proxy default to this repository's ``notebooks/`` and ``.hub/``.
For education only: no patient data belongs on this server.
"""

import os
from pathlib import Path

from anakinra_edu.hub import LOCAL_PROXY, NOTEBOOKS, PROXY, STATE, load_config

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault(NOTEBOOKS, str(REPO / "notebooks"))
os.environ.setdefault(STATE, str(REPO / ".hub" / "state"))
if (REPO / LOCAL_PROXY).exists():
    os.environ.setdefault(PROXY, str(REPO / LOCAL_PROXY))
load_config(get_config())  # noqa: F821 - get_config is injected by JupyterHub when it loads this file
