"""Writes of the accounts domain: staff, memberships, tokens, login failures and lockout."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from motcua.core.choices import AuditCategory
from motcua.core.services import record_event

from .models import ApiToken, Membership

TOKEN_PREFIX = "mc_"  # noqa: S105 - a public prefix, not a secret


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_api_token(user, *, name: str = "", expires_at: dt.datetime | None = None, actor: Any = None) -> tuple[ApiToken, str]:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], key_hash=hash_token(raw), expires_at=expires_at)
    record_event(
        actor=actor, category=AuditCategory.ACCOUNT, action="api_token.created", obj=token, summary=f"{user.username} {token.prefix}"
    )
    return token, raw


@functools.cache
def _token_sql() -> str:
    """One plain statement for the user of a live token (every API call runs it; the ORM's
    compilation of the same query cost more than running it)."""
    user, token, membership = get_user_model()._meta, ApiToken._meta, Membership._meta
    return (
        f"SELECT u.*, t.{token.pk.column} AS motcua_token_id, "  # noqa: S608 - table and column names from the models
        f"CASE WHEN t.last_used_at IS NULL OR t.last_used_at < %s THEN 1 ELSE 0 END AS motcua_token_stale "
        f"FROM {token.db_table} t JOIN {user.db_table} u ON u.{user.pk.column} = t.{token.get_field('user').column} "
        f"WHERE t.key_hash = %s AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > %s) AND u.is_active "
        # Staff only: a token of an account without an active role (a citizen's) opens nothing.
        f"AND (u.is_superuser OR EXISTS (SELECT 1 FROM {membership.db_table} m WHERE m.{membership.get_field('user').column} = "
        f"u.{user.pk.column} "
        f"AND m.is_active))"
    )


def authenticate_token(raw: str):
    """The active staff member a bearer token belongs to, or None (unknown, revoked or expired
    token, inactive user, or an account with no active role). The token's last use is recorded at most once a minute."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    now = timezone.now()
    user = next(iter(get_user_model().objects.raw(_token_sql(), [now - dt.timedelta(minutes=1), hash_token(raw), now])), None)
    if user is None:
        return None
    if getattr(user, "motcua_token_stale", 0):  # columns of the statement beyond the user's own
        ApiToken.objects.filter(pk=getattr(user, "motcua_token_id")).update(last_used_at=now)  # noqa: B009
    return user


def revoke_api_token(token: ApiToken, *, actor: Any = None) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    record_event(actor=actor, category=AuditCategory.ACCOUNT, action="api_token.revoked", obj=token)


def record_successful_login(user) -> None:
    record_event(actor=user, category=AuditCategory.ACCOUNT, action="account.login", obj=user, summary=user.username)


@transaction.atomic
def add_membership(user, agency, role: str, *, actor: Any = None) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role, defaults={"is_active": True})
    if not created and membership.is_active:
        return membership
    if not created:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    record_event(
        actor=actor, category=AuditCategory.ACCOUNT, action="membership.added", obj=membership, agency=agency, summary=str(membership)
    )
    return membership


@transaction.atomic
def transfer_memberships(source, target, *, actor: Any = None) -> int:
    """Staff of a merged agency continue in its successor; the old memberships stay as history."""
    moved = 0
    for membership in Membership.objects.filter(agency=source, is_active=True).select_related("user"):
        Membership.objects.get_or_create(user=membership.user, agency=target, role=membership.role, defaults={"is_active": True})
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        moved += 1
    if moved:
        record_event(
            actor=actor,
            category=AuditCategory.ACCOUNT,
            action="membership.transferred",
            obj=target,
            agency=target,
            data={"from": source.code, "count": moved},
        )
    return moved
