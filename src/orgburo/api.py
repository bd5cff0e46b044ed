"""The JSON API: one NinjaAPI, with the router of every app that has one. Schema at
/api/openapi.json."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI
from ninja.security import django_auth

from orgburo.access.tokens import TokenAuth
from orgburo.core.api import add_app_routers, install_error_handlers

api = NinjaAPI(
    title="orgburo",
    version="1",
    description="Every read and write of the orgburo UI. A personal token (`Authorization: Bearer "
    "ob_…`, made under My account), or the session of a signed-in browser, whose writes need the "
    "CSRF token in X-CSRFToken.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
    # The schema and its docs page describe every route: for signed-in users, like the API.
    docs_decorator=login_required,
)
install_error_handlers(api)
add_app_routers(api)


def schema_text() -> str:
    """The OpenAPI schema as committed in openapi.json (`orgburo export_openapi FILE`)."""
    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
