"""The ``anakinra-edu`` command line: the contract in the README, exit codes, one-line errors.

Expected numbers come from the answer key (tests/data/answer_key.csv, cited per test).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from anakinra_edu.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_dose_json_contract_tv11(capsys: pytest.CaptureFixture[str]) -> None:
    # Answer key TV11: NOMID 9 kg infant -> 9-18 mg/day, max 72 mg/day, below the 20 mg mark.
    code, out, _ = run(capsys, "dose", "--indication", "nomid", "--weight-kg", "9", "--age-years", "0.67", "--json")
    assert code == 0
    data = json.loads(out)
    for key in ("indication", "label", "status", "start_dose_mg", "dose_mg", "max_daily_mg", "interval_hours",
                "crcl_ml_min", "flags", "warnings", "citations"):
        assert key in data
    assert data["indication"] == "nomid" and data["label"] == "us" and data["status"] == "on-label"
    assert data["start_dose_mg"] == [9, 18]
    assert data["max_daily_mg"] == 72
    assert data["dose_mg"] is None and data["crcl_ml_min"] is None
    assert "below_syringe_minimum" in data["flags"]
    assert all({"code", "text"} <= set(w) for w in data["warnings"])
    assert data["citations"]


def test_dose_json_renal_tv02(capsys: pytest.CaptureFixture[str]) -> None:
    # Answer key TV02: 80 y F, 50 kg, SCr 1.4 -> CrCl 25.3 -> every other day.
    code, out, _ = run(capsys, "dose", "--indication", "ra", "--weight-kg", "50", "--age-years", "80", "--sex",
                       "female", "--scr", "1.4", "--scr-unit", "mg/dL", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["interval_hours"] == 48
    assert data["crcl_ml_min"] == pytest.approx(25.3, abs=0.05)
    assert "renal_every_other_day" in data["flags"]


def test_dose_titration_and_cap(capsys: pytest.CaptureFixture[str]) -> None:
    # US PI 12/2020 section 2.2: NOMID maximum 8 mg/kg/day -> 20 kg: 160 mg/day.
    _, out, _ = run(capsys, "dose", "--indication", "nomid", "--weight-kg", "20", "--age-years", "6",
                       "--mg-per-kg", "9", "--json")
    data = json.loads(out)
    assert data["dose_mg"] == 160 and "capped_at_maximum" in data["flags"]


def test_dose_concomitant_and_off_label(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "50",
                       "--concomitant", "etanercept", "yellow-fever-vaccine", "--json")
    assert code == 0
    flags = json.loads(out)["flags"]
    assert "combination_not_recommended" in flags and "live_vaccine_conflict" in flags
    _, out, _ = run(capsys, "dose", "--indication", "gout-flare", "--weight-kg", "90", "--age-years", "65",
                       "--label", "eu", "--json")
    data = json.loads(out)
    assert data["status"] == "off-label" and data["label"] is None  # off-label indications ignore --label


def test_dose_text_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "dose", "--indication", "nomid", "--weight-kg", "9", "--age-years", "0.67")
    assert code == 0
    assert "9–18 mg per dose" in out
    assert "BELOW THE 20 mg MARK" in out
    assert "For education only" in out
    assert "US-PI-2020 §2.2" in out


def test_kidney_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    # clinPK unit tests (tests/data/egfr_worked_examples.csv): 50 y M 150 kg 180 cm SCr 1 -> adjusted 131.
    code, out, _ = run(capsys, "kidney", "--age-years", "50", "--scr", "1", "--sex", "male", "--weight-kg", "150",
                       "--height-cm", "180", "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data["cockcroft_gault_ml_min"]) == {"actual", "ideal", "adjusted"}
    assert round(data["cockcroft_gault_ml_min"]["adjusted"]) == 131
    assert data["bedside_schwartz_ml_min_1_73m2"] is None  # adult
    assert set(data["used_for_dosing"]) >= {"method", "weight_basis", "reason"}
    code, out, _ = run(capsys, "kidney", "--age-years", "60", "--scr", "1.4", "--sex", "male", "--json")
    data = json.loads(out)
    assert data["cockcroft_gault_ml_min"]["actual"] is None  # no weight
    assert data["ckd_epi_2021_ml_min_1_73m2"] == pytest.approx(57.54, abs=0.01)  # kidney.epi example


BAD = [
    (["dose", "--indication", "ra", "--weight-kg", "-5", "--age-years", "50"], "--weight-kg", "-5"),
    (["dose", "--indication", "ra", "--weight-kg", "0", "--age-years", "50"], "--weight-kg", "0"),
    (["dose", "--indication", "ra", "--weight-kg", "nan", "--age-years", "50"], "--weight-kg", "nan"),
    (["dose", "--indication", "ra", "--weight-kg", "inf", "--age-years", "50"], "--weight-kg", "inf"),
    (["dose", "--indication", "ra", "--weight-kg", "ten", "--age-years", "50"], "--weight-kg", "ten"),
    (["dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "300"], "--age-years", "300"),
    (["dose", "--indication", "zzz", "--weight-kg", "70", "--age-years", "50"], "--indication", "zzz"),
    (["dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "50", "--label", "uk"], "--label", "uk"),
    (["dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "50", "--sex", "x", "--scr", "1"],
     "--sex", "x"),
    (["dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "50", "--sex", "male", "--scr", "1",
      "--scr-unit", "g/L"], "--scr-unit", "g/L"),
    (["dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "50", "--crcl", "500"], "--crcl", "500"),
    (["dose", "--indication", "nomid", "--weight-kg", "20", "--age-years", "6", "--mg-per-kg", "-1"],
     "--mg-per-kg", "-1"),
    (["kidney", "--age-years", "50", "--scr", "0", "--sex", "male"], "--scr", "0"),
    (["kidney", "--age-years", "50", "--scr", "1", "--sex", "male", "--height-cm", "900"], "--height-cm", "900"),
]


@pytest.mark.parametrize(("argv", "option", "value"), BAD)
def test_bad_input_exit_2_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], option: str,
                                   value: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert option in err and value in err and "allowed" in err
    assert "Traceback" not in err


def test_usage_error_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["dose", "--weight-kg", "5"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--indication" in err


def test_console_script_runs_as_module() -> None:
    proc = subprocess.run([sys.executable, "-m", "anakinra_edu", "dose", "--indication", "ra", "--weight-kg", "70",
                           "--age-years", "55", "--json"], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["start_dose_mg"] == [100, 100]  # US PI 12/2020 section 2.1
    bad = subprocess.run([sys.executable, "-m", "anakinra_edu", "dose", "--indication", "ra", "--weight-kg", "-1",
                          "--age-years", "55"], capture_output=True, text=True, timeout=60, check=False)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


@pytest.mark.parametrize("argv", [
    ["--concomitant", "etanercept", "--concomitant", "mmr-vaccine"],
    ["--concomitant", "mmr-vaccine", "--concomitant", "etanercept"],
    ["--concomitant", "etanercept", "mmr-vaccine"],
    ["--concomitant", "etanercept", "--concomitant", "mmr-vaccine", "rituximab"],
])
def test_repeated_concomitant_options_accumulate(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    # Regression (audit, dangerous item 1): a repeated --concomitant dropped etanercept and with it the STOP.
    # US-PI-2020 §5: combination with TNF inhibitors is not recommended (serious infections 7% vs 0%);
    # US-PI-2020 §5 / ACR-FS-2023: no live vaccines with anakinra. Both STOPs must be on the card.
    code, out, _ = run(capsys, "dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "50", *argv,
                       "--json")
    assert code == 0
    data = json.loads(out)
    assert {"combination_not_recommended", "live_vaccine_conflict"} <= set(data["flags"])
    stops = {w["code"] for w in data["warnings"] if w["severity"] == "stop"}
    assert {"combination_not_recommended", "live_vaccine_conflict"} <= stops
    code, text, _ = run(capsys, "dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "50", *argv)
    assert text.count("[STOP]") >= 2


def test_every_list_option_of_the_cli_accumulates() -> None:
    # Every option that takes several values must extend, never replace, when repeated.
    import argparse

    from anakinra_edu.cli import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subparsers.choices.items():
        for action in sub._actions:
            if action.nargs in ("+", "*"):
                assert isinstance(action, argparse._ExtendAction), f"{name} {action.option_strings} replaces"


@pytest.mark.parametrize("argv", [
    ["dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "55", "--concomitant", "etanercept",
     "--concomitant", "mmr-vaccine", "--json"],
    ["kidney", "--age-years", "80", "--scr", "1.4", "--sex", "female", "--weight-kg", "50"],
    ["serve", "--port", "8899"],
    ["hub", "--port", "8000"],
])
def test_the_parser_of_one_command_parses_as_the_full_parser(argv: list[str]) -> None:
    # main() builds only the subcommand asked for (start-up time); the namespace must be the same.
    from anakinra_edu.cli import build_parser

    assert vars(build_parser(argv[0]).parse_args(argv)) == vars(build_parser().parse_args(argv))


def test_the_parser_of_one_command_prints_the_same_help_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    from anakinra_edu.cli import COMMANDS, build_parser

    for command in COMMANDS:
        helps = []
        for parser in (build_parser(command), build_parser()):
            with pytest.raises(SystemExit):
                parser.parse_args([command, "--help"])
            helps.append(capsys.readouterr().out)
        assert helps[0] == helps[1] and f"usage: anakinra-edu {command}" in helps[0]
    for argv, words in ((["dose", "--indication", "ra", "--age-years", "55"], ["--weight-kg"]),
                        (["nonsense"], ["dose", "serve", "hub", "kidney"])):  # the full parser lists every command
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        err = capsys.readouterr().err
        assert exit_.value.code == 2 and all(w in err for w in words), err


@pytest.mark.parametrize("columns", [None, "100", "0", "wide"])
def test_help_is_as_wide_as_argparse_makes_it(monkeypatch: pytest.MonkeyPatch, columns: str | None) -> None:
    # The CLI reads the terminal width itself (no shutil import); the layout must be argparse's own.
    import argparse

    from anakinra_edu.cli import _Formatter

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    ours, stock = _Formatter("anakinra-edu"), argparse.HelpFormatter("anakinra-edu")
    assert (ours._width, ours._max_help_position) == (stock._width, stock._max_help_position)
