"""The national portal's payloads (docs/rules.md section 7; README, "Integrations"): a dossier as ``DongBoHoSoMC``
and an action as a progress update. Field names are the portal's; our codes become theirs
through the mapping tables (data), dates are ``yyyyMMddHHmmss`` in local time (UTC+7)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

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
    results = [
        {"TenGiayTo": f.name, "DuongDanTaiTep": f"/files/{f.pk}", "LoaiTep": f.content_type} for f in d.files.all() if f.kind == "result"
    ]
    fees = [{"TenPhiLePhi": fee.name, "MucPhi": fee.amount, "LoaiPhiLePhi": fee.kind} for fee in version.fees.all()]
    return {
        "MaHoSo": d.code or "",
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
