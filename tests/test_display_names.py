"""App pages show names, not ids; teaching tables are shown whole; a page says the education notice once.

Expected words come from the data tables read directly (csv), the label's wording of the EU population and
the kidney equations' published names, never from the function under test.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from anakinra_edu import EDUCATION_NOTICE
from anakinra_edu.card import regimen_card_html
from anakinra_edu.display_names import flag_name, kidney_method_name, label_status_name
from anakinra_edu.dosing import FLAGS, regimen
from anakinra_edu.knowledge import data_dir
from anakinra_edu.tables import disagreements_table, dose_by_weight, kidney_scenarios_table, vaccines_table
from anakinra_edu.teach.dashboards import base
from anakinra_edu.widgets import dosing_explorer, education_notice, kidney_explorer


def _rows(name: str) -> list[dict[str, str]]:
    with (Path(data_dir()) / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_status_flag_and_kidney_method_has_a_name() -> None:
    statuses = {r["status"] for r in _rows("label_status.csv")} | {"outside-label-population"}
    for status in statuses:
        assert "-" not in label_status_name(status)
    for flag in FLAGS:
        assert "_" not in flag_name(flag)
    assert kidney_method_name("cockcroft_gault") == "Cockcroft–Gault"
    assert kidney_method_name("ckd_epi_2021") == "CKD-EPI 2021"
    with pytest.raises(KeyError):
        label_status_name("not-a-status")  # an unknown id is an error, never shown raw


def test_card_says_outside_the_label_population_in_words() -> None:
    # EU CAPS population: from 8 months and 10 kg (EU SmPC §4.1); a 9 kg infant is outside it
    html = regimen_card_html(regimen("nomid", weight_kg=9, age_years=8 / 12, label="eu"))
    assert "outside the label population" in html
    assert "outside-label-population" not in html
    assert "(us-nomid)" not in html and "(eu-caps)" not in html


def test_card_names_the_kidney_equation() -> None:
    html = regimen_card_html(regimen("ra", 50, 80, sex="female", scr=1.4))
    assert "(Cockcroft–Gault)" in html and "cockcroft gault" not in html


def test_tables_use_names() -> None:
    infant = dose_by_weight("nomid", [9], age_years=2)
    assert infant["Flags"].tolist() == ["Below the lowest mark"]
    used = kidney_scenarios_table()["Used"].tolist()
    assert "Cockcroft–Gault" in used and "bedside Schwartz" in used
    assert "cockcroft gault" not in used and not any("_" in u for u in used)


def test_disagreements_shown_whole() -> None:
    html = disagreements_table()._repr_html_()
    longest = max((r["position_a"] for r in _rows("disagreements.csv")), key=len)
    assert len(longest) > 50  # the old 50-character cut would have hidden its end
    assert longest.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html
    assert not re.search(r"\.\.\.</td>", html)
    # no row-number column: no empty header cell, no <th> holding 0, 1, 2 … (pandas' default index)
    assert "<th></th>" not in html and "<th>0</th>" not in html
    assert html.count("<tr") == len(_rows("disagreements.csv")) + 1  # the header row and one row per topic


def test_vaccines_table_in_words() -> None:
    table = vaccines_table()
    yellow = table[table["Vaccine"] == "Yellow fever vaccine (live)"].iloc[0]
    assert yellow["Live"] == "yes"
    assert set(table["Live"]) == {"yes", "no"}
    assert not any("(" in s and "," in s and s.endswith(",)") for s in table["Sources"])  # no Python tuples


@pytest.fixture
def fresh_page():
    base._PAGE["notice"] = False
    yield
    base._PAGE["notice"] = False


def _texts(widget) -> str:
    out = [getattr(widget, "value", "") if isinstance(getattr(widget, "value", None), str) else ""]
    for child in getattr(widget, "children", ()):
        out.append(_texts(child))
    return " ".join(out)


def test_a_dashboard_alone_keeps_its_notice(fresh_page) -> None:
    alone = kidney_explorer()
    assert _texts(alone).count(EDUCATION_NOTICE.split(",")[0]) == 1
    assert base.UNDER_PAGE_NOTICE not in alone._dom_classes


def test_after_the_page_notice_dashboards_do_not_repeat_it(fresh_page) -> None:
    top = education_notice()
    assert repr(top) == EDUCATION_NOTICE  # the plain sentence, stored in the notebook
    assert "<b>For education only</b>" in top._repr_html_()
    app = dosing_explorer()
    header = _texts(app.children[0])
    assert "education only" not in header.lower()  # the header keeps only the presentation toggle
    assert base.UNDER_PAGE_NOTICE in app._dom_classes  # and the card's own notice line is hidden under it
    assert f".{base.UNDER_PAGE_NOTICE} .ae-notice{{display:none}}" in top._repr_html_()


def test_kidney_table_names_the_weight_for_cockcroft_gault() -> None:
    from anakinra_edu.display_names import weight_basis_name
    from anakinra_edu.kidney import WEIGHT_BASES, kidney_function
    from anakinra_edu.render.panels import kidney_table_html

    for basis in WEIGHT_BASES:
        assert "_" not in weight_basis_name(basis)
    # TV02's woman (digest §5) with the MedCalc-Bench weight rule chosen
    html = kidney_table_html(kidney_function(80, 1.4, "mg/dL", "female", 50, 160, "bmi_rule"), 30)
    assert "(weight by the MedCalc-Bench BMI rule)" in html and "bmi_rule" not in html
