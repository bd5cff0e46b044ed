"""`orgburo export_openapi FILE`: write the API schema; `openapi.json` is committed and tested."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


def schema_text() -> str:
    from orgburo.api import api

    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write the OpenAPI schema of /api/ to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        Path(options["file"]).write_text(schema_text(), encoding="utf-8")
        self.stdout.write(f"wrote {options['file']}")
