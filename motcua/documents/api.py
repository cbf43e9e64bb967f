"""The dossier's official forms through the API (staff, scoped like the dossier)."""

from django.http import HttpResponse
from ninja import Router

from motcua.accounts.api_auth import STAFF_AUTH
from motcua.core.api_errors import ApiError
from motcua.dossiers import selectors
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import DossierAccess

from . import rendering
from .choices import DOSSIER_FORMS

router = Router(tags=["dossiers"], auth=STAFF_AUTH)
FORM_NAMES = tuple(str(kind) for kind in DOSSIER_FORMS)
PDF_RESPONSE = {
    "responses": {
        200: {"description": "The form as an A4 PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
    }
}


@router.get(
    "/dossiers/{code}/forms/{form}",
    response={200: None},
    openapi_extra=PDF_RESPONSE,
    operation_id="motcua_dossiers_api_dossier_form",
    summary="An official form of the dossier as PDF; 409 when the form does not apply to it",
)
def dossier_form(request, code: str, form: str):
    if form not in FORM_NAMES:
        raise ApiError(404, f"Không có biểu mẫu «{form[:40]}».", f"Unknown form; use one of {', '.join(FORM_NAMES)}.")
    d = selectors.dossier_for(request.auth, code)
    if d is None:
        raise ApiError(404, "Không tìm thấy hồ sơ.", "Dossier not found.")
    try:
        rendered = rendering.render_form(d, form, request=request)
    except rendering.FormNotApplicable as exc:
        raise ApiError(409, exc.message_vi, exc.message_en, {"form": form, "status": d.state}) from None
    dossier_services.record_access(request.auth, d, DossierAccess.What.FORM, detail=form, reason="api")
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{rendered.filename}"'
    return response
