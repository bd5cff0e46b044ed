"""The elections pages: list and call, the election, nominate, vote, close, count, receipts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from orgburo.core import clock
from orgburo.core.active_statute import active_statute
from orgburo.core.errors import ServiceError, or_404
from orgburo.core.forms import form_flow, form_page
from orgburo.core.i18n import current_language
from orgburo.core.scope import Scope, request_actor, request_scope
from orgburo.elections import forms, selectors, services
from orgburo.elections import permissions as perms
from orgburo.elections.charts import rounds_svg
from orgburo.elections.models import Candidacy, Election
from orgburo.elections.statute import ELECTIONS, election_rules
from orgburo.register import permissions as register_perms
from orgburo.register.models import Organisation, Person, Post
from orgburo.register.selectors import ancestors


def _own_person(scope: Scope) -> Person:
    if scope.person_id is None:
        raise Http404("no record")
    return Person.objects.get(pk=scope.person_id)


@login_required
def election_list(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    org = or_404(lambda: register_perms.access_organisation(scope, pk, "public"))
    page = Paginator(selectors.elections_of(org), 25).get_page(request.GET.get("page"))
    can_run = register_perms.can_manage(scope, org, ELECTIONS)
    context = {
        "org": org,
        "page": page,
        "can_run": can_run,
        "due": selectors.elections_due(org)[:100] if can_run else [],
    }
    return render(request, "elections/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def election_call(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    org = or_404(lambda: register_perms.access_organisation(scope, pk, "manage", ELECTIONS))
    language = current_language()
    statute = active_statute()
    posts = [
        (p.pk, statute.post_kind(p.kind).name.get(language))
        for p in Post.objects.filter(organisation=org, abolished_on__isnull=True).order_by("kind")
    ]
    bodies = [(org.pk, org.name)]
    parent = ancestors(org)[-1:] if org.depth > 1 else []
    bodies += [(p.pk, p.name) for p in parent if register_perms.can_manage(scope, p, ELECTIONS)]
    now = clock.now()
    rules = election_rules(statute)
    initial = {
        "roll_date": now.date(),
        "method": rules.default_method,
        "nominations_close": now + dt.timedelta(days=rules.nomination_days),
        "voting_opens": now + dt.timedelta(days=rules.nomination_days),
        "voting_closes": now + dt.timedelta(days=rules.nomination_days + rules.voting_days),
    }

    def write(data: dict[str, Any]) -> Election:
        post = (
            Post.objects.filter(pk=data["post"], organisation=org).first() if data["post"] else None
        )
        return services.election_call(
            organisation=org,
            called_by=Organisation.objects.get(pk=data["called_by"]),
            kind=data["kind"],
            post=post,
            title=data["title"],
            seats=data["seats"],
            method=data["method"],
            stv_variant=data["stv_variant"],
            mode=data["mode"],
            roll_date=data["roll_date"],
            nominations_close=data["nominations_close"],
            voting_opens=data["voting_opens"],
            voting_closes=data["voting_closes"],
            actor=request_actor(request),
        )

    return form_flow(
        request,
        forms.CallForm(request.POST or None, posts=posts, bodies=bodies, initial=initial),
        title=_("Call an election in %(org)s") % {"org": org.name},
        back=f"/org/{org.pk}/elections/",
        write=write,
        done=lambda election: (
            _("Election called; the roll is frozen."),
            redirect("elections:election", pk=election.pk),
        ),
    )


@login_required
def election(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    target = or_404(lambda: perms.access_election(scope, pk))
    candidacies = list(selectors.candidates(target))
    counted = selectors.is_counted(target)
    can_run = perms.can_run(scope, target)
    unanswered = [c for c in candidacies if c.status == Candidacy.Status.NOMINATED]
    voting = target.status == Election.Status.VOTING
    voted = selectors.turnout(target) if can_run and voting else 0
    early_close = election_rules(active_statute()).early_close
    context = {
        "election": target,
        "candidacies": candidacies,
        "can_run": can_run,
        "unanswered": unanswered,
        "open_form": forms.OpenVoteForm(
            online=target.mode == Election.Mode.ONLINE, unanswered=bool(unanswered)
        ),
        "may_open": clock.now() >= target.nominations_close,
        "turnout": voted,
        "may_close": can_run and selectors.may_close(target, voted, early_close),
        "is_voter": perms.is_voter(scope, target),
        "has_voted": selectors.has_voted(target, scope.person_id),
        "own": [c for c in candidacies if c.person_id == scope.person_id],
        "warnings": selectors.slate_warnings(target, candidacies),
        "counted": counted,
        "result": target.result if counted else None,
        "rounds_chart": rounds_svg(target.result) if counted and target.result else "",
        "now": clock.now(),
        "due_to_appoint": target.status == Election.Status.FAILED and target.post_id is not None,
    }
    return render(request, "elections/election.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def election_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    target = or_404(lambda: perms.access_election(scope, pk))
    voter, runner = perms.is_voter(scope, target), perms.can_run(scope, target)
    if not (voter or runner):
        raise Http404("no such election")

    def write(data: dict[str, Any]) -> Candidacy:
        body = data["body"].strip()
        if not body and not voter:
            raise ServiceError(
                _("name the body that nominates (you are not on the roll)"), field="body"
            )
        return services.candidacy_nominate(
            election=target,
            person=perms.access_nominee(target, data["person"], field="person"),
            nominated_by=None if body else _own_person(scope),
            body=body,
            actor=request_actor(request),
        )

    return form_flow(
        request,
        forms.NominateForm(request.POST or None, election=target.pk),
        title=_("Nominate in: %(title)s") % {"title": target.shown_title},
        back=f"/election/{target.pk}/",
        write=write,
        done=lambda done: (
            _("Nominated: %(why)s") % {"why": done.eligibility},
            redirect("elections:election", pk=target.pk),
        ),
    )


@login_required
@require_POST
def candidacy_answer(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    scope = request_scope(request)
    candidacy = or_404(lambda: perms.access_candidacy(scope, pk))
    if answer not in ("accept", "decline"):
        raise Http404("no such answer")
    try:
        services.candidacy_answer(
            candidacy=candidacy, accept=answer == "accept", actor=request_actor(request)
        )
        messages.success(request, _("Your answer is recorded."))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("elections:election", pk=candidacy.election_id)


@login_required
@require_http_methods(["GET", "POST"])
def candidacy_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Whoever runs the election records a nominee's answer given at a meeting."""
    candidacy = or_404(lambda: perms.access_candidacy_to_record(request_scope(request), pk))
    back = reverse("elections:election", args=[candidacy.election_id])
    return form_flow(
        request,
        forms.RecordAnswerForm(request.POST or None),
        title=_("The answer of %(name)s, from the minutes") % {"name": candidacy.person.full_name},
        back=back,
        write=lambda data: services.candidacy_record_answer(
            candidacy=candidacy,
            accept=data["answer"] == "accept",
            minutes=data["minutes"],
            actor=request_actor(request),
        ),
        done=lambda _done: (_("The answer is recorded."), redirect(back)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    target = or_404(lambda: perms.access_election(request_scope(request), pk, "run"))
    back = reverse("elections:election", args=[target.pk])
    return form_flow(
        request,
        forms.CancelForm(request.POST or None),
        title=_("Cancel the election: %(title)s") % {"title": target.shown_title},
        back=back,
        write=lambda data: services.election_cancel(
            election=target, reason=data["reason"], actor=request_actor(request)
        ),
        done=lambda _done: (_("The election is cancelled."), redirect(back)),
        submit=_("Cancel the election"),
    )


@login_required
@require_POST
def election_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the vote; an online one gets its sealed box, and the page shows the tellers' shares
    of its key this once (orgburo keeps none of them)."""
    scope = request_scope(request)
    target = or_404(lambda: perms.access_election(scope, pk, "run"))
    online = target.mode == Election.Mode.ONLINE
    form = forms.OpenVoteForm(request.POST, online=online, unanswered=True)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect("elections:election", pk=target.pk)
    tellers = {k: form.cleaned_data[k] for k in ("tellers", "tellers_needed")} if online else {}
    try:
        opened = services.election_open_voting(
            election=target,
            unanswered_left_off=form.cleaned_data["unanswered_left_off"],
            actor=request_actor(request),
            **tellers,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("elections:election", pk=target.pk)
    for warning in opened.warnings:
        messages.warning(request, warning)
    if not opened.shares:  # no one stands: the election failed
        return redirect("elections:election", pk=target.pk)
    target.refresh_from_db()
    response = render(
        request, "elections/tellers.html", {"election": target, "shares": opened.shares}
    )
    response["Cache-Control"] = "no-store"  # the shares must stay nowhere but on paper
    return response


@login_required
@require_http_methods(["GET", "POST"])
def election_close(request: HttpRequest, pk: int) -> HttpResponse:
    """The tellers type their shares; the box is opened, counted, and the result takes effect."""
    scope = request_scope(request)
    target = or_404(lambda: perms.access_election(scope, pk, "run"))
    back = reverse("elections:election", args=[target.pk])
    title = _("Close the vote and count: %(title)s") % {"title": target.shown_title}
    if target.status != Election.Status.VOTING or target.mode != Election.Mode.ONLINE:
        refused = _("This election is not being voted on online.")
        if request.method == "GET":
            messages.error(request, refused)
            return redirect(back)
        nothing = forms.CloseVoteForm({}, needed=0)
        nothing.is_valid()  # bound and clean, so the refusal can be added to it
        nothing.add_error(None, refused)
        return form_page(request, nothing, title, back)
    early = clock.now() < target.voting_closes
    form = forms.CloseVoteForm(request.POST or None, needed=target.tellers_needed, early=early)
    return form_flow(
        request,
        form,
        title=title,
        back=back,
        write=lambda data: services.election_close(
            election=target,
            shares=form.shares(),
            early_reason=data.get("early_reason", ""),
            actor=request_actor(request),
        ),
        done=lambda _closed: (_("The vote is closed and counted."), redirect(back)),
        submit=_("Open the ballot box and count"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_vote(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    target = or_404(lambda: perms.access_election(scope, pk, "vote"))
    standing = [c for c in selectors.candidates(target) if c.pk in set(target.lot_order)]
    receipt = None
    errors: list[str] = []
    if request.method == "POST":
        try:
            choices = _choices_from_post(request, target, standing)
            receipt = services.ballot_cast(
                election=target,
                voter=_own_person(scope),
                choices=choices,
                actor=request_actor(request),
            )
        except ServiceError as exc:
            errors = [m for ms in exc.field_errors.values() for m in ms]
    context = {
        "election": target,
        "candidacies": standing,
        "ranked": target.method in services.RANKED,
        "one": target.method in services.ONE_CHOICE,
        "receipt": receipt,
        "errors": errors,
        "has_voted": selectors.has_voted(target, scope.person_id),
        "positions": range(1, len(standing) + 1),
    }
    return render(request, "elections/vote.html", context, status=400 if errors else 200)


def _choices_from_post(request: HttpRequest, target: Election, standing: list[Any]) -> list[int]:
    """The ballot as the form sent it: a rank per candidate, one choice, or a set marked."""
    if target.method in services.RANKED:
        ranks: dict[int, int] = {}
        for candidacy in standing:
            raw = request.POST.get(f"rank_{candidacy.pk}", "").strip()
            if not raw:
                continue
            if not raw.isdigit() or not 1 <= int(raw) <= len(standing):
                raise ServiceError(
                    _("a rank is a number from 1 to %(n)s") % {"n": len(standing)}, field="choices"
                )
            if int(raw) in ranks:
                raise ServiceError(
                    _("two candidates have rank %(r)s") % {"r": raw}, field="choices"
                )
            ranks[int(raw)] = candidacy.pk
        order = sorted(ranks)
        if order != list(range(1, len(order) + 1)):
            raise ServiceError(_("ranks must run 1, 2, 3 … without a gap"), field="choices")
        return [ranks[r] for r in order]
    if target.method in services.ONE_CHOICE:
        raw = request.POST.get("choice", "")
        return [int(raw)] if raw.isdigit() else []
    return [int(v) for v in request.POST.getlist("marked") if v.isdigit()]


@login_required
@require_http_methods(["GET", "POST"])
def election_count(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    target = or_404(lambda: perms.access_election(scope, pk, "run"))
    standing = [
        (c.pk, c.person.full_name)
        for c in selectors.candidates(target)
        if c.pk in set(target.lot_order)
    ]
    form = forms.CountForm(request.POST or None, request.FILES or None, candidates=standing)

    def write(data: dict[str, Any]) -> Election:
        upload = data.get("ballots_file")
        text = ""
        if upload is not None:
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise ServiceError(_("the file is not UTF-8 text"), field="ballots_file") from exc
        return services.election_enter_count(
            election=target,
            minutes=data["minutes"],
            totals=form.totals() or None,
            valid=data["valid"],
            blank=data["blank"] or 0,
            invalid=data["invalid"] or 0,
            ballots_file=text,
            file_name=upload.name if upload is not None else "",
            actor=request_actor(request),
        )

    return form_flow(
        request,
        form,
        title=_("Enter the count: %(title)s") % {"title": target.shown_title},
        back=f"/election/{target.pk}/",
        write=write,
        done=lambda _done: (
            _("The count is recorded."),
            redirect("elections:election", pk=target.pk),
        ),
    )


@login_required
def election_paper(request: HttpRequest, pk: int) -> HttpResponse:
    """Paper ballots to print (PDF): as many as the roll, or ?copies=N."""
    scope = request_scope(request)
    target = or_404(lambda: perms.access_election(scope, pk, "run"))
    raw = request.GET.get("copies", "")
    try:
        pdf = selectors.paper_ballots_pdf(target, int(raw) if raw.isdigit() else None)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("elections:election", pk=target.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ballots-{target.pk}.pdf"'
    return response


@login_required
def election_receipts(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    target = or_404(lambda: perms.access_election(scope, pk))
    form = forms.ReceiptForm(request.GET or None)
    found = None
    if form.is_bound and form.is_valid() and selectors.is_counted(target):
        try:
            code = selectors.receipt_normalise(target.pk, form.cleaned_data["receipt"])
            found = selectors.receipts(target).filter(receipt=code).exists()
        except ServiceError as exc:
            form.add_error("receipt", exc.message)
    page = Paginator(selectors.receipts(target).values_list("receipt", flat=True), 200).get_page(
        request.GET.get("page")
    )
    context = {
        "election": target,
        "form": form,
        "found": found,
        "page": page,
        "counted": selectors.is_counted(target),
    }
    return render(request, "elections/receipts.html", context)


@login_required
def person_elections(request: HttpRequest, pk: int) -> HttpResponse:
    """The person page's part: elections they may vote in, and where they may stand."""
    scope = request_scope(request)
    person = or_404(lambda: register_perms.access_person(scope, pk))
    context = {"person": person, **selectors.person_elections(person)}
    return render(request, "elections/_person_elections.html", context)
