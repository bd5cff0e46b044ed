"""The kernel's pages: the landing page (each person to where their work is), the pickers'
searches, and the inbox."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from orgburo.core import notifications
from orgburo.core.contributions import start_page_for
from orgburo.core.forms import form_flow
from orgburo.core.pickers import PICKER_PAGE, source_named
from orgburo.core.scope import request_actor, request_scope

_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,40}")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    url = start_page_for(request_scope(request))
    if url is not None:
        return redirect(url)
    return render(request, "core/nothing.html")


@login_required
@require_GET
def pick(request: HttpRequest, source: str) -> HttpResponse:
    """The matches for a picker's search box (core/pickers.py), as radio buttons."""
    found = source_named(source)
    field = request.GET.get("field", "choice")
    if found is None or not _FIELD_NAME.fullmatch(field):
        raise Http404("no such picker")
    text = request.GET.get(f"{field}__text", "").strip()[:100]
    params = {k: str(v) for k, v in request.GET.items() if k not in ("field", f"{field}__text")}
    choices = found.search(request, text, params, PICKER_PAGE + 1) if text else []
    context = {
        "field": field,
        "text": text,
        "choices": choices[:PICKER_PAGE],
        "more": len(choices) > PICKER_PAGE,
    }
    return render(request, "core/_picker_options.html", context)


# --- the inbox (core/notifications.py) -------------------------------------------------------

INBOX_PAGE = 30


def _own_person_id(request: HttpRequest) -> int:
    person_id = request_scope(request).person_id
    if person_id is None:
        raise Http404("no inbox: this login belongs to no person on the register")
    return person_id


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    """What the person has been told, newest first; a POST marks it all read."""
    person_id = _own_person_id(request)
    notifications.inbox_sync(person_id, request_scope(request).member_unit_path)
    if request.method == "POST":
        notifications.inbox_mark_read(person_id=person_id, actor=request_actor(request))
        return redirect("inbox")
    items = notifications.inbox_of(person_id).order_by("-created_at", "-id")
    page = Paginator(items, INBOX_PAGE).get_page(request.GET.get("page"))
    shown = [(n, notifications.render(n)) for n in page]
    unread = sum(1 for n, _text in shown if n.read_at is None)
    return render(request, "core/inbox.html", {"page": page, "shown": shown, "unread": unread})


@login_required
def inbox_count(request: HttpRequest) -> HttpResponse:
    """The header's link to the inbox with the number unread (loaded after the page, by htmx,
    so no page pays for it)."""
    scope = request_scope(request)
    person_id = scope.person_id
    unread = None
    if person_id is not None:
        notifications.inbox_sync(person_id, scope.member_unit_path)
        unread = notifications.inbox_of(person_id).filter(read_at__isnull=True).count()
    return render(request, "core/_inbox_count.html", {"unread": unread})


class ChoicesForm(forms.Form):
    """One box a kind: ticked, it comes by e-mail as well as to the inbox."""

    def __init__(self, *args: Any, kinds: list[notifications.Kind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind.code] = forms.BooleanField(label=str(kind.label), required=False)


@login_required
@require_http_methods(["GET", "POST"])
def inbox_choices(request: HttpRequest) -> HttpResponse:
    person_id = _own_person_id(request)
    kinds = notifications.notification_kinds()
    form = ChoicesForm(
        request.POST or None, kinds=kinds, initial=notifications.choices_of(person_id)
    )
    return form_flow(
        request,
        form,
        title=_("What comes by e-mail as well"),
        back=reverse("inbox"),
        write=lambda data: notifications.notification_choices_set(
            person_id=person_id, by_email=data, actor=request_actor(request)
        ),
        done=lambda _done: (_("Your choice is recorded."), redirect("inbox")),
    )
