"""The demo catalogue: commonly used procedures with realistic times, fees and routes for the
demo province. National codes are those of the national procedure database (CSDL quốc gia về
TTHC) as we know them; verify against it before using this list in production. Fees follow
typical provincial resolutions and are illustrative."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .choices import CrossBoundary, OnlineLevel, Performer, StepKind, TimeUnit
from .spec import ComponentSpec, FeeSpec, LegalBasisSpec, ProcedureSpec, ResultSpec, RouteSpec, StepSpec, hours_equivalent

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
ND_123 = LegalBasisSpec("123/2015/NĐ-CP", "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch", dt.date(2015, 11, 15), "Chính phủ")
ND_23 = LegalBasisSpec("23/2015/NĐ-CP", "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch", dt.date(2015, 2, 16), "Chính phủ")
ND_168 = LegalBasisSpec("168/2025/NĐ-CP", "Nghị định về đăng ký doanh nghiệp", dt.date(2025, 6, 30), "Chính phủ")
LUAT_DD = LegalBasisSpec("31/2024/QH15", "Luật Đất đai", dt.date(2024, 1, 18), "Quốc hội")
ND_101 = LegalBasisSpec("101/2024/NĐ-CP", "Nghị định quy định về điều tra cơ bản đất đai; đăng ký, cấp Giấy chứng nhận và hệ thống thông tin đất đai", dt.date(2024, 7, 29), "Chính phủ")
LUAT_XD = LegalBasisSpec("50/2014/QH13", "Luật Xây dựng (sửa đổi, bổ sung năm 2020)", dt.date(2014, 6, 18), "Quốc hội")
ND_175 = LegalBasisSpec("175/2024/NĐ-CP", "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Xây dựng về quản lý hoạt động xây dựng", dt.date(2024, 12, 30), "Chính phủ")
LUAT_LLTP = LegalBasisSpec("28/2009/QH12", "Luật Lý lịch tư pháp", dt.date(2009, 6, 17), "Quốc hội")
ND_20 = LegalBasisSpec("20/2021/NĐ-CP", "Nghị định quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội", dt.date(2021, 3, 15), "Chính phủ")
BLLD = LegalBasisSpec("45/2019/QH14", "Bộ luật Lao động", dt.date(2019, 11, 20), "Quốc hội")
ND_219 = LegalBasisSpec("219/2025/NĐ-CP", "Nghị định quy định về người lao động nước ngoài làm việc tại Việt Nam", dt.date(2025, 8, 7), "Chính phủ")

TO_KHAI = "Tờ khai theo mẫu"
GIAY_TO_TUY_THAN = ComponentSpec("Giấy tờ tùy thân (căn cước, hộ chiếu) của người yêu cầu (xuất trình)", originals=1)
UY_QUYEN = ComponentSpec("Văn bản ủy quyền (nếu nộp thay)", originals=1, requirement="conditional", condition="Khi người khác nộp thay theo ủy quyền")
PAPER = "paper"
BOTH = "both"


def H(value) -> Decimal:
    return Decimal(str(value))


def _split(total_hours: Decimal, shares=(Decimal("0.1"), Decimal("0.6"), Decimal("0.2"), Decimal("0.1"))) -> list[Decimal]:
    """Split a time into step quotas, each rounded down to a quarter hour."""
    return [(total_hours * s * 4).to_integral_value(rounding="ROUND_FLOOR") / 4 or H("0.25") for s in shares]


def local_route(total_hours: Decimal, processing: str, approval: str = "Lãnh đạo UBND xem xét, ký kết quả") -> RouteSpec:
    r, p, a, t = _split(total_hours)
    return RouteSpec(steps=(
        StepSpec("Tiếp nhận, kiểm tra hồ sơ, chuyển xử lý", StepKind.RECEPTION, "reception", Performer.RECEIVING_CENTRE, r),
        StepSpec(processing, StepKind.PROCESSING, "processing", Performer.COMPETENT_AGENCY, p),
        StepSpec(approval, StepKind.APPROVAL, "leader", Performer.COMPETENT_AGENCY, a),
        StepSpec("Trả kết quả tại bộ phận một cửa", StepKind.RETURN, "reception", Performer.RECEIVING_CENTRE, t),
    ))


def inter_agency_route(total_hours: Decimal, processing: str, partners: list[tuple[str, str]]) -> RouteSpec:
    r, p, a, t = _split(total_hours, (H("0.05"), H("0.25"), H("0.15"), H("0.05")))
    partner_quota = (total_hours * H("0.5") * 4).to_integral_value(rounding="ROUND_FLOOR") / 4
    steps = [
        StepSpec("Tiếp nhận, kiểm tra hồ sơ, chuyển xử lý", StepKind.RECEPTION, "reception", Performer.RECEIVING_CENTRE, r),
        StepSpec(processing, StepKind.PROCESSING, "processing", Performer.COMPETENT_AGENCY, p),
    ]
    steps += [StepSpec(name, StepKind.INTER_AGENCY, "processing", Performer.FIXED_AGENCY, partner_quota, agency=code, parallel_group=1 if len(partners) > 1 else None) for name, code in partners]
    steps += [
        StepSpec("Lãnh đạo xem xét, ký kết quả", StepKind.APPROVAL, "leader", Performer.COMPETENT_AGENCY, a),
        StepSpec("Trả kết quả tại bộ phận một cửa", StepKind.RETURN, "reception", Performer.RECEIVING_CENTRE, t),
    ]
    return RouteSpec(steps=tuple(steps))


def demo_specs(suffix: str, commune_numbers: list[int]) -> list[ProcedureSpec]:
    """The demo procedures for the province whose agency codes end in ``suffix``."""
    communes = [f"000.{20 + k:02d}.00.{suffix}" for k in commune_numbers]
    commune_centres = [f"000.{20 + k:02d}.01.{suffix}" for k in commune_numbers]
    province_centre = f"000.00.01.{suffix}"
    dept = {"tu_phap": f"000.00.10.{suffix}", "xay_dung": f"000.00.11.{suffix}", "nn_mt": f"000.00.12.{suffix}", "noi_vu": f"000.00.13.{suffix}", "tai_chinh": f"000.00.14.{suffix}", "cong_an": f"000.00.15.{suffix}"}
    out: list[ProcedureSpec] = []

    def commune(code, name, field, value, unit, components, fees, results, legal, *, reduced=None, online=OnlineLevel.PARTIAL, postal=True, applicants=("citizen",), processing="Công chức chuyên môn thẩm định hồ sơ, dự thảo kết quả", route=None, scope=CrossBoundary.NONE, description="", requirements="", cutoff=None):
        applicable_unit = reduced[1] if reduced else unit
        applicable_value = reduced[0] if reduced else value
        if unit == TimeUnit.SAME_DAY and cutoff is None:
            cutoff = dt.time(15, 0)
        out.append(ProcedureSpec(
            code=code, name=name, field_code=field, statutory_value=H(value), statutory_unit=unit,
            reduced_value=H(reduced[0]) if reduced else None, reduced_unit=reduced[1] if reduced else "",
            same_day_cutoff=cutoff, levels=("commune",), applicant_types=tuple(applicants),
            competent_agencies=tuple(sorted(communes)), receiving_agencies=tuple(sorted(commune_centres)),
            online_level=online, postal_allowed=postal, cross_boundary=scope, description=description, requirements=requirements,
            legal_basis=tuple(legal), fees=tuple(fees), components=tuple(components), results=tuple(results),
            routes=(route or local_route(hours_equivalent(applicable_value, applicable_unit), processing),),
        ))

    def province(code, name, field, value, unit, competent, components, fees, results, legal, *, reduced=None, online=OnlineLevel.FULL, postal=True, applicants=("citizen",), partners=None, scope=CrossBoundary.PROVINCE, description=""):
        applicable_value, applicable_unit = reduced or (value, unit)
        total = hours_equivalent(applicable_value, applicable_unit)
        route = inter_agency_route(total, "Chuyên viên phòng chuyên môn thẩm định hồ sơ", partners) if partners else local_route(total, "Chuyên viên phòng chuyên môn thẩm định hồ sơ", "Lãnh đạo Sở xem xét, ký kết quả")
        out.append(ProcedureSpec(
            code=code, name=name, field_code=field, statutory_value=H(value), statutory_unit=unit,
            reduced_value=H(reduced[0]) if reduced else None, reduced_unit=reduced[1] if reduced else "",
            levels=("province",), applicant_types=tuple(applicants), competent_agencies=(competent,),
            receiving_agencies=tuple(sorted([province_centre, *commune_centres])) if scope != CrossBoundary.NONE else (province_centre,),
            online_level=online, postal_allowed=postal, cross_boundary=scope, description=description,
            legal_basis=tuple(legal), fees=tuple(fees), components=tuple(components), results=tuple(results), routes=(route,),
        ))

    WD, SD, CD = TimeUnit.WORKING_DAYS, TimeUnit.SAME_DAY, TimeUnit.CALENDAR_DAYS
    free = FeeSpec("Lệ phí đăng ký hộ tịch", 0, "fee", "Miễn lệ phí theo quy định")
    hotich_fee = FeeSpec("Lệ phí hộ tịch", 15_000, "fee", "Miễn cho người thuộc gia đình có công với cách mạng, hộ nghèo, người khuyết tật")

    # Hộ tịch (civil status), commune level
    commune("1.001193", "Đăng ký khai sinh", "HT", 0, SD,
            [ComponentSpec(f"{TO_KHAI} đăng ký khai sinh", originals=1), ComponentSpec("Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh", originals=1), GIAY_TO_TUY_THAN, UY_QUYEN],
            [FeeSpec("Lệ phí đăng ký khai sinh", 0, "fee", "Miễn lệ phí đăng ký khai sinh đúng hạn")], [ResultSpec("Giấy khai sinh (bản chính)", BOTH)], [LUAT_HO_TICH, ND_123],
            online=OnlineLevel.FULL, processing="Công chức tư pháp - hộ tịch kiểm tra, ghi sổ hộ tịch",
            description="Người yêu cầu nộp hồ sơ tại bộ phận một cửa hoặc trên Cổng dịch vụ công. Ngay sau khi nhận đủ giấy tờ, nếu thông tin khai sinh đầy đủ và phù hợp, công chức tư pháp - hộ tịch ghi vào Sổ hộ tịch, trình Chủ tịch UBND cấp xã cấp Giấy khai sinh.")
    commune("1.000894", "Đăng ký kết hôn", "HT", 0, SD,
            [ComponentSpec(f"{TO_KHAI} đăng ký kết hôn", originals=1), ComponentSpec("Giấy xác nhận tình trạng hôn nhân (trường hợp đăng ký tại nơi không thường trú)", originals=1, requirement="conditional", condition="Khi một bên không thường trú tại xã nơi đăng ký"), GIAY_TO_TUY_THAN],
            [FeeSpec("Lệ phí đăng ký kết hôn", 0, "fee", "Miễn lệ phí đăng ký kết hôn trong nước")], [ResultSpec("Giấy chứng nhận kết hôn", PAPER)], [LUAT_HO_TICH, ND_123],
            requirements="Hai bên nam, nữ có mặt khi đăng ký kết hôn. Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi.")
    commune("1.000656", "Đăng ký khai tử", "HT", 0, SD,
            [ComponentSpec(f"{TO_KHAI} đăng ký khai tử", originals=1), ComponentSpec("Giấy báo tử hoặc giấy tờ thay giấy báo tử", originals=1), GIAY_TO_TUY_THAN],
            [free], [ResultSpec("Trích lục khai tử", BOTH)], [LUAT_HO_TICH, ND_123], online=OnlineLevel.FULL)
    commune("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "HT", 3, WD,
            [ComponentSpec(f"{TO_KHAI} cấp Giấy xác nhận tình trạng hôn nhân", originals=1), ComponentSpec("Bản án, quyết định ly hôn hoặc trích lục khai tử của vợ/chồng", copies=1, requirement="conditional", condition="Người đã có vợ/chồng nhưng đã ly hôn hoặc người kia đã chết"), GIAY_TO_TUY_THAN],
            [hotich_fee], [ResultSpec("Giấy xác nhận tình trạng hôn nhân", BOTH)], [LUAT_HO_TICH, ND_123], reduced=(2, WD), online=OnlineLevel.FULL)
    commune("1.001022", "Đăng ký nhận cha, mẹ, con", "HT", 3, WD,
            [ComponentSpec(f"{TO_KHAI} đăng ký nhận cha, mẹ, con", originals=1), ComponentSpec("Văn bản của cơ quan y tế, giám định xác nhận quan hệ cha, mẹ, con hoặc chứng cứ chứng minh", originals=1), GIAY_TO_TUY_THAN],
            [hotich_fee], [ResultSpec("Trích lục đăng ký nhận cha, mẹ, con", PAPER)], [LUAT_HO_TICH, ND_123])
    commune("1.004837", "Đăng ký giám hộ", "HT", 3, WD,
            [ComponentSpec(f"{TO_KHAI} đăng ký giám hộ", originals=1), ComponentSpec("Văn bản cử người giám hộ", originals=1), GIAY_TO_TUY_THAN],
            [free], [ResultSpec("Trích lục đăng ký giám hộ", PAPER)], [LUAT_HO_TICH, ND_123])
    commune("1.004859", "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", "HT", 3, WD,
            [ComponentSpec(f"{TO_KHAI} đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", originals=1), ComponentSpec("Giấy tờ làm căn cứ thay đổi, cải chính, bổ sung", certified_copies=1), GIAY_TO_TUY_THAN],
            [hotich_fee], [ResultSpec("Trích lục thay đổi, cải chính, bổ sung hộ tịch", PAPER)], [LUAT_HO_TICH, ND_123], reduced=(2, WD))
    commune("1.004884", "Đăng ký lại khai sinh", "HT", 5, WD,
            [ComponentSpec(f"{TO_KHAI} đăng ký lại khai sinh", originals=1), ComponentSpec("Bản sao giấy khai sinh hoặc giấy tờ có thông tin khai sinh", copies=1), GIAY_TO_TUY_THAN],
            [free], [ResultSpec("Giấy khai sinh (đăng ký lại)", PAPER)], [LUAT_HO_TICH, ND_123])
    commune("1.000689", "Đăng ký khai sinh kết hợp nhận cha, mẹ, con", "HT", 3, WD,
            [ComponentSpec(f"{TO_KHAI} đăng ký khai sinh và nhận cha, mẹ, con", originals=1), ComponentSpec("Giấy chứng sinh", originals=1), ComponentSpec("Chứng cứ chứng minh quan hệ cha, mẹ, con", originals=1), GIAY_TO_TUY_THAN],
            [hotich_fee], [ResultSpec("Giấy khai sinh", PAPER), ResultSpec("Trích lục đăng ký nhận cha, mẹ, con", PAPER)], [LUAT_HO_TICH, ND_123])
    commune("2.000635", "Cấp bản sao trích lục hộ tịch", "HT", 0, SD,
            [ComponentSpec(f"{TO_KHAI} cấp bản sao trích lục hộ tịch", originals=1), GIAY_TO_TUY_THAN],
            [FeeSpec("Phí cấp bản sao trích lục hộ tịch", 8_000, "charge", "", unit="copy")], [ResultSpec("Bản sao trích lục hộ tịch", BOTH)], [LUAT_HO_TICH, ND_123], online=OnlineLevel.FULL, scope=CrossBoundary.PROVINCE)

    # Chứng thực (certification), commune level, mostly same day with a 15:00 cut-off
    commune("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận", "CT", 0, SD,
            [ComponentSpec("Bản chính giấy tờ, văn bản làm cơ sở chứng thực", originals=1), ComponentSpec("Bản sao cần chứng thực", copies=1)],
            [FeeSpec("Phí chứng thực bản sao từ bản chính", 2_000, "charge", "", unit="page", first_units=2, next_amount=1_000, max_amount=200_000)],
            [ResultSpec("Bản sao được chứng thực từ bản chính", PAPER)], [ND_23], online=OnlineLevel.PARTIAL, postal=False, scope=CrossBoundary.NATION,
            processing="Người thực hiện chứng thực đối chiếu bản chính, ký chứng thực")
    commune("2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", "CT", 0, SD,
            [ComponentSpec("Giấy tờ, văn bản cần chứng thực chữ ký", originals=1), GIAY_TO_TUY_THAN],
            [FeeSpec("Phí chứng thực chữ ký", 10_000, "charge", "Tính theo trường hợp")], [ResultSpec("Giấy tờ, văn bản được chứng thực chữ ký", PAPER)], [ND_23],
            online=OnlineLevel.NONE, postal=False, scope=CrossBoundary.NATION)
    commune("2.001035", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản", "CT", 2, WD,
            [ComponentSpec("Dự thảo hợp đồng, giao dịch", originals=1), ComponentSpec("Giấy tờ chứng minh quyền sở hữu động sản", certified_copies=1), GIAY_TO_TUY_THAN],
            [FeeSpec("Phí chứng thực hợp đồng, giao dịch", 50_000, "charge", "")], [ResultSpec("Hợp đồng, giao dịch được chứng thực", PAPER)], [ND_23],
            online=OnlineLevel.NONE, postal=False)
    commune("2.001019", "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", "CT", 2, WD,
            [ComponentSpec("Văn bản sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", originals=1), ComponentSpec("Hợp đồng, giao dịch đã được chứng thực", originals=1), GIAY_TO_TUY_THAN],
            [FeeSpec("Phí chứng thực việc sửa đổi, bổ sung hợp đồng", 30_000, "charge", "")], [ResultSpec("Văn bản sửa đổi, bổ sung, hủy bỏ được chứng thực", PAPER)], [ND_23],
            online=OnlineLevel.NONE, postal=False)
    commune("2.001016", "Chứng thực di chúc", "CT", 2, WD,
            [ComponentSpec("Dự thảo di chúc", originals=1), ComponentSpec("Giấy tờ chứng minh quyền sở hữu tài sản", certified_copies=1, requirement="conditional", condition="Di chúc liên quan đến tài sản phải đăng ký quyền sở hữu"), GIAY_TO_TUY_THAN],
            [FeeSpec("Phí chứng thực di chúc", 50_000, "charge", "")], [ResultSpec("Di chúc được chứng thực", PAPER)], [ND_23], online=OnlineLevel.NONE, postal=False)

    # Hộ kinh doanh (household business), commune level since 1/7/2025
    hkd_fee = FeeSpec("Lệ phí đăng ký hộ kinh doanh", 100_000, "fee", "", online_amount=0)
    commune("1.001612", "Đăng ký thành lập hộ kinh doanh", "HKD", 3, WD,
            [ComponentSpec("Giấy đề nghị đăng ký hộ kinh doanh", originals=1), ComponentSpec("Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh", copies=1, requirement="conditional", condition="Khi các thành viên hộ gia đình đăng ký hộ kinh doanh"), ComponentSpec("Văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ hộ kinh doanh", copies=1, requirement="conditional", condition="Khi các thành viên hộ gia đình đăng ký hộ kinh doanh")],
            [hkd_fee], [ResultSpec("Giấy chứng nhận đăng ký hộ kinh doanh", BOTH)], [ND_168], reduced=(2, WD), online=OnlineLevel.FULL, applicants=("citizen", "business"))
    commune("1.001266", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", "HKD", 3, WD,
            [ComponentSpec("Thông báo thay đổi nội dung đăng ký hộ kinh doanh", originals=1), ComponentSpec("Giấy chứng nhận đăng ký hộ kinh doanh đã cấp", originals=1)],
            [hkd_fee], [ResultSpec("Giấy chứng nhận đăng ký hộ kinh doanh", BOTH)], [ND_168], reduced=(2, WD), online=OnlineLevel.FULL, applicants=("citizen", "business"))
    commune("1.001570", "Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh", "HKD", 3, WD,
            [ComponentSpec("Thông báo về việc tạm ngừng kinh doanh hoặc tiếp tục kinh doanh", originals=1)],
            [FeeSpec("Lệ phí", 0, "fee", "Không thu lệ phí")], [ResultSpec("Giấy xác nhận về việc hộ kinh doanh đăng ký tạm ngừng kinh doanh", BOTH)], [ND_168],
            online=OnlineLevel.FULL, applicants=("citizen", "business"))
    commune("1.001608", "Chấm dứt hoạt động hộ kinh doanh", "HKD", 3, WD,
            [ComponentSpec("Thông báo chấm dứt hoạt động hộ kinh doanh", originals=1), ComponentSpec("Giấy chứng nhận đăng ký hộ kinh doanh", originals=1)],
            [FeeSpec("Lệ phí", 0, "fee", "Không thu lệ phí")], [ResultSpec("Thông báo về việc chấm dứt hoạt động hộ kinh doanh", BOTH)], [ND_168],
            online=OnlineLevel.FULL, applicants=("citizen", "business"))

    # Đất đai (land): commune competence with inter-agency steps at the province
    land_partners = [("Văn phòng đăng ký đất đai cập nhật hồ sơ địa chính, in Giấy chứng nhận", dept["nn_mt"]), ("Xác định nghĩa vụ tài chính về đất đai", dept["tai_chinh"])]
    commune("1.012768", "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu", "DD", 20, WD,
            [ComponentSpec("Đơn đăng ký đất đai, tài sản gắn liền với đất", originals=1), ComponentSpec("Giấy tờ về quyền sử dụng đất", certified_copies=1, requirement="conditional", condition="Khi có giấy tờ về quyền sử dụng đất"), ComponentSpec("Chứng từ thực hiện nghĩa vụ tài chính", copies=1, requirement="conditional", condition="Khi được ghi nợ hoặc miễn, giảm nghĩa vụ tài chính")],
            [FeeSpec("Lệ phí cấp Giấy chứng nhận", 100_000, "fee", "Miễn cho hộ nghèo"), FeeSpec("Phí thẩm định hồ sơ cấp Giấy chứng nhận", 500_000, "charge", "")],
            [ResultSpec("Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", PAPER)], [LUAT_DD, ND_101],
            reduced=(15, WD), online=OnlineLevel.PARTIAL,
            route=inter_agency_route(hours_equivalent(15, WD), "Công chức địa chính kiểm tra hồ sơ, xác minh hiện trạng", land_partners))
    province("1.012769", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển nhượng, tặng cho, thừa kế", "DD", 10, WD, dept["nn_mt"],
             [ComponentSpec("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất", originals=1), ComponentSpec("Hợp đồng, văn bản về chuyển quyền đã được công chứng, chứng thực", originals=1), ComponentSpec("Giấy chứng nhận đã cấp", originals=1)],
             [FeeSpec("Lệ phí đăng ký biến động", 50_000, "fee", ""), FeeSpec("Phí thẩm định hồ sơ", 300_000, "charge", "")],
             [ResultSpec("Giấy chứng nhận quyền sử dụng đất (cấp mới hoặc xác nhận biến động)", PAPER)], [LUAT_DD, ND_101],
             reduced=(8, WD), online=OnlineLevel.PARTIAL, partners=[("Xác định nghĩa vụ tài chính", dept["tai_chinh"])])
    province("2.000889", "Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất", "DD", 0, SD, dept["nn_mt"],
             [ComponentSpec("Phiếu yêu cầu đăng ký thế chấp", originals=1), ComponentSpec("Hợp đồng thế chấp", originals=1), ComponentSpec("Giấy chứng nhận quyền sử dụng đất", originals=1)],
             [FeeSpec("Phí đăng ký giao dịch bảo đảm", 80_000, "charge", "Miễn cho cá nhân, hộ gia đình vay vốn phát triển nông nghiệp, nông thôn")],
             [ResultSpec("Giấy chứng nhận được chứng nhận nội dung đăng ký thế chấp", PAPER)], [LUAT_DD, ND_101], online=OnlineLevel.FULL, applicants=("citizen", "business"))
    province("2.000890", "Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất", "DD", 0, SD, dept["nn_mt"],
             [ComponentSpec("Phiếu yêu cầu xóa đăng ký thế chấp", originals=1), ComponentSpec("Giấy chứng nhận quyền sử dụng đất", originals=1)],
             [FeeSpec("Phí xóa đăng ký thế chấp", 20_000, "charge", "")], [ResultSpec("Giấy chứng nhận được xác nhận xóa đăng ký thế chấp", PAPER)], [LUAT_DD, ND_101],
             online=OnlineLevel.FULL, applicants=("citizen", "business"))
    province("1.012775", "Cung cấp thông tin, dữ liệu đất đai", "DD", 2, WD, dept["nn_mt"],
             [ComponentSpec("Phiếu yêu cầu cung cấp thông tin, dữ liệu đất đai", originals=1)],
             [FeeSpec("Phí khai thác, sử dụng tài liệu đất đai", 100_000, "charge", "Tính theo hồ sơ, tài liệu")], [ResultSpec("Thông tin, dữ liệu đất đai", BOTH)], [LUAT_DD],
             online=OnlineLevel.FULL, applicants=("citizen", "business"))

    # Xây dựng (construction): building permits for individual houses, commune level
    gp_components = [ComponentSpec("Đơn đề nghị cấp giấy phép xây dựng", originals=1), ComponentSpec("Giấy tờ chứng minh quyền sử dụng đất", certified_copies=1), ComponentSpec("Hai bộ bản vẽ thiết kế xây dựng", originals=2)]
    commune("1.009994", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", "XD", 15, CD, gp_components,
            [FeeSpec("Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ", 75_000, "fee", "")], [ResultSpec("Giấy phép xây dựng", BOTH)], [LUAT_XD, ND_175],
            reduced=(10, WD), online=OnlineLevel.FULL, processing="Công chức phụ trách xây dựng thẩm định hồ sơ, kiểm tra thực địa")
    commune("1.009995", "Cấp giấy phép xây dựng sửa chữa, cải tạo đối với nhà ở riêng lẻ", "XD", 15, CD, gp_components,
            [FeeSpec("Lệ phí cấp giấy phép xây dựng", 75_000, "fee", "")], [ResultSpec("Giấy phép xây dựng sửa chữa, cải tạo", BOTH)], [LUAT_XD, ND_175],
            reduced=(10, WD), online=OnlineLevel.FULL)
    commune("1.009996", "Gia hạn giấy phép xây dựng đối với nhà ở riêng lẻ", "XD", 5, CD,
            [ComponentSpec("Đơn đề nghị gia hạn giấy phép xây dựng", originals=1), ComponentSpec("Bản chính giấy phép xây dựng đã được cấp", originals=1)],
            [FeeSpec("Lệ phí gia hạn giấy phép xây dựng", 15_000, "fee", "")], [ResultSpec("Giấy phép xây dựng được gia hạn", PAPER)], [LUAT_XD, ND_175], online=OnlineLevel.FULL)
    commune("1.009997", "Cấp lại giấy phép xây dựng đối với nhà ở riêng lẻ", "XD", 5, CD,
            [ComponentSpec("Đơn đề nghị cấp lại giấy phép xây dựng", originals=1), ComponentSpec("Giấy phép xây dựng bị rách, nát", originals=1, requirement="conditional", condition="Trường hợp bị rách, nát")],
            [FeeSpec("Lệ phí cấp lại giấy phép xây dựng", 15_000, "fee", "")], [ResultSpec("Giấy phép xây dựng (cấp lại)", PAPER)], [LUAT_XD, ND_175], online=OnlineLevel.FULL)

    # Tư pháp (judicial records), province level, inter-agency with the provincial police
    province("2.000488", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam", "LLTP", 10, WD, dept["tu_phap"],
             [ComponentSpec("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", originals=1), GIAY_TO_TUY_THAN, UY_QUYEN],
             [FeeSpec("Phí cung cấp thông tin lý lịch tư pháp", 200_000, "charge", "Sinh viên, người có công với cách mạng: 100.000 đồng; trẻ em, người cao tuổi, người khuyết tật, hộ nghèo: miễn")],
             [ResultSpec("Phiếu lý lịch tư pháp", BOTH)], [LUAT_LLTP], reduced=(7, WD), online=OnlineLevel.FULL,
             partners=[("Công an tỉnh tra cứu, xác minh thông tin án tích", dept["cong_an"])])

    # Bảo trợ xã hội (social protection), commune level
    commune("1.001776", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng", "BTXH", 15, WD,
            [ComponentSpec("Tờ khai đề nghị trợ giúp xã hội", originals=1), ComponentSpec("Giấy xác nhận khuyết tật", copies=1, requirement="conditional", condition="Đối tượng là người khuyết tật")],
            [FeeSpec("Lệ phí", 0, "fee", "Không thu")], [ResultSpec("Quyết định trợ cấp xã hội hàng tháng", PAPER)], [ND_20], reduced=(12, WD), online=OnlineLevel.PARTIAL)
    commune("1.001731", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "BTXH", 5, WD,
            [ComponentSpec("Tờ khai đề nghị hỗ trợ chi phí mai táng", originals=1), ComponentSpec("Giấy báo tử hoặc trích lục khai tử", copies=1)],
            [FeeSpec("Lệ phí", 0, "fee", "Không thu")], [ResultSpec("Quyết định hỗ trợ chi phí mai táng", PAPER)], [ND_20], online=OnlineLevel.PARTIAL)
    commune("1.001699", "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật", "BTXH", 25, WD,
            [ComponentSpec("Đơn đề nghị xác định, xác định lại mức độ khuyết tật", originals=1), ComponentSpec("Bản sao các giấy tờ liên quan đến khuyết tật (nếu có)", copies=1, requirement="conditional", condition="Khi có kết luận của hội đồng giám định y khoa")],
            [FeeSpec("Lệ phí", 0, "fee", "Không thu")], [ResultSpec("Giấy xác nhận khuyết tật", PAPER)], [ND_20], online=OnlineLevel.PARTIAL)

    # Lao động (labour), province level: Sở Nội vụ since 3/2025
    province("1.000459", "Đăng ký nội quy lao động của doanh nghiệp", "LD", 7, WD, dept["noi_vu"],
             [ComponentSpec("Văn bản đề nghị đăng ký nội quy lao động", originals=1), ComponentSpec("Nội quy lao động", originals=1), ComponentSpec("Văn bản góp ý của tổ chức đại diện người lao động", copies=1)],
             [FeeSpec("Lệ phí", 0, "fee", "Không thu")], [ResultSpec("Thông báo về việc đăng ký nội quy lao động", BOTH)], [BLLD], online=OnlineLevel.FULL, applicants=("business",), scope=CrossBoundary.NONE)
    province("1.000105", "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam", "LD", 10, WD, dept["noi_vu"],
             [ComponentSpec("Văn bản đề nghị cấp giấy phép lao động", originals=1), ComponentSpec("Giấy chứng nhận sức khỏe", originals=1), ComponentSpec("Phiếu lý lịch tư pháp hoặc văn bản xác nhận không phải là người đang chấp hành hình phạt", originals=1), ComponentSpec("Văn bản chứng minh chuyên gia, nhà quản lý, lao động kỹ thuật", certified_copies=1), ComponentSpec("Hai ảnh màu 4 x 6 cm", originals=2)],
             [FeeSpec("Lệ phí cấp giấy phép lao động", 600_000, "fee", "")], [ResultSpec("Giấy phép lao động", BOTH)], [BLLD, ND_219], reduced=(5, WD), online=OnlineLevel.FULL, applicants=("business",), scope=CrossBoundary.NONE)
    return out
