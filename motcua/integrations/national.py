"""The national portal's payloads (docs/rules.md section 7; README, "Integrations"): a dossier as ``DongBoHoSoMC``,
an action as a progress update, and a dossier submitted on the portal read back into our terms
(``submitted_dossier``). Field names are the portal's; our codes become theirs through the
mapping tables (data), dates are ``yyyyMMddHHmmss`` in local time (UTC+7)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from motcua.core.errors import BilingualError
from motcua.dossiers import machine

from .models import StatusMapping

# The shipped mapping (installed as data; the admin edits ``StatusMapping``).
DEFAULT_MAPPINGS = {
    "state": {state: str(code) for state, code in machine.NATIONAL_CODE.items()},
    "channel": {"counter": "1", "online": "2", "postal": "3"},
    "result_channel": {"counter": "0", "postal": "1", "online": "2"},
    "applicant_kind": {"person": "1", "business": "2"},
}


def portal_time(value) -> str:
    return timezone.localtime(value).strftime("%Y%m%d%H%M%S") if value else ""


def mapping() -> dict[str, dict[str, str]]:
    table = {field: dict(values) for field, values in DEFAULT_MAPPINGS.items()}
    for row in StatusMapping.objects.filter(target="portal"):
        table.setdefault(row.field, {})[row.ours] = row.theirs
    return table


def _result(f) -> dict:
    """A result file as the portal keeps it; a signed electronic result goes with its bytes
    (base64) and its hash, so the citizen gets it on the national portal too (docs/rules.md
    section 3.1)."""
    row = {"TenGiayTo": f.name, "DuongDanTaiTep": f"/files/{f.pk}", "LoaiTep": f.content_type, "KetQuaDienTu": "0"}
    if f.signed_at is not None:
        with f.file.open("rb") as handle:
            content = base64.b64encode(handle.read()).decode("ascii")
        row.update({"KetQuaDienTu": "1", "NgayKy": portal_time(f.signed_at), "MaHash": f.sha256, "NoiDungTep": content})
    return row


def dossier_payload(d, table: dict | None = None) -> dict:
    """``DongBoHoSoMC``: the whole dossier, as the portal keeps it."""
    table = table or mapping()
    version = d.procedure_version
    events = list(d.events.order_by("seq"))
    supplements = []
    for e in events:
        if e.action == "supplement_received":
            supplements.append(
                {
                    "NgayYeuCauBoSung": "",
                    "NgayTiepNhanBoSung": portal_time(e.at),
                    "NgayHenTraTruoc": _time_text(e.data.get("due_before")),
                    "NgayHenTraMoi": _time_text(e.data.get("due_at")),
                }
            )
        elif e.action == "request_supplement":
            supplements.append(
                {
                    "NgayYeuCauBoSung": portal_time(e.at),
                    "NoiDung": e.note,
                    "NgayTiepNhanBoSung": "",
                    "NgayHenTraTruoc": "",
                    "NgayHenTraMoi": "",
                }
            )
    files = [
        {"TenTepDinhKem": f.name, "DuongDanTaiTep": f"/files/{f.pk}", "MaThanhPhan": f.component, "LoaiTep": f.content_type}
        for f in d.files.all()
        if f.kind == "component"
    ]
    results = [_result(f) for f in d.files.all() if f.kind == "result"]
    fees = [{"TenPhiLePhi": fee.name, "MucPhi": fee.amount, "LoaiPhiLePhi": fee.kind} for fee in version.fees.all()]
    return {
        "MaHoSo": d.code or "",
        "MaHoSoQG": d.national_code or "",
        "MaTTHC": d.procedure.code,
        "TenTTHC": version.name,
        "MaLinhVuc": version.field.code,
        "TenLinhVuc": version.field.name,
        "KenhThucHien": table["channel"].get(d.channel, ""),
        "ChuHoSo": d.applicant_name,
        "LoaiDoiTuong": table["applicant_kind"].get(d.applicant_kind, "1"),
        "MaDoiTuong": d.applicant_id_number,
        "SoDienThoai": d.applicant_phone,
        "Email": d.applicant_email,
        "TrichYeuHoSo": version.name,
        "NgayNopHoSo": portal_time(d.submitted_at),
        "NgayTiepNhan": portal_time(d.received_at),
        "NgayHenTra": portal_time(d.due_at),
        "NgayHenTraMoi": portal_time(d.appointment_at),
        "TrangThaiHoSo": table["state"].get(d.state, ""),
        "NgayKetThucXuLy": portal_time(d.resolved_at),
        "NgayTra": portal_time(d.returned_at),
        "HinhThuc": table["result_channel"].get(d.result_channel, "0"),
        "DonViXuLy": d.competent_agency.code,
        "TaiLieuNop": files,
        "DanhSachLePhi": fees,
        "DanhSachHoSoBoSung": supplements,
        "DanhSachGiayToKetQua": results,
        "DuocThanhToanTrucTuyen": "1" if d.payments.filter(state="paid").exclude(channel="counter").exists() else "0",
        "TaiKhoanDuocXacThucVoiVNeID": "1" if d.owner_id and getattr(getattr(d.owner, "applicant", None), "oidc_subject", None) else "0",
    }


def progress_payload(d, event, table: dict | None = None) -> dict:
    """A progress update for one action: who, what, where, when, the new status, the step."""
    table = table or mapping()
    step = d.steps.filter(started_at__lte=event.at).order_by("-started_at", "-id").first()  # the step the action left it in
    return {
        "MaHoSo": d.code or "",
        "MaHoSoQG": d.national_code or "",
        "NguoiXuLy": event.actor_label,
        "ChucDanh": "",
        "DonViXuLy": (event.to_agency or event.agency or d.current_agency).code,
        "ThoiDiemXuLy": portal_time(event.at),
        "NoiDungXuLy": f"{event.action_label}{': ' + event.note if event.note else ''}"[:1000],
        "TrangThai": table["state"].get(event.to_state or d.state, ""),
        "NgayBatDau": portal_time(step.started_at) if step else "",
        "NgayKetThucTheoQuyDinh": portal_time(d.due_at),
    }


def _time_text(value: str | None) -> str:
    if not value:
        return ""

    try:
        return portal_time(dt.datetime.fromisoformat(value))
    except ValueError:
        return ""


# --------------------------------------------------------------------------- inbound
class Malformed(BilingualError):
    """A submitted dossier that cannot be read: it is quarantined with this reason."""


@dataclass
class SubmittedFile:
    component: str
    name: str
    url: str = ""
    content: bytes | None = None


@dataclass
class SubmittedDossier:
    """A dossier submitted on the national portal, in our terms (nothing checked against the
    catalogue yet: that is the reception's ``submit``)."""

    national_code: str
    procedure_code: str
    receiving_agency_code: str
    competent_agency_code: str
    applicant: dict
    submitted_at: dt.datetime
    result_channel: str
    result_address: str
    files: list[SubmittedFile] = field(default_factory=list)
    paid: dict | None = None
    verified_identity: bool = False


MAX_FILES = 50


def _text(item: dict, key: str, limit: int, *, required: bool = False) -> str:
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise Malformed(f"Trường {key} không hợp lệ.", f"{key} is not text.")
    value = " ".join(str(value).split())
    if required and not value:
        raise Malformed(f"Thiếu trường {key}.", f"{key} is missing.")
    if len(value) > limit:
        raise Malformed(f"Trường {key} dài quá {limit} ký tự.", f"{key} is longer than {limit} characters.")
    return value


def _portal_moment(value: str, key: str) -> dt.datetime:
    try:
        return timezone.make_aware(dt.datetime.strptime(value, "%Y%m%d%H%M%S"))
    except ValueError:
        raise Malformed(f"{key} không đúng dạng yyyyMMddHHmmss.", f"{key} is not yyyyMMddHHmmss.") from None


def _reverse(table: dict[str, str], value: str, key: str, default: str) -> str:
    if not value:
        return default
    for ours, theirs in table.items():
        if theirs == value:
            return ours
    raise Malformed(f"Giá trị {key} = {value!r} không có trong bảng mã đối chiếu.", f"{key} = {value!r} is not in the mapping table.")


def _files(item: dict) -> list[SubmittedFile]:
    raw = item.get("TaiLieuNop") or []
    if not isinstance(raw, list) or len(raw) > MAX_FILES:
        raise Malformed(f"TaiLieuNop phải là danh sách tối đa {MAX_FILES} tệp.", f"TaiLieuNop must be a list of at most {MAX_FILES} files.")
    files = []
    for i, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise Malformed(f"Tệp thứ {i} không hợp lệ.", f"File {i} is not an object.")
        content = None
        if entry.get("NoiDungBase64"):
            try:
                content = base64.b64decode(str(entry["NoiDungBase64"]), validate=True)
            except (binascii.Error, ValueError):
                raise Malformed(f"Tệp thứ {i}: nội dung base64 hỏng.", f"File {i}: broken base64 content.") from None
        url = _text(entry, "DuongDanTaiTep", 500)
        if content is None and not url:
            raise Malformed(f"Tệp thứ {i} không có đường dẫn hay nội dung.", f"File {i} has neither a link nor content.")
        files.append(
            SubmittedFile(
                component=_text(entry, "TenThanhPhan", 500, required=True),
                name=_text(entry, "TenTepDinhKem", 200) or f"tep-{i}",
                url=url,
                content=content,
            )
        )
    return files


def _payment(item: dict) -> dict | None:
    raw = item.get("ThanhToan")
    if not raw:
        return None
    if not isinstance(raw, dict):
        raise Malformed("ThanhToan không hợp lệ.", "ThanhToan is not an object.")
    if str(raw.get("TrangThai", "")) != "1":
        return None
    amount = raw.get("SoTien")
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount < 10**12:
        raise Malformed("Số tiền đã thanh toán không hợp lệ.", "ThanhToan.SoTien is not a positive whole number.")
    return {
        "amount": amount,
        "transaction_id": _text(raw, "MaGiaoDich", 60, required=True),
        "paid_at": _portal_moment(_text(raw, "NgayThanhToan", 14, required=True), "NgayThanhToan"),
        "channel": _text(raw, "KenhThanhToan", 30) or "dvcqg",
    }


def submitted_dossier(item, table: dict | None = None) -> SubmittedDossier:
    """Read a dossier submitted on the portal; ``Malformed`` names the first thing wrong."""
    if not isinstance(item, dict):
        raise Malformed("Hồ sơ không phải một đối tượng JSON.", "The dossier is not a JSON object.")
    table = table or mapping()
    birth = _text(item, "NgaySinh", 8)
    try:
        birth_date = dt.datetime.strptime(birth, "%Y%m%d").date().isoformat() if birth else ""
    except ValueError:
        raise Malformed("NgaySinh không đúng dạng yyyyMMdd.", "NgaySinh is not yyyyMMdd.") from None
    return SubmittedDossier(
        national_code=_text(item, "MaHoSoQG", 40, required=True),
        procedure_code=_text(item, "MaTTHC", 40, required=True),
        receiving_agency_code=_text(item, "MaDonVi", 40, required=True),
        competent_agency_code=_text(item, "MaCoQuanGiaiQuyet", 40),
        applicant={
            "kind": _reverse(table["applicant_kind"], _text(item, "LoaiDoiTuong", 2), "LoaiDoiTuong", "person"),
            "name": _text(item, "ChuHoSo", 200, required=True),
            "id_number": _text(item, "MaDoiTuong", 20, required=True),
            "birth_date": birth_date,
            "phone": _text(item, "SoDienThoai", 16),
            "email": _text(item, "Email", 254),
            "address": _text(item, "DiaChi", 300),
        },
        submitted_at=_portal_moment(_text(item, "NgayNopHoSo", 14, required=True), "NgayNopHoSo"),
        result_channel=_reverse(table["result_channel"], _text(item, "HinhThuc", 2), "HinhThuc", "online"),
        result_address=_text(item, "DiaChiNhanKetQua", 300),
        files=_files(item),
        paid=_payment(item),
        verified_identity=str(item.get("TaiKhoanDuocXacThucVoiVNeID", "")) == "1",
    )
