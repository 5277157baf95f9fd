"""Step 1 of the engine: check the patient's inputs and return them as one validated record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .._record import record
from ..inputs import InputError, check_choice, check_number, check_optional_number
from ..kidney import SEXES, WEIGHT_BASES
from ..knowledge import Knowledge

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from typing import Any

CHILD_PUGH = ("A", "B", "C")


@record
class Patient:
    """Validated inputs: weight [kg], age [years], height [cm], CrCl [mL/min], ANC [10⁹/L], and the rest."""

    indication: str
    weight_kg: float
    age_years: float
    sex: str | None
    height_cm: float | None
    weight_basis: str
    crcl_ml_min: float | None
    scr: float | None
    scr_unit: str
    dialysis: bool
    requested_mg_per_kg: float | None
    drugs: tuple[Mapping[str, Any], ...]
    active_infection: bool
    anc_1e9_per_l: float | None
    pregnant: bool
    breastfeeding: bool
    child_pugh: str | None


def _normalise_name(name: str) -> str:
    return "-".join(name.strip().lower().replace("_", " ").split())


def check_drugs(concomitant: Iterable[str] | str, kb: Knowledge) -> tuple[Mapping[str, Any], ...]:
    """Rows of ``concomitant.csv`` for every name given (a single string counts as one name).

    Raises
    ------
    InputError
        A name that is not in the table.

    References
    ----------
    data/concomitant.csv (each row cites its sources).
    """
    names = [concomitant] if isinstance(concomitant, str) else list(concomitant)
    rows = []
    for name in names:
        key = _normalise_name(name) if isinstance(name, str) else name
        if key not in kb.concomitant:
            raise InputError("concomitant", name, ", ".join(kb.concomitant), "is not a known drug or vaccine")
        rows.append(kb.concomitant[key])
    return tuple(rows)


def _check_flags(**values: object) -> None:
    for name, value in values.items():
        if not isinstance(value, bool):
            raise InputError(name, value, "true or false", "is not a yes/no value")


def _check_consistent(kb: Knowledge, sex: str | None, age: float, crcl: float | None, given: Mapping[str, Any]
                      ) -> None:
    """Refuse inputs that contradict each other, naming both fields (nothing is guessed)."""
    if given["dialysis"] and crcl is not None and crcl >= kb.threshold("dialysis_crcl_below"):
        raise InputError("dialysis", True, f"dialysis only with a CrCl below {kb.threshold('dialysis_crcl_below'):g} "
                         "mL/min (or no CrCl)", f"conflicts with crcl_ml_min = {crcl:g} mL/min, which is not low")
    for field in ("pregnant", "breastfeeding"):
        if not given[field]:
            continue
        if sex == "male":
            raise InputError(field, True, "only with sex female or not given", "conflicts with sex = 'male'")
        if age < kb.threshold("pregnancy_min_age"):
            raise InputError(field, True, f"only from age {kb.threshold('pregnancy_min_age'):g} years",
                             f"conflicts with age_years = {age:g}")


def check_patient(kb: Knowledge, indication: str, weight_kg: Any, age_years: Any, **given: Any) -> Patient:
    """Validate every input (see :func:`anakinra_edu.dosing.regimen` for the fields and units).

    Raises
    ------
    InputError
        Naming the field, the value and the allowed range or choices.

    References
    ----------
    EDU-DESIGN (ranges in data/input_limits.csv; contradictory inputs refused).
    """
    ind = check_choice("indication", indication, tuple(kb.indications))
    weight = check_number("weight_kg", weight_kg, kb=kb, exclusive_min=False)
    age = check_number("age_years", age_years, kb=kb)
    sex = None if given["sex"] is None else check_choice("sex", given["sex"], SEXES)
    height = check_optional_number("height_cm", given["height_cm"], kb=kb)
    basis = check_choice("weight_basis", given["weight_basis"], WEIGHT_BASES)
    if given["crcl_ml_min"] is not None and given["scr"] is not None:
        raise InputError("crcl_ml_min", given["crcl_ml_min"], "either crcl_ml_min or scr, not both",
                         "was given with scr")
    crcl = check_optional_number("crcl_ml_min", given["crcl_ml_min"], kb=kb)
    anc = check_optional_number("anc_1e9_per_l", given["anc_1e9_per_l"], kb=kb)
    pugh = None if given["child_pugh"] is None else check_choice("child_pugh", given["child_pugh"], CHILD_PUGH)
    requested = check_optional_number("mg_per_kg", given["mg_per_kg"], kb=kb)
    _check_flags(dialysis=given["dialysis"], active_infection=given["active_infection"],
                 pregnant=given["pregnant"], breastfeeding=given["breastfeeding"])
    _check_consistent(kb, sex, age, crcl, given)
    return Patient(
        indication=ind, weight_kg=weight, age_years=age, sex=sex, height_cm=height, weight_basis=basis,
        crcl_ml_min=crcl, scr=given["scr"], scr_unit=given["scr_unit"], dialysis=given["dialysis"],
        requested_mg_per_kg=requested, drugs=check_drugs(given["concomitant"], kb),
        active_infection=given["active_infection"], anc_1e9_per_l=anc, pregnant=given["pregnant"],
        breastfeeding=given["breastfeeding"], child_pugh=pugh,
    )
