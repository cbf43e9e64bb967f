"""Citizens stay in the portal's frame on public pages; staff in theirs."""

import pytest

pytestmark = pytest.mark.django_db

PUBLIC = ("/procedures/", "/procedures/1.001193/", "/track/")


def test_public_pages_keep_a_citizen_in_the_portal(env, client):
    for url in PUBLIC:
        page = client.get(url).content.decode()
        assert 'id="portalnav"' in page and 'id="mainnav"' not in page, url


def test_public_pages_keep_staff_in_the_staff_shell(env, client):
    client.force_login(env["staff"]["reception_a"])
    for url in PUBLIC:
        page = client.get(url).content.decode()
        assert 'id="mainnav"' in page and 'id="portalnav"' not in page, url
