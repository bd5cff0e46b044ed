"""Enterprise pages: an enterprise (who speaks for it, its units, its notices), recording who
speaks for it, posting a notice, a notice with each unit's receipt and answers, and a unit
confirming and answering its copy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from orgburo.core.active_statute import active_statute
from orgburo.core.clock import today
from orgburo.core.errors import ServiceError, or_404
from orgburo.core.forms import form_flow
from orgburo.core.i18n import current_language
from orgburo.core.scope import can_see_full, request_actor, request_scope
from orgburo.enterprises import permissions as perms
from orgburo.enterprises import selectors, services
from orgburo.enterprises.forms import AnswerForm, ManagerForm, NoticeForm
from orgburo.enterprises.models import Manager, Notice
from orgburo.enterprises.statute import enterprise_rules
from orgburo.register import permissions as register_perms
from orgburo.register.models import Person


def _topic_names() -> dict[str, str]:
    language = current_language()
    return {
        code: label.get(language)
        for code, label in enterprise_rules(active_statute()).topics.items()
    }


@login_required
def enterprise(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_enterprise(scope, pk))
    day = today()
    units = [u for u in selectors.linked_units(found, day) if can_see_full(scope, u)]
    return render(
        request,
        "enterprises/enterprise.html",
        {
            "enterprise": found,
            "managers": selectors.managers_of(found, day),
            "units": units,
            "notices": selectors.notices_of(found)[:50],
            "topics": _topic_names(),
            "can_post": perms.speaks_for(scope, found),
            "can_record": perms.can_record_managers(scope, found),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def manager_new(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_to_record_managers(scope, pk))
    form = ManagerForm(request.POST or None)

    def write(data: dict[str, Any]) -> Manager:
        person = register_perms.access_person(scope, data["person"])
        return services.manager_record(
            person=person,
            role=data["role"],
            enterprise=found,
            trust=found.trust,
            started_on=data["started_on"],
            actor=request_actor(request),
        )

    return form_flow(
        request,
        form,
        title=_("Who speaks for %(name)s") % {"name": found.name},
        back=reverse("enterprises:enterprise", args=[found.pk]),
        write=write,
        done=lambda _m: (_("Recorded."), redirect("enterprises:enterprise", pk=found.pk)),
    )


@login_required
@require_POST
def manager_end(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    manager = or_404(lambda: perms.access_manager(scope, pk))
    back = request.POST.get("enterprise", "")
    try:
        services.manager_end(manager=manager, ended_on=today(), actor=request_actor(request))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Ended today."))
    if back.isdigit():
        return redirect("enterprises:enterprise", pk=int(back))
    return redirect("home")


@login_required
@require_http_methods(["GET", "POST"])
def notice_new(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_to_post(scope, pk))
    form = NoticeForm(request.POST or None)
    assert scope.person_id is not None  # one who speaks for it is a person
    author = Person.objects.get(pk=scope.person_id)

    def write(data: dict[str, Any]) -> Notice:
        return services.notice_post(
            enterprise=found,
            author=author,
            topic=data["topic"],
            title=data["title"],
            text=data["text"],
            actor=request_actor(request),
        )

    return form_flow(
        request,
        form,
        title=_("Inform the units of %(name)s") % {"name": found.name},
        back=reverse("enterprises:enterprise", args=[found.pk]),
        write=write,
        done=lambda notice: (
            _("Sent to %(n)d units.") % {"n": notice.receipts.count()},
            redirect("enterprises:notice", pk=notice.pk),
        ),
        submit=_("Send"),
    )


@login_required
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_notice(scope, pk))
    own = perms.own_receipts(scope, found)
    everyone = perms.speaks_for(scope, found.enterprise)
    receipts = [r for r in selectors.receipts_of(found) if everyone or can_see_full(scope, r.unit)]
    return render(
        request,
        "enterprises/notice.html",
        {
            "notice": found,
            "topic": _topic_names().get(found.topic, found.topic),
            "own": own,
            "receipts": receipts,
            "answer_form": AnswerForm(),
        },
    )


@login_required
@require_POST
def receipt_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = or_404(lambda: perms.access_receipt(request_scope(request), pk))
    try:
        services.receipt_confirm(receipt=receipt, actor=request_actor(request))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Confirmed for %(name)s.") % {"name": receipt.unit.name})
    return redirect("enterprises:notice", pk=receipt.notice_id)


@login_required
@require_http_methods(["GET", "POST"])
def receipt_answer(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = or_404(lambda: perms.access_receipt(request_scope(request), pk))
    return form_flow(
        request,
        AnswerForm(request.POST or None),
        title=_("Answer “%(title)s”") % {"title": receipt.notice.title},
        back=reverse("enterprises:notice", args=[receipt.notice_id]),
        write=lambda data: services.receipt_answer(
            receipt=receipt, text=data["text"], actor=request_actor(request)
        ),
        done=lambda _a: (
            _("Your answer is sent."),
            redirect("enterprises:notice", pk=receipt.notice_id),
        ),
        submit=_("Answer"),
    )
