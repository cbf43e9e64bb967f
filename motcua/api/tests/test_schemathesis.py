"""A bounded schemathesis run over the committed OpenAPI file (docs/openapi.json), against the
app in-process with a staff token and data in place: no server error, every response matches
the schema (status codes, content type, body)."""

import json
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings as django_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

SCHEMA = json.loads((Path(django_settings.BASE_DIR) / "docs" / "openapi.json").read_text(encoding="utf-8"))
schema = schemathesis.openapi.from_dict(SCHEMA)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


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


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case, api_headers, settings):
    from django.core.wsgi import get_wsgi_application

    settings.PUBLIC_LOOKUP_RATE = "100000/m"
    case.call_and_validate(app=get_wsgi_application(), headers=api_headers, checks=CHECKS)
