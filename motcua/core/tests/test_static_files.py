"""Production's static files: ``collectstatic`` with the hashed, compressed storage the
production settings use succeeds (a vendored file that names a file we do not ship, such as a
source map, fails it and with it every deploy), and every page's vendored assets are in it."""

import json

from django.core.management import call_command


def test_collectstatic_with_the_production_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    call_command("collectstatic", "--noinput", verbosity=0)
    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for vendored in ("vendor/bootstrap.min.css", "vendor/bootstrap.bundle.min.js", "vendor/htmx.min.js", "vendor/chart.umd.min.js"):
        assert vendored in paths and (tmp_path / paths[vendored]).is_file()
