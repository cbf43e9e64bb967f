"""Who opened my dossier, as the applicant sees it: two officers open the dossier (the desk from
its queue, the processing officer its page and the receipt), then the citizen finds each access
with the agency and the role, without the officers' names, on the portal and on the status page."""

import pytest

from motcua.core.testing import step

from .conftest import SHOTS, login
from .test_portal import portal_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITIZEN, PASSWORD = "nguoidan@example.invalid", "motcua-demo-2026"


def test_the_applicant_sees_who_opened_the_dossier(page, live_server, demo):
    from django.contrib.auth import get_user_model

    from motcua.accounts.models import User
    from motcua.dossiers import services
    from motcua.dossiers.models import Dossier

    step("A dossier of the demo citizen is received at commune 3's desk.")
    desk, officer = User.objects.get(username="tiepnhan.xa3"), User.objects.get(username="xuly.xa3")
    citizen = get_user_model().objects.get(username=CITIZEN)
    d = services.receive_at_counter(
        actor=desk,
        procedure_code="1.001193",
        receiving_agency_code="000.23.01.H38",
        applicant=services.Applicant(name="Nguyễn Thị Mai", id_number="068190001234", address="12 Trần Phú"),
    )
    Dossier.objects.filter(pk=d.pk).update(owner=citizen)
    d = services.perform(d, "forward", actor=desk, to_user=officer.pk)

    step("The processing officer opens it from the queue of dossiers assigned to them, then its receipt.")
    login(page, live_server, "xuly.xa3")
    page.goto(f"{live_server.url}/work/mine/")
    page.get_by_role("link", name=d.code).click()
    page.locator("#actions").wait_for()
    page.goto(f"{live_server.url}/dossiers/{d.code}/forms/receipt.pdf")

    step("The citizen sees both accesses on the portal, with agency and role and no officer's name.")
    portal_login(page, live_server, CITIZEN, PASSWORD)
    page.goto(f"{live_server.url}/portal/dossiers/{d.public_id}/")
    table = page.locator("#accesses")
    table.get_by_role("heading", name="Ai đã mở hồ sơ của bạn").wait_for()
    rows = table.locator("tbody tr")
    assert rows.count() == 2
    text = table.inner_text()
    assert "Xem hồ sơ" in text and "In phiếu, biểu mẫu" in text and "Chuyên viên xử lý" in text
    assert officer.get_full_name() not in text and desk.get_full_name() not in text
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "portal-who-opened.png"), full_page=True)

    step("Anyone with the code and the lookup secret sees the same list on the status page.")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/track/?code={d.code}&secret={d.lookup_secret}")
    assert page.locator("#accesses tbody tr").count() == 2
