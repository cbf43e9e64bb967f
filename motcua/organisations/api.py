from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from motcua.accounts.api_auth import STAFF_AUTH
from motcua.accounts.selectors import scoped_agencies

router = Router(tags=["organisations"], auth=STAFF_AUTH)


class AgencyOut(Schema):
    code: str
    name: str
    kind: str
    level: str
    admin_unit: str
    parent: str | None
    is_active: bool
    valid_from: str | None
    valid_to: str | None
    successor: str | None


def _out(a) -> AgencyOut:
    return AgencyOut(
        code=a.code,
        name=a.name,
        kind=a.kind,
        level=a.level,
        admin_unit=a.admin_unit.code,
        parent=a.parent.code if a.parent else None,
        is_active=a.is_active,
        valid_from=a.valid_from.isoformat() if a.valid_from else None,
        valid_to=a.valid_to.isoformat() if a.valid_to else None,
        successor=a.successor.code if a.successor else None,
    )


@router.get("/agencies", response=list[AgencyOut], summary="Agencies in the caller's scope")
def agencies(request):
    qs = scoped_agencies(request.auth).select_related("admin_unit", "parent", "successor").order_by("path")
    return [_out(a) for a in qs]


@router.get("/agencies/{code}", response=AgencyOut, summary="One agency in the caller's scope")
def agency(request, code: str):
    qs = scoped_agencies(request.auth).select_related("admin_unit", "parent", "successor")
    return _out(get_object_or_404(qs, code=code))
