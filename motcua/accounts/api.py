from ninja import Query, Router, Schema

from motcua.accounts.api_auth import STAFF_AUTH

from .selectors import roles_of, scoped_agencies, scoped_staff

router = Router(tags=["accounts"], auth=STAFF_AUTH)


class MembershipOut(Schema):
    agency: str
    agency_name: str
    role: str


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[str]
    memberships: list[MembershipOut]
    agencies_in_scope: int


class StaffOut(Schema):
    username: str
    full_name: str
    memberships: list[MembershipOut]


def _memberships(user, allowed_ids=None):
    return [
        MembershipOut(agency=m.agency.code, agency_name=m.agency.name, role=m.role)
        for m in user.memberships.all()
        if m.is_active and (allowed_ids is None or m.agency_id in allowed_ids)
    ]


@router.get("/me", response=MeOut, summary="The authenticated user, roles and agencies")
def me(request):
    user = request.auth
    return MeOut(
        username=user.username,
        full_name=user.get_full_name(),
        roles=sorted(roles_of(user)),
        memberships=_memberships(user),
        agencies_in_scope=scoped_agencies(user).count(),
    )


@router.get("/staff", response=list[StaffOut], summary="Staff of the agencies in the caller's scope")
def staff(request, limit: int = Query(100, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000)):
    user = request.auth
    allowed = set(scoped_agencies(user).values_list("pk", flat=True))
    users = scoped_staff(user).prefetch_related("memberships__agency")[offset : offset + limit]
    return [StaffOut(username=u.username, full_name=u.get_full_name(), memberships=_memberships(u, allowed)) for u in users]
