"""Default internal process template: seven steps whose budgets split the legal time exactly.

The national data has no internal process, so an imported version gets this template, every step
marked `is_default` for an administrator to confirm. Percentages come from
`settings.MOTCUA["DEFAULT_PROCESS_SPLIT"]` (a list of seven integers summing to 100, in the step
order below); the rounding remainder goes to the specialist, so budgets always sum to the total.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext

from ..choices import StepRole

DEFAULT_SPLIT = (5, 5, 60, 10, 10, 5, 5)
SPECIALIST_INDEX = 2
STEP_DEFINITIONS = (
    (StepRole.DESK_OFFICER, "Receive the dossier and forward it"),
    (StepRole.DEPARTMENT_HEAD, "Assign the dossier"),
    (StepRole.SPECIALIST, "Appraise the dossier"),
    (StepRole.DEPARTMENT_HEAD, "Review the appraisal"),
    (StepRole.AGENCY_LEADER, "Approve"),
    (StepRole.CLERK, "Number and issue the result"),
    (StepRole.DESK_OFFICER, "Return the result"),
)


def process_split() -> tuple[int, ...]:
    split: tuple[int, ...] = tuple(settings.MOTCUA.get("DEFAULT_PROCESS_SPLIT", DEFAULT_SPLIT))
    if len(split) != len(STEP_DEFINITIONS) or sum(split) != 100 or min(split) < 0:
        raise ImproperlyConfigured("MOTCUA['DEFAULT_PROCESS_SPLIT'] must be 7 non-negative integers summing to 100.")
    return split


def default_steps(total_minutes: int) -> list[dict[str, Any]]:
    """Step dicts (content format) whose budgets sum to exactly `total_minutes`."""
    split = process_split()
    budgets = [total_minutes * percent // 100 for percent in split]
    budgets[SPECIALIST_INDEX] += total_minutes - sum(budgets)
    return [
        {
            "order": order,
            "name": gettext(name),
            "role": role.value,
            "department_code": "",
            "budget_minutes": budget,
            "parallel_group": None,
            "is_default": True,
        }
        for order, ((role, name), budget) in enumerate(zip(STEP_DEFINITIONS, budgets, strict=True), start=1)
    ]
