"""The demo catalogue: commonly used procedures with realistic times, fees and routes for the
demo province, by field. National codes are those of the national procedure database (CSDL quốc
gia về TTHC) as we know them; verify against it before using this list in production. Fees
follow typical provincial resolutions and are illustrative."""

from __future__ import annotations

from ..spec import ProcedureSpec
from . import certification, civil_status, land_construction, province
from .common import FIELDS, Builder

__all__ = ["FIELDS", "demo_specs"]


def demo_specs(suffix: str, commune_numbers: list[int]) -> list[ProcedureSpec]:
    """The demo procedures for the province whose agency codes end in ``suffix``."""
    builder = Builder(suffix, commune_numbers)
    for part in (civil_status, certification, land_construction, province):
        part.add(builder)
    return builder.out
