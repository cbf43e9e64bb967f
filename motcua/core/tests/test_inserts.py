"""``core.inserts.insert`` writes exactly the row ``save()`` writes, and refuses what it cannot."""

import uuid

import pytest

from motcua.catalog.models import ProcedureVersion
from motcua.core.inserts import insert
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep

pytestmark = pytest.mark.django_db


def _row(model, pk) -> dict:
    obj = model.objects.get(pk=pk)
    return {
        f.name: getattr(obj, f.attname)
        for f in model._meta.concrete_fields
        if f.name not in ("id", "seq", "recorded_at", "created_at", "updated_at")
    }


def test_insert_writes_what_save_writes(receive):
    d = receive()
    first = DossierEvent.objects.get(dossier=d, seq=1)  # written by insert() during the reception
    values = {f.name: getattr(first, f.name) for f in DossierEvent._meta.concrete_fields if f.name not in ("id", "seq", "recorded_at")}
    by_save = DossierEvent(**values, seq=2)
    by_save.save()
    by_insert = insert(DossierEvent(**values, seq=3))
    assert by_insert.pk and not by_insert._state.adding and by_insert.recorded_at is not None
    assert _row(DossierEvent, by_insert.pk) == _row(DossierEvent, by_save.pk) == _row(DossierEvent, first.pk)
    assert DossierEvent.objects.get(pk=by_insert.pk).data == first.data and isinstance(first.data, dict) and first.data

    copy = Dossier.objects.get(pk=d.pk)
    copy.pk, copy.id, copy.code, copy._state.adding = None, None, d.code + "-X", True
    copy.public_id = uuid.uuid4()
    insert(copy)
    assert copy.pk != d.pk
    expected = {**_row(Dossier, d.pk), "code": d.code + "-X", "public_id": copy.public_id}
    assert _row(Dossier, copy.pk) == expected
    step = DossierStep.objects.get(dossier=d)
    assert DossierStep.objects.filter(dossier=d).count() == 1 and step.agency_id == d.receiving_agency_id


def test_insert_refuses_what_it_cannot_do(receive, env):
    d = receive()
    with pytest.raises(ValueError):
        insert(d)  # an existing row: save() updates it
    with pytest.raises(TypeError):
        insert(ProcedureVersion(procedure=env["version"].procedure, number=99))  # its own save() logic
    with pytest.raises(ValueError):
        insert(DossierEvent(dossier=Dossier(), seq=1, action="receive", at=d.received_at))  # an unsaved related object
