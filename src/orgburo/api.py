"""The JSON API: one NinjaAPI, a router per app. Schema at /api/openapi.json."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import django_auth

from orgburo.core.errors import ServiceError

logger = logging.getLogger("orgburo.api")

api = NinjaAPI(
    title="orgburo",
    version="1",
    description="Every read and write of the orgburo UI. Session authentication (log in at /login/); "
    "writes need the CSRF token in X-CSRFToken.",
    auth=django_auth,
    urls_namespace="api",
)


@api.exception_handler(ServiceError)
def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return api.create_response(
        request, {"detail": exc.message, "errors": exc.field_errors}, status=exc.status
    )


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for item in exc.errors:
        loc = [str(part) for part in item.get("loc", ())]
        # ("body", "data", "on") -> "on": where the value came from and the view's parameter
        # name mean nothing to a caller; the field's own name does.
        if loc and loc[0] == "body":
            loc = loc[2:]
        elif loc and loc[0] in ("query", "path"):
            loc = loc[1:]
        errors.setdefault(".".join(loc) or "", []).append(str(item.get("msg", "invalid")))
    return api.create_response(request, {"detail": "invalid input", "errors": errors}, status=422)


@api.exception_handler(Exception)
def unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged with the path only: the request body may hold personal data.
    logger.exception("API error on %s %s", request.method, request.path)
    return api.create_response(
        request, {"detail": "internal error; nothing was saved", "errors": {}}, status=500
    )


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "log in first", "errors": {}}, status=401)


from orgburo.elections.api import router as elections_router  # noqa: E402 - routers need `api`
from orgburo.line.api import router as line_router  # noqa: E402 - routers need `api` defined
from orgburo.register.api import router as register_router  # noqa: E402 - routers need `api` defined

api.add_router("/", register_router)
api.add_router("/", elections_router)
api.add_router("/", line_router)
