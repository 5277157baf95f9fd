"""Characterization of the dosing engine: a grid of patients whose complete answers are stored.

The grid: every indication × label (us, eu, none) × weight (4, 9, 10, 20, 49.9, 50, 70, 150 kg) × kidney
(none, CrCl 29.99, 30, 45 mL/min, serum creatinine, dialysis) × safety combinations, plus the case bank and
the CLI text and JSON of a subset. The stored answers are what the engine said when the file was frozen; they
are not clinical truth (the sourced tests are). Any change to them must be a named clinical correction.

Usage::

    python tests/characterization/freeze.py          # compare, print a summary of what changed
    python tests/characterization/freeze.py --write  # store the current answers (after reviewing the diff)
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from collections import Counter
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

HERE = Path(__file__).parent
STORE = HERE / "regimens.json.gz"

INDICATIONS = ("ra", "nomid", "dira", "caps", "fmf", "stills", "sjia", "aosd", "covid-19", "gout-flare",
               "recurrent-pericarditis", "mas", "schnitzler", "traps")
LABELS = ("us", "eu", None)
# weight [kg] -> a plausible age [years] for it
WEIGHTS = {4: 0.25, 9: 0.67, 10: 1.0, 20: 6.0, 49.9: 14.0, 50: 16.0, 70: 50.0, 150: 65.0}
KIDNEY = {
    "none": {},
    "crcl29.99": {"crcl_ml_min": 29.99},
    "crcl30": {"crcl_ml_min": 30},
    "crcl45": {"crcl_ml_min": 45},
    "scr1.4": {"scr": 1.4, "sex": "female", "height_cm": 160},
    "dialysis": {"dialysis": True},
}
SAFETY = {
    "plain": {},
    "tnf+live-vaccine": {"concomitant": ["etanercept", "mmr-vaccine"]},
    "biologic+monitor+inactivated": {"concomitant": ["rituximab", "warfarin", "inactivated-influenza-vaccine"]},
    "infection+anc-low": {"active_infection": True, "anc_1e9_per_l": 1.0},
    "pregnant+breastfeeding+hepatic": {"pregnant": True, "breastfeeding": True, "child_pugh": "C"},
    "titration-8mg/kg": {"mg_per_kg": 8},
}
# CLI subset: every indication × label at these weights and kidney states, no safety combination
CLI_WEIGHTS = (9, 20, 70)
CLI_KIDNEY = ("none", "crcl29.99", "dialysis")


def _plain(value: object) -> object:
    """Records, tuples and floats as stable JSON values (floats to 9 decimals)."""
    if hasattr(value, "_asdict"):
        return {k: _plain(v) for k, v in value._asdict().items()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, float):
        return round(value, 9)
    return value


def grid() -> dict[str, dict]:
    """Case key -> keyword arguments of ``regimen``."""
    cases = {}
    for ind in INDICATIONS:
        for label in LABELS:
            for weight, age in WEIGHTS.items():
                for kname, kidney in KIDNEY.items():
                    for sname, safety in SAFETY.items():
                        key = f"{ind}|{label}|{weight}|{kname}|{sname}"
                        cases[key] = {"indication": ind, "weight_kg": weight, "age_years": age, "label": label,
                                      **kidney, **safety}
    for ind in INDICATIONS:  # the geriatric edge: exactly 65 and just below
        for age in (64.99, 65):
            cases[f"{ind}|None|70|none|age{age}"] = {"indication": ind, "weight_kg": 70, "age_years": age}
    return cases


def answer(kwargs: dict) -> dict:
    """The engine's complete answer for one patient (or the error it raised), plus its counseling ids."""
    from anakinra_edu.counseling import counseling_points
    from anakinra_edu.dosing import regimen
    from anakinra_edu.inputs import InputError

    args = dict(kwargs)
    try:
        r = regimen(args.pop("indication"), args.pop("weight_kg"), args.pop("age_years"), **args)
    except InputError as exc:
        return {"error": str(exc)}
    out = _plain(r)
    assert isinstance(out, dict)
    del out["steps"]  # the trace is frozen through the CLI subset's JSON; the grid keeps the file small
    out["counseling"] = [p.id for p in counseling_points(r)]
    return out


def cli_outputs() -> dict[str, dict]:
    """CLI text and JSON for the subset, keyed like the grid."""
    from anakinra_edu.cli import main

    result = {}
    for ind in INDICATIONS:
        for label in LABELS:
            for weight in CLI_WEIGHTS:
                for kname in CLI_KIDNEY:
                    argv = ["dose", "--indication", ind, "--weight-kg", str(weight),
                            "--age-years", str(WEIGHTS[weight])]
                    argv += [] if label is None else ["--label", label]
                    kid = KIDNEY[kname]
                    argv += ["--crcl", str(kid["crcl_ml_min"])] if "crcl_ml_min" in kid else []
                    argv += ["--dialysis"] if kid.get("dialysis") else []
                    entry = {}
                    for mode in ("text", "json"):
                        out, err = io.StringIO(), io.StringIO()
                        with redirect_stdout(out), redirect_stderr(err):
                            code = main(argv + (["--json"] if mode == "json" else []))
                        stdout = json.loads(out.getvalue()) if mode == "json" and code == 0 else out.getvalue()
                        entry[mode] = {"code": code, "stdout": stdout, "stderr": err.getvalue()}
                    result[f"{ind}|{label}|{weight}|{kname}"] = entry
    return result


def case_bank() -> dict[str, dict]:
    """Every case of the bank: its regimen and the engine-computed answer of each question."""
    from anakinra_edu.cases import case_regimen, expected_answer, load_cases

    result = {}
    for case in load_cases():
        r = case_regimen(case)
        result[case.id] = {"regimen": {k: v for k, v in _plain(r).items() if k != "steps"},
                           "answers": {q.id: _plain(expected_answer(q, r)) for q in case.questions}}
    return result


def current() -> dict[str, dict]:
    """Everything the characterization covers, computed now."""
    return {"grid": {k: answer(v) for k, v in grid().items()}, "cli": cli_outputs(), "cases": case_bank()}


def stored() -> dict[str, dict]:
    with gzip.open(STORE, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def covers(old: object, new: object) -> bool:
    """Whether ``new`` says everything ``old`` said: equal, or a dict with the same keys equal and more keys."""
    if isinstance(old, dict) and isinstance(new, dict):
        return all(k in new and covers(v, new[k]) for k, v in old.items())
    return old == new


def differences(old: dict, new: dict) -> list[tuple[str, str, str]]:
    """(section, case key, field) for every stored value the current answers no longer give.

    Fields added since the freeze (``events``, ``steps``) are not differences; changed or removed ones are.
    """
    found = []
    for section in sorted(old):
        a, b = old[section], new.get(section, {})
        for key in sorted(a):
            x, y = a[key], b.get(key)
            if covers(x, y):
                continue
            if not isinstance(x, dict) or not isinstance(y, dict):
                found.append((section, key, "(whole case)"))
                continue
            found.extend((section, key, field) for field in sorted(x) if not covers(x[field], y.get(field)))
    return found


def main(argv: list[str]) -> int:
    now = current()
    if "--write" in argv:
        data = json.dumps(now, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        with gzip.GzipFile(STORE, "wb", mtime=0) as fh:
            fh.write(data.encode("utf-8"))
        print(f"stored {sum(len(v) for v in now.values())} answers in {STORE.name} ({STORE.stat().st_size} bytes)")
        return 0
    diffs = differences(stored(), now)
    by_field = Counter((s, f) for s, _, f in diffs)
    for (section, field), n in by_field.most_common():
        example = next(k for s, k, f in diffs if s == section and f == field)
        print(f"{section}.{field}: {n} cases differ, e.g. {example}")
    print("no differences" if not diffs else f"{len(diffs)} differences")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[1]))
    raise SystemExit(main(sys.argv[1:]))
