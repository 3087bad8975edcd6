"""What must hold before an online dossier goes to the desk (lifecycle.md §1: e-form valid, components
uploaded or reused, return method the online level allows), and how its checklist lines are marked."""

from __future__ import annotations

from django.utils.translation import gettext as _

from motcua.catalog.choices import OnlineLevel
from motcua.catalog.formschema import form_validate, schema_for
from motcua.catalog.models import ProcedureVersion

from ..choices import ApplicantKind, Digitisation, ReturnMethod
from ..identity import id_check
from ..models import Dossier


def submission_errors(dossier: Dossier) -> dict[str, list[str]]:
    """Every reason the dossier cannot be submitted yet, by field (empty = ready)."""
    version = dossier.procedure_version
    errors: dict[str, list[str]] = {}
    for name, messages in form_validate(schema_for(version), dossier.form_data or {}).items():
        errors[f"form.{name}"] = list(messages)
    check = id_check(dossier.id_type, dossier.id_number, birth_date=dossier.birth_date)
    if check.errors:
        errors["id_number"] = [str(e) for e in check.errors]
    if not dossier.applicant_name.strip():
        errors["applicant_name"] = [_("Enter the applicant's name.")]
    if dossier.applicant_kind == ApplicantKind.ORGANISATION and not dossier.organisation_name.strip():
        errors["organisation_name"] = [_("Enter the organisation's name.")]
    if not (dossier.phone.strip() or dossier.email.strip()):
        errors["phone"] = [_("Give a phone number or an e-mail address so the desk can reach you.")]
    errors.update(_components_errors(dossier))
    errors.update(_return_errors(dossier, version))
    return errors


def _components_errors(dossier: Dossier) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    lines = dossier.components.prefetch_related("scans")
    for line in lines:
        if line.required and not (line.store_item_id or any(a.kind == "upload" for a in line.scans.all())):
            errors[f"component.{line.pk}"] = [_("Upload this document or choose one from your data store.")]
    return errors


def _return_errors(dossier: Dossier, version: ProcedureVersion) -> dict[str, list[str]]:
    method = dossier.return_method
    if version.online_level == OnlineLevel.FULL and method == ReturnMethod.COUNTER:
        return {"return_method": [_("A fully online procedure returns its result online or by post.")]}
    if method == ReturnMethod.POST:
        if not version.accepts_postal_return:
            return {"return_method": [_("This procedure does not return results by post.")]}
        if not dossier.return_address.strip():
            return {"return_address": [_("Enter the postal address for the result.")]}
    return {}


def mark_received(dossier: Dossier) -> None:
    """Uploaded or reused lines count as received and digitised (status 1, 2 or 3)."""
    for line in dossier.components.prefetch_related("scans").select_related("store_item"):
        uploaded = any(a.kind == "upload" for a in line.scans.all())
        if line.store_item_id:
            kind = line.store_item.kind if line.store_item else "component"
            line.digitisation = Digitisation.REUSED_RESULT if kind == "result" else Digitisation.REUSED_COMPONENT
        elif uploaded:
            line.digitisation = Digitisation.DIGITISED
        line.received = bool(line.store_item_id or uploaded)
        line.save(update_fields=["digitisation", "received"])
