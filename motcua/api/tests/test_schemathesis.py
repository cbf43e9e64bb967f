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
    from motcua.accounts.services import create_api_token

    receive()
    _token, raw = create_api_token(env["staff"]["admin"], name="schemathesis")
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case, api_headers, settings):
    from django.core.wsgi import get_wsgi_application

    settings.PUBLIC_LOOKUP_RATE = "100000/m"
    case.call_and_validate(app=get_wsgi_application(), headers=api_headers, checks=CHECKS)
