import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from motcua.config import env
from motcua.core.models import AppendOnlyError, AuditEvent
from motcua.core.services import record_event

pytestmark = pytest.mark.django_db


def test_audit_trail_is_append_only_down_to_the_database():
    event = record_event(actor=None, category="system", action="test.event", summary="một sự kiện")
    event.summary = "đã sửa"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    for sql in ("UPDATE core_auditevent SET summary = 'x'", "DELETE FROM core_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.get(pk=event.pk).summary == "một sự kiện"


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": connection.vendor}


def test_language_switch(client, make_user):
    client.force_login(make_user())
    assert "Trang chủ" in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()  # vi by default
    assert '<html lang="vi">' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page and "Home" in page and "Trang chủ" not in page


def test_security_headers(client):
    response = client.get("/accounts/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Request-ID"]


def test_pages_need_login(client):
    assert client.get("/")["Location"] == "/portal/"  # citizens land on the portal
    for url in ("/organisations/", "/organisations/staff/", "/calendar/", "/jobs/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]


def test_every_environment_variable_is_documented():
    doc = (Path(settings.BASE_DIR) / "docs" / "configuration.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)`", doc, flags=re.M))
    assert set(env.REGISTRY) <= documented, set(env.REGISTRY) - documented


def test_static_assets_are_vendored():
    static = Path(settings.BASE_DIR) / "motcua" / "core" / "static" / "vendor"
    for name in ("bootstrap.min.css", "bootstrap.bundle.min.js", "htmx.min.js"):
        assert (static / name).stat().st_size > 10_000
    base = (Path(settings.BASE_DIR) / "motcua" / "templates" / "base.html").read_text(encoding="utf-8")
    assert "http://" not in base and "https://" not in base


def test_demo_data_is_idempotent(django_db_blocker):
    from django.core.management import call_command

    from motcua.accounts.models import Membership, User
    from motcua.catalog.models import Procedure
    from motcua.dossiers.models import Dossier, DossierFile
    from motcua.organisations.models import Agency
    from motcua.records.models import StoredDocument

    call_command("load_demo", dossiers=40, verbosity=0)

    def now():
        return (
            Agency.objects.count(),
            User.objects.count(),
            Membership.objects.count(),
            Procedure.objects.count(),
            Dossier.objects.count(),
            DossierFile.objects.count(),
            StoredDocument.objects.count(),
        )

    counts = now()
    call_command("load_demo", dossiers=40, verbosity=0)
    assert now() == counts
    # Digitised at the desk or uploaded online, and the demo citizen's store (docs/rules.md 1.2).
    assert DossierFile.objects.filter(kind="component").count() > 20 and counts[6] > 0
    assert counts[3] >= 30 and counts[4] >= 40
    assert len(set(Dossier.objects.values_list("national_status", flat=True))) >= 6
    assert Agency.objects.filter(kind="service_centre", level="commune").count() >= 5
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"reception", "processing", "leader", "report_viewer", "reform", "admin"}


@pytest.mark.django_db
def test_a_nul_character_in_a_page_request_is_a_400_before_any_query(client, env):
    """PostgreSQL refuses NUL in text: searches, lookups and forms would otherwise answer 500."""
    client.force_login(env["staff"]["admin"])
    for url in ("/counter/?q=a%00b", "/track/?code=X%00&secret=Y", "/portal/kiosk/procedures/?q=%00", "/procedures/manage/?q=%00"):
        response = client.get(url)
        assert response.status_code == 400 and "NUL" in response.content.decode(), url
    assert client.post("/counter/", {"q": "a\x00"}).status_code == 400
    assert client.get("/counter/?q=an%20ordinary%20search").status_code == 200


@pytest.mark.django_db
def test_a_drill_down_without_a_valid_column_is_refused_with_the_form(client, env):
    client.force_login(env["staff"]["admin"])
    response = client.get("/reports/settlement/dossiers/", {"column": "no-such-column"})
    assert response.status_code == 422 and "Cột báo cáo không hợp lệ" in response.content.decode()
