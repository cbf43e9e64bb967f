"""Feedback routed to the responsible agency with its own deadline; public tracking and its
rate limit; the kiosk pages."""

from django.urls import reverse
from django.utils import timezone

from motcua.calendars.selectors import engine_for
from motcua.notifications.models import Message
from motcua.portal.models import Feedback, FeedbackCategory

FEEDBACK = {
    "category": "phan-anh",
    "author_name": "Đỗ Văn Hải",
    "email": "hai@example.invalid",
    "phone": "",
    "title": "Chậm trả kết quả",
    "content": "Hồ sơ của tôi quá hẹn hai ngày.",
}


def test_feedback_is_routed_with_its_own_deadline_and_answered(env, client):
    FeedbackCategory.objects.filter(code="phan-anh").update(due_working_days=5)
    r = client.post(reverse("portal:feedback_new"), {**FEEDBACK, "agency": env["a"].code})
    assert r.status_code == 201
    fb = Feedback.objects.get()
    engine = engine_for(env["a"])
    start = engine.effective_reception(fb.submitted_at)
    assert engine.calendar.working_days_between(start.date(), timezone.localtime(fb.due_at).date()) in (5, 6)
    assert fb.due_at > fb.submitted_at and fb.agency == env["a"] and fb.state == "new"

    client.force_login(env["staff"]["processing_b"])  # another commune: not theirs
    assert fb.reference not in client.get(reverse("portal:feedback_manage")).content.decode()
    assert client.get(reverse("portal:feedback_answer", args=[fb.pk])).status_code == 404
    client.force_login(env["staff"]["processing_a"])
    assert fb.reference in client.get(reverse("portal:feedback_manage")).content.decode()
    assert client.post(reverse("portal:feedback_answer", args=[fb.pk]), {"answer": "", "visibility": "public"}).status_code == 422
    r = client.post(reverse("portal:feedback_answer", args=[fb.pk]), {"answer": "Đã trả kết quả ngày 20.", "visibility": "public"})
    assert r.status_code == 302
    fb.refresh_from_db()
    assert fb.state == "answered" and fb.answered_by == env["staff"]["processing_a"]
    assert Message.objects.filter(template_key="feedback.answered", recipient="hai@example.invalid").exists()
    client.logout()
    assert "Đã trả kết quả ngày 20." in client.get(reverse("portal:feedback")).content.decode()


def test_private_answers_are_not_published(env, client):
    client.post(reverse("portal:feedback_new"), {**FEEDBACK, "agency": env["a"].code})
    fb = Feedback.objects.get()
    client.force_login(env["staff"]["processing_a"])
    client.post(reverse("portal:feedback_answer", args=[fb.pk]), {"answer": "Thông tin riêng", "visibility": "private"})
    client.logout()
    assert "Thông tin riêng" not in client.get(reverse("portal:feedback")).content.decode()
    assert client.get(reverse("portal:feedback_detail", args=[fb.pk])).status_code == 404


def test_feedback_needs_an_agency_and_content(env, client):
    r = client.post(reverse("portal:feedback_new"), {**FEEDBACK, "agency": "", "content": ""})
    assert r.status_code == 422 and not Feedback.objects.exists()


def test_tracking_by_code_and_secret_without_an_account(env, receive, client):
    d = receive()
    page = client.get(reverse("dossiers:track"), {"code": d.code, "secret": d.lookup_secret.lower()})
    body = page.content.decode()
    assert page.status_code == 200 and d.code in body and "Được tiếp nhận" in body and "Nguyễn Thị Bình" not in body
    step = d.steps.select_related("agency").first()
    assert (
        f"{step.name} — {step.agency.name}" in body and d.procedure.name in body and d.receiving_agency.name in body and "N. T. B." in body
    )
    assert client.get(reverse("dossiers:track"), {"code": d.code, "secret": "WRONG123"}).status_code == 404


def test_lookup_is_rate_limited_against_guessing(env, receive, client, settings):
    settings.PUBLIC_LOOKUP_RATE = "5/m"
    d = receive()
    statuses = [client.get(reverse("dossiers:track"), {"code": d.code, "secret": f"GUESS{i:03d}"}).status_code for i in range(5)]
    assert statuses == [404] * 5
    # Even the right secret is refused once the limit is reached, on the page, the kiosk and the API alike.
    assert client.get(reverse("dossiers:track"), {"code": d.code, "secret": d.lookup_secret}).status_code == 429
    assert client.get(reverse("portal:kiosk_track"), {"code": d.code, "secret": d.lookup_secret}).status_code == 429
    assert client.get(f"/api/v1/public/dossiers/{d.code}", {"secret": d.lookup_secret}).status_code == 429


def test_kiosk_pages(env, receive, client):
    d = receive()
    home = client.get(reverse("portal:kiosk")).content.decode()
    assert 'class="kiosk"' in home and 'data-kiosk-idle="' in home and "navbar" not in home
    r = client.get(reverse("portal:kiosk_procedures"), {"q": "khai sinh"})
    assert r.status_code == 200 and env["code"] in r.content.decode()
    assert client.get(reverse("portal:kiosk_procedure", args=[env["code"]])).status_code == 200
    r = client.get(reverse("portal:kiosk_track"), {"code": d.code, "secret": d.lookup_secret})
    step = d.steps.select_related("agency").first()
    assert r.status_code == 200 and d.code in r.content.decode() and f"{step.name} — {step.agency.name}" in r.content.decode()
