"""The pages of transfers between units: one transfer (with registering the arrival and
cancelling), and the transfers touching an organisation's subtree, under way and overdue."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from orgburo.core.clock import today
from orgburo.core.errors import NotFoundOrForbidden, or_404
from orgburo.core.forms import form_flow
from orgburo.core.scope import request_actor, request_scope
from orgburo.register import forms, selectors, services
from orgburo.register import permissions as perms
from orgburo.register.models import Transfer
from orgburo.register.statute import ROLL

# The lists a committee may ask for: under way (the default), overdue, every transfer.
SHOWN = ("under_way", "overdue", "all")


@login_required
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_transfer(scope, pk))
    context = {
        "transfer": found,
        "overdue": found.is_overdue(today()),
        "may_receive": perms.can_manage(scope, found.to_unit, ROLL),
        "may_cancel": any(
            perms.can_manage(scope, side, ROLL) for side in (found.from_unit, found.to_unit)
        ),
    }
    return render(request, "register/transfer.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_arrive(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_transfer(scope, pk, "receive"))
    return form_flow(
        request,
        forms.ArrivalForm(request.POST or None),
        title=_("Register the arrival of %(name)s in %(unit)s")
        % {"name": found.person.full_name, "unit": found.to_unit.name},
        back=f"/transfer/{found.pk}/",
        write=lambda data: services.transfer_register_arrival(
            transfer=found, on=data["on"], confirm=data["confirm"], actor=request_actor(request)
        ),
        done=lambda spell: (
            _("%(name)s is on the roll of %(unit)s.")
            % {"name": found.person.full_name, "unit": found.to_unit.name},
            redirect("register:person", pk=spell.person_id),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_transfer(scope, pk, "either"))
    return form_flow(
        request,
        forms.CancelTransferForm(request.POST or None),
        title=_("Cancel the transfer of %(name)s") % {"name": found.person.full_name},
        back=f"/transfer/{found.pk}/",
        write=lambda data: services.transfer_cancel(
            transfer=found, reason=data["reason"], actor=request_actor(request)
        ),
        done=lambda _done: (_("Transfer cancelled."), redirect("register:transfer", pk=found.pk)),
    )


@login_required
def transfers(request: HttpRequest, pk: int) -> HttpResponse:
    """The transfers from or to the units of an organisation's subtree."""
    scope = request_scope(request)
    try:
        org = perms.access_organisation(scope, pk, "full")
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    day = today()
    shown = request.GET.get("show", "under_way")
    shown = shown if shown in SHOWN else "under_way"
    listed = selectors.transfers_touching(org)
    if shown != "all":
        listed = listed.filter(status=Transfer.Status.IN_TRANSIT)
    if shown == "overdue":
        listed = listed.filter(due_by__lt=day)
    context = {
        "org": org,
        "day": day,
        "shown": shown,
        "counts": selectors.transfer_counts(org, day),
        "page": Paginator(listed, 50).get_page(request.GET.get("page")),
    }
    return render(request, "register/transfers.html", context)
