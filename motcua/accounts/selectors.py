"""Reads of the accounts domain, above all the permission scope of a user.

Scope rule: a user acts only inside the agencies they hold an active membership in, and the
sub-agencies below them. Superusers (the national system administrator) see everything.
Every list of scoped objects is filtered here, in the query, never only in templates.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Q, QuerySet

from motcua.core import revisions
from motcua.organisations.models import Agency
from motcua.organisations.selectors import AGENCIES, agency_by_path

from .choices import Role
from .models import Membership, User

MEMBERSHIPS = "accounts.membership"  # the revision every change of a membership bumps


def roles_of(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_motcua_roles", None)
    if cache is None:
        cache = set(Membership.objects.filter(user=user, is_active=True).values_list("role", flat=True).distinct())
        if user.is_superuser:
            cache.add(Role.ADMIN)
        user._motcua_roles = cache
    return cache


def is_staff_member(user) -> bool:
    """A staff member: an active account with an active role in some agency (or a superuser).
    Applicants (citizens' portal accounts) are not, whatever they are logged in to."""
    return bool(getattr(user, "is_active", False) and roles_of(user))


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def scoped_agencies(user, roles: Iterable[str] | None = None) -> QuerySet[Agency]:
    """Agencies the user may act in (optionally only through the given roles)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    memberships = Membership.objects.filter(user=user, is_active=True)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    roots = Agency.objects.filter(pk__in=memberships.values("agency_id")).only("path")
    return Agency.objects.subtree_of(list(roots))


def issuing_agency(user) -> Agency | None:
    """The agency a user's reports are issued and signed for: the highest agency in their scope."""
    return scoped_agencies(user).order_by("path").first()


def in_scope(user, agency, roles: Iterable[str] | None = None) -> bool:
    """Whether ``agency`` is in the user's scope (through ``roles``). The user's scope paths are
    read once and kept on the user object for the rest of the request."""
    if agency is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    key = tuple(sorted(roles)) if roles is not None else None
    cache = user.__dict__.setdefault("_motcua_scope_paths", {})
    if key not in cache:
        cache[key] = scope_paths(user.pk, key)
    return any(agency.path.startswith(path) for path in cache[key] if path)


def own_agency(user, agency, roles: Iterable[str] | None = None):
    """The user's own agency for acting on ``agency``: the most specific agency they are a
    member of (through ``roles``) that contains it; None when it is outside their scope."""
    if agency is None or not getattr(user, "is_authenticated", False) or user.is_superuser and not user.memberships.exists():
        return None
    key = tuple(sorted(roles)) if roles is not None else None
    paths = [path for path in scope_paths(user.pk, key) if path and agency.path.startswith(path)]
    return agency_by_path(max(paths, key=len)) if paths else None


def scope_paths(user_id: int, roles: tuple[str, ...] | None) -> tuple[str, ...]:
    """The paths of the agencies the user is an active member of (through ``roles``), which
    every action checks: kept in the process until a membership or an agency changes."""
    return revisions.cached(MEMBERSHIPS, (user_id, roles, revisions.token(AGENCIES)), lambda: _read_scope_paths(user_id, roles))


def _read_scope_paths(user_id: int, roles: tuple[str, ...] | None) -> tuple[str, ...]:
    member, agency = Membership._meta, Agency._meta
    sql = (
        f"SELECT a.path FROM {member.db_table} m JOIN {agency.db_table} a ON a.{agency.pk.column} = m.{member.get_field('agency').column} "  # noqa: S608 - names from the models
        f"WHERE m.{member.get_field('user').column} = %s AND m.is_active"
    )
    params: list = [user_id]
    if roles is not None:
        if not roles:
            return ()
        sql += f" AND m.role IN ({', '.join(['%s'] * len(roles))})"
        params.extend(roles)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(row[0] for row in cursor.fetchall())


def scope_by_agency(queryset: QuerySet, user, *, field: str = "agency", roles: Iterable[str] | None = None) -> QuerySet:
    """Filter any queryset with an agency foreign key (``field``) to the user's scope."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return queryset
    return queryset.filter(**{f"{field}__in": scoped_agencies(user, roles)})


def scoped_staff(user) -> QuerySet[User]:
    """Users with an active membership in an agency of the viewer's scope."""
    agencies = scoped_agencies(user)
    return (
        User.objects.filter(Q(memberships__agency__in=agencies, memberships__is_active=True)).distinct().order_by("full_name", "username")
    )
