"""Writes of the citizen's data store (docs/rules.md section 1.2): what a dossier digitises or
signs is kept for its applicant (a dossier event subscriber, in the event's transaction), and a
stored document is taken into another dossier of the same applicant when the officer confirms.
A signed result also goes to the archive with its retention period (section 3.1)."""

from __future__ import annotations

from django.utils import timezone

from motcua.core import pdfa
from motcua.core.text import fold
from motcua.dossiers import services as dossier_services
from motcua.dossiers.errors import Invalid
from motcua.dossiers.models import DossierFile

from . import retention
from .models import ArchivedDocument, StoredDocument

KEPT = {"digitise": StoredDocument.Kind.COMPONENT, "result_signed": StoredDocument.Kind.RESULT}


def on_dossier_event(d, event) -> None:
    if event.action == "result_signed":
        archive(d, event)
    kind = KEPT.get(event.action)
    if kind is None or event.data.get("imported") or not d.applicant_id_number:
        return
    f = DossierFile.objects.filter(pk=event.data.get("file"), dossier=d).first()
    if f is None:
        return
    name = f.component if kind == StoredDocument.Kind.COMPONENT else f.name
    StoredDocument.objects.get_or_create(
        source_file=f.pk,
        defaults={
            "owner_id": d.applicant_id_number,
            "owner_name": d.applicant_name,
            "kind": kind,
            "name": name[:500],
            "key": fold(name)[:500],
            "file": f.file.name,
            "content_type": f.content_type,
            "size": f.size,
            "sha256": f.sha256,
            "pages": f.pages,
            "source_dossier": d.code or str(d.public_id),
            "stored_at": event.at,
        },
    )


def archive(d, event) -> ArchivedDocument | None:
    """Keep a signed result in the archive for its procedure's retention period (the signed
    file is PDF/A already: ``dossiers.services.sign_result``)."""
    f = DossierFile.objects.filter(pk=event.data.get("file"), dossier=d, signed_at__isnull=False).first()
    if f is None or f.signed_at is None:
        return None
    with f.file.open("rb") as handle:
        level = pdfa.conformance(handle.read())
    signed_on = timezone.localtime(f.signed_at).date()
    row, _created = ArchivedDocument.objects.get_or_create(
        source_file=f.pk,
        defaults={
            "dossier_code": d.code or str(d.public_id),
            "procedure_code": d.procedure.code,
            "agency": d.competent_agency,
            "name": f.name,
            "file": f.file.name,
            "size": f.size,
            "sha256": f.sha256,
            "conformance": level,
            "signed_at": f.signed_at,
            "archived_at": event.at,
            "retain_until": retention.until(signed_on, retention.years_for(d.procedure)),
        },
    )
    return row


def reuse(d, stored: StoredDocument, *, actor, expected_version: int | None = None) -> DossierFile:
    """Take ``stored`` into ``d`` in place of a new copy of the same component."""
    if stored.owner_id != d.applicant_id_number or stored.kind != StoredDocument.Kind.COMPONENT:
        raise Invalid("Giấy tờ này không thuộc người nộp hồ sơ.", "This document does not belong to the dossier's applicant.")
    if stored.valid_until is not None and stored.valid_until < timezone.localdate():
        raise Invalid("Giấy tờ trong kho đã hết hiệu lực.", "The stored document is no longer valid.")
    return dossier_services.reuse_document(
        d,
        component=stored.name,
        name=dossier_services.digitised_name(stored.name),
        path=str(stored.file.name),
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        pages=stored.pages,
        source=f"hồ sơ {stored.source_dossier}",
        actor=actor,
        expected_version=expected_version,
    )
