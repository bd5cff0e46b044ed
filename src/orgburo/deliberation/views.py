"""Deliberation pages: an organisation's questions (and raising one), a question (its policy and
what the reader has left, its proposals with amendments as differences, its discussion with
removals shown in place, the vote and the decision), removing a contribution, appealing, the
appeals a body decides, and the public log of removals."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from orgburo.assignments import permissions as assignment_perms
from orgburo.assignments.pages import comment_page, execution_report_page
from orgburo.core.active_statute import active_statute
from orgburo.core.clock import now, today
from orgburo.core.errors import ServiceError, or_404
from orgburo.core.forms import form_flow, run_service
from orgburo.core.i18n import current_language
from orgburo.core.scope import Scope, request_actor, request_scope
from orgburo.deliberation import permissions as perms
from orgburo.deliberation import selectors, services
from orgburo.deliberation.diff import word_diff
from orgburo.deliberation.forms import (
    METHOD_LABELS,
    AppealForm,
    AssignForm,
    ContributionForm,
    MeetingForm,
    ProposalForm,
    RaiseForm,
    RemoveForm,
)
from orgburo.deliberation.models import (
    DECIDED_STATUSES,
    Capacity,
    Contribution,
    Moderation,
    Proposal,
    Question,
)
from orgburo.deliberation.statute import deliberation_rules
from orgburo.meetings.models import Meeting
from orgburo.meetings.selectors import attendance_counts, meetings_of
from orgburo.register import permissions as register_perms
from orgburo.register.models import Organisation, Person


def _number(text: str) -> int:
    """A small whole number from a form, or 0 (which no record's version is)."""
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text.strip()) else 0


def _me(scope: Scope) -> Person | None:
    return Person.objects.filter(pk=scope.person_id).first() if scope.person_id else None


@login_required
def questions(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    org = or_404(lambda: register_perms.access_organisation(scope, pk))
    found = [q for q in selectors.questions_of(org.path)[:200] if perms.can_see(scope, q)]
    return render(
        request,
        "deliberation/list.html",
        {
            "org": org,
            "questions": [q for q in found if q.kind == Question.Kind.QUESTION],
            "articles": [q for q in found if q.kind == Question.Kind.ARTICLE],
            "may_raise": scope.person_id is not None,
            "appeals": perms.can_act_for(scope, org) and selectors.appeals_to(org.pk).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_new(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    org = or_404(lambda: register_perms.access_organisation(scope, pk))
    person = _me(scope)
    if person is None:
        raise Http404("no person record")
    body = perms.can_act_for(scope, org)
    is_unit = org.level == active_statute().unit_level.code
    form = RaiseForm(request.POST or None, may_act_for_body=body, is_unit=is_unit)

    def write(data: dict[str, Any]) -> Question:
        on_behalf = data["capacity"] == Capacity.BODY
        return services.question_raise(
            organisation=org,
            person=person,
            kind=data["kind"],
            title=data["title"],
            text=data["text"],
            proposal=data["proposal"],
            capacity=data["capacity"],
            reach=data["reach"],
            body=org if on_behalf else None,
            body_decision=data.get("body_decision", ""),
            classification=data.get("classification") or Question.Classification.OPEN,
            restricted_class=data.get("restricted_class", ""),
            urgent=bool(data.get("urgent")),
            decided_by_body=bool(data.get("decided_by_body")),
            ruling=data.get("ruling", ""),
            policy=data["policy"],
            actor=request_actor(request),
        )

    return form_flow(
        request,
        form,
        title=_("A question in %(name)s") % {"name": org.name},
        back=reverse("deliberation:list", args=[org.pk]),
        write=write,
        done=lambda q: (_("Raised."), redirect("deliberation:question", pk=q.pk)),
        submit=_("Raise"),
    )


def _proposals(question: Question) -> list[dict[str, Any]]:
    rows = []
    for p in selectors.proposals_of(question):
        rows.append(
            {
                "proposal": p,
                "diff": word_diff(p.amends.text, p.text) if p.amends else None,
            }
        )
    return rows


def _reason_names() -> dict[str, str]:
    language = current_language()
    rules = deliberation_rules(active_statute())
    return {code: label.get(language) for code, label in rules.moderation_reasons.items()}


PAGE = 50  # contributions on the question's page at a time; earlier ones a link away


def _before(request: HttpRequest) -> int | None:
    """The page of contributions asked for: those older than `?before=<id>` (else the latest)."""
    value = request.GET.get("before", "")
    return int(value) if re.fullmatch(r"[0-9]{1,12}", value) else None


def _discussion(
    question: Question, before: int | None
) -> tuple[list[tuple[Contribution, Moderation | None]], int | None]:
    """One page of the discussion, and the id to ask for the page before it (None: the first)."""
    names = _reason_names()
    found = selectors.discussion_of(question, limit=PAGE + 1, before=before)
    earlier = found[1].pk if len(found) > PAGE else None
    rows = []
    for c in found[-PAGE:]:
        m = selectors.latest_moderation(c)
        if m is not None:
            m.reason_name = names.get(m.reason, m.reason)  # type: ignore[attr-defined]
        rows.append((c, m))
    return rows, earlier


def _question_page(
    request: HttpRequest,
    question: Question,
    *,
    contribution_form: ContributionForm | None = None,
    proposal_form: ProposalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    scope = request_scope(request)
    rules = deliberation_rules(active_statute())
    policy = rules.policy(question.policy)
    moment = now()
    proposals = _proposals(question)
    open_ones = [r["proposal"] for r in proposals if r["proposal"].withdrawn_at is None]
    takes_part = scope.person_id is not None and selectors.takes_part(
        question, scope.person_id, today()
    )
    left = (
        selectors.left_for(question, policy, scope.person_id, moment)
        if takes_part and scope.person_id
        else None
    )
    voting = question.status == Question.Status.VOTING
    entitled = (
        voting
        and scope.person_id is not None
        and selectors.entitled_to_vote(question, today()).filter(person_id=scope.person_id).exists()
    )
    voted = bool(entitled) and question.votes.filter(person_id=scope.person_id or 0).exists()
    language = current_language()
    outcome = getattr(question, "outcome", None) if not voting else None
    before = _before(request)
    discussion, earlier = _discussion(question, before)
    return render(
        request,
        "deliberation/question.html",
        {
            "question": question,
            "policy": policy,
            "policy_name": policy.name.get(language),
            "method_name": str(METHOD_LABELS.get(policy.method, policy.method)),
            "restricted_name": (
                rules.restricted_classes[question.restricted_class].get(language)
                if question.restricted_class in rules.restricted_classes
                else ""
            ),
            "proposals": proposals,
            "discussion": discussion,
            "earlier": earlier,
            "paged": before is not None,
            "takes_part": takes_part,
            "left": left,
            "discussing": question.status == Question.Status.DISCUSSION
            and moment < question.discussion_closes_at,
            "contribution_form": contribution_form
            or ContributionForm(
                proposals=open_ones, may_act_for_body=perms.can_run(scope, question)
            ),
            "proposal_form": proposal_form or ProposalForm(proposals=open_ones),
            "can_run": perms.can_run(scope, question),
            "can_moderate": perms.may_moderate(scope, question),
            "me": scope.person_id,
            "ballot": services.ballot_of(question) if voting else [],
            "entitled": entitled,
            "voted": voted,
            "ranked": policy.method in ("irv", "stv", "schulze", "two-round"),
            "outcome": outcome,
            "outcome_reason": _(outcome.reason) if outcome and outcome.reason else "",
            "given": [
                (a, assignment_perms.can_report(scope, a), assignment_perms.can_comment(scope, a))
                for a in selectors.assignments_of(question)
                if assignment_perms.can_see(scope, a)
            ],
            "against": services.AGAINST,
            "report_meetings": (
                list(
                    Meeting.objects.filter(
                        organisation=question.organisation,
                        status=Meeting.Status.HELD,
                        held_on__gte=question.raised_at.date(),
                    ).order_by("held_on")[:20]
                )
                if question.urgent
                and question.reported_to_id is None
                and perms.can_run(scope, question)
                else []
            ),
            "may_assign": perms.can_run(scope, question) and question.status in DECIDED_STATUSES,
        },
        status=status,
    )


@login_required
def question(request: HttpRequest, pk: int) -> HttpResponse:
    found = or_404(lambda: perms.access_question(request_scope(request), pk))
    return _question_page(request, found)


def _speaker(request: HttpRequest, question: Question, capacity: str) -> tuple[Person, Any]:
    scope = request_scope(request)
    person = _me(scope)
    if person is None:
        raise Http404("no person record")
    body = question.organisation if capacity == Capacity.BODY else None
    if body is not None and not perms.can_act_for(scope, body):
        raise ServiceError(_("you do not act for %(body)s") % {"body": body.name}, field="capacity")
    return person, body


@login_required
@require_POST
def contribute(request: HttpRequest, pk: int) -> HttpResponse:
    found = or_404(lambda: perms.access_question(request_scope(request), pk))
    scope = request_scope(request)
    form = ContributionForm(
        request.POST,
        proposals=selectors.proposals_of(found),
        may_act_for_body=perms.can_run(scope, found),
    )
    if form.is_valid():
        data = form.cleaned_data

        def write() -> Contribution:
            person, body = _speaker(request, found, data.get("capacity") or Capacity.PERSONAL)
            proposal = (
                Proposal.objects.filter(question=found, pk=data["proposal"]).first()
                if data["proposal"]
                else None
            )
            if data["proposal"] and proposal is None:
                raise ServiceError(_("no such proposal in this question"), field="proposal")
            return services.contribution_post(
                question=found,
                person=person,
                text=data["text"],
                proposal=proposal,
                capacity=data.get("capacity") or Capacity.PERSONAL,
                body=body,
                actor=request_actor(request),
            )

        if run_service(form, write) is not None:
            messages.success(request, _("Posted."))
            return redirect(reverse("deliberation:question", args=[found.pk]) + "#discussion")
    return _question_page(request, found, contribution_form=form, status=400)


@login_required
@require_POST
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    found = or_404(lambda: perms.access_question(request_scope(request), pk))
    proposals = [p for p in selectors.proposals_of(found)]
    form = ProposalForm(request.POST, proposals=proposals)
    if form.is_valid():
        data = form.cleaned_data

        def write() -> Proposal:
            person, _body = _speaker(request, found, Capacity.PERSONAL)
            amends = next((p for p in proposals if str(p.pk) == data["amends"]), None)
            return services.proposal_add(
                question=found,
                person=person,
                kind=data["kind"],
                text=data["text"],
                amends=amends,
                actor=request_actor(request),
            )

        if run_service(form, write) is not None:
            messages.success(request, _("Proposed."))
            return redirect(reverse("deliberation:question", args=[found.pk]) + "#proposals")
    return _question_page(request, found, proposal_form=form, status=400)


def _after(request: HttpRequest, question_id: int, call: Any, success: str) -> HttpResponse:
    try:
        call()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("deliberation:question", pk=question_id)


@login_required
@require_POST
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    proposal = or_404(lambda: perms.access_proposal(scope, pk))
    if not perms.can_run(scope, proposal.question):
        raise Http404("no such proposal")
    on = request.POST.get("on_ballot") == "1"
    return _after(
        request,
        proposal.question_id,
        lambda: services.proposal_ballot(
            proposal=proposal, on_ballot=on, actor=request_actor(request)
        ),
        _("Put to the vote.") if on else _("Taken off the ballot."),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    proposal = or_404(lambda: perms.access_proposal(scope, pk))
    person = _me(scope)
    if person is None:
        raise Http404("no such proposal")
    return _after(
        request,
        proposal.question_id,
        lambda: services.proposal_withdraw(
            proposal=proposal, person=person, actor=request_actor(request)
        ),
        _("Withdrawn."),
    )


@login_required
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_question(scope, pk))
    person = _me(scope)
    if person is None:
        raise Http404("no such question")
    # A ranked ballot sends each option's rank ("rank_<id>" = 1, 2, …); a single choice "choice".
    ranks = {
        key[5:]: value
        for key in request.POST
        if key.startswith("rank_")
        and re.fullmatch(r"[0-9]{1,3}", value := request.POST.get(key, "").strip())
    }
    choices = (
        [key for key, _v in sorted(ranks.items(), key=lambda kv: int(kv[1]))]
        if ranks
        else request.POST.getlist("choice")
    )
    return _after(
        request,
        found.pk,
        lambda: services.vote_cast(
            question=found, person=person, choices=choices, actor=request_actor(request)
        ),
        _("Your vote is recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_contribution(scope, pk))
    bodies = perms.moderating_bodies(scope, found)
    if not bodies:
        raise Http404("no such contribution")
    form = RemoveForm(
        request.POST or None, bodies=[(b.pk, b.name) for b in bodies], text=found.text
    )

    def write(data: dict[str, Any]) -> Moderation:
        body = next(b for b in bodies if str(b.pk) == data["body"])
        return services.contribution_remove(
            contribution=found,
            body=body,
            reason=data["reason"],
            note=data["note"],
            actor=request_actor(request),
        )

    return form_flow(
        request,
        form,
        title=_("Remove a contribution to “%(title)s”") % {"title": found.question.title},
        back=reverse("deliberation:question", args=[found.question_id]),
        write=write,
        done=lambda _m: (
            _("Removed; the reason is shown in its place."),
            redirect("deliberation:question", pk=found.question_id),
        ),
        submit=_("Remove"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_moderation(scope, pk))
    person = _me(scope)
    if person is None or found.contribution.author_id != person.pk:
        raise Http404("no such removal")
    form = AppealForm(request.POST or None)

    def write(data: dict[str, Any]) -> Moderation:
        return services.moderation_appeal(
            moderation=found, person=person, text=data["text"], actor=request_actor(request)
        )

    question_id = found.contribution.question_id
    return form_flow(
        request,
        form,
        title=_("Appeal against the removal by %(body)s") % {"body": found.body.name},
        back=reverse("deliberation:question", args=[question_id]),
        write=write,
        done=lambda m: (
            _("Appealed to %(body)s.") % {"body": m.appeal_to.name if m.appeal_to else ""},
            redirect("deliberation:question", pk=question_id),
        ),
        submit=_("Appeal"),
    )


@login_required
def appeals(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    org = or_404(lambda: register_perms.access_organisation(scope, pk))
    if not perms.can_act_for(scope, org):
        raise Http404("no such organisation in your scope")
    return render(
        request,
        "deliberation/appeals.html",
        {
            "org": org,
            "appeals": [
                m
                for m in selectors.appeals_to(org.pk)[:200]
                if perms.can_see(scope, m.contribution.question)
            ],
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_moderation(scope, pk))
    if found.appeal_to is None or not perms.can_act_for(scope, found.appeal_to):
        raise Http404("no such removal")
    reverse_it = request.POST.get("reverse") == "1"
    try:
        services.moderation_decide(
            moderation=found,
            reverse=reverse_it,
            version=_number(request.POST.get("version", "")),
            actor=request_actor(request),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Reversed.") if reverse_it else _("Upheld."))
    return redirect("deliberation:appeals", pk=found.appeal_to.pk)


@login_required
def removals(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    org = or_404(lambda: register_perms.access_organisation(scope, pk))
    names = _reason_names()
    rows = []
    for m in selectors.moderation_log(org.path)[:200]:
        if perms.can_see(scope, m.contribution.question):
            m.reason_name = names.get(m.reason, m.reason)  # type: ignore[attr-defined]
            rows.append(m)
    return render(request, "deliberation/removals.html", {"org": org, "removals": rows})


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
