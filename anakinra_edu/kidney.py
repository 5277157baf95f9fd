"""Kidney function estimates for the anakinra renal rule.

The US label's threshold is a *creatinine clearance* below 30 mL/min "as estimated from serum
creatinine" (absolute mL/min, not per 1.73 m²). The label names no equation and no weight. This
module computes Cockcroft–Gault with actual, ideal (Devine) and adjusted body weight, CKD-EPI 2021
(race-free) and bedside Schwartz side by side, and says which one the dosing decision uses and why.
All coefficients come from ``data/kidney_equations.csv``.

References
----------
.. [1] Cockcroft DW, Gault MH. Nephron 1976;16:31-41.
.. [2] Devine BJ. Drug Intell Clin Pharm 1974;8:650-5.
.. [3] Inker LA et al. N Engl J Med 2021;385:1737-49 (CKD-EPI 2021).
.. [4] Schwartz GJ et al. J Am Soc Nephrol 2009;20:629-37 (bedside Schwartz).
.. [5] Kineret US Prescribing Information 12/2020, §2.4.

Examples
--------
>>> round(cockcroft_gault(age_years=80, weight_kg=50, scr_mg_dl=1.4, sex="female"), 1)
25.3
>>> round(ckd_epi_2021(age_years=80, scr_mg_dl=1.4, sex="female"), 1)
38.0
"""

from __future__ import annotations

from ._record import record
from .inputs import InputError, check_choice, check_number, check_optional_number, limits
from .knowledge import Knowledge, load_knowledge

__all__ = [
    "SCR_UNITS",
    "SEXES",
    "WEIGHT_BASES",
    "CockcroftGault",
    "KidneyFunction",
    "KidneyUsed",
    "adjusted_body_weight",
    "bedside_schwartz",
    "body_mass_index",
    "ckd_epi_2021",
    "cockcroft_gault",
    "creatinine_to_mg_dl",
    "ideal_body_weight",
    "kidney_function",
]

SEXES = ("female", "male")
SCR_UNITS = ("mg/dL", "umol/L")
WEIGHT_BASES = ("actual", "ideal", "adjusted", "bmi_rule")


def _kb(kb: Knowledge | None) -> Knowledge:
    return kb or load_knowledge()


def creatinine_to_mg_dl(value: float, unit: str, kb: Knowledge | None = None) -> float:
    """Convert serum creatinine to mg/dL.

    Parameters
    ----------
    value : float
        Serum creatinine in ``unit``.
    unit : {"mg/dL", "umol/L"}
        ``"µmol/L"`` is accepted as a spelling of ``"umol/L"``.

    Returns
    -------
    float
        Serum creatinine [mg/dL], using the one documented factor (88.4 µmol/L per mg/dL).

    References
    ----------
    UNIT-CONVERSION (factor in data/kidney_equations.csv); range: data/input_limits.csv.
    """
    kb = _kb(kb)
    unit = check_choice("scr_unit", "umol/L" if unit in ("µmol/L", "μmol/L") else unit, SCR_UNITS)
    factor = kb.coefficient("creatinine", "umol_per_mg_dl")
    lo, hi, _ = limits("scr_mg_dl", kb)
    if unit == "mg/dL":
        return check_number("scr", value, kb=kb, bounds=(lo, hi, "mg/dL"))
    umol = check_number("scr", value, kb=kb, bounds=(round(lo * factor, 2), round(hi * factor, 2), "umol/L"))
    return umol / factor


def ideal_body_weight(height_cm: float, sex: str, kb: Knowledge | None = None) -> float:
    """Ideal body weight by Devine [kg]: 50 (male) or 45.5 (female) + 2.3 kg per inch over 60 in.

    References
    ----------
    DEVINE-1974 (coefficients in data/kidney_equations.csv).
    """
    kb = _kb(kb)
    c = kb.coefficient
    base = c("ideal_body_weight", "male_base" if sex == "male" else "female_base")
    inches = height_cm / c("ideal_body_weight", "cm_per_inch")
    return base + c("ideal_body_weight", "kg_per_inch") * (inches - c("ideal_body_weight", "base_height"))


def adjusted_body_weight(weight_kg: float, ideal_kg: float, kb: Knowledge | None = None) -> float:
    """Adjusted body weight [kg]: IBW + 0.4 × (actual − IBW).

    References
    ----------
    DEVINE-1974; MEDCALC-BENCH (fraction in data/kidney_equations.csv).
    """
    return ideal_kg + _kb(kb).coefficient("adjusted_body_weight", "excess_fraction") * (weight_kg - ideal_kg)


def body_mass_index(weight_kg: float, height_cm: float) -> float:
    """Body mass index [kg/m²].

    References
    ----------
    WHO-BMI.
    """
    metres = height_cm / 100.0
    return weight_kg / (metres * metres)


def cockcroft_gault(
    age_years: float, weight_kg: float, scr_mg_dl: float, sex: str, kb: Knowledge | None = None
) -> float:
    """Creatinine clearance by Cockcroft–Gault [mL/min].

    CrCl = (140 − age) × weight / (72 × SCr), × 0.85 if female.

    Parameters
    ----------
    age_years : float
        Age [years].
    weight_kg : float
        The weight to use [kg] (actual, ideal or adjusted: the caller chooses).
    scr_mg_dl : float
        Serum creatinine [mg/dL].
    sex : {"female", "male"}

    References
    ----------
    COCKCROFT-1976 (coefficients in data/kidney_equations.csv).
    """
    kb = _kb(kb)
    c = kb.coefficient
    value = (c("cockcroft_gault", "age_offset") - age_years) * weight_kg / (c("cockcroft_gault", "divisor") * scr_mg_dl)
    if sex == "female":
        value *= c("cockcroft_gault", "female_factor")
    return value


def ckd_epi_2021(age_years: float, scr_mg_dl: float, sex: str, kb: Knowledge | None = None) -> float:
    """eGFR by the race-free CKD-EPI 2021 creatinine equation [mL/min/1.73 m²].

    eGFR = 142 × min(SCr/κ, 1)^α × max(SCr/κ, 1)^−1.200 × 0.9938^age × 1.012 [female].

    References
    ----------
    INKER-2021 (coefficients in data/kidney_equations.csv).
    """
    kb = _kb(kb)
    c = kb.coefficient
    female = sex == "female"
    kappa = c("ckd_epi_2021", "kappa_female" if female else "kappa_male")
    alpha = c("ckd_epi_2021", "alpha_female" if female else "alpha_male")
    ratio = scr_mg_dl / kappa
    value = (
        c("ckd_epi_2021", "multiplier")
        * min(ratio, 1.0) ** alpha
        * max(ratio, 1.0) ** c("ckd_epi_2021", "high_exponent")
        * c("ckd_epi_2021", "age_base") ** age_years
    )
    if female:
        value *= c("ckd_epi_2021", "female_factor")
    return value


def bedside_schwartz(height_cm: float, scr_mg_dl: float, kb: Knowledge | None = None) -> float:
    """eGFR by the bedside Schwartz equation [mL/min/1.73 m²]: 0.413 × height [cm] / SCr [mg/dL].

    References
    ----------
    SCHWARTZ-2009 (k in data/kidney_equations.csv).
    """
    return _kb(kb).coefficient("bedside_schwartz", "k") * height_cm / scr_mg_dl


@record
class CockcroftGault:
    """Cockcroft–Gault creatinine clearance [mL/min] with three weights (``None`` where not computable)."""

    actual: float | None
    ideal: float | None
    adjusted: float | None
    bmi_rule: float | None
    ideal_weight_kg: float | None
    adjusted_weight_kg: float | None
    bmi_rule_weight_kg: float | None


@record
class KidneyUsed:
    """The estimate the dosing rule uses: method, weight basis, value [mL/min] and the reason in words."""

    method: str
    weight_basis: str | None
    value_ml_min: float | None
    reason: str


@record
class KidneyFunction:
    """All kidney estimates for one patient, and which one the dosing decision uses.

    Units: ``cockcroft_gault`` in mL/min; ``ckd_epi_2021`` and ``bedside_schwartz`` in mL/min/1.73 m².
    """

    age_years: float
    sex: str | None
    scr_mg_dl: float
    weight_kg: float | None
    height_cm: float | None
    bmi: float | None
    cockcroft_gault: CockcroftGault
    ckd_epi_2021: float | None
    bedside_schwartz: float | None
    used_for_dosing: KidneyUsed

    def as_dict(self) -> dict[str, object]:
        """JSON-ready dict with the CLI contract's keys."""
        cg = self.cockcroft_gault
        return {
            "age_years": self.age_years,
            "sex": self.sex,
            "scr_mg_dl": round(self.scr_mg_dl, 4),
            "bmi_kg_m2": _r(self.bmi),
            "cockcroft_gault_ml_min": {"actual": _r(cg.actual), "ideal": _r(cg.ideal), "adjusted": _r(cg.adjusted)},
            "cockcroft_gault_weights_kg": {"ideal": _r(cg.ideal_weight_kg), "adjusted": _r(cg.adjusted_weight_kg)},
            "ckd_epi_2021_ml_min_1_73m2": _r(self.ckd_epi_2021),
            "bedside_schwartz_ml_min_1_73m2": _r(self.bedside_schwartz),
            "used_for_dosing": {
                "method": self.used_for_dosing.method,
                "weight_basis": self.used_for_dosing.weight_basis,
                "value_ml_min": _r(self.used_for_dosing.value_ml_min),
                "reason": self.used_for_dosing.reason,
            },
        }


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def kidney_function(
    age_years: float,
    scr: float,
    scr_unit: str = "mg/dL",
    sex: str | None = None,
    weight_kg: float | None = None,
    height_cm: float | None = None,
    weight_basis: str = "actual",
    kb: Knowledge | None = None,
) -> KidneyFunction:
    """Every estimate for one patient, checked inputs, and the one the dosing rule uses.

    Parameters
    ----------
    age_years, scr, scr_unit
        Age [years]; serum creatinine in ``scr_unit`` (``"mg/dL"`` or ``"umol/L"``).
    sex : {"female", "male"}, optional
        Needed for Cockcroft–Gault and CKD-EPI; without it only bedside Schwartz is computed.
    weight_kg, height_cm : float, optional
        Actual body weight [kg] (Cockcroft–Gault) and height [cm] (ideal/adjusted weight, bedside Schwartz).
    weight_basis : {"actual", "ideal", "adjusted", "bmi_rule"}
        Cockcroft–Gault weight for dosing: ``"actual"`` (default, as derived and as the answer key); ``"bmi_rule"``
        is MedCalc-Bench's (BMI < 18.5 actual, 18.5–25 the lower of ideal and actual, ≥ 25 adjusted).

    Returns
    -------
    KidneyFunction

    Raises
    ------
    InputError
        A value out of range, an unknown unit/sex/weight basis, or a weight basis that needs a missing height.

    References
    ----------
    US-PI-2020 §2.4 (creatinine clearance, 30 mL/min); COCKCROFT-1976; INKER-2021; SCHWARTZ-2009;
    MEDCALC-BENCH and WHO-BMI (weight rule); EDU-DESIGN (which estimate decides).

    Examples
    --------
    >>> k = kidney_function(age_years=80, scr=1.4, sex="female", weight_kg=50)
    >>> round(k.used_for_dosing.value_ml_min, 1), k.used_for_dosing.method
    (25.3, 'cockcroft_gault')
    """
    kb = _kb(kb)
    age = check_number("age_years", age_years, kb=kb)
    scr_mg_dl = creatinine_to_mg_dl(scr, scr_unit, kb)
    sex_c = None if sex is None else check_choice("sex", sex, SEXES)
    weight, height = (check_optional_number(f, v, kb=kb)
                      for f, v in (("weight_kg", weight_kg), ("height_cm", height_cm)))
    basis = check_choice("weight_basis", weight_basis, WEIGHT_BASES)
    if basis != "actual" and height is None:
        raise InputError("height_cm", None, "a height in cm", f"is needed for the {basis!r} weight basis")
    adult = age >= kb.threshold("adult_age")
    bmi = body_mass_index(weight, height) if weight is not None and height is not None else None
    cg = _cockcroft_gault_all(age, scr_mg_dl, sex_c, weight, height, bmi, kb)
    ckd = ckd_epi_2021(age, scr_mg_dl, sex_c, kb) if (sex_c is not None and adult) else None
    schwartz = bedside_schwartz(height, scr_mg_dl, kb) if (height is not None and not adult) else None
    used = _choose(adult, basis, cg, schwartz, bmi, kb)
    return KidneyFunction(age, sex_c, scr_mg_dl, weight, height, bmi, cg, ckd, schwartz, used)


def _cockcroft_gault_all(age: float, scr_mg_dl: float, sex: str | None, weight: float | None, height: float | None,
                         bmi: float | None, kb: Knowledge) -> CockcroftGault:
    """Cockcroft–Gault [mL/min] with actual, ideal, adjusted and BMI-rule weights (``None`` where not computable)."""
    if sex is None or weight is None:
        return CockcroftGault(None, None, None, None, None, None, None)
    actual = cockcroft_gault(age, weight, scr_mg_dl, sex, kb)
    if height is None or bmi is None:
        return CockcroftGault(actual, None, None, None, None, None, None)
    ibw = ideal_body_weight(height, sex, kb)
    adj = adjusted_body_weight(weight, ibw, kb)
    under = kb.coefficient("bmi_rule", "underweight_below")
    over = kb.coefficient("bmi_rule", "overweight_from")
    rule_w = weight if bmi < under else (min(ibw, weight) if bmi < over else adj)
    ideal, adjusted, by_rule = (cockcroft_gault(age, w, scr_mg_dl, sex, kb) for w in (ibw, adj, rule_w))
    return CockcroftGault(actual, ideal, adjusted, by_rule, ibw, adj, rule_w)


def _choose(
    adult: bool, basis: str, cg: CockcroftGault, schwartz: float | None, bmi: float | None, kb: Knowledge
) -> KidneyUsed:
    if not adult:
        if schwartz is not None:
            return KidneyUsed(
                "bedside_schwartz", None, schwartz,
                "Under 18: Cockcroft–Gault is not validated in children, so bedside Schwartz (height-based, "
                "per 1.73 m²) is used. Applying the adult label threshold to it is a teaching "
                "assumption, not label text.",
            )
        return KidneyUsed("none", None, None, "Under 18: bedside Schwartz needs a height; no estimate used.")
    values = {"actual": cg.actual, "ideal": cg.ideal, "adjusted": cg.adjusted, "bmi_rule": cg.bmi_rule}
    value = values[basis]
    if value is None:
        return KidneyUsed("none", None, None, "Cockcroft–Gault needs sex and weight; no estimate used.")
    reason = {
        "actual": "The label's threshold is a creatinine clearance in mL/min (not eGFR per 1.73 m²) and names "
                  "no weight; Cockcroft–Gault with actual body weight is the equation as derived and the "
                  "convention of this suite's answer key.",
        "ideal": "Cockcroft–Gault with ideal body weight (Devine), chosen by the user.",
        "adjusted": "Cockcroft–Gault with adjusted body weight (IBW + 0.4 × excess), chosen by the user.",
        "bmi_rule": "Cockcroft–Gault with the MedCalc-Bench weight rule (by BMI), chosen by the user.",
    }[basis]
    obese = kb.coefficient("bmi_rule", "obese_from")
    if basis == "actual" and bmi is not None and bmi >= obese:
        reason += " BMI is in the obese range: compare the ideal and adjusted-weight results shown."
    return KidneyUsed("cockcroft_gault", basis, value, reason)
