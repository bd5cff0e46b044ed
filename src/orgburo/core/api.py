"""What every app's API shares: strict inputs, the error shape, the error handlers, and the
discovery of each app's router (an app's `api.py` with a module-level `router`)."""

from __future__ import annotations

import logging
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import ConfigDict, field_validator

from orgburo.core.errors import ServiceError
from orgburo.core.text import unreadable

logger = logging.getLogger("orgburo.api")


class StrictIn(Schema):
    """Input: unknown fields are refused; no text may carry a NUL (no database stores one) or
    bidirectional controls, nor be made only of invisible characters."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def readable_text(cls, value: Any) -> Any:
        # On every field, so a refusal names the field (its place in the error's "errors").
        if isinstance(value, str):
            if "\x00" in value:
                raise ValueError("contains a NUL character")
            reason = unreadable(value)
            if reason:
                raise ValueError(reason)
        return value


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


# The refusals an endpoint may answer with, for its `response=` (every one has the ErrorOut shape).
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
READ_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def install_error_handlers(api: NinjaAPI) -> None:
    """Every refusal answers `{"detail": ..., "errors": {field: [messages]}}`."""

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
        return api.create_response(
            request, {"detail": "invalid input", "errors": errors}, status=422
        )

    @api.exception_handler(Exception)
    def unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Logged with the path only: the request body may hold personal data.
        logger.exception("API error on %s %s", request.method, request.path)
        return api.create_response(
            request, {"detail": "internal error; nothing was saved", "errors": {}}, status=500
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(
            request, {"detail": str(exc), "errors": {}}, status=exc.status_code
        )

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, {"detail": "log in first", "errors": {}}, status=401)


def add_app_routers(api: NinjaAPI) -> None:
    """Mount the `router` of every installed orgburo app that has an `api` module, in the order
    of INSTALLED_APPS (which is also the order of the OpenAPI schema)."""
    for config in apps.get_app_configs():
        if not config.name.startswith("orgburo."):
            continue
        module_name = f"{config.name}.api"
        if find_spec(module_name) is None:
            continue
        router = getattr(import_module(module_name), "router", None)
        if router is not None:
            api.add_router("/", router)
