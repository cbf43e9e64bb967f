"""One row inserted with a statement planned once per model.

``Model.save()`` builds and compiles a new INSERT for every row; on the hot path of a
reception (a dossier, its step, its event, the applicant's notice) that compilation cost more
than the database's work. ``insert`` plans the statement once per model from its metadata and
prepares each value exactly as the ORM does (``pre_save`` then ``get_db_prep_save``, so
``auto_now_add``, JSON and time zones behave the same). It sends no ``pre_save``/``post_save``
signal: use it only for models that have no receivers and no ``save()`` logic of their own
(``insert`` refuses a model whose ``save`` is overridden, except the append-only check, which
an insert satisfies by definition).
"""

from __future__ import annotations

import functools
from typing import TypeVar

from django.db import connection, models

from .models import AppendOnlyModel

M = TypeVar("M", bound=models.Model)
_PLAIN_SAVES = (models.Model.save, AppendOnlyModel.save)


@functools.cache
def _plan(model: type[models.Model], vendor: str) -> tuple[tuple[models.Field, ...], str]:
    if model.save not in _PLAIN_SAVES:
        raise TypeError(f"{model._meta.label} has its own save(); insert it with save()")
    meta, quote = model._meta, connection.ops.quote_name
    if meta.parents or meta.pk is None:
        raise TypeError(f"{meta.label} inherits from another model; insert it with save()")
    fields = tuple(f for f in meta.concrete_fields if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField)))
    columns = ", ".join(quote(str(f.column)) for f in fields)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {quote(str(meta.pk.column))}"  # noqa: S608 - names from the model
    )
    return fields, sql


def insert(obj: M) -> M:
    """Insert ``obj`` (a new instance) and give it its primary key, as ``obj.save()`` would."""
    if not obj._state.adding:
        raise ValueError("insert() writes new rows only")
    obj._prepare_related_fields_for_save(operation_name="insert")  # type: ignore[attr-defined]  # Django's own check of unsaved related objects
    fields, sql = _plan(type(obj), connection.vendor)
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        obj.pk = cursor.fetchone()[0]
    obj._state.adding, obj._state.db = False, connection.alias
    return obj
