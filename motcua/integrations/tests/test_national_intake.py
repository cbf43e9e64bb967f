"""Dossiers submitted on the national portal (docs/rules.md section 7.1), driven by the fake portal
on 127.0.0.1: they enter the reception queue as online submissions with their files, applicant,
result channel and payment; a duplicate delivery creates nothing twice; a malformed one is
quarantined with its reason and nothing of it is created; every status flows back."""

import base64
import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.core.testing import sample_pdf, sample_png
from motcua.dossiers import selectors
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier, DossierFile
from motcua.integrations import services
from motcua.integrations.adapters import sign
from motcua.integrations.models import OutboxMessage, Payment, PortalIntake
from motcua.jobs.outbox import DeliveryError


def portal_dossier(env, code="G22.99-261201-000001", **changes) -> dict:
    """A dossier as a citizen submits it on the national portal (the portal's field names)."""
    item = {
        "MaHoSoQG": code,
        "MaTTHC": env["code"],
        "MaDonVi": env["a_centre"].code,
        "ChuHoSo": "Trần Văn Hải",
        "LoaiDoiTuong": "1",
        "MaDoiTuong": "079085009999",
        "NgaySinh": "19850704",
        "SoDienThoai": "0987000111",
        "Email": "hai@example.invalid",
        "DiaChi": "5 Lê Lợi",
        "NgayNopHoSo": timezone.localtime(timezone.now() - dt.timedelta(hours=1)).strftime("%Y%m%d%H%M%S"),
        "HinhThuc": "1",
        "DiaChiNhanKetQua": "5 Lê Lợi, xã A",
        "TaiLieuNop": [
            {"TenThanhPhan": "Tờ khai", "TenTepDinhKem": "to-khai.pdf", "DuongDanTaiTep": f"/files/{code}-1"},
            {"TenThanhPhan": "Giấy chứng sinh", "TenTepDinhKem": "chung-sinh.png", "DuongDanTaiTep": f"/files/{code}-2"},
        ],
        "ThanhToan": {"TrangThai": "1", "SoTien": 8000, "MaGiaoDich": f"PAYGOV-{code[-6:]}", "NgayThanhToan": "20261201090000"},
        "TaiKhoanDuocXacThucVoiVNeID": "1",
    }
    item.update(changes)
    return item


def offer(portal, item) -> None:
    code = item.get("MaHoSoQG", "x")
    portal.submit(item, {f"{code}-1": sample_pdf("to khai"), f"{code}-2": sample_png()})


def sweep():
    return services.OUTBOX.deliver_due(now=timezone.now() + dt.timedelta(hours=1))


def test_a_submitted_dossier_enters_the_reception_queue_with_its_files_and_payment(env, portal):
    offer(portal, portal_dossier(env))
    outcome = services.pull()
    assert (outcome.accepted, outcome.duplicates, outcome.quarantined) == (1, 0, 0)
    d = Dossier.objects.get()
    assert (d.national_code, d.channel, d.state, d.national_status, d.code) == ("G22.99-261201-000001", "online", "submitted", 1, None)
    assert (d.applicant_name, d.applicant_id_number, d.applicant_birth_date) == ("Trần Văn Hải", "079085009999", dt.date(1985, 7, 4))
    assert (d.result_channel, d.result_address) == ("postal", "5 Lê Lợi, xã A")  # HinhThuc 1: by post
    assert d.receiving_agency == env["a_centre"]
    files = {f.component: f for f in DossierFile.objects.filter(dossier=d)}
    assert set(files) == {"Tờ khai", "Giấy chứng sinh"}
    assert (files["Tờ khai"].content_type, files["Giấy chứng sinh"].content_type) == ("application/pdf", "image/png")
    assert {c["name"] for c in d.components} == {"Tờ khai", "Giấy chứng sinh"}
    payment = Payment.objects.get(dossier=d)
    assert (payment.state, payment.amount, payment.transaction_id) == ("paid", 8000, "PAYGOV-000001")
    submit = d.events.get()
    assert (submit.action, submit.data["source"], submit.data["verified_identity"]) == ("submit", "national_portal", True)
    # It waits in the reception queue of the receiving centre, like any online submission.
    officer = env["staff"]["reception_a"]
    assert list(selectors.queue(officer, "to_receive")) == [d]
    assert dossier_services.available(officer, d, "receive")
    sweep()
    assert [(a["MaHoSoQG"], a["KetQua"]) for a in portal.acks] == [("G22.99-261201-000001", "1")]
    assert portal.submitted == []  # acknowledged: the portal offers it no more


def test_a_duplicate_delivery_creates_nothing_twice(env, portal):
    item = portal_dossier(env)
    offer(portal, item)
    services.pull()
    services.pull()  # the acknowledgement has not reached the portal yet: it offers the dossier again
    _row, outcome = services.receive(json.loads(json.dumps(item)), via="push")  # and pushes it as well
    assert outcome == "duplicate"
    assert Dossier.objects.count() == 1
    assert DossierFile.objects.count() == 2
    assert Payment.objects.count() == 1
    assert PortalIntake.objects.get().deliveries == 3


def test_the_status_flows_back_under_the_portals_code(env, portal):
    offer(portal, portal_dossier(env))
    services.pull()
    d = Dossier.objects.get()
    d = dossier_services.perform(d, "receive", actor=env["staff"]["reception_a"])
    sweep()
    progress = [body for service, body in portal.calls if service == "CapNhatTienDoHoSoMC"]
    assert progress, "the reception reached the portal"
    assert (progress[-1]["MaHoSoQG"], progress[-1]["MaHoSo"]) == ("G22.99-261201-000001", d.code)
    synced = portal.dossiers[d.code]
    assert (synced["MaHoSoQG"], synced["TrangThaiHoSo"]) == ("G22.99-261201-000001", "2")


@pytest.mark.parametrize(
    ("changes", "files", "reason"),
    [
        ({"MaHoSoQG": ""}, None, "MaHoSoQG"),
        ({"MaTTHC": "9.999999"}, None, "9.999999"),
        ({"MaDonVi": "000.00.99.H99"}, None, "000.00.99.H99"),
        ({"NgayNopHoSo": "2026-12-01"}, None, "yyyyMMddHHmmss"),
        ({"ChuHoSo": ""}, None, "ChuHoSo"),
        ({"HinhThuc": "7"}, None, "HinhThuc"),
        ({"TaiLieuNop": [{"TenThanhPhan": "Sổ hộ khẩu", "DuongDanTaiTep": "/files/x"}]}, {"x": sample_pdf()}, "Sổ hộ khẩu"),
        ({"TaiLieuNop": [{"TenThanhPhan": "Tờ khai", "DuongDanTaiTep": "/files/gone"}]}, {}, "HTTP 404"),
        ({"TaiLieuNop": [{"TenThanhPhan": "Tờ khai", "DuongDanTaiTep": "/files/exe"}]}, {"exe": b"MZ\x90\x00 not a pdf"}, "PDF"),
        ({"TaiLieuNop": [{"TenThanhPhan": "Tờ khai", "DuongDanTaiTep": "http://10.0.0.1/secret"}]}, {}, "not on the portal"),
        ({"TaiLieuNop": [{"TenThanhPhan": "Tờ khai", "NoiDungBase64": "%%%"}]}, None, "base64"),
        ({"ThanhToan": {"TrangThai": "1", "SoTien": -5, "MaGiaoDich": "X", "NgayThanhToan": "20261201090000"}}, None, "SoTien"),
    ],
)
def test_a_malformed_dossier_is_quarantined_with_its_reason_and_nothing_is_created(env, portal, settings, changes, files, reason):
    item = portal_dossier(env, **changes)
    portal.submit(item, files if files is not None else {"G22.99-261201-000001-1": sample_pdf(), "G22.99-261201-000001-2": sample_png()})
    media = set(Path(settings.MEDIA_ROOT).rglob("*")) if Path(settings.MEDIA_ROOT).exists() else set()
    outcome = services.pull()
    assert (outcome.accepted, outcome.quarantined) == (0, 1)
    row = PortalIntake.objects.get()
    assert row.state == "quarantined"
    assert reason in row.reason + row.reason_en
    assert row.dossier is None
    assert Dossier.objects.count() == 0
    assert DossierFile.objects.count() == 0
    assert Payment.objects.count() == 0
    after = set(Path(settings.MEDIA_ROOT).rglob("*")) if Path(settings.MEDIA_ROOT).exists() else set()
    assert {p for p in after - media if p.is_file()} == set(), "no file of a quarantined dossier is kept"
    sweep()
    assert [(a["KetQua"], a["TrangThai"]) for a in portal.acks] == [("0", "pending")]


def test_an_unreadable_delivery_is_quarantined_once(env, portal):
    for _ in range(2):
        _row, outcome = services.receive(["not", "an", "object"], via="push")
    assert outcome == "duplicate"
    row = PortalIntake.objects.get()
    assert (row.state, row.deliveries, row.national_code[:1]) == ("quarantined", 2, "?")


def test_files_the_portal_cannot_serve_now_are_fetched_at_the_next_pull(env, portal):
    offer(portal, portal_dossier(env))
    portal.mode = "down"
    with pytest.raises(DeliveryError):  # the portal itself is down: the pull fails loudly
        services.pull()
    portal.mode = "up"
    served, portal.files = portal.files, {}
    portal.files_status = 503
    outcome = services.pull()
    assert (outcome.postponed, outcome.accepted, outcome.quarantined) == (1, 0, 0)
    assert PortalIntake.objects.count() == 0 and Dossier.objects.count() == 0
    portal.files, portal.files_status = served, 404
    assert services.pull().accepted == 1


def test_the_administrator_fixes_the_cause_and_retries_or_dismisses(env, portal, make_agency, admin_client, client, make_user):
    offer(portal, portal_dossier(env, MaDonVi="000.31.99.H99"))
    offer(portal, portal_dossier(env, code="G22.99-261201-000002", MaTTHC="9.999999"))
    services.pull()
    admin = env["staff"]["admin"]
    client.force_login(admin)
    page = client.get(reverse("integrations:intake"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "G22.99-261201-000001" in html and "000.31.99.H99" in html and "G22.99-261201-000002" in html
    # The missing centre is created under commune A and made a receiver of the procedure: retry.
    centre = make_agency(name="Trung tâm mới", code="000.31.99.H99", parent=env["a"], kind="service_centre")
    env["version"].receiving_agencies.add(centre)
    first = PortalIntake.objects.get(national_code="G22.99-261201-000001")
    response = client.post(reverse("integrations:intake_action", args=[first.pk, "retry"]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.state == "accepted" and first.dossier.receiving_agency == centre
    assert first.handled_by == admin
    # The unknown procedure is dismissed with a reason the portal is told.
    second = PortalIntake.objects.get(national_code="G22.99-261201-000002")
    client.post(reverse("integrations:intake_action", args=[second.pk, "dismiss"]), {"note": ""})
    second.refresh_from_db()
    assert second.state == "quarantined", "a dismissal needs a reason"
    client.post(reverse("integrations:intake_action", args=[second.pk, "dismiss"]), {"note": "Thủ tục không thuộc tỉnh"})
    second.refresh_from_db()
    assert (second.state, second.note) == ("dismissed", "Thủ tục không thuộc tỉnh")
    sweep()
    assert ("G22.99-261201-000002", "0", "refused", "Thủ tục không thuộc tỉnh") in {
        (a["MaHoSoQG"], a["KetQua"], a["TrangThai"], a["LyDo"]) for a in portal.acks
    }
    # Only administrators see the list; a reception officer does not.
    client.force_login(env["staff"]["reception_a"])
    assert client.get(reverse("integrations:intake")).status_code == 403


def test_an_administrator_of_one_commune_sees_only_what_was_sent_to_it(env, portal, make_user, client):
    offer(portal, portal_dossier(env, MaTTHC="9.999999"))  # addressed to commune A's centre
    offer(portal, portal_dossier(env, code="G22.99-261201-000002", MaTTHC="9.999999", MaDonVi=env["b_centre"].code))
    services.pull()
    client.force_login(make_user(env["b"], role="admin"))
    html = client.get(reverse("integrations:intake")).content.decode()
    assert "G22.99-261201-000002" in html
    assert "G22.99-261201-000001" not in html
    row = PortalIntake.objects.get(national_code="G22.99-261201-000001")
    assert client.post(reverse("integrations:intake_action", args=[row.pk, "retry"])).status_code == 404


def _signed_push(client, settings, item, *, nonce=None, secret=None):
    body = json.dumps({"at": timezone.now().isoformat(), "nonce": nonce or uuid.uuid4().hex, "HoSo": item}).encode()
    return client.post(
        reverse("integrations:national_push"),
        data=body,
        content_type="application/json",
        headers={"X-Signature": sign(secret or settings.NATIONAL_PORTAL_PUSH_SECRET, body)},
    )


def test_a_pushed_dossier_is_signed_and_may_carry_its_files(env, portal, settings, client):
    settings.NATIONAL_PORTAL_PUSH_SECRET = "push-secret"
    item = portal_dossier(env)
    item["TaiLieuNop"] = [{"TenThanhPhan": "Tờ khai", "TenTepDinhKem": "tk.pdf", "NoiDungBase64": base64.b64encode(sample_pdf()).decode()}]
    assert _signed_push(client, settings, item, secret="wrong").status_code == 401
    assert Dossier.objects.count() == 0
    response = _signed_push(client, settings, item, nonce="n-1")
    assert (response.status_code, response.json()) == (200, {"status": "accepted"})
    assert _signed_push(client, settings, item, nonce="n-1").json() == {"status": "replay"}
    assert _signed_push(client, settings, item).json() == {"status": "duplicate"}
    d = Dossier.objects.get()
    assert d.files.get().component == "Tờ khai"
    bad = _signed_push(client, settings, portal_dossier(env, code="G22.99-261201-000009", MaTTHC="9.999999"))
    assert bad.json() == {"status": "quarantined"}
    assert Dossier.objects.count() == 1


def test_nothing_is_pulled_when_the_portal_is_not_configured(env, settings):
    settings.NATIONAL_PORTAL_URL = ""
    assert services.pull_national_portal.call() == "not configured"
    assert OutboxMessage.objects.count() == 0
