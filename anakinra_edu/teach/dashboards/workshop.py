"""Nurse educator workshop (notebook 06) in six steps."""

from __future__ import annotations

from html import escape

import ipywidgets as W

from ...dosing import regimen
from ...inputs import InputError
from ...knowledge import Knowledge, load_knowledge
from ...render.panels import (
    checklist_html,
    cleared_html,
)
from .base import Dashboard
from .controls import (
    DESC,
    Deferred,
    indication_options,
    limited,
)
from .quiz import teachback_quiz

WORKSHOP_STEPS = (("storage", "1 Storage"), ("preparation", "2 Dose"), ("injection", "3 Injection"),
                  ("side_effects", "4 Side effects"), ("when_to_call", "5 When to call"), ("teachback", "6 Teach-back"))


def nurse_workshop(kb: Knowledge | None = None) -> Dashboard:
    """The nurse educator workshop in six steps (tabs), usable with code hidden.

    Storage → preparation (the syringe drawn to the patient's dose) → injection and rotation (body map and a
    2–4 week plan) → side effects → when to call → teach-back quiz. ``controls``: indication, weight,
    age_years, rotation_days, caregiver, tabs. ``outputs``: one HTML per step, syringe (HTML), body_map
    (HTML, SVG), plan (tuple), quiz (the teach-back Dashboard).
    """
    from ...card import syringe_svg
    from ...counseling import counseling_points, indication_points, rotation_plan
    from ...render.drawings import body_map_svg

    kb = kb or load_knowledge()
    changed = Deferred()

    ind = W.Dropdown(options=indication_options(kb), value="nomid", description="Indication", style=DESC,
                     layout=W.Layout(width="620px"))
    weight = limited(kb, "weight_kg", "Weight (kg)", 0.5, 20, changed)
    age = limited(kb, "age_years", "Age (years)", 1, 6, changed, integer=True)
    shortest = kb.input_limits["rotation_days"]["min"]
    days = limited(kb, "rotation_days", "Plan length (days)", 1, shortest, changed, integer=True)
    caregiver = W.Checkbox(value=False, description="A caregiver gives some injections", indent=False)
    step_html = {key: W.HTML() for key, _ in WORKSHOP_STEPS if key != "teachback"}
    syringe = W.HTML()
    body_map = W.HTML()
    plan_html = W.HTML()
    quiz = teachback_quiz(kb, header=False)
    outputs: dict[str, object] = {**step_html, "syringe": syringe, "body_map": body_map, "plan": (),
                                  "plan_table": plan_html, "quiz": quiz}

    def points_html(points, step: str) -> str:
        return checklist_html([p for p in points if p.workshop_step == step], "nurse")

    def show_dose() -> None:
        """The dose step: syringe and dose-specific points (weight, age, indication)."""
        reason = next((n.typed_error for n in (weight, age) if n.typed_error), None)
        r = None
        if reason is None:
            try:
                r = regimen(ind.value, weight.value, age.value, kb=kb)
            except InputError as exc:
                reason = str(exc)
        if r is None:
            syringe.value = cleared_html("dose or syringe", reason)
            step_html["preparation"].value = points_html(indication_points(ind.value, "nurse", kb), "preparation")
            return
        syringe.value = (f"<div class='ae-sub'><b>{escape(r.indication_name)}, {weight.value:g} kg:</b> "
                         f"starting dose {r.start_dose_mg[0]:.4g} mg = {r.syringe[0].volume_ml:.3f} mL. Expel the "
                         "excess to this line before injecting.</div>" + syringe_svg(r.syringe[0].dose_mg, kb))
        step_html["preparation"].value = points_html(counseling_points(r, "nurse", kb), "preparation")

    def show_plan() -> None:
        """The rotation plan and body map (plan length, caregiver)."""
        reason, plan = days.typed_error, ()
        if reason is None:
            try:
                plan = rotation_plan(days.value, caregiver.value, kb)
            except InputError as exc:
                reason = str(exc)
        if reason is not None:
            body_map.layout.display = "none"
            outputs["plan"] = ()
            plan_html.value = cleared_html("rotation plan or body map", reason)
            return
        body_map.layout.display = ""
        if plan != outputs["plan"]:  # the body map depends on the plan only: redraw when it changes
            body_map.value = body_map_svg(plan, kb)
        outputs["plan"] = plan
        rows = "".join(f"<tr><td>Day {d.day}</td><td>{escape(d.site_name)}</td></tr>" for d in plan)
        plan_html.value = ("<table style='border-collapse:collapse;font-size:16px'><tr><th>Day</th><th>Site</th></tr>"
                           f"{rows}</table>")

    def refresh() -> None:
        """Each step from the inputs it depends on: an invalid number clears only what it feeds."""
        general = indication_points(ind.value, "nurse", kb)
        for key in ("storage", "injection", "side_effects", "when_to_call"):
            step_html[key].value = points_html(general, key)
        show_dose()
        show_plan()

    changed.target = refresh
    for w in (ind, caregiver):
        w.observe(lambda _change: changed(), "value")
    heads = {
        "storage": "Storage and warming", "preparation": "Preparing the dose",
        "injection": "Injection and site rotation", "side_effects": "Side effects", "when_to_call": "When to call",
    }
    h = {k: W.HTML(f"<h3 style='margin:4px 0'>{escape(v)}</h3>") for k, v in heads.items()}
    pages = {
        "storage": W.VBox([h["storage"], step_html["storage"]]),
        "preparation": W.VBox([h["preparation"], ind, weight.box, age.box, syringe, step_html["preparation"]]),
        "injection": W.VBox([h["injection"], days.box, caregiver, body_map, plan_html, step_html["injection"]]),
        "side_effects": W.VBox([h["side_effects"], step_html["side_effects"]]),
        "when_to_call": W.VBox([h["when_to_call"], step_html["when_to_call"]]),
        "teachback": quiz,
    }
    tabs = W.Tab(children=[pages[key] for key, _ in WORKSHOP_STEPS])
    for i, (_, title) in enumerate(WORKSHOP_STEPS):
        tabs.set_title(i, title)
    controls: dict[str, W.Widget] = {"indication": ind, "weight": weight.slider, "weight_entry": weight.entry,
                                     "age_years": age.slider, "rotation_days": days.slider,
                                     "rotation_days_entry": days.entry, "caregiver": caregiver, "tabs": tabs}
    app = Dashboard([tabs], controls, outputs, refresh)  # type: ignore[arg-type]
    refresh()
    return app
