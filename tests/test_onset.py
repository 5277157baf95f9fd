"""Onset statements against their sources (ACR fact sheet 2023, EU SmPC 5.1, trials: digest section 4)."""

from __future__ import annotations

import pytest

from anakinra_edu.inputs import InputError
from anakinra_edu.onset import describe_hours, onset_indications, onset_window


def test_ra_fact_sheet_and_label_both_shown() -> None:
    rows = {s.id: s for s in onset_window("ra")}
    fs = rows["ra-factsheet"]
    assert (fs.low_h, fs.high_h) == (4 * 7 * 24, 6 * 7 * 24)  # "4 to 6 weeks" (ACR fact sheet, March 2023)
    assert fs.when == "4 weeks to 6 weeks"
    assert rows["ra-smpc-first"].when == "within 2 weeks"  # EU SmPC 5.1
    assert rows["ra-smpc-max"].when == "within 12 weeks"
    assert onset_window("ra")[0].source_kind == "fact_sheet"


@pytest.mark.parametrize("ind", ["nomid", "sjia", "aosd", "gout-flare"])
def test_fact_sheet_within_hours_for_named_autoinflammatory(ind: str) -> None:
    # ACR fact sheet: "In NOMID, SJIA, AOSD, gout ... may begin to relieve symptoms within hours."
    fs = [s for s in onset_window(ind) if s.source_kind == "fact_sheet"]
    assert len(fs) == 1 and fs[0].shape == "by" and fs[0].high_h <= 24


def test_trial_figures() -> None:
    aosd = {s.id: s for s in onset_window("aosd")}
    assert (aosd["aosd-kotter"].low_h, aosd["aosd-kotter"].high_h) == (24, 72)  # Kotter 2007: 1-3 days
    sjia = {s.id: s for s in onset_window("sjia")}
    assert sjia["sjia-anajis"].high_h == 30 * 24  # ANAJIS month-1 responders
    gout = {s.id: s for s in onset_window("gout-flare")}
    assert (gout["gout-saag"].low_h, gout["gout-saag"].high_h) == (24, 72)  # Saag 2021: 24-72 h


def test_every_statement_cited_and_indications_ordered() -> None:
    ids = onset_indications()
    assert ids[0] == "ra" and "schnitzler" in ids
    for ind in ids:
        for s in onset_window(ind):
            assert s.citations and s.statement


def test_describe_hours() -> None:
    assert describe_hours(6) == "6 h"
    assert describe_hours(72) == "3 days"
    assert describe_hours(336) == "2 weeks"
    assert describe_hours(720) == "1 month"
    assert describe_hours(2160) == "3 months"


def test_unknown_indication() -> None:
    with pytest.raises(InputError):
        onset_window("xyz")
    assert onset_window("recurrent-pericarditis") == ()  # no quantitative onset source (digest section 4)
