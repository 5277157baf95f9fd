"""JupyterHub config used by ``anakinra-edu hub``: everything comes from ``anakinra_edu.hub.configure``."""

from anakinra_edu.hub import load_config

load_config(get_config())  # noqa: F821 - get_config is injected by JupyterHub when it loads this file
