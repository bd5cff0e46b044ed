"""Transfers of cadres and campaigns: proposing one from a person's page, agreeing for one's
side, refusing, executing; a campaign approved and executed as one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from orgburo.cadres import permissions as perms
from orgburo.cadres.forms import CadreTransferForm, ExecuteForm, ReasonForm
from orgburo.cadres.services.transfers import (
    cadre_transfer_agree,
    cadre_transfer_execute,
    cadre_transfer_propose,
    cadre_transfer_refuse,
    campaign_approve,
    campaign_execute,
)
from orgburo.core.clock import today
from orgburo.core.errors import ServiceError, or_404
from orgburo.core.forms import form_flow
from orgburo.core.scope import request_actor, request_scope
from orgburo.register.models import Organisation


@login_required
@require_http_methods(["GET", "POST"])
def transfer_new(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    person = or_404(lambda: perms.access_cadres_person(scope, pk, manage=True))
    form = CadreTransferForm(request.POST or None)

    def write(data: dict[str, Any]) -> Any:
        # Any unit of the organisation may receive (as for a transfer card); its committee
        # agrees or refuses for its side.
        to_unit = Organisation.objects.filter(pk=data["to_unit"]).first()
        if to_unit is None:
            raise ServiceError(_("No such unit."), field="to_unit")
        return cadre_transfer_propose(
            person=person, to_unit=to_unit, reason=data["reason"], actor=request_actor(request)
        )

    return form_flow(
        request,
        form,
        title=_("Propose to transfer %(name)s") % {"name": person.full_name},
        back=reverse("register:person", args=[person.pk]) + "#cadres",
        write=write,
        done=lambda t: (_("Transfer proposed."), redirect("cadres:transfer", pk=t.pk)),
        submit=_("Propose"),
    )


@login_required
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_transfer(scope, pk))
    sides = perms.sides_kept(scope, found)
    pending = {
        side
        for side in sides
        if (side == "sending" and found.sending_agreed_at is None)
        or (side == "receiving" and found.receiving_agreed_at is None)
    }
    return render(
        request,
        "cadres/transfer.html",
        {
            "transfer": found,
            "sides": sides,
            "may_agree": found.status == "proposed" and bool(pending),
            "may_act": bool(sides) and found.status in ("proposed", "agreed"),
            "execute_form": ExecuteForm(initial={"on": today()}),
        },
    )


@login_required
@require_POST
def transfer_agree(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_transfer(scope, pk, act=True))
    try:
        cadre_transfer_agree(
            transfer=found, sides=perms.sides_kept(scope, found), actor=request_actor(request)
        )
    except ServiceError as refused:
        messages.error(request, "; ".join(m for ms in refused.field_errors.values() for m in ms))
        return redirect("cadres:transfer", pk=found.pk)
    messages.success(request, _("Agreed."))
    return redirect("cadres:transfer", pk=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    found = or_404(lambda: perms.access_transfer(request_scope(request), pk, act=True))
    form = ReasonForm(request.POST or None)
    return form_flow(
        request,
        form,
        title=_("Refuse the transfer of %(name)s") % {"name": found.person.full_name},
        back=reverse("cadres:transfer", args=[found.pk]),
        write=lambda data: cadre_transfer_refuse(
            transfer=found, reason=data["reason"], actor=request_actor(request)
        ),
        done=lambda _t: (_("Refused."), redirect("cadres:transfer", pk=found.pk)),
        submit=_("Refuse"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_execute(request: HttpRequest, pk: int) -> HttpResponse:
    found = or_404(lambda: perms.access_transfer(request_scope(request), pk, act=True))
    form = ExecuteForm(request.POST or None, initial={"on": today()})
    return form_flow(
        request,
        form,
        title=_("Execute the transfer of %(name)s") % {"name": found.person.full_name},
        back=reverse("cadres:transfer", args=[found.pk]),
        write=lambda data: cadre_transfer_execute(
            transfer=found, on=data["on"], actor=request_actor(request)
        ),
        done=lambda _t: (
            _("Executed: the membership has moved."),
            redirect("cadres:transfer", pk=found.pk),
        ),
        submit=_("Execute"),
    )


@login_required
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    found = or_404(lambda: perms.access_campaign(request_scope(request), pk))
    transfers = list(
        found.transfers.select_related("person", "from_unit", "to_unit").order_by("status", "id")[
            :500
        ]
    )
    by_status: dict[str, int] = {}
    for t in transfers:
        by_status[t.get_status_display()] = by_status.get(t.get_status_display(), 0) + 1
    return render(
        request,
        "cadres/campaign.html",
        {
            "campaign": found,
            "transfers": transfers,
            "by_status": sorted(by_status.items()),
            "execute_form": ExecuteForm(initial={"on": today()}),
        },
    )


@login_required
@require_POST
def campaign_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    found = or_404(lambda: perms.access_campaign(request_scope(request), pk))
    try:
        campaign_approve(campaign=found, actor=request_actor(request))
    except ServiceError as refused:
        messages.error(request, "; ".join(m for ms in refused.field_errors.values() for m in ms))
        return redirect("cadres:campaign", pk=found.pk)
    messages.success(request, _("Approved: every transfer of the campaign is agreed."))
    return redirect("cadres:campaign", pk=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_execute_view(request: HttpRequest, pk: int) -> HttpResponse:
    found = or_404(lambda: perms.access_campaign(request_scope(request), pk))
    form = ExecuteForm(request.POST or None, initial={"on": today()})
    return form_flow(
        request,
        form,
        title=_("Execute the campaign %(title)s") % {"title": found.title},
        back=reverse("cadres:campaign", args=[found.pk]),
        write=lambda data: campaign_execute(
            campaign=found, on=data["on"], actor=request_actor(request)
        ),
        done=lambda n: (
            _("%(n)d transfers executed.") % {"n": n},
            redirect("cadres:campaign", pk=found.pk),
        ),
        submit=_("Execute"),
    )
