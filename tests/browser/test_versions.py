"""A new version of a procedure comes into force: the administrator previews its open dossiers
(what changed, the due time and the appointment before and after), moves them in bulk, and the
applicants are told their new appointment."""

import pytest

from motcua.core.testing import step

from .conftest import SHOTS, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_administrator_moves_open_dossiers_to_the_new_version(page, live_server, demo):
    import dataclasses

    from motcua.accounts.models import User
    from motcua.catalog import services as catalog
    from motcua.catalog.models import Procedure
    from motcua.catalog.selectors import spec_of, version_in_force
    from motcua.dossiers import services
    from motcua.dossiers.models import Dossier
    from motcua.notifications.models import Message

    step("Two dossiers are received at commune 3's desk under version 1 of the procedure.")
    desk = User.objects.get(username="tiepnhan.xa3")
    received = [
        services.receive_at_counter(
            actor=desk,
            procedure_code="1.004837",
            receiving_agency_code="000.23.01.H38",
            applicant=services.Applicant(name=name, id_number=number, phone="0900000123", address="12 Trần Phú"),
        )
        for name, number in (("Nguyễn Văn An", "068090001111"), ("Lê Thị Hoa", "068191002222"))
    ]
    before = {d.pk: d.due_at for d in received}

    step("Version 2, with two more working days, comes into force today; nothing moves by itself.")
    procedure = Procedure.objects.get(code="1.004837")
    spec = spec_of(version_in_force(procedure))
    draft = catalog.start_draft(procedure)
    catalog.update_draft(draft, dataclasses.replace(spec, statutory_value=spec.statutory_value + 2))
    catalog.publish(draft)
    assert {d.procedure_version.number for d in Dossier.objects.filter(pk__in=before)} == {1}

    step("The administrator opens the list from the menu and previews the procedure's dossiers.")
    login(page, live_server, "admin")
    page.goto(f"{live_server.url}/dossiers/versions/")
    page.locator("#version-backlog").get_by_role("link").first.click()
    rows = page.locator("#version-moves tbody tr")
    assert rows.count() == 2
    assert "Thời hạn giải quyết" in rows.first.inner_text() and "Lùi, báo người nộp" in rows.first.inner_text()
    page.locator("#select-all").check()
    page.screenshot(path=str(SHOTS / "version-moves.png"), full_page=True)

    step("They move both; each gets a later due time and its applicant a notice.")
    page.get_by_role("button", name="Chuyển các hồ sơ đã chọn sang phiên bản mới").click()
    page.get_by_text("Đã chuyển 2 hồ sơ sang phiên bản mới.").wait_for()
    for d in Dossier.objects.filter(pk__in=before):
        assert d.procedure_version.number == 2
        assert d.due_at > before[d.pk]
        assert Message.objects.filter(dossier=d, template_key="dossier.version_moved", medium="sms").exists()
    page.goto(f"{live_server.url}/dossiers/{received[0].code}/")
    assert "Áp dụng phiên bản mới của thủ tục" in page.locator("body").inner_text()
