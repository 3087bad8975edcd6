"""Which workflow actions a user may try on a dossier now: the `actions` links of the detail.

A hint for clients drawing buttons, from `policy.available_actions` (the same answer the staff
screens use) over rows the detail has already loaded. The services stay the authority: a race or
a date rule (the apology deadline) can still refuse an action listed here. The permission-matrix
tests hold the two together: every action listed succeeds and every action refused is not listed.
"""

from __future__ import annotations

from typing import Any

from motcua.dossiers.models import Dossier
from motcua.dossiers.policy import available_actions as policy_actions

# Screen keys → API action names (the URL segment of each POST).
API_NAMES = {"complete": "complete-step", "answer": "answer-consultation"}


def available_actions(user: Any, dossier: Dossier) -> list[str]:
    """Names of the actions `user` may try on `dossier` (its `tasks` prefetched), in workflow order."""
    names: list[str] = []
    for key, _task in policy_actions(user, dossier, list(dossier.tasks.all())):
        name = API_NAMES.get(key, key)
        if name not in names:
            names.append(name)
    return names
