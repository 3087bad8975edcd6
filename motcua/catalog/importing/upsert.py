"""The one write path of every import: content → draft version (created, updated or unchanged).

Rules: the latest version of the procedure is compared with the incoming content. Same content
(by stored hash, or by re-reading the stored version) → nothing is written. Otherwise a latest
*draft* is overwritten in place; a latest published or retired version is left alone and a new
draft with the next number is created. Each procedure is its own transaction, with the procedure
row locked, so a failure loses one procedure, never the file.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.utils.text import slugify

from motcua.core.text import fold

from ..choices import VersionStatus
from ..models import Component, FeeItem, Field, Procedure, ProcedureVersion, ProcessStep
from ..search import build_search_text
from .content import (
    CHILD_SPECS,
    VERSION_SPECS,
    canonical,
    check_consistency,
    coerce_row,
    content_from_version,
    content_hash,
)

_Child = TypeVar("_Child", Component, FeeItem, ProcessStep)
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def normalise_content(raw: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Coerce a raw content dict; errors are (column, message) with child columns as `fees[2].name`."""
    content, errors = coerce_row(raw, VERSION_SPECS)
    content["code"] = str(raw.get("code") or "").strip()
    for kind, specs in CHILD_SPECS.items():
        content[kind] = []
        for index, item in enumerate(raw.get(kind) or [], start=1):
            values, item_errors = coerce_row(item, specs)
            content[kind].append(values)
            errors += [(f"{kind}[{index}].{column}", message) for column, message in item_errors]
    if not errors:
        errors = check_consistency(content)
    return canonical(content), errors


class FieldCache:
    """Fields by name, created on first use with a unique slug from the folded name."""

    def __init__(self) -> None:
        self._by_name = {field.name: field for field in Field.objects.all()}
        self._slugs = {field.slug for field in self._by_name.values()}

    def get(self, name: str) -> Field:
        if name not in self._by_name:
            base = slugify(fold(name))[:110] or "field"
            slug, suffix = base, 1
            while slug in self._slugs:
                suffix += 1
                slug = f"{base}-{suffix}"
            self._by_name[name], _ = Field.objects.get_or_create(name=name, defaults={"slug": slug})
            self._slugs.add(self._by_name[name].slug)
        return self._by_name[name]


def _same_content(version: ProcedureVersion, digest: str) -> bool:
    if version.content_hash == digest:
        return True
    stored = ProcedureVersion.objects.prefetch_related(*CHILD_SPECS).select_related("procedure", "field")
    return content_hash(content_from_version(stored.get(pk=version.pk))) == digest


def _fill(version: ProcedureVersion, content: dict[str, Any], field: Field, digest: str) -> None:
    for name in VERSION_SPECS:
        if name != "field_name":
            setattr(version, name, content[name])
    version.time_value = None if content["time_value"] is None else Decimal(content["time_value"])
    version.field = field
    version.content_hash = digest
    version.search_text = build_search_text(version)


def _create_rows(model: type[_Child], version: ProcedureVersion, items: list[dict[str, Any]]) -> None:
    model.objects.bulk_create([model(version=version, **item) for item in items])


def _write_children(version: ProcedureVersion, content: dict[str, Any]) -> None:
    _create_rows(Component, version, content["components"])
    _create_rows(FeeItem, version, content["fees"])
    _create_rows(ProcessStep, version, content["steps"])


def version_upsert_content(*, content: dict[str, Any], fields: FieldCache) -> tuple[str, ProcedureVersion]:
    """Write normalised `content` as a draft; returns the outcome and the latest version."""
    digest = content_hash(content)
    field = fields.get(content["field_name"])
    with transaction.atomic():
        procedure, _ = Procedure.objects.get_or_create(code=content["code"])
        Procedure.objects.select_for_update().filter(pk=procedure.pk).first()
        latest = procedure.versions.order_by("-number").first()
        if latest is not None and _same_content(latest, digest):
            return UNCHANGED, latest
        if latest is not None and latest.status == VersionStatus.DRAFT:
            _fill(latest, content, field, digest)
            latest.save()
            for kind in CHILD_SPECS:
                getattr(latest, kind).all().delete()
            _write_children(latest, content)
            return UPDATED, latest
        version = ProcedureVersion(procedure=procedure, number=latest.number + 1 if latest else 1)
        _fill(version, content, field, digest)
        version.save()
        _write_children(version, content)
        return CREATED, version
