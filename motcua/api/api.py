"""The /api/v1 root: every domain adds its router here."""

from ninja import NinjaAPI

from motcua.accounts.api import router as accounts_router
from motcua.calendars.api import router as calendar_router
from motcua.catalog.api import router as catalog_router
from motcua.core import api_errors as errors
from motcua.documents.api import router as documents_router
from motcua.dossiers.api import public_router as dossier_public_router
from motcua.dossiers.api import router as dossier_router
from motcua.organisations.api import router as organisations_router
from motcua.reform.api import router as reform_router
from motcua.reports.api import router as reports_router
from motcua.signatures.api import router as signatures_router


class MotcuaAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        return errors.document(super().get_openapi_schema(*args, **kwargs))


api = MotcuaAPI(
    title="motcua API",
    version="1",
    description=(
        "API of motcua, the electronic one-stop shop. Staff endpoints take `Authorization: Bearer <token>` "
        "(create one with `manage.py create_api_token <username>`), an integrated system's `X-Api-Key` "
        "(`manage.py create_integration_key`: scopes, a rate limit, every request logged) or the staff session; "
        "results are scoped to the caller's agencies. Every error answers JSON `{message, message_en, detail}` (schema `Error`)."
    ),
    urls_namespace="api",
    docs_url="/docs",
    parser=errors.StrictParser(),
)
errors.install(api)
api.add_router("/", accounts_router)
api.add_router("/", organisations_router)
api.add_router("/calendar", calendar_router)
api.add_router("/", catalog_router)
api.add_router("/", dossier_router)
api.add_router("/", documents_router)
api.add_router("/", dossier_public_router)
api.add_router("/", signatures_router)
api.add_router("/", reports_router)
api.add_router("/", reform_router)
