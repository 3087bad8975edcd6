"""Rendering of stored explanations (deadlines.md §8)."""

from __future__ import annotations

import json

from motcua.calendars.engine import WorkingTime, due_compute, due_pause, explain_render
from motcua.calendars.seed import special_days

from .helpers import WT, at

E1_SAMPLE = """\
Tiếp nhận 10:00 Thứ Năm 12/02/2026 tại quầy; thời hạn 5 ngày làm việc = 40 giờ.
12/02: 5 giờ (còn 35) · 13/02: 8 giờ (còn 27)
Không tính: 14–15/02 cuối tuần; 16–20/02 Tết Nguyên đán; 21–22/02 cuối tuần
23/02, 24/02, 25/02: 8 giờ mỗi ngày (còn 3) · 26/02: 07:00–10:00 (còn 0)
Hạn trả: 17:00 Thứ Năm 26/02/2026 (lịch năm 2026, phiên bản 3)"""


def _e1():
    version_3 = WorkingTime(special_days=special_days(), version=3)
    return due_compute(wt=version_3, start=at("12/02/2026", "10:00"), value=5, unit="working_days")


def test_e1_renders_like_the_sample():
    text = explain_render(_e1().explanation)

    assert text == E1_SAMPLE
    for fragment in ("Tiếp nhận 10:00 Thứ Năm 12/02/2026", "5 ngày làm việc", "Tết Nguyên đán"):
        assert fragment in text
    assert "Hạn trả: 17:00 Thứ Năm 26/02/2026" in text


def test_e1_renders_in_english():
    text = explain_render(_e1().explanation, lang="en")
    assert text.splitlines()[0] == "Received 10:00 Thursday 12/02/2026 at the counter; duration 5 working days = 40 h."
    assert "16–20/02 Tết Nguyên đán (holiday)" in text
    assert text.endswith("Due: 17:00 Thursday 26/02/2026 (calendar 2026, version 3)")


def test_stored_json_renders_the_same_text():
    stored = json.loads(json.dumps(_e1().explanation))
    assert explain_render(stored) == E1_SAMPLE


def test_the_start_rule_is_explained():
    online = due_compute(wt=WT, start=at("27/08/2026", "21:00"), value=3, unit="working_days", channel="online")
    saturday = due_compute(wt=WT, start=at("07/03/2026", "09:00"), value=2, unit="working_days")
    lunch = due_compute(wt=WT, start=at("07/01/2026", "12:00"), value=4, unit="working_hours")

    assert "Bắt đầu tính: 07:00 Thứ Sáu 28/08/2026 (sau giờ làm việc → ngày làm việc tiếp theo 07:00)." in (
        explain_render(online.explanation)
    )
    assert "thứ Bảy không làm việc" in explain_render(saturday.explanation)
    assert "non-working Saturday" in explain_render(saturday.explanation, lang="en")
    assert "(giờ nghỉ trưa → 13:30)" in explain_render(lunch.explanation)


def test_swaps_show_their_legal_basis_and_the_worked_saturday():
    e8 = due_compute(wt=WT, start=at("31/12/2025", "16:00"), value=6, unit="working_days")
    text = explain_render(e8.explanation)
    assert "02/01 Ngày nghỉ (thay cho ngày 10/01/2026) (Công văn 12729/VPCP-KGVX)" in text
    assert "10/01 (làm bù; Công văn 12729/VPCP-KGVX): 07:00–16:00 (còn 0)" in text


def test_calendar_days_and_same_day_are_explained():
    e11 = due_compute(wt=WT, start=at("20/01/2026", "09:00"), value=30, unit="calendar_days")
    e3 = due_compute(wt=WT, start=at("28/08/2026", "15:30"), value=0, unit="same_day")

    assert "20/01/2026 + 30 ngày = Thứ Năm 19/02/2026, không phải ngày làm việc" in explain_render(e11.explanation)
    assert "Không tính: 19–20/02 Tết Nguyên đán; 21–22/02 cuối tuần" in explain_render(e11.explanation)
    assert "sau 15:00 → trả vào ngày làm việc tiếp theo" in explain_render(e3.explanation)
    assert "31/08 Ngày nghỉ (thay cho ngày 22/08/2026)" in explain_render(e3.explanation)


def test_pauses_are_explained_with_actor_and_document():
    e14 = due_compute(wt=WT, start=at("20/04/2026", "10:00"), value=15, unit="working_days")
    e16 = due_pause(
        wt=WT,
        due=e14,
        paused_from=at("23/04/2026", "10:00"),
        resumed_at=at("04/05/2026", "10:00"),
        actor="Trần Thị B",
        document="Mẫu 02 số 15",
    )
    text = explain_render(e16.explanation)
    assert (
        "Tạm dừng từ 10:00 Thứ Năm 23/04/2026 đến 10:00 Thứ Hai 04/05/2026: 32 giờ làm việc không tính "
        "(người thực hiện: Trần Thị B; văn bản: Mẫu 02 số 15)." in text
    )
    assert text.endswith("Hạn trả: 17:00 Thứ Tư 20/05/2026 (lịch năm 2026, phiên bản 0)")


def test_a_brief_explanation_renders_nothing_but_still_supports_pauses():
    brief = due_compute(wt=WT, start=at("12/02/2026", "10:00"), value=5, unit="working_days", explain=False)
    assert explain_render(brief.explanation) == ""
    paused = due_pause(wt=WT, due=brief, paused_from=at("13/02/2026", "10:00"), resumed_at=at("13/02/2026", "11:00"))
    assert paused.due_at == at("26/02/2026", "17:00")
