"""Electronic results (docs/rules.md section 3.1): a signed result is PDF/A-2b with every font
embedded and still a valid signature; it goes to the archive with its procedure's retention
period (procedure rule, then field rule, then the default); the archive is append-only; without
Ghostscript nothing is signed."""

import datetime as dt
import shutil
import subprocess  # noqa: S404

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.core import pdfa
from motcua.core.models import AppendOnlyError
from motcua.core.testing import sample_pdf
from motcua.dossiers import services
from motcua.dossiers.errors import Conflict
from motcua.dossiers.models import DossierFile
from motcua.records.models import ArchivedDocument, RetentionRule
from motcua.records.retention import until
from motcua.signatures import pki
from motcua.signatures.services import key_dir, register_pkcs12


@pytest.fixture
def signable(env, receive):
    leader = env["staff"]["leader_a"]
    register_pkcs12(
        pki.issue_pkcs12(pki.demo_ca(key_dir()), common_name=leader.get_full_name(), organisation="UBND xã A"),
        location=f"user-{leader.pk}.p12",
        user=leader,
    )

    def make():
        d = services.attach_file(
            receive(), SimpleUploadedFile("ket-qua.pdf", sample_pdf("ket qua")), actor=env["staff"]["processing_a"], kind="result"
        )
        return d, d.files.get(kind="result")

    return leader, make


def _tool(name):
    path = shutil.which(name)
    assert path, f"{name} (poppler-utils) is needed: scripts/install-system-deps.sh test"
    return path


def test_a_signed_result_is_pdfa_with_embedded_fonts_and_a_valid_signature(env, signable, tmp_path):
    leader, make = signable
    d, result = make()
    with result.file.open("rb") as handle:
        assert pdfa.conformance(handle.read()) == ""  # the upload declares no PDF/A
    signed = services.sign_result(d, result.pk, actor=leader)
    with signed.file.open("rb") as handle:
        data = handle.read()
    assert pdfa.conformance(data) == "2B"
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    fonts = subprocess.run([_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]  # noqa: S603
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    verdict = subprocess.run([_tool("pdfsig"), str(path)], capture_output=True, text=True, check=False).stdout  # noqa: S603
    assert "Signature is Valid." in verdict
    archived = ArchivedDocument.objects.get(source_file=signed.pk)
    signed_on = timezone.localtime(signed.signed_at).date()
    assert (archived.dossier_code, archived.conformance, archived.sha256, archived.file.name) == (
        d.code,
        "2B",
        signed.sha256,
        signed.file.name,
    )
    assert archived.retain_until == until(signed_on, 10)  # no rule: ARCHIVE_RETENTION_YEARS
    with pytest.raises(AppendOnlyError):
        archived.save()


def test_retention_comes_from_the_procedures_rule_then_its_fields_then_the_default(env, signable, settings):
    leader, make = signable
    procedure = env["version"].procedure
    RetentionRule.objects.create(field=procedure.field, years=20)
    d, result = make()
    first = services.sign_result(d, result.pk, actor=leader)
    signed_on = timezone.localtime(first.signed_at).date()
    assert ArchivedDocument.objects.get(source_file=first.pk).retain_until == signed_on.replace(year=signed_on.year + 20)
    RetentionRule.objects.create(procedure=procedure, years=None)  # the procedure's own rule: permanently
    d, result = make()
    second = services.sign_result(d, result.pk, actor=leader)
    assert ArchivedDocument.objects.get(source_file=second.pk).retain_until is None
    RetentionRule.objects.all().delete()
    settings.ARCHIVE_RETENTION_YEARS = 0  # the default itself may be "permanently"
    d, result = make()
    third = services.sign_result(d, result.pk, actor=leader)
    assert ArchivedDocument.objects.get(source_file=third.pk).retain_until is None


def test_retention_days():
    assert until(dt.date(2026, 12, 3), 10) == dt.date(2036, 12, 3)
    assert until(dt.date(2024, 2, 29), 5) == dt.date(2029, 2, 28)
    assert until(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert until(dt.date(2024, 2, 29), None) is None


def test_without_ghostscript_nothing_is_signed_or_archived(env, signable, settings):
    leader, make = signable
    d, result = make()
    settings.GHOSTSCRIPT_BIN = "no-such-ghostscript"
    with pytest.raises(Conflict) as refused:
        services.sign_result(d, result.pk, actor=leader)
    assert "Ghostscript" in refused.value.message_vi
    assert not DossierFile.objects.filter(dossier=d, signed_at__isnull=False).exists()
    assert not ArchivedDocument.objects.exists() and not d.events.filter(action="result_signed").exists()


def test_a_file_ghostscript_cannot_read_is_refused_with_a_reason():
    with pytest.raises(pdfa.ArchiveFormatError) as refused:
        pdfa.convert(b"%PDF-1.4\nthis is not a PDF at all")
    assert refused.value.status == 422 and "PDF/A" in refused.value.message_vi
