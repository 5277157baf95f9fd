"""The bad-input catalogue: malformed inputs across the Python API, the CLI and the widgets.

Each gives the documented error naming the field (InputError in Python, exit status 2 with one line on the CLI,
a message in the card in the widgets — never a traceback), and HTML in any user-supplied text is escaped.
"""

from __future__ import annotations

import datetime as dt

import pytest

from anakinra_edu.cli import main
from anakinra_edu.counseling import counseling_points, monitoring_calendar, rotation_plan
from anakinra_edu.dosing import regimen
from anakinra_edu.handout import export_handout
from anakinra_edu.inputs import InputError
from anakinra_edu.kidney import kidney_function
from anakinra_edu.onset import onset_window
from anakinra_edu.pk import pk_model, week_comparison

NASTY = "<script>alert('x')</script>; rm -rf / `id` $(id)"
OK = {"indication": "ra", "weight_kg": 70, "age_years": 50}

API = [
    ("regimen", {"indication": "RA!"}, "indication"),
    ("regimen", {"indication": NASTY}, "indication"),
    ("regimen", {"indication": None}, "indication"),
    ("regimen", {"weight_kg": None}, "weight_kg"),
    ("regimen", {"weight_kg": True}, "weight_kg"),
    ("regimen", {"weight_kg": "70 kg"}, "weight_kg"),
    ("regimen", {"weight_kg": 0.49}, "weight_kg"),
    ("regimen", {"weight_kg": 250.01}, "weight_kg"),
    ("regimen", {"weight_kg": 1e308 * 10}, "weight_kg"),
    ("regimen", {"weight_kg": -0.0001}, "weight_kg"),
    ("regimen", {"weight_kg": float("-inf")}, "weight_kg"),
    ("regimen", {"weight_kg": [70]}, "weight_kg"),
    ("regimen", {"age_years": -1}, "age_years"),
    ("regimen", {"age_years": float("nan")}, "age_years"),
    ("regimen", {"age_years": "fifty"}, "age_years"),
    ("regimen", {"label": "EU-UK"}, "label"),
    ("regimen", {"label": 1}, "label"),
    ("regimen", {"sex": "F", "scr": 1.0}, "sex"),
    ("regimen", {"scr": 1.0, "sex": "male", "scr_unit": "mg/L"}, "scr_unit"),
    ("regimen", {"scr": 0.0, "sex": "male"}, "scr"),
    ("regimen", {"scr": 1e9, "sex": "male"}, "scr"),
    ("regimen", {"scr": 5000, "sex": "male", "scr_unit": "umol/L"}, "scr"),
    ("regimen", {"crcl_ml_min": 201}, "crcl_ml_min"),
    ("regimen", {"crcl_ml_min": "normal"}, "crcl_ml_min"),
    ("regimen", {"height_cm": 12, "scr": 1.0, "sex": "male"}, "height_cm"),
    ("regimen", {"weight_basis": "lean", "scr": 1.0, "sex": "male"}, "weight_basis"),
    ("regimen", {"weight_basis": "ideal", "scr": 1.0, "sex": "male"}, "height_cm"),
    ("regimen", {"indication": "nomid", "mg_per_kg": 0}, "mg_per_kg"),
    ("regimen", {"indication": "nomid", "mg_per_kg": 61}, "mg_per_kg"),
    ("regimen", {"concomitant": ["etanercept", NASTY]}, "concomitant"),
    ("regimen", {"concomitant": [42]}, "concomitant"),
    ("regimen", {"active_infection": "yes"}, "active_infection"),
    ("regimen", {"pregnant": 1}, "pregnant"),
    ("regimen", {"anc_1e9_per_l": float("inf")}, "anc_1e9_per_l"),
    ("regimen", {"child_pugh": "B+"}, "child_pugh"),
    ("kidney", {"age_years": 50, "scr": -1, "sex": "male"}, "scr"),
    ("kidney", {"age_years": 50, "scr": 1, "sex": "other"}, "sex"),
    ("kidney", {"age_years": 500, "scr": 1, "sex": "male"}, "age_years"),
    ("kidney", {"age_years": 50, "scr": 1, "scr_unit": "", "sex": "male"}, "scr_unit"),
    ("onset", {"indication": "lupus"}, "indication"),
    ("pk", {"crcl_ml_min": -10}, "crcl_ml_min"),
    ("week", {"interval_h": 48, "crcl_ml_min": 90, "missed_at_h": 24}, "missed_at_h"),
    ("rotation", {"days": 0}, "rotation_days"),
    ("rotation", {"days": "two weeks"}, "rotation_days"),
    ("calendar", {"start": "2026-01-01", "indication": "ra"}, "start"),
    ("calendar", {"start": dt.date(2026, 1, 1), "indication": "ra", "label": "jp"}, "label"),
    ("audience", {"audience": "pharmacist"}, "audience"),
    ("export", {"path": "handout.docx"}, "format"),
]


def _call(kind: str, kwargs: dict) -> None:
    if kind == "regimen":
        regimen(**{**OK, **kwargs})
    elif kind == "kidney":
        kidney_function(**kwargs)
    elif kind == "onset":
        onset_window(**kwargs)
    elif kind == "pk":
        pk_model(**kwargs)
    elif kind == "week":
        week_comparison(**kwargs)
    elif kind == "rotation":
        rotation_plan(**kwargs)
    elif kind == "calendar":
        monitoring_calendar(**kwargs)
    elif kind == "audience":
        counseling_points(regimen(**OK), **kwargs)
    elif kind == "export":
        export_handout("<p>x</p>", kwargs["path"])


@pytest.mark.parametrize(("kind", "kwargs", "field"), API, ids=[f"{k}-{f}-{i}" for i, (k, _, f) in enumerate(API)])
def test_api_bad_input(kind: str, kwargs: dict, field: str) -> None:
    with pytest.raises(InputError) as info:
        _call(kind, kwargs)
    assert info.value.field == field
    message = str(info.value)
    assert message.startswith(field) and "allowed" in message


CLI = [
    (["dose", "--indication", "ra", "--weight-kg", "1e999", "--age-years", "50"], "--weight-kg"),
    (["dose", "--indication", "ra", "--weight-kg", "0x10", "--age-years", "50"], "--weight-kg"),
    (["dose", "--indication", "ra", "--weight-kg", "", "--age-years", "50"], "--weight-kg"),
    (["dose", "--indication", NASTY, "--weight-kg", "70", "--age-years", "50"], "--indication"),
    (["dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "50", "--concomitant", NASTY],
     "--concomitant"),
    (["dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "-3"], "--age-years"),
    (["dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "50", "--anc", "nan"], "--anc"),
    (["dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "50", "--child-pugh", "Z"], "--child-pugh"),
    (["dose", "--indication", "ra", "--weight-kg", "70", "--age-years", "50", "--weight-basis", "x", "--scr", "1",
      "--sex", "male"], "--weight-basis"),
    (["kidney", "--age-years", "50", "--scr", "1", "--scr-unit", "mmol/L", "--sex", "male"], "--scr-unit"),
    (["kidney", "--age-years", "abc", "--scr", "1"], "--age-years"),
    (["kidney", "--age-years", "50", "--scr", "1", "--sex", "male", "--weight-basis", "adjusted"], "--height-cm"),
]


@pytest.mark.parametrize(("argv", "option"), CLI, ids=[c[1] + str(i) for i, c in enumerate(CLI)])
def test_cli_bad_input(capsys: pytest.CaptureFixture[str], argv: list[str], option: str) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and option in err and "allowed" in err and "Traceback" not in err


WIDGET = [
    ("dosing", "weight_entry", 0),
    ("dosing", "weight_entry", 251),
    ("dosing", "crcl_entry", -1),
    ("dosing", "scr_entry", 25),
    ("dosing", "height_entry", 400),
    ("dosing", "mg_per_kg_entry", -2),
    ("dosing", "age_years_entry", 111),
    ("kidney", "scr_entry", 0),
    ("kidney", "weight_entry", 1000),
    ("kidney", "age_years_entry", -5),
    ("onset", "crcl_entry", 300),
    ("counseling", "weight_entry", 0.1),
    ("workshop", "rotation_days_entry", 3),
]


@pytest.mark.parametrize(("app", "control", "value"), WIDGET, ids=[f"{a}-{c}" for a, c, _ in WIDGET])
def test_widget_bad_input_shows_message(app: str, control: str, value: float) -> None:
    from anakinra_edu import widgets

    builder = {"dosing": widgets.dosing_explorer, "kidney": widgets.kidney_explorer, "onset": widgets.onset_explorer,
               "counseling": widgets.counseling_explorer, "workshop": widgets.nurse_workshop}[app]
    dash = builder()
    if app == "dosing" and control in ("scr_entry", "height_entry"):
        dash.controls["kidney_mode"].value = "scr"  # the box in use only when kidney function is by creatinine
    if app == "dosing" and control == "crcl_entry":
        dash.controls["kidney_mode"].value = "crcl"
    dash.controls[control].value = value
    html = " ".join(str(getattr(w, "value", "")) for w in dash.outputs.values() if hasattr(w, "value"))
    assert "No " in html and " shown:" in html and str(value) in html
    assert "Traceback" not in html


def test_html_in_user_text_is_escaped_everywhere() -> None:
    from anakinra_edu import widgets
    from anakinra_edu.card import error_card_html

    assert "<script>" not in error_card_html(NASTY)
    dash = widgets.dosing_explorer()
    dash.controls["weight_entry"].value = 9999
    assert "<script>" not in dash.outputs["card"].value
    with pytest.raises(InputError) as info:
        regimen(**{**OK, "concomitant": [NASTY]})
    assert "<script>" not in error_card_html(str(info.value)).replace("&lt;script&gt;", "")


def test_catalogue_size() -> None:
    assert len(API) + len(CLI) + len(WIDGET) >= 40
