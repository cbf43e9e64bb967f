"""Moving open dossiers to a new version of their procedure (docs/rules.md section 1.6). The
expected due times are counted by hand on the official calendar: a dossier received on Monday
02/03/2026 at 08:00 is due on the Nth working day after at 17:00 (3 days: Thursday 05/03)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import at
from motcua.catalog import services as catalog
from motcua.catalog.spec import ComponentSpec
from motcua.catalog.tests.conftest import make_spec, route
from motcua.dossiers import services
from motcua.dossiers.errors import Conflict, Forbidden, Invalid
from motcua.dossiers.models import Dossier
from motcua.notifications.models import Message

from .fixtures import APPLICANT


def publish_version(env, **changes):
    """Version 2 of the env's procedure, in force from today, with ``changes`` to its rules."""
    base = {
        "competent_agencies": (env["a"].code, env["b"].code),
        "receiving_agencies": (env["a_centre"].code, env["b_centre"].code),
        "online_level": "full",
        "postal_allowed": True,
        "routes": (route(24),),
    }
    draft = catalog.start_draft(env["version"].procedure)
    catalog.update_draft(draft, make_spec(**{**base, **changes}))
    return catalog.publish(draft)


@pytest.fixture
def processing(env, receive):
    """A dossier received on Monday 02/03/2026 08:00 (due Thursday 05/03 17:00), at the appraisal step."""
    d = receive(at=at("2026-03-02 08:00"))
    return services.perform(d, "forward", actor=env["staff"]["admin"], at=at("2026-03-02 09:00"))


def test_publishing_a_version_moves_nothing_silently(env, processing):
    publish_version(env, statutory_value=Decimal(5))
    d = Dossier.objects.get(pk=processing.pk)
    assert d.procedure_version == env["version"]
    assert d.due_at == at("2026-03-05 17:00")


def test_moving_recomputes_the_due_time_route_and_quota_explains_it_and_tells_the_applicant(env, processing):
    v2 = publish_version(env, statutory_value=Decimal(5), routes=(route(36),))
    admin = env["staff"]["admin"]
    p = services.preview_move(processing, v2)
    assert p.blocked_vi == ""
    assert [c.vi for c in p.changes] == [
        "Thời hạn giải quyết: 3 ngày làm việc → 5 ngày làm việc",
        "Bước «Thẩm định»: 18 giờ làm việc → 30 giờ làm việc",
    ]
    assert (p.due_before, p.due_after) == (at("2026-03-05 17:00"), at("2026-03-09 17:00"))  # Mon + 5 working days
    assert p.appointment_changes and not p.shortens
    assert [name for name, _agency, _quota in p.remaining] == ["Phê duyệt", "Trả kết quả"]
    messages_before = Message.objects.filter(dossier=processing).count()
    d = services.move_to_version(processing, v2, actor=admin)
    assert d.procedure_version == v2
    assert d.due_at == at("2026-03-09 17:00")
    assert d.original_due_at == at("2026-03-05 17:00"), "what the receipt said stays on record"
    step = d.steps.get(ended_at__isnull=True)
    assert (step.name, step.quota_minutes) == ("Thẩm định", 30 * 60)
    assert d.current_step == 2 and d.route.version == v2
    event = d.events.order_by("-seq").first()
    assert event.action == "version_moved"
    assert "phiên bản 2 thay phiên bản 1" in event.note and "3 ngày làm việc → 5 ngày làm việc" in event.note
    assert (event.data["due_before"][:16], event.data["due_at"][:16]) == ("2026-03-05T17:00", "2026-03-09T17:00")
    notices = Message.objects.filter(dossier=d, template_key="dossier.version_moved")
    assert Message.objects.filter(dossier=d).count() > messages_before
    assert {m.medium for m in notices} == {"email", "sms"}
    assert "09/03/2026" in notices.get(medium="email").body


def test_the_clock_pauses_stay_with_the_dossier(env, processing):
    admin = env["staff"]["admin"]
    d = services.perform(processing, "request_supplement", actor=admin, at=at("2026-03-03 08:00"), note="Thiếu bản sao")
    d = services.perform(d, "supplement_received", actor=admin, at=at("2026-03-05 08:00"))
    assert d.due_at == at("2026-03-09 17:00")  # 3 days moved by the 2 paused working days
    v2 = publish_version(env, statutory_value=Decimal(5))
    d = services.move_to_version(d, v2, actor=admin)
    assert d.due_at == at("2026-03-11 17:00")  # 5 days moved by the same 2 days


def test_an_earlier_appointment_needs_a_reason(env, processing):
    v2 = publish_version(env, statutory_value=Decimal(2), routes=(route(14),))  # the quotas fit in 2 days
    admin = env["staff"]["admin"]
    assert services.preview_move(processing, v2).shortens
    with pytest.raises(Invalid) as refused:
        services.move_to_version(processing, v2, actor=admin, reason="   ")
    assert "lý do" in refused.value.message_vi
    assert Dossier.objects.get(pk=processing.pk).procedure_version == env["version"]
    d = services.move_to_version(processing, v2, actor=admin, reason="Nghị định mới rút ngắn thời hạn, người nộp đồng ý")
    assert d.due_at == at("2026-03-04 17:00")  # Mon + 2 working days
    assert d.events.order_by("-seq").first().data["reason"] == "Nghị định mới rút ngắn thời hạn, người nộp đồng ý"


def test_a_move_that_leaves_the_appointment_sends_no_notice(env, processing):
    components = (
        ComponentSpec("Tờ khai", originals=1),
        ComponentSpec("Giấy chứng sinh", originals=1, copies=1),
        ComponentSpec("Giấy xác nhận cư trú", originals=1),
    )
    v2 = publish_version(env, components=components)
    p = services.preview_move(processing, v2)
    assert [c.vi for c in p.changes] == ["Thêm thành phần bắt buộc «Giấy xác nhận cư trú»"]
    assert not p.appointment_changes
    d = services.move_to_version(processing, v2, actor=env["staff"]["admin"])
    assert d.due_at == at("2026-03-05 17:00")
    assert not Message.objects.filter(dossier=d, template_key="dossier.version_moved").exists()


def test_a_submission_not_yet_received_moves_without_a_due_time(env, receive):
    d = services.submit(
        actor=None,
        procedure_code=env["code"],
        receiving_agency_code=env["a_centre"].code,
        applicant=APPLICANT,
        channel="online",
        at=at("2026-03-02 07:00"),
    )
    v2 = publish_version(env, statutory_value=Decimal(5))
    d = services.move_to_version(d, v2, actor=env["staff"]["admin"])
    assert (d.procedure_version, d.due_at, d.state) == (v2, None, "submitted")
    moment = timezone.now()
    d = services.perform(d, "receive", actor=env["staff"]["reception_a"], at=moment)
    counter = receive(at=moment)  # received at the counter now: under version 2, in force today
    assert counter.procedure_version == v2
    assert d.due_at == counter.due_at, "received under the version it was moved to"


def test_only_an_administrator_moves_and_a_stale_preview_loses(env, processing):
    v2 = publish_version(env, statutory_value=Decimal(5))
    with pytest.raises(Forbidden):
        services.move_to_version(processing, v2, actor=env["staff"]["processing_a"])
    seen = processing.version
    services.keep_version(processing, v2, actor=env["staff"]["admin"], expected_version=seen)
    with pytest.raises(Conflict):  # decided by someone else after this preview
        services.move_to_version(processing, v2, actor=env["staff"]["admin"], expected_version=seen)
    assert Dossier.objects.get(pk=processing.pk).procedure_version == env["version"]


def test_ended_dossiers_are_not_moved(env, processing):
    admin = env["staff"]["admin"]
    d = services.perform(processing, "withdraw", actor=admin, at=at("2026-03-03 08:00"), reason="Người nộp rút")
    v2 = publish_version(env, statutory_value=Decimal(5))
    with pytest.raises(Invalid):
        services.move_to_version(d, v2, actor=admin)


def test_the_administrator_previews_and_decides_in_bulk(env, receive, client, make_user):
    admin = env["staff"]["admin"]
    first, second, third = (receive(at=at(f"2026-03-02 0{h}:00")) for h in (8, 8, 9))
    other_commune = receive(at=at("2026-03-02 08:00"), agency="b_centre")
    v2 = publish_version(env, statutory_value=Decimal(5))
    client.force_login(admin)
    overview = client.get(reverse("dossiers:versions")).content.decode()
    assert env["code"] in overview and ">4<" in overview
    page = client.get(reverse("dossiers:version_moves", args=[env["code"]]))
    html = page.content.decode()
    assert first.code in html and other_commune.code in html
    assert "17:00 05/03/2026" in html and "17:00 09/03/2026" in html  # before and after
    stale = third.version
    services.keep_version(third, v2, actor=admin)  # another administrator decided meanwhile
    response = client.post(
        reverse("dossiers:version_moves", args=[env["code"]]),
        {
            "decision": "move",
            "item": [first.pk, second.pk, third.pk],
            f"v-{first.pk}": first.version,
            f"v-{second.pk}": second.version,
            f"v-{third.pk}": stale,
        },
        follow=True,
    )
    text = response.content.decode()
    assert "Đã chuyển 2 hồ sơ" in text and "đã thay đổi sau khi xem trước" in text
    assert {d.procedure_version for d in Dossier.objects.filter(pk__in=[first.pk, second.pk])} == {v2}
    assert Dossier.objects.get(pk=third.pk).procedure_version == env["version"]
    client.post(
        reverse("dossiers:version_moves", args=[env["code"]]),
        {"decision": "keep", "item": [other_commune.pk], f"v-{other_commune.pk}": other_commune.version},
    )
    assert other_commune.events.filter(action="version_kept").exists()
    assert "Không có hồ sơ nào theo phiên bản cũ chờ quyết định" in client.get(reverse("dossiers:versions")).content.decode()
    # Scope: commune B's administrator sees B's dossiers only; an officer sees no such page.
    fresh = receive(at=at("2026-03-02 10:00"))
    assert fresh.procedure_version == env["version"]  # received on a date before version 2's
    client.force_login(make_user(env["b"], role="admin"))
    assert fresh.code not in client.get(reverse("dossiers:version_moves", args=[env["code"]])).content.decode()
    client.force_login(env["staff"]["processing_a"])
    assert client.get(reverse("dossiers:versions")).status_code == 403
