"""Vietnamese wording for dates, times and durations, and JSON-safe snapshot values.

The snapshot holds ISO strings (aware, Asia/Ho_Chi_Minh); these helpers turn them into the wording the
circulars print ("10 giờ 05 phút, ngày 02 tháng 03 năm 2026"). They are also the template filters of
the forms' private template engine (`render.py`), so templates never see Python objects.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django import template
from django.utils.functional import Promise

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
register = template.Library()

UNIT_LABELS = {
    "working_days": "ngày làm việc",
    "working_hours": "giờ làm việc",
    "same_day": "trong ngày",
    "calendar_days": "ngày",
    "calendar_months": "tháng",
}
PLACE_PREFIXES = ("thành phố", "đặc khu", "thị trấn", "thị xã", "phường", "tỉnh", "huyện", "quận", "xã")


def to_json(value: Any) -> Any:
    """A JSON-safe copy: datetimes as local ISO strings, dates as ISO dates, decimals and lazy
    translations as strings (in the language active at issue)."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(LOCAL_TZ).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


def _moment(value: Any) -> dt.datetime | dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.datetime | dt.date):
        moment = value
    else:
        text = str(value)
        moment = dt.datetime.fromisoformat(text) if "T" in text or " " in text else dt.date.fromisoformat(text)
    if isinstance(moment, dt.datetime):
        return moment.astimezone(LOCAL_TZ) if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)
    return moment


@register.filter
def vn_date(value: Any) -> str:
    """'ngày 02 tháng 03 năm 2026'; blanks for the officer to fill in when unknown."""
    moment = _moment(value)
    if moment is None:
        return "ngày …… tháng …… năm ……"
    return f"ngày {moment.day:02d} tháng {moment.month:02d} năm {moment.year}"


@register.filter
def vn_datetime(value: Any) -> str:
    """'10 giờ 05 phút, ngày 02 tháng 03 năm 2026' (Mẫu 01 items 4 and 5)."""
    moment = _moment(value)
    if moment is None:
        return "…… giờ …… phút, " + vn_date(None)
    if not isinstance(moment, dt.datetime):
        return vn_date(moment)
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, {vn_date(moment)}"


@register.filter
def vn_short(value: Any) -> str:
    """'10:05 02/03/2026' for table cells; a date alone gives '02/03/2026'."""
    moment = _moment(value)
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        return f"{moment:%H:%M %d/%m/%Y}"
    return f"{moment:%d/%m/%Y}"


@register.filter
def vn_day(value: Any) -> str:
    """'02/03/2026' (the day only, also for a datetime)."""
    moment = _moment(value)
    return f"{moment:%d/%m/%Y}" if moment is not None else "……/……/……"


@register.filter
def vn_duration(duration: dict[str, Any] | None) -> str:
    """'5 ngày làm việc', '0,5 ngày làm việc', 'Trong ngày'."""
    if not duration or not duration.get("unit"):
        return ""
    unit = str(duration["unit"])
    if unit == "same_day":
        return "Trong ngày"
    value = Decimal(str(duration.get("value") or 0)).normalize()
    number = f"{value:f}".replace(".", ",")
    return f"{number} {UNIT_LABELS.get(unit, unit)}"


@register.filter
def entry_no(value: Any) -> str:
    """Register entries print with at least two digits ('01')."""
    return f"{int(value):02d}" if value not in (None, "") else "……"


def place_name(unit_name: str, division_type: str = "") -> str:
    """'Xã Tả Van' -> 'Tả Van'; the place line of the header uses the unit's short form."""
    name = unit_name.strip()
    prefixes = (division_type.lower(), *PLACE_PREFIXES) if division_type else PLACE_PREFIXES
    for prefix in prefixes:
        if prefix and name.lower().startswith(prefix + " "):
            return name[len(prefix) + 1 :].strip()
    return name


def upper_vi(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().upper()
