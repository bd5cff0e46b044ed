"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from orgburo.core.active_statute import active_statute
from orgburo.core.scope import request_scope


def orgburo(request: HttpRequest) -> dict[str, Any]:
    return {"statute": active_statute(), "scope": request_scope(request)}
