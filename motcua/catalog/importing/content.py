"""The canonical content of one procedure version, its validation and its hash.

A *content* dict is flat: `code`, `field_name`, every field of `VERSION_SPECS`, and the lists
`components`, `fees` and `steps` (dicts keyed by their `*_SPECS`). Importers build it, the upsert
writes it, the exporter reads it back with `content_from_version`, and `content_hash` of the same
content is always the same string, which is what makes imports idempotent.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import TextChoices

from ..choices import (
    ApplicantType,
    DurationUnit,
    FeeKind,
    OnlineLevel,
    PayableAt,
    ProcedureLevel,
    ResultType,
    StepRole,
    SupplementMode,
)
from ..models import PROCEDURE_CODE_RE, ProcedureVersion

CODE_RE = re.compile(PROCEDURE_CODE_RE)
SMALL_INT_MAX = 32767


@dataclass(frozen=True)
class Spec:
    """How one column is typed: `kind` is text, bool, int, decimal, list, dict, choice or choices."""

    kind: str
    default: Any = ""
    required: bool = False
    choices: type[TextChoices] | None = None
    max_length: int | None = None
    nullable: bool = False
    max_value: int | None = None


def _text(default: str = "", **kwargs: Any) -> Spec:
    return Spec("text", default, **kwargs)


def _bool(default: bool) -> Spec:
    return Spec("bool", default)


VERSION_SPECS: dict[str, Spec] = {
    "name": _text(required=True),
    "field_name": _text(required=True, max_length=300),
    "levels": Spec("choices", list, choices=ProcedureLevel),
    "implementing_agency_text": _text(),
    "competent_authority_text": _text(),
    "applicant_types": Spec("choices", list, choices=ApplicantType),
    "applicant_types_text": Spec("list", list),
    "time_value": Spec("decimal", None, nullable=True),
    "time_unit": Spec("choice", "", choices=DurationUnit),
    "time_text": _text(),
    "time_is_default": _bool(False),
    "supplement_mode": Spec("choice", SupplementMode.RESTART.value, choices=SupplementMode),
    "supplement_limit": Spec("int", 1, max_value=SMALL_INT_MAX),
    "channels": Spec("list", list),
    "accepts_counter": _bool(True),
    "online_level": Spec("choice", OnlineLevel.INFORMATION.value, choices=OnlineLevel),
    "online_level_is_default": _bool(False),
    "accepts_postal_intake": _bool(False),
    "accepts_postal_return": _bool(False),
    "result_type": Spec("choice", ResultType.PAPER.value, choices=ResultType),
    "result_name": _text(),
    "result_codes": Spec("list", list),
    "fees_text": _text(),
    "legal_basis": _text(),
    "legal_basis_codes": Spec("list", list),
    "decision_no": _text(max_length=200),
    "conditions": _text(),
    "steps_text": _text(),
    "receiving_address": _text(),
    "publishing_body": _text(max_length=200),
    "source": Spec("dict", dict),
}
COMPONENT_SPECS: dict[str, Spec] = {
    "order": Spec("int", None, required=True),
    "name": _text(required=True),
    "case": _text(),
    "required": _bool(True),
    "required_is_default": _bool(False),
    "original_qty": Spec("int", 0, max_value=SMALL_INT_MAX),
    "copy_qty": Spec("int", 0, max_value=SMALL_INT_MAX),
    "copies_text": _text(max_length=100),
    "form_files": Spec("list", list),
}
FEE_SPECS: dict[str, Spec] = {
    "order": Spec("int", 0),
    "name": _text(required=True, max_length=300),
    "kind": Spec("choice", FeeKind.CHARGE.value, choices=FeeKind),
    "amount_vnd": Spec("int", None, nullable=True),
    "applicant_type": Spec("choice", "", choices=ApplicantType),
    "payable_at": Spec("choice", PayableAt.ACCEPTANCE.value, choices=PayableAt),
    "source_text": _text(),
    "needs_review": _bool(False),
}
STEP_SPECS: dict[str, Spec] = {
    "order": Spec("int", None, required=True),
    "name": _text(required=True, max_length=300),
    "role": Spec("choice", None, required=True, choices=StepRole),
    "department_code": _text(max_length=32),
    "budget_minutes": Spec("int", None, required=True),
    "parallel_group": Spec("int", None, nullable=True, max_value=SMALL_INT_MAX),
    "is_default": _bool(False),
}
CHILD_SPECS = {"components": COMPONENT_SPECS, "fees": FEE_SPECS, "steps": STEP_SPECS}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _coerce_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "1", "yes"}:
        return True
    if text in {"false", "0", "no"}:
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def _coerce_int(value: Any, spec: Spec) -> int:
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(f"expected a whole number, got {value!r}")
    try:
        number = int(str(value).strip()) if not isinstance(value, int | float) else int(value)
    except ValueError:
        raise ValueError(f"expected a whole number, got {value!r}") from None
    if number < 0 or (spec.max_value is not None and number > spec.max_value):
        raise ValueError(f"{number} is out of range (0–{spec.max_value or 'no limit'})")
    return number


def _coerce_decimal(value: Any) -> str:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"expected a number, got {value!r}") from None
    if not number.is_finite() or number <= 0 or number >= 100000 or number != number.quantize(Decimal("0.1")):
        raise ValueError(f"expected a positive number with at most one decimal below 100000, got {value!r}")
    return format(number.quantize(Decimal("0.1")), "f")


def _coerce_list(value: Any, spec: Spec) -> list[str]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValueError("expected a JSON list of strings") from None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("expected a list of strings")
    if spec.choices is not None:
        unknown = [item for item in value if item not in spec.choices.values]
        if unknown:
            raise ValueError(f"unknown value(s) {unknown}; allowed: {', '.join(spec.choices.values)}")
    return value


def _coerce_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValueError("expected a JSON object") from None
    if not isinstance(value, dict):
        raise ValueError("expected a JSON object")
    return value


def coerce(value: Any, spec: Spec) -> Any:
    """Return `value` in its canonical type or raise ValueError with a message for the report."""
    if _blank(value) and spec.kind not in {"list", "dict"}:
        if spec.required:
            raise ValueError("is required")
        return spec.default
    if spec.kind == "text":
        text = str(value).strip() if not isinstance(value, str) else value
        if spec.max_length and len(text) > spec.max_length:
            raise ValueError(f"is longer than {spec.max_length} characters")
        return text
    if spec.kind == "bool":
        return _coerce_bool(value)
    if spec.kind == "int":
        return _coerce_int(value, spec)
    if spec.kind == "decimal":
        return _coerce_decimal(value)
    if spec.kind in {"list", "choices"}:
        return [] if _blank(value) else _coerce_list(value, spec)
    if spec.kind == "dict":
        return {} if _blank(value) else _coerce_dict(value)
    assert spec.choices is not None
    text = str(value).strip()
    if text not in spec.choices.values:
        raise ValueError(f"{text!r} is not allowed; allowed: {', '.join(spec.choices.values)}")
    return text


def coerce_row(row: dict[str, Any], specs: dict[str, Spec]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Coerce every spec'd column of `row`; missing columns take their default. Returns (values, errors)."""
    values: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for column, spec in specs.items():
        default = spec.default() if callable(spec.default) else spec.default
        try:
            values[column] = coerce(row.get(column, default), spec)
        except ValueError as error:
            errors.append((column, str(error)))
    return values, errors


def check_consistency(content: dict[str, Any]) -> list[tuple[str, str]]:
    """Rules across columns that a single coercion cannot see."""
    errors = []
    if not CODE_RE.match(content.get("code") or ""):
        errors.append(("code", "does not match the national format 9.999999 or 9.999999.SUFFIX"))
    if (content.get("time_value") is None) != (content.get("time_unit") in {"", None}):
        errors.append(("time_unit", "time_value and time_unit must both be set or both be empty"))
    for kind in ("components", "steps"):
        orders = [item["order"] for item in content.get(kind, [])]
        if len(orders) != len(set(orders)):
            errors.append((f"{kind}.order", "the same order number appears twice"))
    return errors


def canonical(content: dict[str, Any]) -> dict[str, Any]:
    """Children sorted by order, so equal content hashes equally whatever the row order of the file."""
    result = dict(content)
    for kind in CHILD_SPECS:
        result[kind] = sorted(content.get(kind, []), key=lambda item: (item["order"], item["name"]))
    return result


def content_hash(content: dict[str, Any]) -> str:
    text = json.dumps(canonical(content), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else format(Decimal(value).quantize(Decimal("0.1")), "f")


def content_from_version(version: ProcedureVersion) -> dict[str, Any]:
    """Read a stored version back as content (prefetch components, fees and steps for lists)."""
    content: dict[str, Any] = {"code": version.procedure.code, "field_name": version.field.name}
    for name in VERSION_SPECS:
        if name != "field_name":
            content[name] = getattr(version, name)
    content["time_value"] = _decimal_text(version.time_value)
    for kind, specs in CHILD_SPECS.items():
        content[kind] = [{name: getattr(item, name) for name in specs} for item in getattr(version, kind).all()]
    return canonical(content)
