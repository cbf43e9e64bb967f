"""The Vietnamese message templates shipped with motcua (installed by a migration, then data
an administrator edits). SMS texts stay short and without links to anything but the portal."""

from __future__ import annotations

from .models import NotificationTemplate

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "account.verify": {
        "email": (
            "Mã xác thực tài khoản dịch vụ công",
            "Xin chào {{ name }},\n\nMã xác thực tài khoản của Ông/Bà là: {{ code }}\nMã có hiệu lực trong {{ minutes }} phút. Không chia "
            "sẻ mã này cho bất kỳ ai, kể cả cán bộ.\n\n{{ site }}",
        ),
        "sms": ("", "Ma xac thuc tai khoan dich vu cong: {{ code }} (hieu luc {{ minutes }} phut). Khong chia se ma nay."),
    },
    "dossier.submitted": {
        "email": (
            "Đã nhận hồ sơ nộp {{ channel }} – {{ reference }}",
            "Kính gửi {{ name }},\n\n{{ agency }} đã nhận được hồ sơ «{{ procedure }}» Ông/Bà nộp {{ channel }} lúc {{ at }}.\nSố tham "
            "chiếu: {{ reference }}.\nCán bộ một cửa sẽ kiểm tra và thông báo kết quả tiếp nhận.\n\nTheo dõi hồ sơ: {{ portal_url }}",
        ),
        "sms": (
            "",
            "{{ agency_short }}: da nhan ho so nop {{ channel }} so tham chieu {{ reference }}. Ket qua tiep nhan se duoc thong bao.",
        ),
    },
    "dossier.received": {
        "email": (
            "Hồ sơ {{ code }} đã được tiếp nhận",
            "Kính gửi {{ name }},\n\nHồ sơ «{{ procedure }}» đã được {{ agency }} tiếp nhận lúc {{ at }}.\nMã hồ sơ: {{ code }}\nMã tra "
            "cứu: {{ secret }}\nHẹn trả kết quả: {{ due }}\n\nTra cứu tình trạng hồ sơ: {{ track_url }}",
        ),
        "sms": ("", "{{ agency_short }}: ho so {{ code }} da duoc tiep nhan. Ma tra cuu {{ secret }}. Hen tra ket qua {{ due }}."),
    },
    "dossier.guided": {
        "email": (
            "Hướng dẫn bổ sung hồ sơ {{ reference }}",
            "Kính gửi {{ name }},\n\nHồ sơ «{{ procedure }}» chưa đủ điều kiện tiếp nhận. Đề nghị Ông/Bà bổ sung, hoàn thiện:\n{% for "
            "item in missing %}- {{ item }}\n{% endfor %}{% if note %}{{ note }}\n{% endif %}\nHồ sơ chưa được tiếp nhận nên thời hạn "
            "giải quyết chưa được tính.\n\n{{ portal_url }}",
        ),
        "sms": (
            "",
            "{{ agency_short }}: ho so so tham chieu {{ reference }} can bo sung, hoan thien truoc khi tiep nhan. Xem huong dan tren cong "
            "dich vu cong.",
        ),
    },
    "dossier.refused": {
        "email": (
            "Từ chối tiếp nhận hồ sơ {{ reference }}",
            "Kính gửi {{ name }},\n\n{{ agency }} từ chối tiếp nhận hồ sơ «{{ procedure }}».\nLý do: {{ note }}\n\n{{ portal_url }}",
        ),
        "sms": ("", "{{ agency_short }}: ho so so tham chieu {{ reference }} khong duoc tiep nhan. Ly do xem tren cong dich vu cong."),
    },
    "dossier.supplement_requested": {
        "email": (
            "Yêu cầu bổ sung hồ sơ {{ code }}",
            "Kính gửi {{ name }},\n\nĐể giải quyết hồ sơ {{ code }} («{{ procedure }}»), đề nghị Ông/Bà bổ sung:\n{% for item in missing "
            "%}- {{ item }}\n{% endfor %}{% if note %}{{ note }}\n{% endif %}\nThời hạn giải quyết tạm dừng cho đến khi nhận được hồ sơ "
            "bổ sung. Ông/Bà có thể nộp bổ sung trên cổng dịch vụ công: {{ portal_url }}",
        ),
        "sms": (
            "",
            "{{ agency_short }}: ho so {{ code }} can bo sung giay to. Vui long xem yeu cau va nop bo sung tren cong dich vu cong.",
        ),
    },
    "dossier.payment_requested": {
        "email": (
            "Thông báo thực hiện nghĩa vụ tài chính – hồ sơ {{ code }}",
            "Kính gửi {{ name }},\n\nHồ sơ {{ code }} cần thực hiện nghĩa vụ tài chính: {{ amount }} đồng.\n{% if note %}{{ note }}\n{% "
            "endif %}\n{{ portal_url }}",
        ),
        "sms": ("", "{{ agency_short }}: ho so {{ code }} can nop {{ amount }} dong de tiep tuc giai quyet."),
    },
    "dossier.apologized": {
        "email": (
            "Thư xin lỗi và hẹn lại ngày trả kết quả – hồ sơ {{ code }}",
            "Kính gửi {{ name }},\n\n{{ agency }} chân thành xin lỗi vì hồ sơ {{ code }} chưa giải quyết được đúng hẹn.\nLý do: {{ note "
            "}}\nThời gian hẹn trả kết quả mới: {{ appointment }}.\n\n{{ track_url }}",
        ),
        "sms": ("", "{{ agency_short }} xin loi: ho so {{ code }} cham tra ket qua. Hen lai {{ appointment }}."),
    },
    "dossier.version_moved": {
        "email": (
            "Hồ sơ {{ code }}: áp dụng quy định mới của thủ tục, hẹn trả kết quả thay đổi",
            "Kính gửi {{ name }},\n\nThủ tục «{{ procedure }}» đã có quy định mới và được áp dụng cho hồ sơ {{ code }} của Ông/Bà.\n"
            "{{ note }}\nThời gian hẹn trả kết quả mới: {{ appointment }}.\n\n{{ track_url }}",
        ),
        "sms": ("", "{{ agency_short }}: ho so {{ code }} ap dung quy dinh moi cua thu tuc. Hen tra ket qua moi {{ appointment }}."),
    },
    "dossier.resolved": {
        "email": (
            "Hồ sơ {{ code }} đã có kết quả",
            "Kính gửi {{ name }},\n\nHồ sơ {{ code }} («{{ procedure }}») đã có kết quả.\n{{ result_note }}\n\n{{ portal_url }}",
        ),
        "sms": ("", "{{ agency_short }}: ho so {{ code }} da co ket qua. {{ result_note }}"),
    },
    "dossier.stopped": {
        "email": (
            "Thông báo dừng xử lý hồ sơ {{ code }}",
            "Kính gửi {{ name }},\n\nHồ sơ {{ code }} («{{ procedure }}») đã dừng xử lý.\nLý do: {{ note }}\n\n{{ portal_url }}",
        ),
        "sms": ("", "{{ agency_short }}: ho so {{ code }} da dung xu ly. Ly do xem tren cong dich vu cong."),
    },
    "report.scheduled": {
        "email": (
            "Báo cáo giải quyết TTHC {{ frequency }}: {{ period }}",
            "Kính gửi {{ name }},\n\nBáo cáo tình hình, kết quả giải quyết thủ tục hành chính của {{ agency }}, kỳ {{ period }}:\n- Tiếp "
            "nhận: {{ received }}\n- Đã giải quyết: {{ resolved }}{% if rate is not None %} (đúng hạn {{ rate }}%){% endif %}\n- Đang "
            "giải quyết: {{ in_progress }}, trong đó quá hạn {{ overdue }}\n\nBiểu mẫu chi tiết (Excel) đính kèm.",
        )
    },
    "alert.daily": {
        "email": (
            "Hồ sơ sắp đến hạn, quá hạn: {{ overdue }} quá hạn, {{ nearly }} sắp đến hạn",
            "Kính gửi {{ name }},\n\nHôm nay có {{ overdue }} hồ sơ quá hạn và {{ nearly }} hồ sơ sắp đến hạn cần xử lý"
            "{% if at_risk %}; {{ at_risk }} hồ sơ có nguy cơ trễ hạn{% endif %}:\n{{ lines }}{% "
            "if more %}\n… và {{ more }} hồ sơ khác.{% endif %}\n\n{{ url }}",
        ),
        "sms": (
            "",
            "Motcua: {{ overdue }} ho so qua han, {{ nearly }} ho so sap den han{% if at_risk %}, {{ at_risk }} ho so co nguy co tre han"
            "{% endif %} can xu ly hom nay.",
        ),
    },
    "reform.reminder": {
        "email": (
            "Nhắc hạn tự đánh giá chỉ số CCHC: {{ unit }}",
            "Kính gửi {{ name }},\n\n{{ unit }} chưa gửi bản tự đánh giá «{{ framework }}». Hạn gửi: {{ deadline }}{% if days < 0 %} (đã "
            "quá hạn){% else %} (còn {{ days }} ngày){% endif %}.\n\n{{ url }}",
        ),
        "sms": ("", "Motcua CCHC: {{ unit }} chua gui ban tu danh gia chi so CCHC, han {{ deadline }}."),
    },
    "reform.remediation": {
        "email": (
            "Nhắc hạn khắc phục sau kiểm tra CCHC: {{ unit }}",
            "Kính gửi {{ name }},\n\nNhiệm vụ khắc phục của {{ unit }}: {{ action }}\nHạn khắc phục: {{ due }}{% if days < 0 %} (đã quá "
            "hạn){% else %} (còn {{ days }} ngày){% endif %}.\n\n{{ url }}",
        )
    },
    "feedback.answered": {
        "email": (
            "Trả lời phản ánh, kiến nghị {{ reference }}",
            "Kính gửi {{ name }},\n\n{{ agency }} trả lời phản ánh, kiến nghị «{{ title }}» của Ông/Bà:\n\n{{ answer }}\n\n{{ portal_url "
            "}}",
        ),
        "sms": ("", "{{ agency_short }} da tra loi phan anh, kien nghi {{ reference }}. Xem tren cong dich vu cong."),
    },
}


def install(apps=None) -> int:
    """Create the shipped templates that do not exist yet; never overwrite an edited one."""
    model = apps.get_model("notifications", "NotificationTemplate") if apps else NotificationTemplate
    created = 0
    for key, media in TEMPLATES.items():
        for medium, (subject, body) in media.items():
            _, made = model.objects.get_or_create(key=key, medium=medium, defaults={"subject": subject, "body": body})
            created += made
    return created
