"""The pages of the assignments' mechanism, for every app whose records give assignments: the
owner's execution report on one assignment, and a member's word on whether it was done. The app
checks who may reach the assignment and says where to go back to."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from orgburo.assignments.forms import CommentForm, ExecutionReportForm
from orgburo.assignments.models import Assignment
from orgburo.assignments.services import assignment_comment, execution_report
from orgburo.core.forms import form_flow
from orgburo.core.scope import request_actor
from orgburo.register.models import Person


def execution_report_page(request: HttpRequest, assignment: Assignment, back: str) -> HttpResponse:
    return form_flow(
        request,
        ExecutionReportForm(request.POST or None),
        title=_("Execution report of %(name)s") % {"name": assignment.organisation.name},
        back=back,
        write=lambda data: execution_report(
            assignment=assignment,
            outcome=data["outcome"],
            text=data["text"],
            figures=data["figures"],
            actor=request_actor(request),
        ),
        done=lambda _report: (_("Execution report recorded."), redirect(back)),
        submit=_("Report"),
    )


def comment_page(
    request: HttpRequest, assignment: Assignment, person: Person, back: str
) -> HttpResponse:
    return form_flow(
        request,
        CommentForm(request.POST or None),
        title=_("Was it done? %(title)s") % {"title": assignment.title},
        back=back,
        write=lambda data: assignment_comment(
            assignment=assignment,
            person=person,
            verdict=data["verdict"],
            text=data["text"],
            actor=request_actor(request),
        ),
        done=lambda _c: (_("Thank you: your word is recorded."), redirect(back)),
        submit=_("Send"),
    )
