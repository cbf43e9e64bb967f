"""Write the OpenAPI document to docs/openapi.json, or check that it is current (--check)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.api.api import api

TARGET = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def render() -> str:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Export the /api/v1 OpenAPI document to docs/openapi.json (--check: fail if it differs)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check, **options):
        text = render()
        if check:
            if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
                raise CommandError("docs/openapi.json is out of date: run `make openapi` and commit it.")
            self.stdout.write("docs/openapi.json is current")
            return
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        TARGET.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {TARGET}")
