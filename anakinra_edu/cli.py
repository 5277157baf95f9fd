"""Command line: ``anakinra-edu dose`` and ``anakinra-edu kidney`` (``serve`` and ``hub``: see serve.py, hub.py).

Readable text by default, ``--json`` for scripts. Bad input exits with status 2 and one line naming the
field, the value and the allowed range; a broken data table exits with status 3 naming file, row and
column. Never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import EDUCATION_NOTICE
from .inputs import InputError
from .knowledge import DataError

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: the CLI imports neither typing nor the engine before it needs them
    from typing import Any

    from .dosing import Regimen
    from .kidney import KidneyFunction

EXIT_INPUT = 2
EXIT_DATA = 3


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, with the terminal width read as :func:`shutil.get_terminal_size` reads it.

    argparse's default asks :mod:`shutil`, whose import (with bz2, lzma, zlib) costs about 3 ms of every run.
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


def _columns() -> int:
    """Terminal columns: ``$COLUMNS`` if a positive number, else the terminal's, else 80 (as :mod:`shutil`)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        columns = 0
    return columns if columns > 0 else 80


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line with exit status 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message} (see --help)\n")
        raise SystemExit(EXIT_INPUT)


def _option(field: str) -> str:
    aliases = {"scr": "--scr", "crcl_ml_min": "--crcl", "anc_1e9_per_l": "--anc"}
    return aliases.get(field, "--" + field.replace("_", "-"))


def _add_room_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """``serve`` (Voilà app mode) and ``hub`` (JupyterHub); their code is imported only when they run."""
    serve = sub.add_parser("serve", help="the dashboards in app mode (Voilà, code hidden) for a workshop")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to bind (default 127.0.0.1: this machine only; any other needs the token)")
    serve.add_argument("--port", default="8866", help="port (default 8866)")
    serve.add_argument("--notebooks", default="notebooks", help="folder with the notebooks (default ./notebooks)")
    serve.add_argument("--no-preheat", action="store_true", help="do not pre-start a kernel per notebook")
    serve.add_argument("--notebook", help="serve only this notebook of the folder (e.g. 01_dosing_explorer.ipynb)")
    serve.add_argument("--pool-size", default="1",
                       help="kernels kept ready for the room's notebook (a room arriving together: one per trainee)")
    serve.add_argument("--room-notebook",
                       help="the notebook the room opens first (default: --notebook, else the landing page)")
    serve.add_argument("--token", action="store_true",
                       help="require the token on 127.0.0.1 too (a machine shared with other users)")
    serve.add_argument("--dry-run", action="store_true", help="print the server command and exit")

    hub = sub.add_parser("hub",
                         help="JupyterHub for a workshop room (needs ANAKINRA_EDU_ROOM_PASSWORD, 12+ characters)")
    hub.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    hub.add_argument("--port", default="8000", help="port (default 8000)")
    hub.add_argument("--notebooks", default="notebooks", help="folder with the notebooks (default ./notebooks)")
    hub.add_argument("--state", default=".hub/state", help="folder for the hub's database and secrets")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``anakinra-edu`` parser; with ``command`` (one of :data:`COMMANDS`) only that subcommand is built.

    Building the one subcommand asked for saves start-up time and parses exactly as the full parser does (its
    usage lines and errors are the subcommand's own); top-level help and errors use the full parser.
    """
    parser = _Parser(prog="anakinra-edu", description=f"Anakinra (Kineret) teaching calculator. {EDUCATION_NOTICE}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, add in _SUBCOMMANDS.items():
        if command is None or command == name or (command in ROOM_COMMANDS and name == "room"):
            add(sub)
    return parser


def _add_dose(sub: argparse._SubParsersAction[_Parser]) -> None:
    dose = sub.add_parser("dose", help="regimen for one patient")
    dose.add_argument("--indication", required=True, help="ra nomid dira caps fmf stills sjia aosd gout-flare "
                      "recurrent-pericarditis mas schnitzler traps covid-19")
    dose.add_argument("--weight-kg", required=True, help="body weight [kg]")
    dose.add_argument("--age-years", required=True, help="age [years]; 8 months = 0.667")
    dose.add_argument("--label", help="us or eu (default: where the indication is labeled)")
    dose.add_argument("--sex", help="female or male")
    dose.add_argument("--height-cm", help="height [cm]")
    kidney = dose.add_mutually_exclusive_group()
    kidney.add_argument("--crcl", dest="crcl_ml_min", help="creatinine clearance [mL/min]")
    kidney.add_argument("--scr", help="serum creatinine, in --scr-unit")
    dose.add_argument("--scr-unit", default="mg/dL", help="mg/dL (default) or umol/L")
    dose.add_argument("--weight-basis", default="actual", help="Cockcroft–Gault weight: actual ideal adjusted bmi_rule")
    dose.add_argument("--dialysis", action="store_true", help="end-stage renal disease on dialysis")
    dose.add_argument("--mg-per-kg", help="requested daily dose [mg/kg/day] (titration; capped at the maximum)")
    dose.add_argument("--concomitant", nargs="+", action="extend", default=[], metavar="NAME",
                      help="other drugs or planned vaccines, e.g. etanercept yellow-fever-vaccine; "
                      "repeat the option or list several names: every name counts")
    dose.add_argument("--active-infection", action="store_true", help="active serious infection now")
    dose.add_argument("--anc", dest="anc_1e9_per_l", help="neutrophil count [10^9/L]")
    dose.add_argument("--child-pugh", help="hepatic impairment class: A, B or C")
    dose.add_argument("--pregnant", action="store_true")
    dose.add_argument("--breastfeeding", action="store_true")
    dose.add_argument("--explain", action="store_true", help="add the reasoning trace: how the answer was worked out")
    dose.add_argument("--json", action="store_true", help="machine-readable output (always includes the steps)")


def _add_kidney(sub: argparse._SubParsersAction[_Parser]) -> None:
    kid = sub.add_parser("kidney", help="kidney function estimates side by side")
    kid.add_argument("--age-years", required=True, help="age [years]")
    kid.add_argument("--scr", required=True, help="serum creatinine, in --scr-unit")
    kid.add_argument("--scr-unit", default="mg/dL", help="mg/dL (default) or umol/L")
    kid.add_argument("--sex", help="female or male")
    kid.add_argument("--weight-kg", help="body weight [kg]")
    kid.add_argument("--height-cm", help="height [cm]")
    kid.add_argument("--weight-basis", default="actual", help="actual ideal adjusted bmi_rule")
    kid.add_argument("--json", action="store_true", help="machine-readable output")


ROOM_COMMANDS = ("serve", "hub")
_SUBCOMMANDS = {"dose": _add_dose, "room": _add_room_commands, "kidney": _add_kidney}
#: The subcommands, in the order of the top-level help.
COMMANDS = ("dose", *ROOM_COMMANDS, "kidney")


def _head_lines(r: Regimen) -> list[str]:
    lines = [f"Anakinra — {r.indication_name}: {r.status}" + (f" ({r.label.upper()} label)" if r.label else "")]
    if r.action == "do_not_start":
        lines.append("ACTION: DO NOT START — this is the answer.")
    elif r.action == "no_sourced_regimen":
        lines.append("ACTION: NO SOURCED REGIMEN at this kidney function — decide with the treating clinician.")
    lines.extend(f"  [STOP] {w.text} ({'; '.join(w.citations)})"
                 for w in r.warnings if r.action != "dose" and w.severity == "stop")
    lines.append(f"Rule [{r.rule_id}]: {r.rule_text}")
    kid = "not given" if r.crcl_ml_min is None else f"{r.crcl_ml_min:.1f} {r.crcl_unit} ({r.crcl_method})"
    if r.dialysis:
        kid += "; on dialysis (ESRD)"
    lines.append(f"Patient: {r.weight_kg:g} kg, {r.age_years:g} years; kidney: {kid}")
    return lines


def _dose_lines(r: Regimen) -> list[str]:
    from .dosing import format_range

    per_kg = "" if r.start_per_kg_text is None else f"  [{r.start_per_kg_text}]"
    lead = "Computed for teaching only, not to be given — starting dose" if r.action != "dose" else "Starting dose"
    lines = [f"{lead}: {format_range(*r.start_dose_mg)} per dose, {r.interval_text}{per_kg}"]
    if r.dose_mg is not None:
        lines.append(f"Requested {r.requested_mg_per_kg:g} mg/kg/day: {r.dose_mg:.4g} mg per dose")
    if r.titration_step_mg is not None:
        lines.append(f"Titration step: {format_range(*r.titration_step_mg)}")
    if r.next_titration_mg is not None:
        lines.append(f"Next step up: {format_range(*r.next_titration_mg)} per day")
    if r.maintenance_mg is not None:
        lines.append(f"Usual maintenance (severe forms): {format_range(*r.maintenance_mg)} per day")
    mx = f"Maximum: {r.max_daily_mg:.4g} mg/day"
    if r.max_mg_per_kg_day is not None:
        mx += f" ({r.max_mg_per_kg_day:g} mg/kg/day"
        mx += f", cap {r.max_daily_cap_mg:g} mg/day)" if r.max_daily_cap_mg is not None else ")"
    lines.append(mx)
    if r.course_days is not None:
        lo, hi = r.course_days
        course = f"{lo:g}" if hi is None or hi == lo else f"{lo:g}–{hi:g}"
        more = "" if hi is not None else " or more"
        lines.append(f"Course: {course} days{more}" + (f" ({r.doses_in_course} doses)" if r.doses_in_course else ""))
    if r.kidney_rule_text:
        lines.append(f"Kidney rule: {r.kidney_rule_text}")
    return lines


def _syringe_line(r: Regimen) -> str:
    from .knowledge import load_knowledge

    kb = load_knowledge()
    conc, lowest, highest = (kb.product_value(k) for k in ("concentration", "graduation_min", "graduation_max"))
    syr = "; ".join(
        f"{s.dose_mg:.4g} mg = {s.volume_ml:.3f} mL" + (f" ({s.syringes} syringes)" if s.syringes > 1 else "")
        + (f" — BELOW THE {lowest:g} mg MARK" if s.below_minimum_mark else "")
        for s in r.syringe
    )
    return f"Syringe ({conc:g} mg/mL, marks {lowest:g}–{highest:g} mg): {syr}"


def _explanation_lines(r: Regimen, explain: bool) -> list[str]:
    lines = ["Flags: " + (", ".join(r.flags) if r.flags else "none")]
    lines += [f"Note: {note}" for note in r.notes]
    stopped = r.action != "dose"
    shown = [w for w in r.warnings if not (stopped and w.severity == "stop")]
    if shown:
        lines.append("Other warnings:" if stopped else "Warnings:")
        lines += [f"  [{w.severity.upper()}] {w.text} ({'; '.join(w.citations)})" for w in shown]
    if r.disagreements:
        lines.append("Where sources disagree:")
        lines += [f"  {d.topic}: {d.position_a} ({'; '.join(d.sources_a)}) | {d.position_b} ({'; '.join(d.sources_b)})"
                  for d in r.disagreements]
    if explain:
        lines.append("How this was worked out:")
        lines.extend("  " + line for line in r.explain().splitlines())
    return lines


def format_regimen(r: Regimen, explain: bool = False) -> str:
    """Plain-text regimen card for the terminal; ``explain`` adds the reasoning trace before the sources."""
    lines = [*_head_lines(r), *_dose_lines(r), _syringe_line(r), *_explanation_lines(r, explain),
             "Sources: " + "; ".join(r.citations), EDUCATION_NOTICE]
    return "\n".join(lines)


def format_kidney(k: KidneyFunction) -> str:
    """Plain-text kidney estimates."""
    def v(x: float | None, unit: str) -> str:
        return "n/a" if x is None else f"{x:.1f} {unit}"

    cg = k.cockcroft_gault
    used = k.used_for_dosing
    return "\n".join([
        f"Serum creatinine {k.scr_mg_dl:.3g} mg/dL; age {k.age_years:g} y"
        + ("" if k.bmi is None else f"; BMI {k.bmi:.1f} kg/m²"),
        f"Cockcroft–Gault, actual weight:   {v(cg.actual, 'mL/min')}",
        f"Cockcroft–Gault, ideal weight:    {v(cg.ideal, 'mL/min')}",
        f"Cockcroft–Gault, adjusted weight: {v(cg.adjusted, 'mL/min')}",
        f"CKD-EPI 2021 (adults):            {v(k.ckd_epi_2021, 'mL/min/1.73 m²')}",
        f"Bedside Schwartz (under 18):      {v(k.bedside_schwartz, 'mL/min/1.73 m²')}",
        f"Used for dosing: {used.method}" + (f" ({used.weight_basis} weight)" if used.weight_basis else "")
        + ("" if used.value_ml_min is None else f" = {used.value_ml_min:.1f}"),
        f"Why: {used.reason}",
        EDUCATION_NOTICE,
    ])


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``anakinra-edu`` console script. Returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(argv[0] if argv and argv[0] in COMMANDS else None).parse_args(argv)
    if args.command == "hub":
        from .hub import run

        return run(args)
    if args.command == "serve":
        from .serve import run

        try:
            return run(args)
        except InputError as exc:
            sys.stderr.write(f"anakinra-edu: error: --{exc.field}: {exc.value!r} {exc.reason}; "
                             f"allowed: {exc.allowed}\n")
            return EXIT_INPUT
    result: Regimen | KidneyFunction
    try:
        if args.command == "dose":
            from .dosing import regimen

            result = regimen(
                args.indication, args.weight_kg, args.age_years, label=args.label, sex=args.sex,
                height_cm=args.height_cm, crcl_ml_min=args.crcl_ml_min, scr=args.scr, scr_unit=args.scr_unit,
                dialysis=args.dialysis, mg_per_kg=args.mg_per_kg, concomitant=args.concomitant,
                active_infection=args.active_infection, anc_1e9_per_l=args.anc_1e9_per_l,
                pregnant=args.pregnant, breastfeeding=args.breastfeeding, weight_basis=args.weight_basis,
                child_pugh=args.child_pugh,
            )
            text = None if args.json else format_regimen(result, explain=args.explain)
        else:
            from .kidney import kidney_function

            kidney = kidney_function(args.age_years, args.scr, args.scr_unit, args.sex, args.weight_kg,
                                     args.height_cm, args.weight_basis)
            result, text = kidney, None if args.json else format_kidney(kidney)
    except InputError as exc:
        shown = "(missing)" if exc.value is None else repr(exc.value) if isinstance(exc.value, str) else exc.value
        sys.stderr.write(f"anakinra-edu: error: {_option(exc.field)}: {shown} {exc.reason}; allowed: {exc.allowed}\n")
        return EXIT_INPUT
    except DataError as exc:
        sys.stderr.write(f"anakinra-edu: data error: {exc}\n")
        return EXIT_DATA
    if text is None:
        import json

        payload = result.as_dict()
        payload["notice"] = EDUCATION_NOTICE
        text = json.dumps(payload, ensure_ascii=False, indent=2)
    sys.stdout.write(text + "\n")
    return 0


def run() -> None:  # pragma: no cover - thin wrapper for ``python -m``
    raise SystemExit(main())
