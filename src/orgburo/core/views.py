"""The landing page: send each person to where their work is."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from orgburo.core.scope import request_scope


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    if scope.is_officer:
        return redirect("register:tree")
    if scope.person_id is not None:
        return redirect("register:person", pk=scope.person_id)
    return render(request, "core/nothing.html")
