"""An organisation's questions and raising one; a question's page (its policy and what the reader
has left, its proposals with amendments as differences, its discussion with removals shown in
place, the vote and the decision); speaking, proposing, the ballot and the vote."""

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
from orgburo.core.active_statute import active_statute
from orgburo.core.clock import now, today
from orgburo.core.errors import NotFoundOrForbidden, ServiceError, or_404
from orgburo.core.forms import form_flow, run_service
from orgburo.core.i18n import current_language
from orgburo.core.scope import Scope, request_actor, request_scope
from orgburo.deliberation import permissions as perms
from orgburo.deliberation import selectors, services
from orgburo.deliberation.diff import word_diff
from orgburo.deliberation.forms import (
    METHOD_LABELS,
    ContributionForm,
    ProposalForm,
    RaiseForm,
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
from orgburo.deliberation.views._common import _after, _me, _reason_names
from orgburo.meetings.models import Meeting
from orgburo.register import permissions as register_perms
from orgburo.register.models import Organisation, Person


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


def _participation_of(scope: Scope, question: Question) -> Organisation | None:
    """Where the reader, an officer within the question's reach, reads who took part."""
    if not scope.officer_paths and not scope.everything:
        return None
    try:
        return perms.participation_organisation(scope, question, None)
    except NotFoundOrForbidden:
        return None


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
            "participation_of": _participation_of(scope, question),
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
