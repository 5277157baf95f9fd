"""environment.yml, README, Makefile, CI and .gitignore stay consistent with pyproject.toml."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

# pip name -> conda-forge name, where they differ
CONDA_NAMES: dict[str, str] = {}
# Tools of the test extra that environment.yml carries too (same lower bound), besides the runtime: the type
# checker, and jupytext (the notebooks' .md pairing in JupyterLab).
CONDA_TOOLS = ("mypy", "jupytext")

SPEC = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9A-Za-z.]*)\s*$")


def _lower_bounds(specs: list[str]) -> dict[str, str]:
    bounds = {}
    for spec in specs:
        match = SPEC.match(spec)
        assert match, f"expected 'name>=version', got {spec!r}"
        bounds[match.group(1).lower()] = match.group(2)
    return bounds


def _name(spec: str) -> str:
    return re.match(r"\s*([A-Za-z0-9_.-]*)", spec).group(1).lower()


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def _conda_deps() -> tuple[list[str], list[list[str]]]:
    strings = [d for d in _environment()["dependencies"] if isinstance(d, str)]
    pip_sections = [d["pip"] for d in _environment()["dependencies"] if isinstance(d, dict)]
    return strings, pip_sections


def test_channels_are_conda_forge_only():
    assert _environment()["channels"] == ["conda-forge"]


def test_same_python():
    lower = re.fullmatch(r">=\s*(\d+)\.(\d+)(\.\d+)?", _pyproject()["requires-python"].strip())
    assert lower, "requires-python should be a single '>=X.Y' bound"
    strings, _ = _conda_deps()
    pythons = [d for d in strings if _name(d) == "python"]
    assert pythons == [f"python={lower.group(1)}.{lower.group(2)}"]


def test_same_runtime_dependencies_and_lower_bounds():
    pyproject = _lower_bounds(_pyproject()["dependencies"])
    test_extra = _lower_bounds(_pyproject()["optional-dependencies"]["test"])
    pyproject |= {tool: test_extra[tool] for tool in CONDA_TOOLS}
    expected = {CONDA_NAMES.get(name, name): bound for name, bound in pyproject.items()}
    strings, _ = _conda_deps()
    runtime = [d for d in strings if _name(d) not in ("python", "pip")]
    assert _lower_bounds(runtime) == expected


def test_make_test_type_checks_the_core_after_ruff():
    recipe = _make_recipe("test").splitlines()
    ruff = next(i for i, line in enumerate(recipe) if "ruff check" in line)
    mypy = next(i for i, line in enumerate(recipe) if "/mypy" in line)
    assert ruff < mypy < next(i for i, line in enumerate(recipe) if "pytest" in line)
    files = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]["files"]
    for core in ("anakinra_edu/knowledge", "anakinra_edu/dosing", "anakinra_edu/kidney.py",
                 "anakinra_edu/inputs.py", "anakinra_edu/cli.py"):
        assert core in files


def test_pip_installs_the_package_editable():
    strings, pip_sections = _conda_deps()
    assert "pip" in strings
    assert pip_sections == [["-e ."]]


def test_ci_runs_make_test():
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    assert "make test" in commands


def test_readme_starts_with_make_lab_and_make_test():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    lines.append("")
    i = 0

    def skip_blank():
        nonlocal i
        while i < len(lines) - 1 and not lines[i].strip():
            i += 1

    skip_blank()
    assert lines[i].startswith("# "), "README should start with a '# ' title line"
    i += 1
    skip_blank()
    assert lines[i].strip() and not lines[i].startswith(("#", "```")), "then one description paragraph"
    while lines[i].strip():
        i += 1
    skip_blank()
    assert lines[i].startswith("```"), "then a fenced code block"
    end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("```")), None)
    assert end is not None, "the README's first code block is not closed"
    code = "\n".join(lines[i + 1 : end])
    assert "make lab" in code
    assert "make test" in code


def _make_recipe(target: str) -> str:
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"{target}\s*:(?!=)", line))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line)
    assert recipe, f"Makefile target {target!r} has no recipe"
    return "\n".join(recipe)


def test_make_lab_is_local_and_keeps_its_token():
    recipe = _make_recipe("lab")
    assert "jupyter lab" in recipe
    assert re.search(r"--(ServerApp\.)?ip=127\.0\.0\.1\b", recipe)
    for disabling in ("IdentityProvider.token", "ServerApp.token", "NotebookApp.token", "password="):
        assert disabling not in recipe


def test_gitignore():
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    entries = {line.strip().rstrip("/") for line in lines}
    assert ".venv" in entries
    assert ".ipynb_checkpoints" in entries
