"""Directive pages: an organisation's directives (sent and received); sending one; one
directive, with its text and files, the caller's acknowledgement and execution report, and, for
the sender's side and each committee between, its read, acknowledgement and execution rates by
branch with the addressees still waiting; what the members below say of it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from orgburo.assignments import permissions as assignment_perms
from orgburo.assignments import selectors as assignment_selectors
from orgburo.assignments.forms import CommentForm
from orgburo.assignments.models import Assignment
from orgburo.assignments.pages import execution_report_page
from orgburo.assignments.services import assignment_comment
from orgburo.core.errors import NotFoundOrForbidden, ServiceError, or_404
from orgburo.core.forms import form_flow, form_page, run_service
from orgburo.core.i18n import current_language
from orgburo.core.scope import Scope, can_see_full, request_actor, request_scope
from orgburo.core.uploads import Upload
from orgburo.directives import permissions as perms
from orgburo.directives import selectors, services
from orgburo.directives.addressing import Addressing
from orgburo.directives.forms import SendForm
from orgburo.directives.models import Delivery, Directive
from orgburo.register.models import Organisation, Person
from orgburo.register.selectors import ancestors

PAGE = 50


def _org_for_list(scope: Scope, pk: int) -> tuple[Organisation, bool]:
    """The organisation whose directives are asked for, and whether the caller sees it in
    full (its officers and those above) or as a member of it (the unrestricted ones)."""
    org = Organisation.objects.filter(pk=pk).first()
    if org is None:
        raise Http404("no such organisation in your scope")
    if can_see_full(scope, org):
        return org, True
    if scope.member_unit_id == org.pk:
        return org, False
    raise Http404("no such organisation in your scope")


@login_required
def directives(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    org, full = _org_for_list(scope, pk)
    sent = list(selectors.sent_by(org)[:PAGE]) if full and org.numchild else []
    acknowledged = selectors.acknowledged_at_sender([d for d in sent if d.status == "sent"])
    language = current_language()
    context: dict[str, Any] = {
        "org": org,
        "crumbs": ancestors(org) if full else [],
        "full": full,
        "can_send": perms.can_send(scope, org),
        "sent": [(d, d.text_in(language), acknowledged.get(d.pk, 0)) for d in sent],
        "received": [
            (delivery, delivery.directive.text_in(language))
            for delivery in selectors.received_by(org, restricted=full)[:PAGE]
        ],
    }
    return render(request, "directives/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def directive_new(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    sender = or_404(lambda: perms.access_to_send(scope, pk))
    # From a finding's page: addressed to the organisation it is about.
    to = request.GET.get("to", "")
    initial = {"organisation_1": int(to)} if to.isdigit() else {}
    form = SendForm(request.POST or None, request.FILES or None, sender=sender, initial=initial)

    def write(data: dict[str, Any]) -> Directive:
        uploads = [Upload(f.name, f.read()) for f in data["attachments"]]
        return services.directive_send(
            sender=sender,
            kind=data["kind"],
            texts=form.texts(),
            addressing=Addressing(
                levels=tuple(data["levels"]),
                settings=tuple(data["settings"]),
                organisations=form.named(),
                to_officers=data["to_officers"],
                fields=tuple(data["work_fields"]),
            ),
            deadline=data["deadline"],
            restricted=data["restricted"],
            attachments=uploads,
            actor=request_actor(request),
        )

    def done(directive: Directive) -> tuple[str, HttpResponse]:
        n = directive.addressed
        if directive.status == Directive.Status.SENT:
            message = ngettext("Sent to %(n)d organisation.", "Sent to %(n)d organisations.", n) % {
                "n": n
            }
        else:
            message = ngettext(
                "Being sent to %(n)d organisation: it reaches it when the delivery is written.",
                "Being sent to %(n)d organisations: it reaches them all at once when every "
                "delivery is written.",
                n,
            ) % {"n": n}
        return message, redirect("directives:directive", pk=directive.pk)

    return form_flow(
        request,
        form,
        title=_("Send from %(name)s") % {"name": sender.name},
        back=reverse("directives:list", args=[sender.pk]),
        write=write,
        done=done,
        submit=_("Send"),
    )


def _within(scope: Scope, directive: Directive, asked: str | None) -> Organisation | None:
    """The committee whose part of the tree the rates are shown for: the one asked for (in
    the caller's scope and the sender's subtree), else the sender for the sender's side, else
    the caller's own committee that the directive reached; None for an addressee alone."""
    sender = directive.sender
    if asked:
        try:
            org = Organisation.objects.filter(pk=int(asked)).first()
        except ValueError:
            org = None
        if org is not None and org.path.startswith(sender.path) and can_see_full(scope, org):
            return org
        raise Http404("no such organisation in your scope")
    if perms.sees_as_sender(scope, directive):
        return sender
    for path in scope.officer_paths:
        if path.startswith(sender.path) and len(path) > len(sender.path):
            org = Organisation.objects.filter(path=path).first()
            if org is not None and org.numchild:
                return org
    return None


def _own_assignment(directive: Directive, delivery: Delivery) -> Assignment | None:
    return (
        Assignment.objects.filter(
            source=services.SOURCE, source_id=directive.pk, organisation_id=delivery.organisation_id
        )
        .prefetch_related("reports", "comments__person")
        .first()
    )


@login_required
def directive(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_directive(scope, pk))
    own = perms.own_deliveries(scope, found)
    if own:
        services.directive_read(deliveries=own, actor=request_actor(request))
    within = _within(scope, found, request.GET.get("within"))
    context: dict[str, Any] = {
        "directive": found,
        "text": found.text_in(current_language()),
        "attachments": list(found.attachments.only("pk", "name", "size")),
        "own": [(d, perms.can_acknowledge(scope, d)) for d in own],
        "within": within,
        "sees_sender": perms.sees_as_sender(scope, found),
    }
    if within is not None and found.status == Directive.Status.SENT:
        rates = selectors.directive_rates(found, within)
        names = dict(
            Organisation.objects.filter(
                pk__in=[c["organisation"] for c in rates["by_child"]]
            ).values_list("pk", "name")
        )
        context.update(
            rates=rates,
            branches=[(names[c["organisation"]], c) for c in rates["by_child"]],
            waiting=selectors.not_acknowledged(found, within),
            waiting_count=rates["addressed"] - rates["acknowledged"],
            crumbs=[o for o in ancestors(within) if o.path.startswith(found.sender.path)],
        )
        if found.kind == Directive.Kind.DIRECTIVE:
            context["execution"] = assignment_selectors.execution_rates(
                within, services.SOURCE, found.pk
            )
            context["still_to_report"] = assignment_selectors.still_to_report(
                within, services.SOURCE, found.pk, limit=PAGE
            )
    # The caller's own organisation's assignment: its reports, and what its members say.
    mine = None
    delivery = own[0] if own else None
    if delivery is None and scope.member_unit_id is not None and not found.restricted:
        delivery = Delivery.objects.filter(
            directive=found, organisation_id=scope.member_unit_id
        ).first()
    if found.kind == Directive.Kind.DIRECTIVE and delivery is not None:
        mine = _own_assignment(found, delivery)
    if mine is not None:
        context.update(
            assignment=mine,
            can_report=assignment_perms.can_report(scope, mine),
            can_comment=assignment_perms.can_comment(scope, mine) and scope.person_id is not None,
            comment_form=CommentForm(),
        )
    return render(request, "directives/directive.html", context)


@login_required
@require_POST
def directive_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_directive(scope, pk))
    try:
        organisation_id = int(request.POST.get("organisation", ""))
    except ValueError:
        organisation_id = None
    delivery = or_404(lambda: perms.access_delivery(scope, found, organisation_id))
    if delivery.acknowledged_at is None and not perms.can_acknowledge(scope, delivery):
        raise Http404("no such delivery")
    try:
        services.directive_acknowledge(delivery=delivery, actor=request_actor(request))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Acknowledged for %(name)s.") % {"name": delivery.organisation.name}
        )
    return redirect("directives:directive", pk=found.pk)


def _assignment_to_report(scope: Scope, pk: int) -> Assignment:
    assignment = assignment_perms.access_to_report(scope, pk)
    if assignment.source != services.SOURCE:
        raise NotFoundOrForbidden("no such assignment")
    return assignment


@login_required
@require_http_methods(["GET", "POST"])
def directive_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner's execution report on a directive's assignment (`pk` is the assignment)."""
    scope = request_scope(request)
    assignment = or_404(lambda: _assignment_to_report(scope, pk))
    back = reverse("directives:directive", args=[assignment.source_id])
    return execution_report_page(request, assignment, back)


@login_required
@require_POST
def directive_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A member of the owner organisation says whether it was done (`pk` is the assignment)."""
    scope = request_scope(request)
    assignment = or_404(lambda: assignment_perms.access_assignment(scope, pk))
    if (
        assignment.source != services.SOURCE
        or not assignment_perms.can_comment(scope, assignment)
        or scope.person_id is None
    ):
        raise Http404("no such assignment")
    form = CommentForm(request.POST)
    person = Person.objects.get(pk=scope.person_id)
    if form.is_valid():
        done = run_service(
            form,
            lambda: assignment_comment(
                assignment=assignment,
                person=person,
                verdict=form.cleaned_data["verdict"],
                text=form.cleaned_data["text"],
                actor=request_actor(request),
            ),
        )
        if done is not None:
            messages.success(request, _("Your word is recorded."))
            return redirect("directives:directive", pk=assignment.source_id)
    return form_page(
        request,
        form,
        _("Was it done?"),
        reverse("directives:directive", args=[assignment.source_id]),
        submit=_("Say it"),
    )


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_attachment(scope, pk))
    response = HttpResponse(bytes(found.data), content_type=found.content_type)
    # Always a download, never drawn inside our pages; the name is sent as UTF-8.
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(found.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
