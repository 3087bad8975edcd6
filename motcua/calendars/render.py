"""Text of a stored explanation, in Vietnamese (default) or English, from the JSON dict alone.

Not gettext: the words live here so a stored explanation renders the same on every server and in
every process, whatever the active language or calendar (deadlines.md §8).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

Json = dict[str, Any]

WEEKDAYS = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "received": "Tiếp nhận {at} {channel}; thời hạn {duration}.",
        "restarted": "Tính lại từ {at} {channel}; thời hạn {duration}.",
        "counter": "tại quầy",
        "online": "trực tuyến",
        "postal": "qua bưu chính",
        "working_days": "{value} ngày làm việc = {amount}",
        "working_hours": "{value} giờ làm việc",
        "same_day": "trong ngày (hạn tiếp nhận {cutoff})",
        "calendar_days": "{value} ngày",
        "calendar_months": "{value} tháng",
        "clock_start": "Bắt đầu tính: {at} ({rule}).",
        "before_opening": "trước giờ làm việc → {time}",
        "break": "giờ nghỉ trưa → {time}",
        "after_closing": "sau giờ làm việc → ngày làm việc tiếp theo {time}",
        "saturday": "thứ Bảy không làm việc → ngày làm việc tiếp theo {time}",
        "weekend": "ngày nghỉ cuối tuần → ngày làm việc tiếp theo {time}",
        "holiday": "ngày lễ {name} → ngày làm việc tiếp theo {time}",
        "day_off_in_lieu": "{name}{paren} → ngày làm việc tiếp theo {time}",
        "local_closure": "nghỉ đột xuất: {name}{paren} → ngày làm việc tiếp theo {time}",
        "hours": "{h} giờ",
        "minutes": "{m} phút",
        "left": "còn {amount}",
        "each": "{amount} mỗi ngày",
        "run": "{first}–{last} ({count} ngày)",
        "working_saturday": "làm bù",
        "not_counted": "Không tính: ",
        "skip_weekend": "{range} cuối tuần",
        "skip_holiday": "{range} {name}",
        "skip_day_off_in_lieu": "{range} {name}{paren}",
        "skip_local_closure": "{range} nghỉ đột xuất: {name}{paren}",
        "pause": "Tạm dừng từ {start} đến {end}: {amount} làm việc không tính{details}.",
        "calendar": "{start} + {duration} = {target}{moved}.",
        "moved": ", không phải ngày làm việc → ngày làm việc tiếp theo",
        "same_day_before": "Bắt đầu tính {time}, không muộn hơn {cutoff} → trả trong ngày.",
        "same_day_after": "Bắt đầu tính {time}, sau {cutoff} → trả vào ngày làm việc tiếp theo.",
        "history": "Lần tính trước: {verb} {start}; hạn trả {due}.",
        "verb_received": "tiếp nhận",
        "verb_restarted": "tính lại từ",
        "restart": "Hồ sơ đã đủ lúc {at}: tính lại toàn bộ thời hạn{details}.",
        "reschedule": "Hẹn lại ngày trả (Mẫu 04): từ {old} sang {new}{details}.",
        "due": "Hạn trả: {at} (lịch năm {year}, phiên bản {version})",
        "reason": "lý do: {}",
        "actor": "người thực hiện: {}",
        "document": "văn bản: {}",
        "brief": "Hạn trả: {at} (lịch phiên bản {version}; không lưu diễn giải chi tiết)",
    },
    "en": {
        "received": "Received {at} {channel}; duration {duration}.",
        "restarted": "Restarted {at} {channel}; duration {duration}.",
        "counter": "at the counter",
        "online": "online",
        "postal": "by post",
        "working_days": "{value} working days = {amount}",
        "working_hours": "{value} working hours",
        "same_day": "same day (cut-off {cutoff})",
        "calendar_days": "{value} calendar days",
        "calendar_months": "{value} calendar months",
        "clock_start": "Clock starts: {at} ({rule}).",
        "before_opening": "before opening → {time}",
        "break": "lunch break → {time}",
        "after_closing": "after closing → next working day {time}",
        "saturday": "non-working Saturday → next working day {time}",
        "weekend": "weekend → next working day {time}",
        "holiday": "holiday {name} → next working day {time}",
        "day_off_in_lieu": "day off in lieu: {name}{paren} → next working day {time}",
        "local_closure": "local closure: {name}{paren} → next working day {time}",
        "hours": "{h} h",
        "minutes": "{m} min",
        "left": "{amount} left",
        "each": "{amount} each",
        "run": "{first}–{last} ({count} days)",
        "working_saturday": "working Saturday",
        "not_counted": "Not counted: ",
        "skip_weekend": "{range} weekend",
        "skip_holiday": "{range} {name} (holiday)",
        "skip_day_off_in_lieu": "{range} {name} (day off in lieu{comma})",
        "skip_local_closure": "{range} local closure: {name}{paren}",
        "pause": "Paused from {start} to {end}: {amount} of working time not counted{details}.",
        "calendar": "{start} + {duration} = {target}{moved}.",
        "moved": ", not a working day → next working day",
        "same_day_before": "Clock starts {time}, not after {cutoff} → due the same day.",
        "same_day_after": "Clock starts {time}, after {cutoff} → due the next working day.",
        "history": "Earlier computation: {verb} {start}; due {due}.",
        "verb_received": "received",
        "verb_restarted": "restarted",
        "restart": "Dossier complete at {at}: the full duration runs again{details}.",
        "reschedule": "Rescheduled (Form 04): from {old} to {new}{details}.",
        "due": "Due: {at} (calendar {year}, version {version})",
        "reason": "reason: {}",
        "actor": "by: {}",
        "document": "document: {}",
        "brief": "Due: {at} (calendar version {version}; no detailed explanation stored)",
    },
}


class _Words:
    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in TEXT else "vi"
        self.text = TEXT[self.lang]

    def __call__(self, key: str, **values: Any) -> str:
        return self.text[key].format(**values)

    def moment(self, iso: str, *, with_weekday: bool = True) -> str:
        at = dt.datetime.fromisoformat(iso)
        time = f"{at:%H:%M}" if not at.second else f"{at:%H:%M:%S}"
        return f"{time} {self.date(at.date(), weekday=True)}" if with_weekday else time

    def date(self, day: dt.date, *, weekday: bool = False) -> str:
        text = f"{day:%d/%m/%Y}"
        return f"{WEEKDAYS[self.lang][day.weekday()]} {text}" if weekday else text

    def amount(self, minutes: int) -> str:
        hours, rest = divmod(minutes, 60)
        if not rest:
            return self("hours", h=hours)
        if not hours:
            return self("minutes", m=rest)
        return f"{self('hours', h=hours)} {self('minutes', m=rest)}"

    def left(self, minutes: int) -> str:
        return self("left", amount=str(minutes // 60) if minutes % 60 == 0 else self.amount(minutes))

    def number(self, value: str) -> str:
        return value.replace(".", ",") if self.lang == "vi" else value

    def details(self, event: Json) -> str:
        parts = [self.text[key].format(event[key]) for key in ("reason", "actor", "document") if event.get(key)]
        return f" ({'; '.join(parts)})" if parts else ""

    @staticmethod
    def basis(legal_basis: str) -> dict[str, str]:
        """The legal basis as " (basis)" and ", basis" (empty when there is none), for the templates."""
        if not legal_basis:
            return {"paren": "", "comma": ""}
        return {"paren": f" ({legal_basis})", "comma": f", {legal_basis}"}


def day_range(first: str, last: str) -> str:
    """ "14–15/02", "29/08–02/09", "31/12/2025–01/01/2026", or "01/01" for one day."""
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    if a == b:
        return f"{a:%d/%m}"
    if a.year != b.year:
        return f"{a:%d/%m/%Y}–{b:%d/%m/%Y}"
    if a.month != b.month:
        return f"{a:%d/%m}–{b:%d/%m}"
    return f"{a:%d}–{b:%d/%m}"


def _header(e: Json, w: _Words) -> list[str]:
    value = w.number(str(e.get("value", "")))
    duration = w(e["unit"], value=value, amount=w.amount(e.get("minutes") or 0), cutoff=e.get("cutoff", ""))
    restarted = any(event.get("type") == "restart" for event in e.get("events", []))
    channel = w.text.get(e.get("channel", ""), e.get("channel", ""))
    lines = [w("restarted" if restarted else "received", at=w.moment(e["start"]), channel=channel, duration=duration)]
    if e["clock_start"] != e["start"]:
        rule = e.get("start_rule", {})
        time = w.moment(e["clock_start"], with_weekday=False)
        text = w(
            rule.get("code", "in_hours"), time=time, name=rule.get("name", ""), **w.basis(rule.get("legal_basis", ""))
        )
        lines.append(w("clock_start", at=w.moment(e["clock_start"]), rule=text))
    return lines


def _counted(item: Json, w: _Words, is_last: bool) -> str:
    if item["t"] == "days":
        first, count = dt.date.fromisoformat(item["first"]), item["count"]
        if count <= 3:
            label = ", ".join(f"{first + dt.timedelta(days=n):%d/%m}" for n in range(count))
        else:
            label = w("run", first=f"{first:%d/%m}", last=f"{dt.date.fromisoformat(item['last']):%d/%m}", count=count)
        return f"{label}: {w('each', amount=w.amount(item['minutes']))} ({w.left(item['left'])})"
    label = f"{dt.date.fromisoformat(item['date']):%d/%m}"
    if item.get("special"):
        name, basis = item["special"]
        label += f" ({w.text['working_saturday']}{'; ' + basis if basis else ''})"
    spent = f"{item['from']}–{item['to']}" if is_last else w.amount(item["minutes"])
    return f"{label}: {spent} ({w.left(item['left'])})"


def _skipped(item: Json, w: _Words) -> str:
    days = day_range(item["from"], item["to"])
    return w(f"skip_{item['reason']}", range=days, name=item.get("name", ""), **w.basis(item.get("legal_basis", "")))


def _segment_lines(segments: list[Json], w: _Words) -> list[str]:
    lines: list[str] = []
    group: list[str] = []
    kind = ""
    last_counted = max((n for n, item in enumerate(segments) if item["t"] in ("day", "days")), default=-1)
    for n, item in enumerate(segments):
        item_kind = "skip" if item["t"] == "skip" else "pause" if item["t"] == "pause" else "count"
        if item_kind != kind and group:
            lines.append(
                (w.text["not_counted"] if kind == "skip" else "") + (" · " if kind == "count" else "; ").join(group)
            )
            group = []
        kind = item_kind
        if item_kind == "pause":
            amount = w.amount(item.get("minutes", 0))
            start, end = w.moment(item["from"]), w.moment(item["to"])
            lines.append(w("pause", start=start, end=end, amount=amount, details=w.details(item)))
            kind = ""
        elif item_kind == "skip":
            group.append(_skipped(item, w))
        else:
            group.append(_counted(item, w, n == last_counted))
    if group:
        lines.append(
            (w.text["not_counted"] if kind == "skip" else "") + (" · " if kind == "count" else "; ").join(group)
        )
    return lines


def _calendar_lines(e: Json, w: _Words) -> list[str]:
    unit = e["unit"]
    clock_start = dt.datetime.fromisoformat(e["clock_start"])
    if unit == "same_day":
        key = "same_day_after" if e.get("after_cutoff") else "same_day_before"
        return [w(key, time=w.moment(e["clock_start"]), cutoff=e.get("cutoff", ""))]
    if unit in ("calendar_days", "calendar_months") and "target" in e:
        target = dt.date.fromisoformat(e["target"])
        duration = w(unit, value=w.number(str(e.get("value", ""))), amount="", cutoff="")
        moved = w.text["moved"] if e.get("moved") else ""
        start = w.date(clock_start.date())
        return [w("calendar", start=start, duration=duration, target=w.date(target, weekday=True), moved=moved)]
    return []


def _history_lines(e: Json, w: _Words) -> list[str]:
    lines = []
    for old in e.get("history", []):
        if "start" not in old:
            continue
        restarted = any(event.get("type") == "restart" for event in old.get("events", []))
        verb = w.text["verb_restarted" if restarted else "verb_received"]
        lines.append(w("history", verb=verb, start=w.moment(old["start"]), due=w.moment(old["due_at"])))
    for event in e.get("events", []):
        if event.get("type") == "restart":
            lines.append(w("restart", at=w.moment(event["at"]), details=w.details(event)))
    return lines


def explain_render(explanation: Json, lang: str = "vi") -> str:
    """Multi-line text of a stored explanation (the E1 sample of deadlines.md §8)."""
    w = _Words(lang)
    e = explanation
    if "start" not in e:
        due_at = e.get("due_at")
        return w("brief", at=w.moment(due_at), version=e.get("version", 0)) if due_at else ""
    lines = _history_lines(e, w) + _header(e, w)
    if e["unit"] in ("same_day", "calendar_days", "calendar_months"):
        lines += _calendar_lines(e, w)
    lines += _segment_lines(e.get("segments", []), w)
    for event in e.get("events", []):
        if event.get("type") == "reschedule":
            old, new = dt.date.fromisoformat(event["from"]), dt.date.fromisoformat(event["to"])
            lines.append(w("reschedule", old=w.date(old), new=w.date(new), details=w.details(event)))
    due_at = dt.datetime.fromisoformat(e["due_at"])
    lines.append(w("due", at=w.moment(e["due_at"]), year=due_at.year, version=e.get("version", 0)))
    return "\n".join(lines)
