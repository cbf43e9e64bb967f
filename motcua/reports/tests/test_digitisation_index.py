"""Groups 1 and 4 of the service index (docs/rules.md section 6.2) from the catalogue's
publication data and the digitisation data: expected counts are worked out by hand from the
timelines built here, never read back from the code."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from motcua.catalog import services as catalog
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.conftest import make_spec, route
from motcua.core.testing import sample_pdf, sample_png
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.integrations.models import OutboxMessage
from motcua.portal.models import ApplicantProfile
from motcua.records import services as records
from motcua.records.models import StoredDocument
from motcua.reports import indicators
from motcua.reports.dashboard import dossiers_of, subtree
from motcua.reports.periods import Period
from motcua.signatures import pki
from motcua.signatures.services import key_dir, register_pkcs12

from .conftest import NOVEMBER, imported, t


def _publish(env, code, effective, published_at, agency="a_centre", previous=None, **kw):
    spec = make_spec(
        code=code,
        name=f"Thủ tục {code}",
        competent_agencies=(env["a"].code,),
        receiving_agencies=(env[agency].code,),
        routes=(route(24),),
        **kw,
    )
    if previous is None:
        draft = catalog.create_procedure(spec)
    else:
        draft = catalog.update_draft(catalog.start_draft(previous.procedure), spec)
    version = catalog.publish(draft, effective_from=effective, allow_past=True)
    # When it was published is history here: the publishing service stamps the present moment.
    ProcedureVersion.objects.filter(pk=version.pk).update(published_at=t(published_at))
    return version


def test_group_1_counts_the_versions_in_force_their_timeliness_and_completeness(env):
    full = {"description": "Nộp hồ sơ tại bộ phận một cửa; nhận kết quả theo phiếu hẹn."}
    # In force in November 2025, received by the commune A's centre:
    #  - the fixture's procedure: in force since 2024, published only now (late), no description;
    #  - 2.000001 v1 (published 20/05 for 01/06: on time, complete) replaced on 15/11 by v2
    #    (published that very morning: on time, complete): both in force in November;
    #  - 2.000002 v2, in force since 01/10, published 05/10 (late), complete; its v1 ended on 01/10.
    # Not counted: 2.000003 takes effect on 01/12; 2.000004 is received only by commune B.
    v1 = _publish(env, "2.000001", dt.date(2025, 6, 1), "2025-05-20 09:00", **full)
    _publish(env, "2.000001", dt.date(2025, 11, 15), "2025-11-15 08:00", previous=v1, **full)
    w1 = _publish(env, "2.000002", dt.date(2025, 1, 1), "2024-12-20 09:00")
    _publish(env, "2.000002", dt.date(2025, 10, 1), "2025-10-05 09:00", previous=w1, **full)
    _publish(env, "2.000003", dt.date(2025, 12, 1), "2025-11-20 09:00", **full)
    _publish(env, "2.000004", dt.date(2025, 1, 1), "2024-12-01 09:00", agency="b_centre", **full)
    a = env["a_centre"]
    basis = indicators.compute(dossiers_of(a), subtree(a), NOVEMBER).basis
    assert basis["published_on_time"] == (2, 4)
    assert basis["published_complete"] == (3, 4)
    # A part missing from a version in force makes it incomplete: no legal basis on 2.000001 v3.
    v3 = _publish(env, "2.000001", dt.date(2025, 11, 20), "2025-11-19 09:00", previous=v1, legal_basis=(), **full)
    assert v3.number == 3
    basis = indicators.compute(dossiers_of(a), subtree(a), NOVEMBER).basis
    assert basis["published_on_time"] == (3, 5) and basis["published_complete"] == (3, 5)


def test_group_1_counts_dossiers_sent_to_the_national_portal(env):
    first = imported(env, "S1", "2025-11-03 09:00")
    imported(env, "S2", "2025-11-04 09:00")
    unsent = imported(env, "S3", "2025-11-05 09:00")
    OutboxMessage.objects.create(key="k1", target="portal", kind="sync", dossier=first, state="sent")
    OutboxMessage.objects.create(key="k2", target="portal", kind="progress", dossier=first, state="sent")  # still one dossier
    OutboxMessage.objects.create(key="k3", target="portal", kind="sync", dossier=unsent, state="dead")  # never reached the portal
    OutboxMessage.objects.create(key="k4", target="postal", kind="postal_order", dossier=unsent, state="sent")  # not the portal
    a = env["a_centre"]
    assert indicators.compute(dossiers_of(a), subtree(a), NOVEMBER).basis["synced_national"] == (1, 3)


def test_group_4_counts_digitised_reused_store_and_vneid(env, receive):
    desk = env["staff"]["reception_a"]
    scan = [SimpleUploadedFile("p.png", sample_png(), "image/png")]
    first = receive()
    services.digitise_component(first, "Tờ khai", scan, actor=desk)
    services.digitise_component(first, "Giấy chứng sinh", [SimpleUploadedFile("q.png", sample_png(), "image/png")], actor=desk)
    second = receive()
    records.reuse(second, StoredDocument.objects.get(name="Tờ khai"), actor=desk)
    receive()  # nothing on file
    moment = timezone.localtime() - dt.timedelta(minutes=1)
    online = imported(env, "ONL", f"{moment:%Y-%m-%d %H:%M}", channel="online")
    citizen = get_user_model().objects.create_user("vneid-citizen", password="x-Mật-khẩu-123")  # noqa: S106
    ApplicantProfile.objects.create(user=citizen, oidc_subject="vneid-777")
    Dossier.objects.filter(pk=online.pk).update(owner=citizen)
    today = timezone.localdate()
    a = env["a_centre"]
    basis = indicators.compute(dossiers_of(a), subtree(a), Period(today, today)).basis
    assert basis["digitised"] == (2, 4)  # first and second have components on file
    assert basis["reused"] == (1, 4)
    assert basis["from_store"] == (1, 3)  # of three component files, one came from the store
    assert basis["vneid"] == (1, 1)  # the one online dossier, from a VNeID account


def test_only_a_signed_result_is_an_electronic_result(env):
    d = imported(env, "ER", "2025-11-03 09:00", [{"action": "resolve", "at": "2025-11-04 09:00"}])
    imported(env, "EQ", "2025-11-03 10:00", [{"action": "resolve", "at": "2025-11-04 10:00"}])
    d = services.attach_file(d, SimpleUploadedFile("kq.pdf", sample_pdf("ket qua")), actor=env["staff"]["admin"], kind="result")
    a = env["a_centre"]
    assert indicators.compute(dossiers_of(a), subtree(a), NOVEMBER).basis["electronic_results"] == (0, 2)  # a scan is not signed
    leader = env["staff"]["leader_a"]
    register_pkcs12(
        pki.issue_pkcs12(pki.demo_ca(key_dir()), common_name=leader.get_full_name(), organisation="UBND xã A"),
        location=f"user-{leader.pk}.p12",
        user=leader,
    )
    services.sign_result(d, d.files.get(kind="result").pk, actor=leader)
    assert indicators.compute(dossiers_of(a), subtree(a), NOVEMBER).basis["electronic_results"] == (1, 2)


def test_the_dashboard_score_moves_when_a_leader_signs_a_result(env, client):
    """The leaders' dashboard shows group 4 from the same data: signing the one result of the
    year's one resolved dossier takes "electronic results" from 0% to 100% (6 more points)."""
    d = imported(env, "DB", "2025-11-03 09:00", [{"action": "resolve", "at": "2025-11-04 09:00"}])
    d = services.attach_file(d, SimpleUploadedFile("kq.pdf", sample_pdf("ket qua")), actor=env["staff"]["admin"], kind="result")
    a = env["a_centre"]
    client.force_login(env["staff"]["admin"])

    def shown():
        page = client.get(reverse("reports:dashboard"), {"agency": a.code, "year": 2025}).content.decode()
        score = Decimal(page.split('id="index-score">', 1)[1].split("<", 1)[0].replace(",", "."))
        line = page.split("Hồ sơ có kết quả điện tử (ký số)", 1)[1].split("</tr>", 1)[0]
        return score, line

    before, line = shown()
    assert "0,00%" in line or "0.00%" in line
    leader = env["staff"]["leader_a"]
    register_pkcs12(
        pki.issue_pkcs12(pki.demo_ca(key_dir()), common_name=leader.get_full_name(), organisation="UBND xã A"),
        location=f"user-{leader.pk}.p12",
        user=leader,
    )
    services.sign_result(d, d.files.get(kind="result").pk, actor=leader)
    after, line = shown()
    assert "100" in line and after - before == Decimal(6)
