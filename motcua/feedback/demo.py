"""Demo feedback (PAKN): a dozen items in every state over the last weeks, with answers published
for the public list and one overdue, so every screen and report has something true to show."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from motcua.calendars.selectors import working_time_for

from . import pakn_services as svc
from .choices import FeedbackCategory, FeedbackSource
from .models import Feedback

ITEMS = (
    # (agency key, days ago, source, about, subject, content, what happens, answer)
    (
        "STP",
        20,
        "portal",
        "procedure",
        "Thời hạn cấp Phiếu lý lịch tư pháp",
        "Tôi nộp hồ sơ cấp Phiếu lý lịch tư pháp số 1 đã 8 ngày chưa có kết quả. Đề nghị cho biết khi nào được nhận.",
        "publish",
        "Hồ sơ của ông/bà cần xác minh tại Công an tỉnh nên thời hạn là 15 ngày. Kết quả đã có, mời ông/bà đến nhận.",
    ),
    (
        "STP",
        18,
        "hotline",
        "officer",
        "Cán bộ tiếp nhận hướng dẫn chưa rõ",
        "Cán bộ quầy tư pháp hướng dẫn thiếu giấy tờ, tôi phải đi lại hai lần.",
        "publish_founded",
        "Phản ánh đúng. Trung tâm đã nhắc nhở cán bộ và bổ sung danh mục giấy tờ niêm yết tại quầy.",
    ),
    (
        "SXD",
        16,
        "portal",
        "procedure",
        "Hồ sơ cấp giấy phép xây dựng nhà ở riêng lẻ",
        "Đề nghị hướng dẫn có cần bản vẽ thiết kế do đơn vị có chứng chỉ hành nghề lập không?",
        "publish",
        "Nhà ở riêng lẻ dưới 7 tầng, tổng diện tích sàn dưới 250 m² thì hộ gia đình được tự lập bản vẽ.",
    ),
    (
        "province",
        12,
        "box",
        "other",
        "Bãi đỗ xe trước Trung tâm chật",
        "Bãi đỗ xe máy trước Trung tâm Phục vụ hành chính công quá chật vào buổi sáng.",
        "answer",
        "Trung tâm đã liên hệ để mở thêm khu đỗ xe phía sau từ tháng tới.",
    ),
    (
        "SNNMT",
        10,
        "portal",
        "dossier",
        "Chậm cấp giấy chứng nhận quyền sử dụng đất",
        "Hồ sơ đăng ký biến động đất đai của tôi đã quá hẹn 5 ngày.",
        "assign",
        "",
    ),
    (
        "STC",
        7,
        "email",
        "procedure",
        "Đăng ký thành lập hộ kinh doanh trực tuyến",
        "Cổng dịch vụ công báo lỗi khi tải tệp điều lệ, đề nghị kiểm tra.",
        "accept",
        "",
    ),
    (
        "STP",
        6,
        "portal",
        "other",
        "Đề nghị bổ sung quầy hướng dẫn",
        "Nên có người hướng dẫn người cao tuổi sử dụng máy lấy số.",
        "supplement",
        "",
    ),
    (
        "province",
        4,
        "counter",
        "officer",
        "Cảm ơn cán bộ quầy số 2",
        "Cán bộ nhiệt tình, hướng dẫn chu đáo.",
        "answer_publish",
        "Trung tâm xin cảm ơn ý kiến của ông/bà.",
    ),
    (
        "SXD",
        3,
        "portal",
        "other",
        "Phản ánh về dự án ngoài phạm vi",
        "Đề nghị xử lý tranh chấp hợp đồng mua bán căn hộ.",
        "refuse",
        "",
    ),
    (
        "STP",
        30,
        "portal",
        "procedure",
        "Thủ tục chứng thực bản sao",
        "Chứng thực bản sao có cần mang bản chính không?",
        "overdue",
        "",
    ),
    (
        "SNNMT",
        1,
        "national",
        "procedure",
        "Chuyển từ Cổng Dịch vụ công quốc gia: thủ tục thủy lợi",
        "Đề nghị hướng dẫn thủ tục cấp phép hoạt động trong phạm vi bảo vệ công trình thủy lợi.",
        "received",
        "",
    ),
)


def _when(agency_id: int, days_ago: int) -> dt.datetime:
    wt = working_time_for(agency=agency_id)
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    while not wt.is_working_day(day):
        day -= dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 15)))


def build_demo_feedback(agencies: dict[str, Any], officer: Any) -> int:
    """`agencies`: "province" and the provincial bodies by key; made once."""
    if Feedback.objects.exists():
        return 0
    senders = [
        svc.Sender("Lò Thị Mai", "0912000111", "congdan@example.vn", "Xã Bát Xát"),
        svc.Sender("Nguyễn Văn Bình", "0987654321", "", "Phường Lào Cai"),
    ]
    for n, (key, days, source, about, subject, content, fate, answer) in enumerate(ITEMS):
        agency = agencies[key]
        start = _when(agency.pk, days)
        item = svc.feedback_submit(
            agency=agency,
            sender=senders[n % 2],
            subject=subject,
            content=content,
            about=about,
            source=source if source != "national" else FeedbackSource.NATIONAL,
            at=start,
            actor=officer if source not in ("portal", "national") else None,
        )
        _advance(item, fate, answer, _handler(agency, officer), start)
    return len(ITEMS)


def _handler(agency: Any, fallback: Any) -> Any:
    """Someone of the agency handles it (the province's leader sees the bodies below it too)."""
    from motcua.org.models import User

    found = User.objects.filter(role_assignments__agency=agency, is_active=True).order_by("username").first()
    return found or fallback


def _advance(item: Feedback, fate: str, answer: str, officer: Any, start: dt.datetime) -> None:
    step = dt.timedelta(hours=26)
    if fate == "refuse":
        svc.feedback_refuse(
            feedback=item,
            actor=officer,
            reason="Không thuộc thẩm quyền giải quyết của cơ quan hành chính; đề nghị gửi Tòa án.",
            at=start + step,
        )
        return
    if fate == "supplement":
        svc.feedback_request_supplement(
            feedback=item, actor=officer, request="Đề nghị cho biết thời điểm và máy lấy số cụ thể.", at=start + step
        )
        return
    if fate in ("received", "overdue"):
        return
    item = svc.feedback_accept(feedback=item, actor=officer, at=start + step)
    if fate == "accept":
        return
    item = svc.feedback_assign(feedback=item, actor=officer, assignee=officer, at=start + step * 1.1)
    if fate == "assign":
        return
    category = FeedbackCategory.BEHAVIOUR if item.about == "officer" else FeedbackCategory.REGULATION
    item = svc.feedback_classify(
        feedback=item, actor=officer, category=category, founded=fate == "publish_founded", at=start + step * 1.2
    )
    item = svc.feedback_answer(feedback=item, actor=officer, answer=answer, at=start + step * 3)
    if fate.startswith("publish") or fate == "answer_publish":
        svc.feedback_publish(feedback=item, actor=officer, at=start + step * 3.5)
