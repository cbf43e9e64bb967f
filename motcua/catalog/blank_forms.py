"""Blank forms for the demo catalogue: each component that is a form to fill in (a declaration,
an application, a request slip) gets a printable A4 template to download on the procedure's
page, laid out like the official ones (letterhead, motto, the applicant's details, signature)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify

from motcua.core.pdf import render_pdf
from motcua.core.text import fold

FORM_WORDS = (
    "to khai",
    "don de nghi",
    "don dang ky",
    "don xin",
    "don yeu cau",
    "phieu yeu cau",
    "phieu de nghi",
    "phieu dang ky",
    "van ban de nghi",
)


def is_form(component_name: str) -> bool:
    folded = fold(component_name)
    return any(folded.startswith(word) for word in FORM_WORDS)


def blank_templates(spec) -> dict[str, str]:
    """The stored blank form of each form component of a procedure spec (name -> file name)."""
    out = {}
    for component in spec.components:
        if not is_form(component.name):
            continue
        path = f"catalog/templates/{spec.code}/v1/{slugify(fold(component.name))[:60] or 'mau'}.pdf"
        if default_storage.exists(path):  # made by an earlier load of the demo: the same form
            out[component.name] = path
            continue
        pdf = render_pdf(
            "catalog/blank_form.html",
            {
                "title": component.name,
                "procedure": spec.name,
                "code": spec.code,
                "business": "business" in spec.applicant_types and "citizen" not in spec.applicant_types,
            },
        )
        out[component.name] = default_storage.save(path, ContentFile(pdf))
    return out
