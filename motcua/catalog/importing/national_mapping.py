"""One record of the national JSONL → content, plus warnings. Never invents data.

Where the data is silent the value is an administrator default and is marked so
(`time_is_default`, `online_level_is_default`, `required_is_default`, `is_default` on steps,
`needs_review` on fees). See /work/shared/data/procedures/README.md for the data's quirks.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..choices import ApplicantType, DurationUnit, OnlineLevel, ProcedureLevel, ResultType
from .national_fees import map_fees
from .template import default_steps

DIRECT, ONLINE, POSTAL = "Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính"
LEVELS = {
    "Cấp bộ": ProcedureLevel.MINISTRY,
    "Cấp tỉnh": ProcedureLevel.PROVINCE,
    "Cấp xã": ProcedureLevel.COMMUNE,
    "Cơ quan khác": ProcedureLevel.OTHER,
}
UNITS = {
    "working_days": DurationUnit.WORKING_DAYS,
    "days": DurationUnit.CALENDAR_DAYS,
    "hours": DurationUnit.WORKING_HOURS,
}
MINUTES_PER_UNIT = {DurationUnit.WORKING_DAYS: 480, DurationUnit.WORKING_HOURS: 60}
CITIZEN_TEXTS = {
    "Công dân Việt Nam",
    "Người nước ngoài",
    "Người nước ngoài cư trú tại Việt Nam",
    "Người Việt Nam định cư ở nước ngoài",
    "Cán bộ, công chức, viên chức",
}
_MONTHS = re.compile(r"^\s*(\d+(?:[.,]\d)?)\s*Tháng\s*$", re.IGNORECASE)
_BARE = re.compile(r"^\s*(\d+(?:[.,]\d)?)\s*$")

Warnings = list[tuple[str, str]]


def applicant_type(text: str) -> ApplicantType | None:
    if text in CITIZEN_TEXTS:
        return ApplicantType.CITIZEN
    if text in {"Tổ chức Đảng", "Đảng viên"}:
        return ApplicantType.OTHER
    if text.startswith(("Doanh nghiệp", "Hợp tác xã")):
        return ApplicantType.BUSINESS
    if text.startswith("Tổ chức"):
        return ApplicantType.ORGANISATION
    return None


def _number(text: str) -> str:
    return str(Decimal(text.replace(",", ".")))


def _method_time(methods: list[dict[str, Any]]) -> tuple[str | None, str, bool]:
    """(value, unit, is_default) from the channel rows, the Trực tiếp ones first."""
    rows = sorted(methods, key=lambda row: row.get("channel") != DIRECT)
    for row in rows:
        if row.get("time_value") and row.get("time_unit") in UNITS:
            return _number(str(row["time_value"])), UNITS[row["time_unit"]], False
    for row in rows:
        if match := _MONTHS.match(row.get("time_text") or ""):
            return _number(match.group(1)), DurationUnit.CALENDAR_MONTHS, False
    for row in rows:
        if (match := _BARE.match(row.get("time_text") or "")) and Decimal(_number(match.group(1))) > 0:
            return _number(match.group(1)), DurationUnit.WORKING_DAYS, True
    return None, "", False


def map_time(record: dict[str, Any], warnings: Warnings) -> dict[str, Any]:
    methods = record.get("methods") or []
    value: str | None
    unit: str
    is_default: bool
    if record.get("processing_time_value") and record.get("processing_time_unit") in UNITS:
        value, unit, is_default = (
            _number(str(record["processing_time_value"])),
            UNITS[record["processing_time_unit"]],
            False,
        )
    else:
        value, unit, is_default = _method_time(methods)
    text = record.get("processing_time_text") or ""
    if value is None:
        warnings.append(("no_processing_time", "no processing time in the data; set one before publishing"))
    elif is_default:
        warnings.append(("time_unit_assumed", f"time {text!r} has no unit; working days assumed (marked default)"))
    if len({row.get("time_text") for row in methods if row.get("time_text")}) > 1:
        warnings.append(("time_differs_by_channel", f"times differ by channel ({text}); the Trực tiếp one is used"))
    return {"time_value": value, "time_unit": unit, "time_is_default": is_default, "time_text": text}


def map_levels(record: dict[str, Any], warnings: Warnings) -> list[str]:
    levels = []
    for text in record.get("levels") or []:
        if text in LEVELS:
            levels.append(LEVELS[text].value)
        else:
            warnings.append(("unknown_level", f"level {text!r} ignored"))
    return list(dict.fromkeys(levels))


def map_applicants(record: dict[str, Any], warnings: Warnings) -> list[str]:
    types = []
    for text in record.get("applicant_types") or []:
        mapped = applicant_type(text)
        if mapped is None:
            warnings.append(("unknown_applicant_type", f"applicant type {text!r} mapped to other"))
            mapped = ApplicantType.OTHER
        types.append(mapped.value)
    return list(dict.fromkeys(types))


def map_components(record: dict[str, Any], warnings: Warnings) -> list[dict[str, Any]]:
    components = [
        {
            "order": order,
            "name": item.get("name") or "",
            "case": item.get("case") or "",
            "required": True,
            "required_is_default": True,
            "original_qty": item.get("original_qty") or 0,
            "copy_qty": item.get("copy_qty") or 0,
            "copies_text": item.get("copies") or "",
            "form_files": item.get("form_files") or [],
        }
        for order, item in enumerate(record.get("components") or [], start=1)
    ]
    if not components:
        warnings.append(("no_components", "no dossier components in the data"))
    return components


def map_steps(time: dict[str, Any], warnings: Warnings) -> list[dict[str, Any]]:
    per_unit = MINUTES_PER_UNIT.get(time["time_unit"])
    if time["time_value"] is None:
        return []
    if per_unit is None:
        warnings.append(("no_process_template", f"time in {time['time_unit']}: no default process template"))
        return []
    return default_steps(int(Decimal(time["time_value"]) * per_unit))


def map_record(record: dict[str, Any]) -> tuple[dict[str, Any], Warnings]:
    """National record → raw content (still to be normalised) and (kind, message) warnings."""
    warnings: Warnings = []
    channels = record.get("channels") or []
    time = map_time(record, warnings)
    fees = map_fees(record)
    if any(fee["needs_review"] for fee in fees):
        warnings.append(("fee_needs_review", "a fee amount is unclear or set locally; check it"))
    content = {
        "code": (record.get("code") or "").strip(),
        "name": record.get("name") or "",
        "field_name": record.get("field_name") or "",
        "levels": map_levels(record, warnings),
        "implementing_agency_text": record.get("agency") or "",
        "competent_authority_text": record.get("competent_authority") or "",
        "applicant_types": map_applicants(record, warnings),
        "applicant_types_text": record.get("applicant_types") or [],
        **time,
        "channels": channels,
        "accepts_counter": DIRECT in channels,
        "online_level": OnlineLevel.PARTIAL.value if ONLINE in channels else OnlineLevel.INFORMATION.value,
        "online_level_is_default": True,
        "accepts_postal_intake": POSTAL in channels,
        "accepts_postal_return": POSTAL in channels,
        "result_type": ResultType.PAPER.value,
        "result_name": record.get("result") or "",
        "result_codes": record.get("result_codes") or [],
        "fees_text": record.get("fees_text") or "",
        "legal_basis": record.get("legal_basis") or "",
        "legal_basis_codes": record.get("legal_basis_codes") or [],
        "decision_no": record.get("decision_no") or "",
        "conditions": record.get("conditions") or "",
        "steps_text": record.get("steps") or "",
        "receiving_address": record.get("receiving_address") or "",
        "publishing_body": record.get("publishing_body") or "",
        "source": record.get("source") or {},
        "components": map_components(record, warnings),
        "fees": fees,
        "steps": map_steps(time, warnings),
    }
    return content, warnings
