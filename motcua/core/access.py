"""Who the signed-in user is to the shell: their roles and the agencies in their scope.

``core`` sits below the app that keeps staff and roles (``accounts``), so the shell (menu, home
page, public frame) asks through this one seam, which ``accounts`` fills when it starts. Without
a provider (a bare ``core``), nobody has a role."""

from __future__ import annotations

from typing import Any, Protocol

ADMIN = "admin"  # the administrator's role (accounts.choices.Role.ADMIN is this value)


class AccessProvider(Protocol):
    def roles_of(self, user: Any) -> set[str]: ...

    def scoped_agencies(self, user: Any) -> Any: ...


_PROVIDER: list[AccessProvider] = []


def provide(provider: AccessProvider) -> None:
    _PROVIDER[:] = [provider]


def roles_of(user: Any) -> set[str]:
    return _PROVIDER[0].roles_of(user) if _PROVIDER else set()


def scoped_agencies(user: Any) -> Any:
    if not _PROVIDER:
        raise LookupError("no access provider registered (is motcua.accounts installed?)")
    return _PROVIDER[0].scoped_agencies(user)
