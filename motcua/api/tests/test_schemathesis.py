"""A bounded schemathesis run over the committed OpenAPI file (docs/openapi.json), against the
app in-process with a staff token and data in place: no server error, every response matches
the schema (status codes, content type, body), input that violates the schema is refused, and
every operation answers the staff token with something other than 401/403 at least once (the
token really opens each operation, so the run tests more than the door)."""

import json
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

SCHEMA = json.loads((Path(django_settings.BASE_DIR) / "docs" / "openapi.json").read_text(encoding="utf-8"))
IMPORT = "/api/v1/dossiers/import"
schema = schemathesis.openapi.from_dict(SCHEMA).exclude(path=IMPORT)
# The legacy import nests a union of every action's event inside a batch: its coverage phase
# (every boundary of every variant) alone took three minutes. It is fuzzed and checked with the
# same checks, without that phase.
import_schema = schemathesis.openapi.from_dict(SCHEMA).include(path=IMPORT)
import_schema.config.phases.update(phases=["examples", "fuzzing"])
REACHED: dict[str, set[int]] = {}


def record_status(ctx, response, case):
    """Not a verdict: the statuses each operation answered, for the module's last check."""
    REACHED.setdefault(case.operation.label, set()).add(response.status_code)


CHECKS = [
    record_status,
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture(scope="module", autouse=True)
def _every_operation_answers_the_staff_token():
    yield
    shut_out = sorted(label for label, statuses in REACHED.items() if statuses <= {401, 403})
    assert REACHED and not shut_out, f"operations that only refused the staff token: {shut_out}"


@pytest.fixture
def api_headers(env, receive):
    """A staff token and a dossier. Like Django's test client, keep the test's database
    connection open across the in-process requests (the WSGI handler would close it)."""
    from django.core import signals
    from django.db import close_old_connections

    from motcua.accounts.services import create_api_token

    receive()
    _token, raw = create_api_token(env["staff"]["admin"], name="schemathesis")
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {raw}"}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _call(case, api_headers, settings) -> None:
    settings.PUBLIC_LOOKUP_RATE = "100000/m"
    case.call_and_validate(app=get_wsgi_application(), headers=api_headers, checks=CHECKS)


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case, api_headers, settings):
    _call(case, api_headers, settings)


@import_schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_legacy_import_conforms_to_its_schema(case, api_headers, settings):
    _call(case, api_headers, settings)
