"""The landing page: send each person to where their work is."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from orgburo.core.contributions import start_page_for
from orgburo.core.scope import request_scope


@login_required
def home(request: HttpRequest) -> HttpResponse:
    url = start_page_for(request_scope(request))
    if url is not None:
        return redirect(url)
    return render(request, "core/nothing.html")
