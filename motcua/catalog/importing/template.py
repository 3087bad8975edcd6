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

from ..choices import StepRole

DEFAULT_SPLIT = (5, 5, 60, 10, 10, 5, 5)
SPECIALIST_INDEX = 2
# Step names are catalogue content, stored as the administrator will see and edit them: Vietnamese.
STEP_DEFINITIONS = (
    (StepRole.DESK_OFFICER, "Tiếp nhận và chuyển hồ sơ"),
    (StepRole.DEPARTMENT_HEAD, "Phân công xử lý"),
    (StepRole.SPECIALIST, "Thẩm định hồ sơ"),
    (StepRole.DEPARTMENT_HEAD, "Xem xét kết quả thẩm định"),
    (StepRole.AGENCY_LEADER, "Phê duyệt"),
    (StepRole.CLERK, "Vào số, ban hành kết quả"),
    (StepRole.DESK_OFFICER, "Trả kết quả"),
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
            "name": name,
            "role": role.value,
            "department_code": "",
            "budget_minutes": budget,
            "parallel_group": None,
            "is_default": True,
        }
        for order, ((role, name), budget) in enumerate(zip(STEP_DEFINITIONS, budgets, strict=True), start=1)
    ]
