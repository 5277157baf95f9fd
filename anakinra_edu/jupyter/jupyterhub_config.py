"""JupyterHub config used by ``anakinra-edu hub``: everything comes from ``anakinra_edu.hub.configure``."""

from anakinra_edu.hub import load_config

if "get_config" in globals():  # defined when JupyterHub loads this file; not when a test runner imports it
    load_config(get_config())  # noqa: F821
