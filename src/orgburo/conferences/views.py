"""Conference pages: a committee's conferences (and founding one), a conference (its members by
field, its sessions, when it is due), seating a member, convening a session, and a unit naming
its delegate."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from orgburo.conferences import permissions as perms
from orgburo.conferences import selectors, services
from orgburo.conferences.forms import ConveneForm, DelegateForm, FoundForm, SeatForm
from orgburo.conferences.models import Conference, Invitation, Seat, Session
from orgburo.conferences.statute import conference_rules
from orgburo.core.active_statute import active_statute
from orgburo.core.clock import today
from orgburo.core.errors import ServiceError, or_404
from orgburo.core.forms import form_flow
from orgburo.core.i18n import current_language
from orgburo.core.scope import can_see_full, request_actor, request_scope
from orgburo.meetings.selectors import attendance_by_field
from orgburo.register import permissions as register_perms
from orgburo.register.models import Organisation, Trust


def _every(conference: Conference) -> int:
    rules = conference_rules(active_statute())
    if conference.kind == Conference.Kind.ECONOMIC:
        return rules.economic_every_months
    return rules.cross_field_every_months


@login_required
def conferences(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    org = or_404(lambda: register_perms.access_organisation(scope, pk, "full"))
    found = list(selectors.conferences_of(org))
    day = today()
    return render(
        request,
        "conferences/list.html",
        {
            "org": org,
            "conferences": [(c, selectors.due(c, _every(c), day)) for c in found],
            "can_found": perms.can_found(scope, org),
        },
    )


def _trusts_below(org: Organisation) -> list[tuple[int, str]]:
    below = Organisation.objects.filter(
        path__startswith=org.path, enterprise__trust__isnull=False, dissolved_on__isnull=True
    ).values("enterprise__trust")
    return list(Trust.objects.filter(pk__in=below).order_by("name").values_list("pk", "name"))


@login_required
@require_http_methods(["GET", "POST"])
def conference_new(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    org = or_404(lambda: perms.access_to_found(scope, pk))
    trusts = _trusts_below(org)
    form = FoundForm(request.POST or None, trusts=trusts)

    def write(data: dict[str, Any]) -> Conference:
        trust = Trust.objects.filter(pk=int(data["trust"])).first() if data["trust"] else None
        return services.conference_found(
            committee=org,
            kind=data["kind"],
            name=data["name"],
            trust=trust,
            actor=request_actor(request),
        )

    return form_flow(
        request,
        form,
        title=_("A conference under %(name)s") % {"name": org.name},
        back=reverse("conferences:list", args=[org.pk]),
        write=write,
        done=lambda c: (_("Founded."), redirect("conferences:conference", pk=c.pk)),
        submit=_("Found"),
    )


def _field_names() -> dict[str, str]:
    language = current_language()
    return {c.code: c.name.get(language) for c in active_statute().choices("fields")}


@login_required
def conference(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_conference(scope, pk))
    names = _field_names()
    sessions = list(selectors.sessions_of(found)[:24])
    own: list[Invitation] = []
    invitations: dict[int, list[Invitation]] = {}
    can_run = perms.can_run(scope, found)
    unseated = (
        selectors.officers_unseated(found, today())
        if can_run and found.kind == Conference.Kind.CROSS_FIELD
        else []
    )
    if found.kind == Conference.Kind.ECONOMIC:
        for session in sessions[:3]:
            rows = list(selectors.invitations_of(session))
            invitations[session.pk] = [r for r in rows if can_see_full(scope, r.unit)]
            own += [r for r in rows if perms.can_name_delegate(scope, r)]
    return render(
        request,
        "conferences/conference.html",
        {
            "conference": found,
            "due": selectors.due(found, _every(found), today()),
            "every": _every(found),
            "seats": [(names.get(s.field, s.field), s) for s in selectors.seats_of(found)],
            "sessions": [
                (
                    s,
                    [
                        (names.get(f.field, f.field or "—"), f)
                        for f in attendance_by_field(s.meeting)
                    ],
                    invitations.get(s.pk, []),
                )
                for s in sessions
            ],
            "own_invitations": own,
            "can_run": can_run,
            "unseated": [(names.get(o.field, o.field or "—"), o) for o in unseated],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat_new(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_to_run(scope, pk))
    if found.kind != Conference.Kind.CROSS_FIELD:
        raise Http404("no such conference")
    form = SeatForm(request.POST or None)

    def write(data: dict[str, Any]) -> Seat:
        return services.seat_add(
            conference=found,
            person=register_perms.access_person(scope, data["person"]),
            field=data["field"],
            post=data["post"],
            actor=request_actor(request),
        )

    return form_flow(
        request,
        form,
        title=_("A member of %(name)s") % {"name": found.name},
        back=reverse("conferences:conference", args=[found.pk]),
        write=write,
        done=lambda _s: (_("Seated."), redirect("conferences:conference", pk=found.pk)),
    )


@login_required
@require_POST
def seat_end(request: HttpRequest, pk: int) -> HttpResponse:
    seat = or_404(lambda: perms.access_seat(request_scope(request), pk))
    try:
        services.seat_end(seat=seat, actor=request_actor(request))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(person)s has left.") % {"person": seat.person.full_name})
    return redirect("conferences:conference", pk=seat.conference_id)


@login_required
@require_http_methods(["GET", "POST"])
def convene(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_to_run(scope, pk))
    form = ConveneForm(request.POST or None)

    def write(data: dict[str, Any]) -> Session:
        return services.conference_convene(
            conference=found,
            held_on=data["held_on"],
            place=data["place"],
            agenda=data["agenda"].splitlines(),
            actor=request_actor(request),
        )

    return form_flow(
        request,
        form,
        title=_("Convene %(name)s") % {"name": found.name},
        back=reverse("conferences:conference", args=[found.pk]),
        write=write,
        done=lambda s: (_("Convened."), redirect("meetings:meeting", pk=s.meeting_id)),
        submit=_("Convene"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegate(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    invitation = or_404(lambda: perms.access_invitation(scope, pk))
    form = DelegateForm(request.POST or None)

    def write(data: dict[str, Any]) -> Invitation:
        return services.delegate_name(
            invitation=invitation,
            person=register_perms.access_person(scope, data["person"]),
            actor=request_actor(request),
        )

    return form_flow(
        request,
        form,
        title=_("%(unit)s's delegate to %(name)s")
        % {"unit": invitation.unit.name, "name": invitation.session.conference.name},
        back=reverse("conferences:conference", args=[invitation.session.conference_id]),
        write=write,
        done=lambda i: (
            _("%(person)s is named.") % {"person": i.delegate.full_name if i.delegate else ""},
            redirect("conferences:conference", pk=i.session.conference_id),
        ),
        submit=_("Name"),
    )
