"""A decision's assignments and the reports on them, a body's general meetings, and an urgent
decision reported to a meeting."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from orgburo.assignments import permissions as assignment_perms
from orgburo.assignments.pages import comment_page, execution_report_page
from orgburo.core.errors import ServiceError, or_404
from orgburo.core.forms import form_flow
from orgburo.core.scope import request_actor, request_scope
from orgburo.deliberation import permissions as perms
from orgburo.deliberation import selectors, services
from orgburo.deliberation.forms import (
    AssignForm,
    MeetingForm,
)
from orgburo.deliberation.models import (
    Question,
)
from orgburo.deliberation.views._common import _after, _me, _number
from orgburo.meetings.models import Meeting
from orgburo.meetings.selectors import attendance_counts, meetings_of
from orgburo.register import permissions as register_perms
from orgburo.register.models import Organisation


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_question(scope, pk))
    if not perms.can_run(scope, found):
        raise Http404("no such question")
    org = found.organisation
    owners = [
        org,
        *Organisation.objects.filter(
            path__startswith=org.path, depth=org.depth + 1, dissolved_on__isnull=True
        ).order_by("name"),
    ]
    form = AssignForm(request.POST or None, owners=[(o.pk, o.name) for o in owners])

    def write(data: dict[str, Any]) -> int:
        picked = [o for o in owners if str(o.pk) in data["owners"]]
        return services.decision_assign(
            question=found,
            title=data["title"],
            deadline=data["deadline"],
            owners=picked,
            actor=request_actor(request),
        )

    return form_flow(
        request,
        form,
        title=_("Carrying out the decision on “%(title)s”") % {"title": found.title},
        back=reverse("deliberation:question", args=[found.pk]),
        write=write,
        done=lambda n: (
            _("%(n)d assignments given.") % {"n": n},
            redirect("deliberation:question", pk=found.pk),
        ),
        submit=_("Give the assignments"),
    )


def _assignment(request: HttpRequest, pk: int, *, report: bool) -> Any:
    scope = request_scope(request)
    assignment = or_404(
        lambda: (
            assignment_perms.access_to_report(scope, pk)
            if report
            else assignment_perms.access_assignment(scope, pk)
        )
    )
    if assignment.source != services.SOURCE:
        raise Http404("no such assignment")
    # The question it came from must be one the caller sees, too.
    or_404(lambda: perms.access_question(scope, assignment.source_id))
    return assignment


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner's execution report on a decision's assignment (`pk` is the assignment)."""
    assignment = _assignment(request, pk, report=True)
    back = reverse("deliberation:question", args=[assignment.source_id]) + "#assignments"
    return execution_report_page(request, assignment, back)


@login_required
@require_http_methods(["GET", "POST"])
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's word from below on whether a decision's assignment was carried out."""
    assignment = _assignment(request, pk, report=False)
    scope = request_scope(request)
    person = _me(scope)
    if person is None or not assignment_perms.can_comment(scope, assignment):
        raise Http404("no such assignment")
    back = reverse("deliberation:question", args=[assignment.source_id]) + "#assignments"
    return comment_page(request, assignment, person, back)


@login_required
def meetings(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation's general meetings, the latest first, with attendance against quorum."""
    scope = request_scope(request)
    org = or_404(lambda: register_perms.access_organisation(scope, pk))
    rows = list(meetings_of(org, services.MEETING_KIND)[:50])
    counts = attendance_counts([m.pk for m in rows])
    return render(
        request,
        "deliberation/meetings.html",
        {
            "org": org,
            "meetings": [(m, counts.get(m.pk, (0, 0))) for m in rows],
            "may_call": perms.can_act_for(scope, org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    org = or_404(lambda: register_perms.access_organisation(scope, pk))
    if not perms.can_act_for(scope, org):
        raise Http404("no such organisation in your scope")
    open_ones = [
        q
        for q in selectors.questions_of(org.path)[:50]
        if q.status in (Question.Status.DISCUSSION, Question.Status.VOTING)
        and q.classification == Question.Classification.OPEN
        and perms.can_see(scope, q)
    ]
    form = MeetingForm(request.POST or None, questions=[(q.pk, q.title) for q in open_ones])

    def write(data: dict[str, Any]) -> Any:
        return services.general_meeting_call(
            organisation=org,
            held_on=data["held_on"],
            place=data["place"],
            agenda=data["agenda"].splitlines(),
            questions=[q for q in open_ones if str(q.pk) in data["questions"]],
            actor=request_actor(request),
        )

    return form_flow(
        request,
        form,
        title=_("The general meeting of %(name)s") % {"name": org.name},
        back=reverse("deliberation:meetings", args=[org.pk]),
        write=write,
        done=lambda m: (_("Called; the roll is asked."), redirect("meetings:meeting", pk=m.pk)),
        submit=_("Call the meeting"),
    )


@login_required
@require_POST
def report_urgent(request: HttpRequest, pk: int) -> HttpResponse:
    """The body records that its urgent decision was reported to a meeting held since."""
    scope = request_scope(request)
    found = or_404(lambda: perms.access_question(scope, pk))
    if not perms.can_run(scope, found):
        raise Http404("no such question")
    meeting = Meeting.objects.filter(
        organisation=found.organisation, pk=_number(request.POST.get("meeting", ""))
    ).first()
    return _after(
        request,
        found.pk,
        lambda: (
            services.question_report_urgent(
                question=found, meeting=meeting, actor=request_actor(request)
            )
            if meeting is not None
            else _refuse(_("choose a meeting of the organisation"), "meeting")
        ),
        _("Recorded as reported."),
    )


def _refuse(message: str, field: str) -> None:
    raise ServiceError(message, field=field)
