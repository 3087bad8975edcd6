"""What the applicant should do next, in plain words, from the dossier's state alone (no query)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import ReturnMethod, State, SupplementPhase
from motcua.dossiers.models import Dossier

WITHDRAWABLE = (
    State.SUBMITTED,
    State.RETURNED_FOR_COMPLETION,
    State.RECEIVED,
    State.PROCESSING,
    State.SUPPLEMENT_REQUESTED,
    State.AWAITING_OBLIGATION,
)
EDITABLE = (State.DRAFT, State.RETURNED_FOR_COMPLETION)
RATEABLE = (State.DONE, State.RETURNED)


@dataclass(frozen=True)
class NextStep:
    text: Any
    url: str = ""
    urgent: bool = False  # the applicant must act for the dossier to move


def _result_step(dossier: Dossier, detail: str) -> NextStep:
    if dossier.return_method == ReturnMethod.ONLINE:
        return NextStep(_("Your result is ready: download it."), f"{detail}#ket-qua", urgent=True)
    if dossier.return_method == ReturnMethod.POST:
        return NextStep(_("Your result is ready and will be sent to you by post."))
    return NextStep(_("Your result is ready: collect it at the desk with your ID card."), urgent=True)


def next_step(dossier: Dossier, *, rated: bool = False) -> NextStep:
    pk = dossier.pk
    detail = reverse("citizen:detail", args=[pk])
    state = dossier.state
    if state == State.DRAFT:
        return NextStep(_("Finish the application and submit it."), reverse("citizen:edit", args=[pk]), urgent=True)
    if state == State.SUBMITTED:
        return NextStep(_("Nothing to do: the desk is checking your application."))
    if state == State.RETURNED_FOR_COMPLETION:
        return NextStep(
            _("Complete what the desk asked for, then submit again."), reverse("citizen:edit", args=[pk]), urgent=True
        )
    if state == State.SUPPLEMENT_REQUESTED:
        if dossier.supplement_phase == SupplementPhase.ISSUED:
            return NextStep(_("Send the documents the agency asked for."), f"{detail}#bo-sung", urgent=True)
        return NextStep(_("Nothing to do: the desk is checking the documents you sent."))
    if state == State.AWAITING_OBLIGATION:
        return NextStep(_("Pay the financial obligations in the notice you received."), detail, urgent=True)
    if state in (State.RECEIVED, State.PROCESSING):
        return NextStep(_("Nothing to do: your dossier is being processed."))
    if state == State.DONE:
        return _result_step(dossier, detail)
    if state == State.RETURNED and not rated:
        return NextStep(_("Tell us how satisfied you are with the service."), f"{detail}#danh-gia")
    return NextStep(_("Nothing more to do."))
