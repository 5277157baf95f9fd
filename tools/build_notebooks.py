"""Write the teaching notebooks' cells (narrative and code). Run ``make outputs`` afterwards to execute them.

The notebooks are the product; this script is how their cells are kept reviewable in one place.
Usage: python tools/build_notebooks.py
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NB = Path(__file__).resolve().parents[1] / "notebooks"
NOTICE = """> **For education only — not for patient care.** Every number comes from the cited tables in `data/`;
> check it against the current product labeling before you teach it as fact."""


def notebook(cells: list) -> nbformat.NotebookNode:
    for i, cell in enumerate(cells):
        cell.id = f"cell-{i:02d}"  # stable ids: rebuilding gives the same file
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def nb01() -> nbformat.NotebookNode:
    return notebook([
        new_markdown_cell(f"""# 01 · Dosing explorer: who gets how much anakinra, and why

{NOTICE}

**Learning objectives.** After this notebook you can

1. state the RA regimen (a flat daily dose) and the weight-based NOMID/DIRA regimen (starting mg/kg range,
   titration steps, maximum mg/kg/day) and find the label section behind each;
2. explain why a 9 kg infant's dose cannot be drawn with the syringe's marks, and what happens instead;
3. say when kidney function changes the interval, and why the label uses creatinine clearance;
4. see where the US label, the EU SmPC, the fact sheet and the trials disagree — shown side by side, never averaged."""),
        new_code_cell("""from anakinra_edu import EDUCATION_NOTICE
from anakinra_edu.cli import format_regimen
from anakinra_edu.dosing import regimen
from anakinra_edu.tables import dose_by_weight
from anakinra_edu.widgets import dosing_explorer

print(EDUCATION_NOTICE)"""),
        new_markdown_cell("""## The dashboard

Move a slider or type a number in the box beside it. The card shows the dose per injection, the interval, the
volume to draw up and a syringe drawn to that line, flags as text badges, warnings in plain words and the
sources as footnotes. When a move crosses a threshold, a **What changed** line says which and why.

**Guided sequence (ask the room before each move: "what changes now?")**

1. NOMID, 20 kg: read the starting range and the maximum. Now set the weight to **9 kg**.
2. Switch the jurisdiction to **EU label**: what happens to the status, and why (age 8 months, weight 10 kg)?
3. Titrate to **9 mg/kg/day**: what does the card do with a dose above the maximum?
4. Choose **US label · Rheumatoid arthritis**, kidney function **CrCl**, and move it from **45 to 25 mL/min**.
   Why does the label speak of creatinine clearance and not eGFR? (Notebook 02.)
5. Add **etanercept**, then a **yellow fever vaccine**, then tick **active serious infection**."""),
        new_code_cell("""dosing_explorer()"""),
        new_markdown_cell("""## Key scenarios as text

The same engine, printed, so the numbers can be checked line by line.

**Scenario 1 — a 9 kg infant with NOMID (8 months).** Why can this dose not be drawn from the prefilled syringe?"""),
        new_code_cell("""print(format_regimen(regimen("nomid", weight_kg=9, age_years=8 / 12)))"""),
        new_markdown_cell("""**Scenario 2 — the same infant under the EU label.** The EU population for CAPS starts at 8 months **and**
10 kg."""),
        new_code_cell("""eu = regimen("nomid", weight_kg=9, age_years=8 / 12, label="eu")
print(f"Status (EU): {eu.status}; flags: {', '.join(eu.flags)}")"""),
        new_markdown_cell("""**Scenario 3 — rheumatoid arthritis, creatinine clearance 45 → 25 mL/min.**"""),
        new_code_cell("""for crcl in (45, 25):
    r = regimen("ra", weight_kg=70, age_years=60, crcl_ml_min=crcl)
    print(f"CrCl {crcl} mL/min -> {r.start_dose_mg[0]:g} mg, {r.interval_text}; kidney rule: {r.kidney_rule_id}")"""),
        new_markdown_cell("""**Scenario 4 — titration above the maximum (NOMID, 20 kg, 9 mg/kg/day requested).**"""),
        new_code_cell("""r = regimen("nomid", weight_kg=20, age_years=6, mg_per_kg=9)
print(f"Requested 9 mg/kg/day -> {r.dose_mg:g} mg per day; flags: {', '.join(r.flags)}")
print(r.notes[0])"""),
        new_markdown_cell("""## Pocket card — NOMID starting doses by weight (US label)

Doses below the 20 mg mark are flagged, never rounded. Print this table for the ward."""),
        new_code_cell("""dose_by_weight("nomid", [4, 9, 10, 15, 20, 30, 40, 60], age_years=2)"""),
    ])


def nb02() -> nbformat.NotebookNode:
    return notebook([
        new_markdown_cell(f"""# 02 · Kidney function: which estimate decides every-other-day dosing?

{NOTICE}

**Learning objectives.** After this notebook you can

1. compute creatinine clearance by Cockcroft–Gault with actual, ideal and adjusted weight, and say which one this
   suite uses for the label's rule and why;
2. explain why the label's threshold (creatinine clearance below 30 mL/min) is not the same as an eGFR of 30
   mL/min/1.73 m² (CKD-EPI 2021), and why bedside Schwartz is used for children;
3. recognise the patients for whom the choice of formula changes the dosing decision."""),
        new_code_cell("""from anakinra_edu import EDUCATION_NOTICE
from anakinra_edu.cli import format_kidney
from anakinra_edu.kidney import kidney_function
from anakinra_edu.tables import kidney_scenarios_table
from anakinra_edu.widgets import kidney_explorer

print(EDUCATION_NOTICE)"""),
        new_markdown_cell("""## The dashboard

Pick a teaching case, then move age, weight or creatinine. The table gives every estimate side by side and
whether it falls below the threshold; the plot shows the estimate against serum creatinine with the threshold
line and the patient's point.

**Guided sequence**

1. The 80-year-old woman (50 kg, SCr 1.4 mg/dL): Cockcroft–Gault says 25, CKD-EPI says 38. Which one does the
   label mean, and what happens to her interval?
2. The 72-year-old man: now only CKD-EPI is below 30. Same question.
3. The 76-year-old man: clearance is exactly 30.0. Does "below 30" apply?
4. The obese woman: switch the weight for Cockcroft–Gault between actual, ideal and adjusted. How far apart are they?
5. The 10-year-old: why is there no Cockcroft–Gault or CKD-EPI result used here?"""),
        new_code_cell("""kidney_explorer()"""),
        new_markdown_cell("""## Key numbers as text

**The 80-year-old woman, 50 kg, SCr 1.4 mg/dL** (the formulas disagree about the decision):"""),
        new_code_cell("""print(format_kidney(kidney_function(age_years=80, scr=1.4, sex="female", weight_kg=50)))"""),
        new_markdown_cell("""**The same creatinine in µmol/L** (one documented conversion factor, 88.4 µmol/L per mg/dL):"""),
        new_code_cell("""k = kidney_function(age_years=80, scr=123.76, scr_unit="umol/L", sex="female", weight_kg=50)
print(f"{k.scr_mg_dl:.2f} mg/dL -> Cockcroft-Gault {k.cockcroft_gault.actual:.1f} mL/min")"""),
        new_markdown_cell("""## Every teaching case side by side"""),
        new_code_cell("""kidney_scenarios_table()"""),
    ])


def nb03() -> nbformat.NotebookNode:
    return notebook([
        new_markdown_cell(f"""# 03 · Onset and pharmacokinetics: how fast does it work, and why daily?

{NOTICE}

**Learning objectives.** After this notebook you can

1. contrast the onset of response in autoinflammatory disease (hours to days) with rheumatoid arthritis (weeks),
   and say which source says what — the ACR fact sheet, the label, the trials;
2. explain from a 4–6 hour half-life why anakinra is injected every day, and why symptoms can return within
   24–48 hours of a missed dose;
3. explain why the label lets patients with severe renal impairment go every other day (clearance falls by about
   70%), using an illustrative model — not a dosing tool."""),
        new_code_cell("""from anakinra_edu import EDUCATION_NOTICE
from anakinra_edu.onset import onset_window
from anakinra_edu.pk import pk_model, terminal_half_life, time_to_peak, week_comparison
from anakinra_edu.widgets import onset_explorer

print(EDUCATION_NOTICE)"""),
        new_markdown_cell("""## The dashboard

The timeline puts every indication on one log time axis. Bars are ranges, arrows are "within X" statements,
markers are time points; the marker shape says who says so. The lower half is the pharmacokinetic illustration.

**Guided sequence**

1. Rheumatoid arthritis: the fact sheet says relief in **4 to 6 weeks**; the EU SmPC says response usually
   **within 2 weeks**, maximal within 12. Why can both be true? (Different endpoints and audiences.)
2. Switch to **adult-onset Still's disease** and **gout flare**: where are the bars now?
3. In the PK panel, move CrCl to **20 mL/min** with daily dosing, then choose **every other day**. Compare the
   48-hour AUC with daily dosing at normal function.
4. Back at normal function, tick **miss the day-4 dose**. How low does the level fall, and how fast?"""),
        new_code_cell("""onset_explorer()"""),
        new_markdown_cell("""## Key numbers as text

**What each source says about rheumatoid arthritis:**"""),
        new_code_cell("""for s in onset_window("ra"):
    print(f"{s.source_kind:<10} {s.endpoint:<18} {s.when:<22} {'; '.join(s.citations)}")"""),
        new_markdown_cell("""**The illustrative model at normal kidney function** (label §12.3: peak at 3–7 h, half-life 4–6 h):"""),
        new_code_cell("""m = pk_model()
print(f"time to peak {time_to_peak(m):.1f} h; terminal half-life {terminal_half_life(m):.1f} h")
print(f"apparent clearance CL/F {m.cl_ml_min:.0f} mL/min")"""),
        new_markdown_cell("""**Severe renal impairment (CrCl 20 mL/min): daily vs every other day**, 48-hour AUC relative to daily
dosing at normal function, and a missed dose at normal function:"""),
        new_code_cell("""for interval in (24, 48):
    w = week_comparison(interval, crcl_ml_min=20)
    ratio = w.chosen_exposure.auc_ng_h_ml / w.reference_exposure.auc_ng_h_ml
    trough = w.chosen_exposure.trough_ng_ml
    print(f"{w.dose_mg:g} mg every {interval} h at CrCl 20: AUC(48 h) {ratio:.2f}x normal; trough {trough:.0f} ng/mL")
missed = week_comparison(24, crcl_ml_min=100, missed_at_h=4 * 24)
low, usual = missed.missed_low_ng_ml, missed.usual_trough_ng_ml
print(f"missed day-4 dose: lowest level {low:.1f} ng/mL vs usual trough {usual:.0f} ng/mL")"""),
    ])


def nb04() -> nbformat.NotebookNode:
    return notebook([
        new_markdown_cell(f"""# 04 · Safety counseling and monitoring (prescriber view)

{NOTICE}

**Learning objectives.** After this notebook you can

1. build the counseling checklist for a patient — infections, live vaccines, other biologics, allergy,
   injection-site reactions, kidney function, pregnancy and breastfeeding — most urgent first;
2. schedule the neutrophil checks (US: before starting, monthly for 3 months, then every 3 months up to a year;
   EU-type texts: monthly for 6 months) and, in severe CAPS, the CNS/hearing/eye reviews;
3. say which vaccines are live, and where the sources disagree (storage out of the fridge, breastfeeding,
   how long injection-site reactions last, how common headache is);
4. print a one-page patient handout — only when you ask for it, and with no patient identifiers."""),
        new_code_cell("""import datetime

import pandas as pd

from anakinra_edu import EDUCATION_NOTICE
from anakinra_edu.counseling import counseling_points, monitoring_calendar, vaccine_table
from anakinra_edu.dosing import regimen
from anakinra_edu.widgets import counseling_explorer

print(EDUCATION_NOTICE)"""),
        new_markdown_cell("""## The dashboard

Set the patient's context on the left; the checklist, the calendar and the vaccine table follow. Choose
**Patient** to see the plain-words version that goes on the handout. The handout link at the bottom follows
the inputs and saves the sheet in your browser's downloads (nothing is stored on the server); print it from the
browser for paper or PDF.

**Guided sequence**

1. RA, 55 years: read the checklist. Now add **etanercept** as the other drug. What moves to the top, and why?
2. Replace it with a planned **yellow fever vaccine**; then an **inactivated influenza** vaccine. What differs?
3. Tick **breastfeeding**: the US label, the EU leaflet and LactMed do not agree. How would you counsel?
4. Choose **EU label · CAPS**: what is added to the calendar?"""),
        new_code_cell("""counseling_explorer()"""),
        new_markdown_cell("""## Key outputs as text

**Checklist for RA with etanercept prescribed elsewhere** (priority 1 = urgent):"""),
        new_code_cell("""for p in counseling_points(regimen("ra", 70, 50, concomitant=["etanercept"]), "prescriber")[:6]:
    print(f"[{p.priority}] {p.topic}: {'; '.join(p.citations)}")"""),
        new_markdown_cell("""**US neutrophil schedule for a first dose on 15 January 2026**, and the EU schedule for severe CAPS:"""),
        new_code_cell("""start = datetime.date(2026, 1, 15)
for label, indication in (("us", "ra"), ("eu", "caps")):
    visits = monitoring_calendar(start, indication, label)
    print(label.upper(), indication, [f"{v.date:%d %b %Y} {v.test.split(',')[0]}" for v in visits])"""),
        new_markdown_cell("""**Live or not?** (the label gives no list: the classification is general immunization knowledge)"""),
        new_code_cell("""pd.DataFrame(vaccine_table(), columns=["Vaccine", "Live", "Sources", "Classification in label"])"""),
    ])


def nb06() -> nbformat.NotebookNode:
    return notebook([
        new_markdown_cell(f"""# 06 · Nurse educator workshop: teaching a patient to inject anakinra

{NOTICE}

**Workshop flow (45 minutes):** storage and warming → preparing the dose → injection and site rotation →
side effects → when to call → teach-back. Each step is a numbered tab (1–6) in the dashboard below.

**Learning objectives.** After the workshop you can teach a patient to

1. store the syringes and warm one before injecting — and explain why sources differ on how long a syringe may
   stay out of the fridge;
2. draw up a dose below 100 mg to the right mark, and recognise a dose that needs pharmacy preparation;
3. rotate injection sites (front of the thigh, abdomen; upper arm and buttock by a caregiver);
4. recognise common side effects and say when to call the team;
5. check understanding with teach-back questions. Bring a spouse or friend to learn too (ACR fact sheet)."""),
        new_code_cell("""from anakinra_edu import EDUCATION_NOTICE
from anakinra_edu.counseling import counseling_points, rotation_plan
from anakinra_edu.dosing import regimen
from anakinra_edu.widgets import nurse_workshop

print(EDUCATION_NOTICE)"""),
        new_code_cell("""nurse_workshop()"""),
        new_markdown_cell("""## For the facilitator: the same content as text

**Storage and warming checklist** (nurse audience):"""),
        new_code_cell("""r = regimen("nomid", weight_kg=20, age_years=6)
for p in counseling_points(r, "nurse"):
    if p.workshop_step == "storage":
        print(f"- {p.patient_text}")"""),
        new_markdown_cell("""**A two-week rotation plan** (self-injection sites only):"""),
        new_code_cell("""for day in rotation_plan(14):
    print(f"day {day.day:>2}: {day.site_name}")"""),
    ])


def nb00() -> nbformat.NotebookNode:
    return notebook([
        new_markdown_cell(f"""# 00 · Start here: the facilitator guide

{NOTICE}

## What this suite is, and is not

anakinra-edu teaches how anakinra (Kineret) is dosed, how fast it works and what to tell patients. Every number
comes from a cited table in `data/` and every answer explains itself: the rule applied, the weight and kidney
estimate used, the flags, the warnings and the sources — and, where the US label, the EU SmPC, the ACR patient
fact sheet and the trials disagree, both positions side by side.

It is **not** a prescribing tool, not for patient care, and not a substitute for the current product labeling
or local protocols. Rules the sources could not confirm are flagged `unverified_rule` wherever they are used.

## Map of the notebooks

Open a dashboard from here (in app mode each link opens the dashboard with the code hidden):

| Notebook | Audience | Objectives |
|---|---|---|
| [01 Dosing explorer](01_dosing_explorer.ipynb) | residents, fellows | regimen by indication, label, weight and kidney function; syringe marks; what changes at a threshold |
| [02 Kidney function](02_kidney_function.ipynb) | residents, fellows | Cockcroft–Gault (three weights), CKD-EPI 2021, bedside Schwartz; which one the rule uses |
| [03 Onset and pharmacokinetics](03_onset_and_pharmacokinetics.ipynb) | residents, fellows | hours for autoinflammatory disease, weeks for RA; why daily; missed doses; every other day in severe renal impairment |
| [04 Safety counseling](04_safety_counseling.ipynb) | prescribers, fellows | the counseling checklist, vaccines, monitoring calendar, patient handout |
| [05 Case studies](05_case_studies.ipynb) | fellows (self-study), residents (session) | cases with immediate, sourced feedback; score by objective |
| [06 Nurse workshop](06_nurse_workshop.ipynb) | nurse educators | storage, preparation, injection and rotation, side effects, when to call, teach-back |

## A 60-minute residency session

| Minutes | Activity | Notebook |
|---|---|---|
| 0–5 | What anakinra blocks; the education-only notice | this guide |
| 5–20 | Project the dosing explorer: NOMID 20 kg → 9 kg; EU label; titrate past the maximum. Ask "what changes now?" before each move | 01 |
| 20–30 | The 80-year-old woman: Cockcroft–Gault 25 vs CKD-EPI 38; who gets every other day? | 02 |
| 30–40 | Onset timeline: why the fact sheet's "4 to 6 weeks" and the SmPC's "2 weeks" are both true; a missed dose | 03 |
| 40–55 | Two cases in pairs, then discuss (instructor mode on the projector) | 05 |
| 55–60 | Where sources disagree (table below); questions | this guide |

## A 45-minute nurse workshop (app mode, code hidden)

| Minutes | Step | Notebook 06 tab |
|---|---|---|
| 0–8 | Storage, room-temperature limits (sources disagree), warming | 1 Storage |
| 8–18 | Drawing up a dose below 100 mg; doses below the 20 mg mark | 2 Dose |
| 18–28 | Sites and rotation on the body map; bring a spouse or friend to learn | 3 Injection |
| 28–35 | Injection-site reactions, headache, allergy | 4 Side effects |
| 35–40 | Fever, infection, vaccines: when to call | 5 When to call |
| 40–45 | Teach-back questions in pairs | 6 Teach-back |

## Self-study path for fellows

02 → 01 → 03 → 05 (all cases, advanced first) → 04; then read the disagreements below and the sources in
`data/sources.csv`.

## How to run it

* `make lab` — JupyterLab on 127.0.0.1 with its token; open this folder's notebooks.
* `make serve` (or `anakinra-edu serve`) — the dashboards in app mode (Voilà, code hidden) on 127.0.0.1, with
  this guide as the landing page. `HOST=0.0.0.0 make serve` opens it to other machines, with a warning.
* Presentation mode: every dashboard has a "Presentation mode (large text)" toggle; add `?present=1` to an app
  URL to start in it (for example `.../voila/render/01_dosing_explorer.ipynb?present=1`).
* Instructor mode for notebook 05: start the server with `ANAKINRA_EDU_INSTRUCTOR=1` (for example
  `ANAKINRA_EDU_INSTRUCTOR=1 make serve`); trainees never see the toggle otherwise.
* Handouts and worksheets (notebooks 04 and 05) are browser downloads: the link saves the file on the trainee's
  machine, nothing is written on the server; print from the browser for paper or PDF."""),
        new_code_cell("""from anakinra_edu import EDUCATION_NOTICE
from anakinra_edu.knowledge import load_knowledge
from anakinra_edu.tables import disagreements_table

print(EDUCATION_NOTICE)
kb = load_knowledge()
print(f"{len(kb.sources)} sources; {len(kb.dosing_rules)} dosing rules; {len(kb.counseling)} counseling points; "
      f"{len(kb.disagreements)} topics where sources disagree")"""),
        new_markdown_cell("""## Sources and where they disagree

Generated from `data/disagreements.csv`: both positions, each with its sources. None is picked."""),
        new_code_cell("""disagreements_table()"""),
    ])


def nb05() -> nbformat.NotebookNode:
    return notebook([
        new_markdown_cell(f"""# 05 · Case studies: self-check with immediate, sourced feedback

{NOTICE}

**Learning objectives.** Apply the rules from notebooks 01–04 to patients at the hard edges: kidney function
near 30, obesity, dialysis, infants below the syringe's lowest mark, titration to the maximum, weight bands,
label populations, dose caps, combinations, vaccines, fever and breastfeeding.

**How to use it.** Filter by audience, indication or difficulty, pick a case, answer each question and press
**Check my answer**. Feedback says why, with the sources; **Try again** clears your answer (your first attempt
counts for the score). Numeric answers are computed by the same engine as the dashboards, so the cases never
drift from the rules. Facilitators: start the server with `ANAKINRA_EDU_INSTRUCTOR=1` to get the instructor
toggle (answers and notes)."""),
        new_code_cell("""from anakinra_edu import EDUCATION_NOTICE
from anakinra_edu.cases import load_cases
from anakinra_edu.widgets import case_study

print(EDUCATION_NOTICE)"""),
        new_code_cell("""case_study()"""),
        new_markdown_cell("""## The case bank"""),
        new_code_cell("""for case in load_cases():
    kinds = ", ".join(q.kind for q in case.questions)
    print(f"{case.id:<34} {case.difficulty:<13} {'/'.join(case.audience):<22} {kinds}")"""),
    ])


def main() -> None:
    nbformat.write(nb00(), NB / "00_start_here.ipynb")
    nbformat.write(nb01(), NB / "01_dosing_explorer.ipynb")
    nbformat.write(nb02(), NB / "02_kidney_function.ipynb")
    nbformat.write(nb03(), NB / "03_onset_and_pharmacokinetics.ipynb")
    nbformat.write(nb04(), NB / "04_safety_counseling.ipynb")
    nbformat.write(nb05(), NB / "05_case_studies.ipynb")
    nbformat.write(nb06(), NB / "06_nurse_workshop.ipynb")


if __name__ == "__main__":
    main()
