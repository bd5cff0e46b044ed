"""Programme pages: a committee's programmes; launching one from the findings below it; one
programme, organisation by organisation, with a drill-down by branch."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from orgburo.core.errors import or_404
from orgburo.core.forms import form_flow
from orgburo.core.i18n import current_language
from orgburo.core.scope import can_see_full, request_actor, request_scope
from orgburo.core.tree import subtree_q
from orgburo.line.models import Finding
from orgburo.line.registry import RULES
from orgburo.line.selectors import rule_title
from orgburo.programmes import permissions as perms
from orgburo.programmes import selectors
from orgburo.programmes.forms import LaunchForm
from orgburo.programmes.models import Programme
from orgburo.programmes.services import programme_launch
from orgburo.register import permissions as register_perms
from orgburo.register.models import Organisation
from orgburo.register.selectors import ancestors

ROWS = 200  # organisations listed on a programme's page


def cause_label(rule: str, cause: str) -> str:
    spec = RULES.get(rule)
    return str(spec.causes.get(cause, cause)) if spec else cause


@login_required
def programmes(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    org = or_404(lambda: register_perms.access_organisation(scope, pk, "full"))
    found = list(selectors.programmes_of(org)[:50])
    return render(
        request,
        "programmes/list.html",
        {
            "org": org,
            "crumbs": ancestors(org),
            "can_launch": perms.can_launch(scope, org),
            "programmes": [(p, rule_title(p.rule, current_language())) for p in found],
        },
    )


def _remedies(committee: Organisation) -> list[tuple[str, str]]:
    """Each rule with open findings below the committee, and each of its causes, with counts."""
    language = current_language()
    rows = (
        Finding.objects.filter(
            subtree_q(committee.path, "organisation__path"),
            cleared_at__isnull=True,
            organisation__depth__gt=committee.depth,
        )
        .values_list("rule", "cause")
        .annotate(n=Count("pk"))
        .order_by("rule", "cause")
    )
    by_rule: dict[str, list[tuple[str, int]]] = {}
    for rule, cause, n in rows:
        by_rule.setdefault(rule, []).append((cause, n))
    choices: list[tuple[str, str]] = []
    for rule, causes in by_rule.items():
        title = rule_title(rule, language)
        choices.append((rule, f"{title} ({sum(n for _c, n in causes)})"))
        for cause, n in causes:
            if cause and len(causes) > 1:
                choices.append((f"{rule}:{cause}", f"{title}: {cause_label(rule, cause)} ({n})"))
    return choices


@login_required
@require_http_methods(["GET", "POST"])
def programme_new(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    committee = or_404(lambda: perms.access_to_launch(scope, pk))
    form = LaunchForm(request.POST or None, remedies=_remedies(committee))

    def write(data: dict[str, Any]) -> Programme:
        rule, cause = form.rule_and_cause()
        return programme_launch(
            committee=committee,
            rule=rule,
            cause=cause,
            title=data["title"],
            text=data["text"],
            deadline=data["deadline"],
            actor=request_actor(request),
        )

    return form_flow(
        request,
        form,
        title=_("A programme of measures from %(name)s") % {"name": committee.name},
        back=reverse("programmes:list", args=[committee.pk]),
        write=write,
        done=lambda programme: (
            _("Launched: %(n)d organisations are asked.")
            % {"n": programme.findings.values("organisation").distinct().count()},
            redirect("programmes:programme", pk=programme.pk),
        ),
        submit=_("Launch"),
    )


@login_required
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    found = or_404(lambda: perms.access_programme(scope, pk))
    within = (
        found.committee if can_see_full(scope, found.committee) else perms.own_part(scope, found)
    )
    asked = request.GET.get("within")
    if asked:
        org = Organisation.objects.filter(pk=int(asked) if asked.isdigit() else 0).first()
        if (
            org is None
            or not org.path.startswith(found.committee.path)
            or not can_see_full(scope, org)
        ):
            raise Http404("no such organisation in your scope")
        within = org
    assert within is not None
    children = list(
        Organisation.objects.filter(path__startswith=within.path, depth=within.depth + 1).order_by(
            "path"
        )
    )
    total, branches = selectors.programme_standing(found, within, children)
    rows = selectors.programme_rows(found, within)
    return render(
        request,
        "programmes/programme.html",
        {
            "programme": found,
            "rule": rule_title(found.rule, current_language()),
            "cause": cause_label(found.rule, found.cause) if found.cause else "",
            "within": within,
            "crumbs": [
                o for o in [*ancestors(within), within] if o.path.startswith(found.committee.path)
            ],
            "total": total,
            "branches": branches,
            "rows": rows[:ROWS],
            "more": max(0, len(rows) - ROWS),
        },
    )
