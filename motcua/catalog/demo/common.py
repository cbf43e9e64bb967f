"""What the demo catalogue's parts share (the demo catalogue: commonly used procedures with realistic times, fees and routes for the
demo province. National codes are those of the national procedure database (CSDL quốc gia về
TTHC) as we know them; verify against it before using this list in production. Fees follow
typical provincial resolutions and are illustrative)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..choices import CrossBoundary, OnlineLevel, Performer, StepKind, TimeUnit
from ..spec import ComponentSpec, FeeSpec, LegalBasisSpec, ProcedureSpec, RouteSpec, StepSpec, hours_equivalent

FIELDS = {
    "HT": "Hộ tịch",
    "CT": "Chứng thực",
    "DD": "Đất đai",
    "XD": "Hoạt động xây dựng",
    "HKD": "Thành lập và hoạt động của hộ kinh doanh",
    "LLTP": "Lý lịch tư pháp",
    "BTXH": "Bảo trợ xã hội",
    "LD": "Lao động, việc làm",
}

LUAT_HO_TICH = LegalBasisSpec("60/2014/QH13", "Luật Hộ tịch", dt.date(2014, 11, 20), "Quốc hội")
ND_123 = LegalBasisSpec(
    "123/2015/NĐ-CP", "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch", dt.date(2015, 11, 15), "Chính phủ"
)
ND_23 = LegalBasisSpec(
    "23/2015/NĐ-CP",
    "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch",
    dt.date(2015, 2, 16),
    "Chính phủ",
)
ND_168 = LegalBasisSpec("168/2025/NĐ-CP", "Nghị định về đăng ký doanh nghiệp", dt.date(2025, 6, 30), "Chính phủ")
LUAT_DD = LegalBasisSpec("31/2024/QH15", "Luật Đất đai", dt.date(2024, 1, 18), "Quốc hội")
ND_101 = LegalBasisSpec(
    "101/2024/NĐ-CP",
    "Nghị định quy định về điều tra cơ bản đất đai; đăng ký, cấp Giấy chứng nhận và hệ thống thông tin đất đai",
    dt.date(2024, 7, 29),
    "Chính phủ",
)
LUAT_XD = LegalBasisSpec("50/2014/QH13", "Luật Xây dựng (sửa đổi, bổ sung năm 2020)", dt.date(2014, 6, 18), "Quốc hội")
ND_175 = LegalBasisSpec(
    "175/2024/NĐ-CP",
    "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Xây dựng về quản lý hoạt động xây dựng",
    dt.date(2024, 12, 30),
    "Chính phủ",
)
LUAT_LLTP = LegalBasisSpec("28/2009/QH12", "Luật Lý lịch tư pháp", dt.date(2009, 6, 17), "Quốc hội")
ND_20 = LegalBasisSpec(
    "20/2021/NĐ-CP", "Nghị định quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội", dt.date(2021, 3, 15), "Chính phủ"
)
BLLD = LegalBasisSpec("45/2019/QH14", "Bộ luật Lao động", dt.date(2019, 11, 20), "Quốc hội")
ND_219 = LegalBasisSpec(
    "219/2025/NĐ-CP", "Nghị định quy định về người lao động nước ngoài làm việc tại Việt Nam", dt.date(2025, 8, 7), "Chính phủ"
)

TO_KHAI = "Tờ khai theo mẫu"
GIAY_TO_TUY_THAN = ComponentSpec("Giấy tờ tùy thân (căn cước, hộ chiếu) của người yêu cầu (xuất trình)", originals=1)
UY_QUYEN = ComponentSpec(
    "Văn bản ủy quyền (nếu nộp thay)", originals=1, requirement="conditional", condition="Khi người khác nộp thay theo ủy quyền"
)
PAPER = "paper"
BOTH = "both"


# How a demo procedure is done, when its own text does not say more (the public must see it).
STEPS = (
    "Bước 1: Tổ chức, cá nhân chuẩn bị hồ sơ theo quy định.\n"
    "Bước 2: Nộp hồ sơ tại Bộ phận Một cửa, qua dịch vụ bưu chính công ích hoặc trực tuyến trên Cổng Dịch vụ công; "
    "công chức tiếp nhận kiểm tra, số hóa và cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả.\n"
    "Bước 3: Cơ quan có thẩm quyền thẩm định hồ sơ, giải quyết theo quy trình nội bộ.\n"
    "Bước 4: Nhận kết quả tại Bộ phận Một cửa, qua bưu chính hoặc bản điện tử trên Cổng Dịch vụ công."
)


def H(value) -> Decimal:
    return Decimal(str(value))


def _split(total_hours: Decimal, shares=(Decimal("0.1"), Decimal("0.6"), Decimal("0.2"), Decimal("0.1"))) -> list[Decimal]:
    """Split a time into step quotas, each rounded down to a quarter hour."""
    return [(total_hours * s * 4).to_integral_value(rounding="ROUND_FLOOR") / 4 or H("0.25") for s in shares]


def local_route(total_hours: Decimal, processing: str, approval: str = "Lãnh đạo UBND xem xét, ký kết quả") -> RouteSpec:
    r, p, a, t = _split(total_hours)
    return RouteSpec(
        steps=(
            StepSpec("Tiếp nhận, kiểm tra hồ sơ, chuyển xử lý", StepKind.RECEPTION, "reception", Performer.RECEIVING_CENTRE, r),
            StepSpec(processing, StepKind.PROCESSING, "processing", Performer.COMPETENT_AGENCY, p),
            StepSpec(approval, StepKind.APPROVAL, "leader", Performer.COMPETENT_AGENCY, a),
            StepSpec("Trả kết quả tại bộ phận một cửa", StepKind.RETURN, "reception", Performer.RECEIVING_CENTRE, t),
        )
    )


def inter_agency_route(total_hours: Decimal, processing: str, partners: list[tuple[str, str]]) -> RouteSpec:
    r, p, a, t = _split(total_hours, (H("0.05"), H("0.25"), H("0.15"), H("0.05")))
    partner_quota = (total_hours * H("0.5") * 4).to_integral_value(rounding="ROUND_FLOOR") / 4
    steps = [
        StepSpec("Tiếp nhận, kiểm tra hồ sơ, chuyển xử lý", StepKind.RECEPTION, "reception", Performer.RECEIVING_CENTRE, r),
        StepSpec(processing, StepKind.PROCESSING, "processing", Performer.COMPETENT_AGENCY, p),
    ]
    steps += [
        StepSpec(
            name,
            StepKind.INTER_AGENCY,
            "processing",
            Performer.FIXED_AGENCY,
            partner_quota,
            agency=code,
            parallel_group=1 if len(partners) > 1 else None,
        )
        for name, code in partners
    ]
    steps += [
        StepSpec("Lãnh đạo xem xét, ký kết quả", StepKind.APPROVAL, "leader", Performer.COMPETENT_AGENCY, a),
        StepSpec("Trả kết quả tại bộ phận một cửa", StepKind.RETURN, "reception", Performer.RECEIVING_CENTRE, t),
    ]
    return RouteSpec(steps=tuple(steps))


class Builder:
    """The demo province's agency codes and the procedures made so far; ``commune`` and
    ``province`` add a procedure of that level with the usual route."""

    def __init__(self, suffix: str, commune_numbers: list[int]):
        self.communes = [f"000.{20 + k:02d}.00.{suffix}" for k in commune_numbers]
        self.commune_centres = [f"000.{20 + k:02d}.01.{suffix}" for k in commune_numbers]
        self.province_centre = f"000.00.01.{suffix}"
        self.dept = {
            "tu_phap": f"000.00.10.{suffix}",
            "xay_dung": f"000.00.11.{suffix}",
            "nn_mt": f"000.00.12.{suffix}",
            "noi_vu": f"000.00.13.{suffix}",
            "tai_chinh": f"000.00.14.{suffix}",
            "cong_an": f"000.00.15.{suffix}",
        }
        self.out: list[ProcedureSpec] = []

    def commune(
        self,
        code,
        name,
        field,
        value,
        unit,
        components,
        fees,
        results,
        legal,
        *,
        reduced=None,
        online=OnlineLevel.PARTIAL,
        postal=True,
        applicants=("citizen",),
        processing="Công chức chuyên môn thẩm định hồ sơ, dự thảo kết quả",
        route=None,
        scope=CrossBoundary.NONE,
        description="",
        requirements="",
        cutoff=None,
    ):
        applicable_unit = reduced[1] if reduced else unit
        applicable_value = reduced[0] if reduced else value
        if unit == TimeUnit.SAME_DAY and cutoff is None:
            cutoff = dt.time(15, 0)
        self.out.append(
            ProcedureSpec(
                code=code,
                name=name,
                field_code=field,
                statutory_value=H(value),
                statutory_unit=unit,
                reduced_value=H(reduced[0]) if reduced else None,
                reduced_unit=reduced[1] if reduced else "",
                same_day_cutoff=cutoff,
                levels=("commune",),
                applicant_types=tuple(applicants),
                competent_agencies=tuple(sorted(self.communes)),
                receiving_agencies=tuple(sorted(self.commune_centres)),
                online_level=online,
                postal_allowed=postal,
                cross_boundary=scope,
                description=description or STEPS,
                requirements=requirements,
                legal_basis=tuple(legal),
                fees=tuple(fees),
                components=tuple(components),
                results=tuple(results),
                routes=(route or local_route(hours_equivalent(applicable_value, applicable_unit), processing),),
            )
        )

    def province(
        self,
        code,
        name,
        field,
        value,
        unit,
        competent,
        components,
        fees,
        results,
        legal,
        *,
        reduced=None,
        online=OnlineLevel.FULL,
        postal=True,
        applicants=("citizen",),
        partners=None,
        scope=CrossBoundary.PROVINCE,
        description="",
    ):
        applicable_value, applicable_unit = reduced or (value, unit)
        total = hours_equivalent(applicable_value, applicable_unit)
        route = (
            inter_agency_route(total, "Chuyên viên phòng chuyên môn thẩm định hồ sơ", partners)
            if partners
            else local_route(total, "Chuyên viên phòng chuyên môn thẩm định hồ sơ", "Lãnh đạo Sở xem xét, ký kết quả")
        )
        self.out.append(
            ProcedureSpec(
                code=code,
                name=name,
                field_code=field,
                statutory_value=H(value),
                statutory_unit=unit,
                reduced_value=H(reduced[0]) if reduced else None,
                reduced_unit=reduced[1] if reduced else "",
                levels=("province",),
                applicant_types=tuple(applicants),
                competent_agencies=(competent,),
                receiving_agencies=tuple(sorted([self.province_centre, *self.commune_centres]))
                if scope != CrossBoundary.NONE
                else (self.province_centre,),
                online_level=online,
                postal_allowed=postal,
                cross_boundary=scope,
                description=description or STEPS,
                legal_basis=tuple(legal),
                fees=tuple(fees),
                components=tuple(components),
                results=tuple(results),
                routes=(route,),
            )
        )


free = FeeSpec("Lệ phí đăng ký hộ tịch", 0, "fee", "Miễn lệ phí theo quy định")
hotich_fee = FeeSpec("Lệ phí hộ tịch", 15_000, "fee", "Miễn cho người thuộc gia đình có công với cách mạng, hộ nghèo, người khuyết tật")

WD, SD, CD = TimeUnit.WORKING_DAYS, TimeUnit.SAME_DAY, TimeUnit.CALENDAR_DAYS
