"""The fake national portal as a fixture of the integrations tests."""

import pytest

from motcua.integrations.tests.fakes import FakePortal


@pytest.fixture
def portal(settings):
    fake = FakePortal()
    settings.NATIONAL_PORTAL_URL, settings.NATIONAL_PORTAL_USERNAME, settings.NATIONAL_PORTAL_PASSWORD = fake.base, "tinh", "secret"
    settings.NATIONAL_PORTAL_AGENCY, settings.OUTBOX_TIMEOUT = "000.00.00.H38", 1
    yield fake
    fake.close()
