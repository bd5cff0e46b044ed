"""Bodies the API refuses before parsing them: anything but JSON (415), and more than a route
allows (413). A form's or an API's parser failing on such a body would answer 500."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

# A request body's limit; a route that takes a file as text (a ballot file in JSON) names
# itself with `allow_large_body`, up to settings.DATA_UPLOAD_MAX_MEMORY_SIZE.
BODY_LIMIT = 2_621_440  # Django's default: 2.5 MiB
_large: list[re.Pattern[str]] = []


def allow_large_body(path_pattern: str) -> None:
    """Let the routes whose path matches take a body up to Django's upload limit."""
    pattern = re.compile(path_pattern)
    if pattern.pattern not in {known.pattern for known in _large}:
        _large.append(pattern)


def _refused(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": {"": [detail]}}, status=status)


class BodyGuard:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("POST", "PUT", "PATCH"):
            refusal = self._refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refused(400, "the Content-Length header is not a number")
        kind = request.content_type or ""
        is_api = request.path.startswith("/api/")
        if is_api and length and kind != "application/json":
            return _refused(415, "send the body as JSON (Content-Type: application/json)")
        if kind.startswith("multipart/"):
            return None  # uploaded files stream to disk; Django's own limits apply
        if length > BODY_LIMIT and not any(p.match(request.path) for p in _large):
            return _refused(413, f"the body is larger than {BODY_LIMIT // 1024} KiB")
        return None
