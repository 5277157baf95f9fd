"""Nurse educator workshop (notebook 06) in six steps."""

from __future__ import annotations

from html import escape

import ipywidgets as W

from ...display_names import input_error_text
from ...dosing import regimen
from ...inputs import InputError
from ...knowledge import Knowledge, load_knowledge
from ...render.panels import (
    PANEL_CSS,
    checklist_html,
    cleared_html,
)
from .base import Dashboard, split
from .controls import (
    DESC,
    Deferred,
    indication_options,
    limited,
)
from .quiz import teachback_quiz

WORKSHOP_STEPS = (("storage", "1 Storage"), ("preparation", "2 Dose"), ("injection", "3 Injection"),
                  ("side_effects", "4 Side effects"), ("when_to_call", "5 When to call"), ("teachback", "6 Teach-back"))
STEP_HEADS = {"storage": "Storage and warming", "preparation": "Preparing the dose",
              "injection": "Injection and site rotation", "side_effects": "Side effects",
              "when_to_call": "When to call"}


def step_points_html(points, step: str) -> str:
    """The nurse's points of one workshop step."""
    return checklist_html([p for p in points if p.workshop_step == step], "nurse")


class DoseStep:
    """Step 2: indication, weight and age → the syringe drawn to the starting dose and the preparation points."""

    def __init__(self, kb: Knowledge, changed: Deferred, points: W.HTML) -> None:
        self.kb, self.points = kb, points
        self.ind = W.Dropdown(options=indication_options(kb), value="nomid", description="Indication", style=DESC,
                              layout=W.Layout(width="620px"))
        self.weight = limited(kb, "weight_kg", "Weight (kg)", 0.5, 20, changed)
        self.age = limited(kb, "age_years", "Age (years)", 1, 6, changed, integer=True)
        self.syringe = W.HTML()

    def show(self) -> None:
        """The syringe and dose-specific points, or what is not shown and why."""
        from ...card import syringe_svg
        from ...counseling import counseling_points, indication_points

        reason = next((n.typed_error for n in (self.weight, self.age) if n.typed_error), None)
        r = None
        if reason is None:
            try:
                r = regimen(self.ind.value, self.weight.value, self.age.value, kb=self.kb)
            except InputError as exc:
                reason = input_error_text(exc)
        if r is None:
            self.syringe.value = cleared_html("dose or syringe", reason or "")
            self.points.value = step_points_html(indication_points(self.ind.value, "nurse", self.kb), "preparation")
            return
        self.syringe.value = (f"<div class='ae-sub'><b>{escape(r.indication_name)}, {self.weight.value:g} kg:</b> "
                              f"starting dose {r.start_dose_mg[0]:.4g} mg = {r.syringe[0].volume_ml:.3f} mL. Expel "
                              "the excess to this line before injecting.</div>" + syringe_svg(r.syringe[0].dose_mg,
                                                                                              self.kb))
        self.points.value = step_points_html(counseling_points(r, "nurse", self.kb), "preparation")


class RotationStep:
    """Step 3: plan length and caregiver → the site rotation plan and the body map."""

    def __init__(self, kb: Knowledge, changed: Deferred, outputs: dict[str, object]) -> None:
        self.kb, self.outputs = kb, outputs
        shortest = kb.input_limits["rotation_days"]["min"]
        self.days = limited(kb, "rotation_days", "Plan length (days)", 1, shortest, changed, integer=True)
        self.caregiver = W.Checkbox(value=False, description="A caregiver gives some injections", indent=False)
        self.body_map, self.table = W.HTML(), W.HTML()
        outputs.update(body_map=self.body_map, plan=(), plan_table=self.table)

    def show(self) -> None:
        """The rotation plan and body map, or what is not shown and why."""
        from ...counseling import rotation_plan
        from ...render.drawings import body_map_svg

        reason, plan = self.days.typed_error, ()
        if reason is None:
            try:
                plan = rotation_plan(self.days.value, self.caregiver.value, self.kb)
            except InputError as exc:
                reason = input_error_text(exc)
        if reason is not None:
            self.body_map.layout.display = "none"
            self.outputs["plan"] = ()
            self.table.value = cleared_html("rotation plan or body map", reason)
            return
        self.body_map.layout.display = ""
        if plan != self.outputs["plan"]:  # the body map depends on the plan only: redraw when it changes
            self.body_map.value = body_map_svg(plan, self.kb)
        self.outputs["plan"] = plan
        rows = "".join(f"<tr><td>Day {d.day}</td><td>{escape(d.site_name)}</td></tr>" for d in plan)
        self.table.value = f"{PANEL_CSS}<table class='ae-table'><tr><th>Day</th><th>Site</th></tr>{rows}</table>"


class Workshop:
    """The six steps as tabs; each step refreshed from the inputs it depends on."""

    def __init__(self, kb: Knowledge) -> None:
        self.kb = kb
        self.changed = Deferred()
        self.steps = {key: W.HTML() for key, _ in WORKSHOP_STEPS if key != "teachback"}
        self.quiz = teachback_quiz(kb, header=False)
        self.outputs: dict[str, object] = {**self.steps, "quiz": self.quiz}
        self.dose = DoseStep(kb, self.changed, self.steps["preparation"])
        self.rotation = RotationStep(kb, self.changed, self.outputs)
        self.outputs["syringe"] = self.dose.syringe
        self.changed.target = self.refresh
        for w in (self.dose.ind, self.rotation.caregiver):
            w.observe(lambda _change: self.changed(), "value")

    def refresh(self) -> None:
        """Each step from the inputs it depends on: an invalid number clears only what it feeds."""
        from ...counseling import indication_points

        general = indication_points(self.dose.ind.value, "nurse", self.kb)
        for key in ("storage", "injection", "side_effects", "when_to_call"):
            self.steps[key].value = step_points_html(general, key)
        self.dose.show()
        self.rotation.show()

    def tabs(self) -> W.Tab:
        d, r = self.dose, self.rotation
        h = {k: W.HTML(f"<h3 class='ae-head'>{escape(v)}</h3>") for k, v in STEP_HEADS.items()}
        pages = {
            "storage": W.VBox([h["storage"], self.steps["storage"]]),
            "preparation": W.VBox([h["preparation"], split(W.VBox([d.ind, d.weight.box, d.age.box]), [d.syringe]),
                                   self.steps["preparation"]]),
            "injection": W.VBox([h["injection"], split(W.VBox([r.days.box, r.caregiver, r.table]), [r.body_map]),
                                 self.steps["injection"]]),
            "side_effects": W.VBox([h["side_effects"], self.steps["side_effects"]]),
            "when_to_call": W.VBox([h["when_to_call"], self.steps["when_to_call"]]),
            "teachback": self.quiz,
        }
        tabs = W.Tab(children=[pages[key] for key, _ in WORKSHOP_STEPS])
        for i, (_, title) in enumerate(WORKSHOP_STEPS):
            tabs.set_title(i, title)
        return tabs

    def by_name(self, tabs: W.Tab) -> dict[str, W.Widget]:
        d, r = self.dose, self.rotation
        return {"indication": d.ind, "weight": d.weight.slider, "weight_entry": d.weight.entry,
                "age_years": d.age.slider, "rotation_days": r.days.slider, "rotation_days_entry": r.days.entry,
                "caregiver": r.caregiver, "tabs": tabs}


def nurse_workshop(kb: Knowledge | None = None) -> Dashboard:
    """The nurse educator workshop in six steps (tabs), usable with code hidden.

    Storage → preparation (the syringe drawn to the patient's dose) → injection and rotation (body map and a
    2–4 week plan) → side effects → when to call → teach-back quiz. ``controls``: indication, weight,
    age_years, rotation_days, caregiver, tabs. ``outputs``: one HTML per step, syringe (HTML), body_map
    (HTML, SVG), plan (tuple), quiz (the teach-back Dashboard).
    """
    workshop = Workshop(kb or load_knowledge())
    tabs = workshop.tabs()
    app = Dashboard([tabs], workshop.by_name(tabs), workshop.outputs, workshop.refresh)
    workshop.refresh()
    return app
