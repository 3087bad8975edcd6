"""The nine evaluation indicators of Circular 01/2018 Art. 13–15 (reports.md §4): the public names.

Dossier indicators 1, 2, 3, 4 and 7 (`evaluation_dossier`) score each finished dossier 2 / 1 / 0;
an officer's and an agency's value is the average per indicator rounded to 0.1 half-up; unit
indicators 5, 6, 8 and 9 (`evaluation_unit`) are computed once per agency and period. Where motcua
holds no data for a condition, the rule used is written in `NOTES`, shown on the page and in
docs/reports-evaluation.md.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .evaluation_dossier import (
    DOSSIER_INDICATORS,
    GUIDANCE_WINDOW_DAYS,
    DossierScore,
    dossier_scores,
    finished_dossiers,
    score_attitude,
    score_channels,
    score_contacts,
    score_steps,
    score_timeliness,
)
from .evaluation_unit import (
    ALL_INDICATORS,
    UNIT_INDICATORS,
    UnitScore,
    agencies_evaluation,
    agency_class,
    averages,
    indicator_9,
    officer_class,
    officer_dossiers,
    officers_evaluation,
    unit_indicators,
)

NOTES = {
    3: _(
        "Contacts are counter guidance notes for the same ID and procedure in the 60 days before acceptance, "
        "returns for completion and supplement requests. No 'applicant at fault' mark exists yet: every contact counts."
    ),
    4: _("Referrals to other agencies are not recorded: a dossier scores 2 (online or post both ways) or 1."),
    5: _(
        "motcua does not record which procedures the unit decides itself at the desk: 1 point when every "
        "procedure in force accepts counter submission, never 2."
    ),
    6: _("Publication at the desk (posting) is not recorded: electronic publication alone gives 1 point."),
    7: _("A founded feedback (PAKN) about staff behaviour linked to the dossier scores 0."),
    8: _(
        "Feedback received in the period: none or all on time gives 2, at least 90 per cent on time 1. "
        "No extension exists."
    ),
}

__all__ = [
    "ALL_INDICATORS",
    "DOSSIER_INDICATORS",
    "GUIDANCE_WINDOW_DAYS",
    "NOTES",
    "UNIT_INDICATORS",
    "DossierScore",
    "UnitScore",
    "agencies_evaluation",
    "agency_class",
    "averages",
    "dossier_scores",
    "finished_dossiers",
    "indicator_9",
    "officer_class",
    "officer_dossiers",
    "officers_evaluation",
    "score_attitude",
    "score_channels",
    "score_contacts",
    "score_steps",
    "score_timeliness",
    "unit_indicators",
]
