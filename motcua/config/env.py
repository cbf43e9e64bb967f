"""The one place where environment variables are read.

Every variable read through these helpers is recorded in ``REGISTRY`` so that
``docs/configuration.md`` can be checked against the code (see the test in core).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Variable:
    name: str
    default: object
    help: str


REGISTRY: dict[str, Variable] = {}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str, default: object, help: str) -> str | None:
    REGISTRY[name] = Variable(name, default, help)
    return os.environ.get(name)


def get_str(name: str, default: str | None = None, *, help: str = "", required: bool = False) -> str:
    value = _raw(name, default, help)
    if value is None:
        if required or default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required: {help}")
        return default
    return value


def get_bool(name: str, default: bool, *, help: str = "") -> bool:
    value = _raw(name, default, help)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"Environment variable {name} must be a boolean, got {value!r}")


def get_int(name: str, default: int, *, help: str = "") -> int:
    value = _raw(name, default, help)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"Environment variable {name} must be an integer, got {value!r}") from exc


def get_float(name: str, default: float, *, help: str = "") -> float:
    value = _raw(name, default, help)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"Environment variable {name} must be a number, got {value!r}") from exc


def get_list(name: str, default: list[str], *, help: str = "") -> list[str]:
    value = _raw(name, default, help)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]
