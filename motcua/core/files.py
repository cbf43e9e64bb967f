"""Serving a stored file: a download, or 404 when the storage has lost it (never a 500)."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def download(stored: FieldFile, *, name: str = "", content_type: str | None = None) -> FileResponse:
    """``stored`` as an attachment named ``name`` (default: the stored file's own name)."""
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=name or str(stored.name).rsplit("/", 1)[-1], content_type=content_type)
