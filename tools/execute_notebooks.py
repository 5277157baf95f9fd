"""Turn each notebook's MyST Markdown into its executed .ipynb (``make notebooks``).

The ``.md`` (jupytext MyST) is what an author edits; the ``.ipynb`` beside it is the executed copy that nbval
checks and Voilà serves. Each ``.md`` is converted, executed top to bottom in this interpreter's kernel and
written deterministically: stable cell ids, no timings, no widget state, sequential widget ids.

An ``.ipynb`` whose cells differ from its ``.md`` and that is the newer file was edited in a notebook editor
without the pairing: it is not overwritten (``jupytext --sync NB.ipynb`` first brings the edit into the ``.md``).

Usage: python tools/execute_notebooks.py notebooks/*.md     (an .ipynb argument stands for its .md)
"""

import sys
from pathlib import Path

import jupytext
import nbformat
from ipykernel.kernelspec import RESOURCES, get_kernel_dict
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

FORMATS = "ipynb,md:myst"  # the pairing a notebook editor with jupytext keeps in sync
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class CurrentEnvKernelSpecs(KernelSpecManager):
    """Always the python3 kernel of the interpreter running this script (as nbval's --nbval-current-env)."""

    def get_kernel_spec(self, kernel_name):
        return KernelSpec(resource_dir=RESOURCES, **get_kernel_dict())


def cells_of(nb) -> list[tuple[str, str, list[str]]]:
    """What the pair must agree on: each cell's type, source and tags."""
    return [(c.cell_type, c.source.strip(), list(c.metadata.get("tags", []))) for c in nb.cells]


def from_markdown(md: Path) -> nbformat.NotebookNode:
    """The notebook written in ``md``, with stable cell ids and the pairing in its metadata."""
    nb = jupytext.read(md)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:02d}"
    nb.metadata["jupytext"] = {"formats": FORMATS}
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def renumber_widget_views(nb) -> None:
    """Replace the random widget model ids by sequential ones (the widget state is not stored anyway)."""
    ids: dict[str, str] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view and "model_id" in view:
                view["model_id"] = ids.setdefault(view["model_id"], f"{len(ids) + 1:032x}")


def edited_only_in_ipynb(md: Path, ipynb: Path, nb) -> bool:
    """True when the .ipynb is newer than the .md and its cells say something else."""
    if not ipynb.exists() or ipynb.stat().st_mtime <= md.stat().st_mtime:
        return False
    return cells_of(nbformat.read(ipynb, as_version=4)) != cells_of(nb)


def execute(nb, folder: Path) -> None:
    km = KernelManager(kernel_name="python3", kernel_spec_manager=CurrentEnvKernelSpecs())
    client = NotebookClient(nb, km=km, timeout=120, record_timing=False, coalesce_streams=True,
                            resources={"metadata": {"path": str(folder)}})
    client.execute()
    nb.metadata.pop("widgets", None)
    renumber_widget_views(nb)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    for name in argv:
        md = Path(name).resolve().with_suffix(".md")
        ipynb = md.with_suffix(".ipynb")
        if not md.exists():
            print(f"{name}: no {md.name} beside it (the notebook's text is written there)", file=sys.stderr)
            return 2
        nb = from_markdown(md)
        if edited_only_in_ipynb(md, ipynb, nb):
            print(f"{ipynb.name}: edited after {md.name} and the cells differ; not overwritten. Bring the edit "
                  f"into the text first: jupytext --sync {ipynb}", file=sys.stderr)
            return 1
        print(f"executing {md.name} -> {ipynb.name}", flush=True)
        execute(nb, md.parent)
        nbformat.write(nb, ipynb)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
