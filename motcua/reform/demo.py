"""Demo reform data (idempotent): a commune-level PAR index with the eight fields of the reform index
(100 points, of which 18 by survey), last year's round appraised and published, this year's
round open with the procedure criteria filled from the one-stop data, and an inspection plan
with a direct inspection, its findings and remediation tasks, and a self-inspection."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import services
from .models import Assessment, Framework, Inspection, Node, Round
from .services import NodeRow

# code, parent, kind, name, max, rule, params, source, prefill
COMMUNE_INDEX = [
    ("1", "", "field", "Công tác chỉ đạo, điều hành cải cách hành chính", 12, "manual", {}, "appraised", ""),
    ("1.1", "1", "criterion", "Kế hoạch cải cách hành chính năm", 3, "manual", {}, "appraised", ""),
    ("1.1.1", "1.1", "sub", "Ban hành kế hoạch CCHC năm đúng thời hạn", 1, "yes_no", {}, "appraised", ""),
    ("1.1.2", "1.1", "sub", "Mức độ hoàn thành kế hoạch CCHC (%)", 2, "ratio", {}, "appraised", ""),
    (
        "1.2",
        "1",
        "sub",
        "Báo cáo CCHC định kỳ đủ số lượng, đúng thời hạn (trừ 0,5 điểm mỗi báo cáo chậm, thiếu)",
        2,
        "deduction",
        {"per_item": 0.5},
        "appraised",
        "",
    ),
    ("1.3", "1", "criterion", "Kiểm tra công tác CCHC", 3, "manual", {}, "appraised", ""),
    ("1.3.1", "1.3", "sub", "Thực hiện tự kiểm tra CCHC theo kế hoạch", 1.5, "yes_no", {}, "appraised", ""),
    ("1.3.2", "1.3", "sub", "Tỷ lệ tồn tại sau kiểm tra đã khắc phục (%)", 1.5, "ratio", {}, "appraised", ""),
    ("1.4", "1", "sub", "Tuyên truyền cải cách hành chính", 2, "manual", {}, "appraised", ""),
    ("1.5", "1", "sub", "Sáng kiến, giải pháp mới trong CCHC", 2, "manual", {}, "appraised", ""),
    ("2", "", "field", "Xây dựng và tổ chức thực hiện thể chế", 8, "manual", {}, "appraised", ""),
    (
        "2.1",
        "2",
        "sub",
        "Ban hành văn bản QPPL đúng thẩm quyền, trình tự (trừ 1 điểm mỗi văn bản sai)",
        4,
        "deduction",
        {"per_item": 1},
        "appraised",
        "",
    ),
    ("2.2", "2", "sub", "Theo dõi thi hành pháp luật, kiểm tra, rà soát văn bản", 4, "manual", {}, "appraised", ""),
    ("3", "", "field", "Cải cách thủ tục hành chính", 22, "manual", {}, "appraised", ""),
    ("3.1", "3", "criterion", "Công khai thủ tục hành chính", 4, "manual", {}, "appraised", ""),
    ("3.1.1", "3.1", "sub", "Niêm yết công khai đầy đủ TTHC tại bộ phận một cửa", 2, "yes_no", {}, "appraised", ""),
    ("3.1.2", "3.1", "sub", "Tỷ lệ thủ tục cung cấp dịch vụ công trực tuyến (%)", 2, "ratio", {}, "appraised", "procedures_online"),
    ("3.2", "3", "criterion", "Kết quả giải quyết thủ tục hành chính", 12, "manual", {}, "appraised", ""),
    (
        "3.2.1",
        "3.2",
        "sub",
        "Tỷ lệ hồ sơ giải quyết đúng hạn (≥ 98%: đủ điểm; 95% đến dưới 98%: một nửa)",
        6,
        "bands",
        {"bands": [[98, 1], [95, 0.5]]},
        "appraised",
        "on_time_rate",
    ),
    (
        "3.2.2",
        "3.2",
        "sub",
        "Tỷ lệ hồ sơ tiếp nhận trực tuyến (≥ 50%: đủ điểm; 30% đến dưới 50%: một nửa)",
        3,
        "bands",
        {"bands": [[50, 1], [30, 0.5]]},
        "appraised",
        "online_share",
    ),
    (
        "3.2.3",
        "3.2",
        "sub",
        "Tỷ lệ hồ sơ tiếp nhận qua dịch vụ bưu chính công ích (≥ 10%: đủ điểm; 5% đến dưới 10%: một nửa)",
        1,
        "bands",
        {"bands": [[10, 1], [5, 0.5]]},
        "appraised",
        "postal_share",
    ),
    (
        "3.2.4",
        "3.2",
        "sub",
        "Xin lỗi người dân khi trễ hạn (trừ 0,5 điểm mỗi hồ sơ trễ hạn không xin lỗi)",
        2,
        "deduction",
        {"per_item": 0.5},
        "appraised",
        "",
    ),
    ("3.3", "3", "sub", "Tiếp nhận, xử lý phản ánh, kiến nghị đúng quy định", 2, "yes_no", {}, "appraised", ""),
    ("3.4", "3", "sub", "Tỷ lệ hồ sơ được số hóa thành phần (100% hồ sơ qua hệ thống) (%)", 4, "ratio", {}, "appraised", "digitised"),
    ("4", "", "field", "Cải cách tổ chức bộ máy", 8, "manual", {}, "appraised", ""),
    ("4.1", "4", "sub", "Sắp xếp, kiện toàn tổ chức theo quy định", 4, "yes_no", {}, "appraised", ""),
    ("4.2", "4", "sub", "Sử dụng biên chế đúng số lượng được giao", 4, "yes_no", {}, "appraised", ""),
    ("5", "", "field", "Cải cách chế độ công vụ", 10, "manual", {}, "appraised", ""),
    ("5.1", "5", "sub", "Tỷ lệ cán bộ, công chức cấp xã đạt chuẩn (%)", 5, "ratio", {}, "appraised", ""),
    (
        "5.2",
        "5",
        "sub",
        "Chấp hành kỷ luật, kỷ cương hành chính (trừ 1 điểm mỗi trường hợp vi phạm)",
        5,
        "deduction",
        {"per_item": 1},
        "appraised",
        "",
    ),
    ("6", "", "field", "Cải cách tài chính công", 8, "manual", {}, "appraised", ""),
    ("6.1", "6", "sub", "Thực hiện dự toán, quản lý, sử dụng ngân sách", 4, "manual", {}, "appraised", ""),
    ("6.2", "6", "sub", "Công khai ngân sách theo quy định", 4, "yes_no", {}, "appraised", ""),
    ("7", "", "field", "Xây dựng, phát triển chính quyền điện tử, chính quyền số", 14, "manual", {}, "appraised", ""),
    ("7.1", "7", "sub", "Tỷ lệ văn bản điện tử có chữ ký số (%)", 5, "ratio", {}, "appraised", ""),
    ("7.2", "7", "sub", "Hạ tầng công nghệ thông tin đáp ứng yêu cầu", 4, "manual", {}, "appraised", ""),
    ("7.3", "7", "sub", "Tỷ lệ hồ sơ có kết quả điện tử (%)", 5, "ratio", {}, "appraised", "electronic_results"),
    ("8", "", "field", "Tác động của cải cách hành chính đến người dân, tổ chức", 18, "manual", {}, "survey", ""),
    ("8.1", "8", "sub", "Mức độ hài lòng của người dân, tổ chức (SIPAS)", 10, "manual", {}, "survey", ""),
    ("8.2", "8", "sub", "Đánh giá của cán bộ, công chức về CCHC tại xã", 8, "manual", {}, "survey", ""),
]
GROUPS = [["A", 90], ["B", 80], ["C", 70], ["D", 0]]


def commune_rows() -> list[NodeRow]:
    return [NodeRow(i, *row[:4], Decimal(str(row[4])), *row[5:]) for i, row in enumerate(COMMUNE_INDEX, start=2)]


def _value(node: Node, rng: random.Random):
    if node.rule == "yes_no":
        return rng.random() < 0.85
    if node.rule in ("ratio", "bands"):
        return round(rng.uniform(80, 100), 1)
    if node.rule == "deduction":
        return rng.choice([0, 0, 0, 1, 2])
    return float((node.max_score * Decimal(str(rng.uniform(0.6, 1)))).quantize(Decimal("0.25")))


def _leader(unit):
    return get_user_model().objects.filter(memberships__agency=unit, memberships__role="leader", memberships__is_active=True).first()


@transaction.atomic
def load_demo_reform(council_username: str = "cchc.noivu") -> str:
    User = get_user_model()
    council = User.objects.filter(username=council_username).first()
    if council is None or Framework.objects.filter(level="commune").exists():
        return "reform demo: already loaded"
    membership = council.memberships.filter(is_active=True).first()
    if membership is None:
        return "reform demo: the council has no agency"
    organiser = membership.agency
    year = timezone.localdate().year
    rng = random.Random(2025)
    last = services.import_framework(
        actor=council, year=year - 1, level="commune", name=f"Bộ chỉ số CCHC cấp xã năm {year - 1}", groups=GROUPS, rows=commune_rows()
    )
    units = list(services.assessed_units("commune", within=organiser))
    # Last year: a round opened before its deadline, every commune self-scored, appraised, published.
    past = Round.objects.create(framework=last, organiser=organiser, deadline=dt.date(year - 1, 12, 15), reminder_days=[7, 3, 1])
    leaves = list(last.nodes.filter(kind=Node.Kind.SUB))
    for unit in units:
        _past_assessment(past, unit, leaves, council, rng, year)
    services.publish_round(actor=council, round=past)
    # This year: the framework copied, the round open; the procedure criteria already filled.
    current = services.copy_framework(actor=council, framework=last, year=year)
    rnd = services.open_round(actor=council, framework=current, organiser=organiser, deadline=timezone.localdate() + dt.timedelta(days=21))
    first = rnd.assessments.order_by("agency__path").first()
    assert first is not None  # the round has the province's communes
    leader = _leader(first.agency)
    for node in current.nodes.filter(kind=Node.Kind.SUB, source=Node.Source.APPRAISED, prefill="")[:6]:
        services.self_score(actor=leader, assessment=first, node=node, value=_value(node, rng), system=leader is None)
    # Inspections: the plan, one direct inspection concluded with two findings, one self-inspection.
    plan = services.create_plan(
        actor=council,
        year=year,
        title=f"Kế hoạch kiểm tra công tác cải cách hành chính năm {year}",
        issuer=organiser,
        team=[
            {"name": "Vũ Thị Lan", "role": "Trưởng đoàn"},
            {"name": "Hoàng Minh Đức", "role": "Thành viên"},
            {"name": "Lý Thu Hà", "role": "Thư ký"},
        ],
    )
    visit = services.schedule_inspection(
        actor=council, plan=plan, agency=units[0], mode=Inspection.Mode.DIRECT, scheduled_on=timezone.localdate() - dt.timedelta(days=30)
    )
    services.record_inspection(
        actor=council,
        inspection=visit,
        conclusion="Đơn vị cơ bản thực hiện tốt công tác CCHC; còn tồn tại về niêm yết công khai và dịch vụ bưu chính.",
        checklist={
            "documents": {"passed": True, "note": ""},
            "posting": {"passed": False, "note": "Thiếu 3 thủ tục lĩnh vực hộ tịch"},
            "propaganda": {"passed": True, "note": ""},
            "self_inspection": {"passed": True, "note": ""},
            "iso": {"passed": True, "note": ""},
            "online": {"passed": True, "note": ""},
            "postal": {"passed": False, "note": "Chưa hướng dẫn người dân nhận kết quả qua bưu chính"},
            "it": {"passed": True, "note": ""},
        },
        findings=[
            {
                "area": "posting",
                "severity": "minor",
                "description": "Niêm yết thiếu 3 thủ tục lĩnh vực hộ tịch",
                "action": "Niêm yết bổ sung đủ thủ tục",
                "due_on": timezone.localdate() + dt.timedelta(days=10),
            },
            {
                "area": "postal",
                "severity": "major",
                "description": "Chưa hướng dẫn người dân nhận kết quả qua dịch vụ bưu chính công ích",
                "action": "Bố trí hướng dẫn tại bộ phận một cửa",
                "due_on": timezone.localdate() + dt.timedelta(days=20),
            },
        ],
    )
    if len(units) > 1:
        services.schedule_inspection(actor=council, plan=plan, agency=units[1], mode=Inspection.Mode.SELF, scheduled_on=None)
    return f"reform demo: {len(units)} communes, rounds {year - 1} (published) and {year} (open), 1 inspection plan"


def _past_assessment(past: Round, unit, leaves: list[Node], council, rng: random.Random, year: int) -> None:
    """Last year's assessment of one commune: self-scored, one criterion adjusted by the council,
    the survey entered, the appraisal completed."""
    a = Assessment.objects.create(round=past, agency=unit)
    leader = _leader(unit)
    for node in leaves:
        if node.prefill:  # the demo's dossiers are all recent: last year's figures come from the legacy system's report
            services.self_score(
                actor=None,
                assessment=a,
                node=node,
                value=round(rng.uniform(88, 100), 2),
                system=True,
                evidence=[{"kind": "document", "text": f"Báo cáo kết quả giải quyết TTHC năm {year - 1} (hệ thống một cửa cũ)"}],
            )
        elif node.source == Node.Source.APPRAISED:
            services.self_score(
                actor=leader,
                assessment=a,
                node=node,
                value=_value(node, rng),
                system=leader is None,
                evidence=[
                    {"kind": "document", "text": f"Báo cáo số {rng.randint(10, 200)}/BC-UBND ngày {rng.randint(1, 28)}/11/{year - 1}"}
                ],
            )
    a.state, a.submitted_at = Assessment.State.SUBMITTED, timezone.now()
    a.save(update_fields=["state", "submitted_at"])
    adjust = next(n for n in leaves if n.code == "1.4")
    services.appraise(
        actor=council,
        assessment=a,
        node=adjust,
        points=Decimal("1.5"),
        reason="Chưa có chuyên mục tuyên truyền CCHC trên trang thông tin điện tử của xã",
    )
    for node in leaves:
        if node.source == Node.Source.SURVEY:
            services.enter_survey(
                actor=council,
                assessment=a,
                node=node,
                points=(node.max_score * Decimal(str(rng.uniform(0.75, 0.98)))).quantize(Decimal("0.01")),
            )
    services.complete_appraisal(actor=council, assessment=a)
