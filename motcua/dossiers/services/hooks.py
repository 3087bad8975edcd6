"""Transition hooks: other apps react to a dossier transition inside its transaction.

`history_append` runs every registered hook after it has written the history row, so a hook sees the
dossier in its new state and whatever it writes commits or rolls back with the transition. Payments
use it to open refunds when a paid dossier is refused, withdrawn or stopped; the dossiers app itself
never imports those apps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models import Dossier, HistoryEntry

TransitionHook = Callable[["Dossier", "HistoryEntry", Any], None]
_HOOKS: list[TransitionHook] = []


def transition_hook_register(hook: TransitionHook) -> None:
    """Register once (AppConfig.ready); registering the same function twice is a no-op."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def transition_hooks_run(dossier: Dossier, entry: HistoryEntry, actor: Any) -> None:
    for hook in _HOOKS:
        hook(dossier, entry, actor)
