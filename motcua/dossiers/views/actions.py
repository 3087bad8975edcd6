"""Which actions to show a user on a dossier now, decided by its state and the user's capacities.

The same questions the services ask (`task_capacity`, `desk_officer_for`, `capacity_for`), asked
up front so a page offers only buttons that can work. The services still decide: a button shown
on a page that went stale meanwhile gets a clear refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from motcua.catalog.choices import StepRole
from motcua.org.choices import Role

from ..forms_ui import ActionForm
from ..models import Dossier, Task
from ..policy import available_actions
from .action_specs import ACTIONS, form_kwargs, is_assignment
from .online import action_note

PRIMARY = {
    "accept",
    "forward",
    "complete",
    "answer",
    "finish",
    "return-result",
    "complete-supplement",
    "obligation-met",
}
LEADING = (Role.SPECIALIST, Role.DEPARTMENT_HEAD)


@dataclass
class Action:
    key: str
    label: Any
    form: ActionForm
    task: Task | None = None
    primary: bool = False
    danger: bool = False
    error: str = ""
    stale: bool = False
    note: str = ""
    highlight: bool = False

    @property
    def dom_id(self) -> str:
        return f"action-{self.key}-{self.task.pk if self.task else 0}"


def action_label(key: str, task: Task | None, tasks: list[Task]) -> Any:
    if key != "complete" or task is None:
        return ACTIONS[key].label
    if task.role == StepRole.AGENCY_LEADER:
        return _("Approve: record the decision")
    if task.role == StepRole.SPECIALIST:
        return _("Appraisal done: send for review")
    if is_assignment(task, tasks):
        return _("Assign to a specialist")
    return _("Review done: send for approval")


def build_action(
    key: str,
    dossier: Dossier,
    task: Task | None,
    tasks: list[Task],
    form: ActionForm | None = None,
) -> Action:
    """An action with its form: unbound (lock version and step filled in) unless one is given."""
    spec = ACTIONS[key]
    if form is None:
        initial: dict[str, Any] = {"lock_version": dossier.lock_version}
        if task is not None:
            initial["task_id"] = task.pk
        form = spec.form_class(
            initial=initial, auto_id=f"id_{key}_{task.pk if task else 0}_%s", **form_kwargs(key, dossier, task, tasks)
        )
    note, highlight = action_note(key, dossier)
    return Action(
        key=key,
        label=action_label(key, task, tasks),
        form=form,
        task=task,
        primary=key in PRIMARY or highlight,
        danger=spec.danger,
        note=note,
        highlight=highlight,
    )


def actions_for(user: Any, dossier: Dossier, tasks: list[Task], failed: Action | None = None) -> list[Action]:
    """The page's actions; a failed submission replaces its own action (or leads the list if gone)."""
    actions = [build_action(key, dossier, task, tasks) for key, task in available_actions(user, dossier, tasks)]
    if failed is None:
        return actions
    failed.note, failed.highlight = action_note(failed.key, dossier)
    for index, action in enumerate(actions):
        if action.dom_id == failed.dom_id:
            actions[index] = failed
            return actions
    return [failed, *actions]
