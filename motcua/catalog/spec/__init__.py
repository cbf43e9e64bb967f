"""The content of one procedure version as plain, comparable data, and the rules it must meet.

Pure module (no ORM): the publish action, the Excel import and the tests all validate the same
``ProcedureSpec``. Every problem is an ``Issue`` with a path into the spec, so the importer can
point at the sheet, row and column and the admin screens at the field."""

from .model import (
    HOURS_PER_WORKING_DAY,
    PROCEDURE_CODE,
    ComponentSpec,
    FeeSpec,
    Issue,
    LegalBasisSpec,
    ProcedureSpec,
    ResultSpec,
    RouteSpec,
    StepSpec,
    applicable_duration,
    field_names,
    hours_equivalent,
    route_hours,
)
from .validation import validate

__all__ = [
    "field_names",
    "ComponentSpec",
    "FeeSpec",
    "HOURS_PER_WORKING_DAY",
    "Issue",
    "LegalBasisSpec",
    "PROCEDURE_CODE",
    "ProcedureSpec",
    "ResultSpec",
    "RouteSpec",
    "StepSpec",
    "applicable_duration",
    "hours_equivalent",
    "route_hours",
    "validate",
]
