"""The register's pages. One view serves a page and, for htmx requests, its fragment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from orgburo.core.active_statute import active_statute
from orgburo.core.as_of import as_of, as_of_page
from orgburo.core.clock import today
from orgburo.core.errors import NotFoundOrForbidden, ServiceError
from orgburo.core.forms import form_flow
from orgburo.core.htmx import is_htmx
from orgburo.core.i18n import current_language
from orgburo.core.models import RecordRead
from orgburo.core.reads import record_read
from orgburo.core.scope import Scope, request_actor, request_scope
from orgburo.core.spreadsheets import write_csv, write_xlsx
from orgburo.register import forms, paperwork, selectors, services
from orgburo.register import permissions as perms
from orgburo.register.charts import dynamics_svg
from orgburo.register.correction_views import corrections_context
from orgburo.register.models import Enterprise, Membership, Organisation, Person, Transfer
from orgburo.register.statute import POSTS, ROLL

SEARCH_PAGE = 25
ROLL_SORTS = {
    "name": ("person__sort_name", "person_id"),
    "-name": ("-person__sort_name", "-person_id"),
    "since": ("started_on", "person_id"),
    "-since": ("-started_on", "person_id"),
    "status": ("status", "person__sort_name", "person_id"),
    "category": ("social_category", "person__sort_name", "person_id"),
    "field": ("field", "person__sort_name", "person_id"),
}


def _day(request: HttpRequest) -> dt.date:
    """The page's "as of" date (core/as_of.py); the views that read it are `@as_of_page`."""
    return as_of(request)


def _org_or_404(scope: Scope, pk: int, degree: perms.Degree, right: str = "") -> Organisation:
    try:
        return perms.access_organisation(scope, pk, degree, right)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc


def _person_or_404(scope: Scope, pk: int, manage: bool = False) -> Person:
    try:
        return perms.access_person(scope, pk, manage=manage)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc


@login_required
@as_of_page
def tree(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    day = _day(request)
    roots = perms.roots_for(scope)
    people = {root.pk: selectors.people_count(root, day) for root in roots}  # one or two roots
    return render(request, "register/tree.html", {"roots": roots, "people": people, "day": day})


@login_required
@as_of_page
def children(request: HttpRequest, pk: int) -> HttpResponse:
    """The children of a node with their counts: the tree expands one level at a time."""
    scope = request_scope(request)
    org = _org_or_404(scope, pk, "full")
    day = _day(request)
    kids = list(selectors.children_as_of(org, day))
    counts = selectors.child_member_counts(kids, day)
    rows = [(kid, counts.get(kid.pk, 0)) for kid in kids]
    return render(request, "register/_children.html", {"org": org, "rows": rows, "day": day})


@login_required
@as_of_page
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    org = _org_or_404(scope, pk, "public")
    day = _day(request)
    full = perms.can_see_full(scope, org)
    context: dict[str, Any] = {
        "org": org,
        "day": day,
        "full": full,
        "manage_roll": perms.can_manage(scope, org, ROLL),
        "manage_posts": perms.can_manage(scope, org, POSTS),
        "ancestors": selectors.ancestors(org),
        "counts": selectors.counts(org, day),
        "posts": selectors.posts_with_holders(org, day),
        "is_unit": org.level == active_statute().unit_level.code,
        "level": active_statute().level(org.level),
        "enterprise": Enterprise.objects.select_related("trust")
        .filter(pk=org.enterprise_id)
        .first(),
    }
    if full:
        kids = list(selectors.children_as_of(org, day))
        counts = selectors.child_member_counts(kids, day)
        context["children"] = [(kid, counts.get(kid.pk, 0)) for kid in kids]
        sort = request.GET.get("sort", "name")
        order = ROLL_SORTS.get(sort, ROLL_SORTS["name"])
        roll = selectors.roll_as_of(org, day).order_by(*order)
        context["roll_page"] = Paginator(roll, 50).get_page(request.GET.get("page"))
        context["sort"] = sort if sort in ROLL_SORTS else "name"
        under_way = selectors.transfers_touching(org).filter(status=Transfer.Status.IN_TRANSIT)
        if context["is_unit"]:  # the roll marks who is leaving with a transfer card
            context["in_transit"] = set(
                under_way.filter(from_unit=org).values_list("person_id", flat=True)
            )
    if is_htmx(request) and request.GET.get("part") == "roll":
        return render(request, "register/_roll.html", context)
    if full:
        context["today"] = today()
        context["transfer_counts"] = selectors.transfer_counts(org, context["today"])
        if context["is_unit"]:
            context["transfers_under_way"] = list(under_way[:20])
    by = request.GET.get("by", "social_category")
    by = by if by in selectors.DYNAMICS_DIMENSIONS else "social_category"
    context["chart"] = dynamics_svg(
        selectors.membership_dynamics(org, day, by), active_statute(), current_language(), by
    )
    context["by"] = by
    return render(request, "register/organisation.html", context)


@login_required
@as_of_page
def person(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    target = _person_or_404(scope, pk)
    is_self = scope.person_id == target.pk
    can_manage = perms.can_manage_person(scope, target)
    if not is_self:
        record_read(person_id=target.pk, reader=request.user, via=RecordRead.Via.PAGE)
    day = _day(request)
    standing = selectors.person_standing(target, day)
    unmet = selectors.person_requirements_unmet(target, day, current_language())
    context = {
        "person": target,
        "day": day,
        "standing": standing,
        "history": selectors.person_history(target),
        "tenures": selectors.person_tenures(target),
        "eligibility": [
            (active_statute().post_kind(code), e, unmet.get(code, []))
            for code, e in selectors.person_eligibility_table(
                target, day, current_language(), standing
            )
        ],
        "can_manage": can_manage,
        "is_self": is_self,
        "reads": selectors.reads_of_record(target) if is_self else [],
        **corrections_context(target, is_self=is_self, can_manage=can_manage),
        "transfer": selectors.transfer_under_way(target),
        "today": today(),
    }
    return render(request, "register/person.html", context)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    form = forms.SearchForm(request.GET)
    results: list[Person] = []
    if form.is_valid() and form.cleaned_data["q"]:
        found = selectors.search_persons(form.cleaned_data["q"], perms.persons_in_scope(scope))
        # No page count: counting every "Ив…" in a large organisation costs more than the page itself.
        results = list(found.select_related("home")[: SEARCH_PAGE + 1])
    context = {"form": form, "results": results[:SEARCH_PAGE], "more": len(results) > SEARCH_PAGE}
    template = "register/_search_results.html" if is_htmx(request) else "register/search.html"
    return render(request, template, context)


# --- forms -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def organisation_found(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _org_or_404(request_scope(request), pk, "manage", ROLL)
    statute = active_statute()
    depth = statute.level(parent.level).depth + 1
    if depth >= len(statute.levels):
        raise Http404("units have no sub-organisations")
    level = statute.levels[depth]
    is_unit = level.code == statute.unit_level.code
    form = forms.OrganisationFoundForm(
        request.POST or None, language=current_language(), is_unit=is_unit
    )

    def write(data: dict[str, Any]) -> Organisation:
        enterprise = None
        if data.get("enterprise"):
            enterprise = Enterprise.objects.filter(pk=data["enterprise"]).first()
            if enterprise is None:
                raise ServiceError(_("No enterprise with that number."), field="enterprise")
        return services.organisation_found(
            name=data["name"],
            level=level.code,
            parent=parent,
            founded_on=data["founded_on"],
            setting=data.get("setting", ""),
            enterprise=enterprise,
            actor=request_actor(request),
        )

    title = _("New %(level)s under %(parent)s") % {
        "level": level.name.get(current_language()),
        "parent": parent.name,
    }
    return form_flow(
        request,
        form,
        title=title,
        back=f"/org/{parent.pk}/",
        write=write,
        done=lambda org: (
            _("%(name)s founded.") % {"name": org.name},
            redirect("register:organisation", pk=org.pk),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_admit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    unit = _org_or_404(scope, pk, "manage", ROLL)
    if unit.level != active_statute().unit_level.code:
        raise Http404("members are admitted to units")
    day = selectors.today()
    recommenders = [
        (m.person_id, m.person.full_name)
        for m in selectors.roll_as_of(unit, day)
        if m.status == "member"
    ]
    form = forms.AdmitNewForm(
        request.POST or None, recommenders=recommenders, language=current_language()
    )

    def write(cleaned: dict[str, Any]) -> Any:
        data = dict(cleaned)
        chosen = list(Person.objects.filter(pk__in=data.pop("recommenders")))
        return services.person_admit_new(
            unit=unit,
            on=data.pop("on"),
            social_category=data.pop("social_category"),
            field=data.pop("field"),
            recommenders=chosen,
            actor=request_actor(request),
            **data,
        )

    return form_flow(
        request,
        form,
        title=_("Admit to %(unit)s") % {"unit": unit.name},
        back=f"/org/{unit.pk}/",
        write=write,
        done=lambda spell: (
            _("%(name)s admitted.") % {"name": spell.person.full_name},
            redirect("register:person", pk=spell.person_id),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = _person_or_404(request_scope(request), pk, manage=True)
    initial = {f: getattr(target, f) for f in forms.PersonForm.base_fields} | {
        "version": target.version
    }
    form = forms.PersonEditForm(request.POST or None, initial=initial, language=current_language())

    def write(cleaned: dict[str, Any]) -> Any:
        data = dict(cleaned)
        version = data.pop("version")
        changes = {k: v for k, v in data.items() if v != getattr(target, k)}
        return services.person_update(
            person=target, changes=changes, version=version, actor=request_actor(request)
        )

    return form_flow(
        request,
        form,
        title=_("Correct the record of %(name)s") % {"name": target.full_name},
        back=f"/person/{target.pk}/",
        write=write,
        done=lambda _done: (_("Record corrected."), redirect("register:person", pk=target.pk)),
    )


MEMBERSHIP_ACTIONS = {
    "transfer": (forms.TransferForm, gettext_noop("Transfer %(name)s to another unit")),
    "make-member": (forms.OnForm, gettext_noop("Make %(name)s a full member")),
    "change-field": (forms.ChangeFieldForm, gettext_noop("Change the field of work of %(name)s")),
    "end": (forms.EndForm, gettext_noop("End the membership of %(name)s")),
    "readmit": (forms.ReadmitForm, gettext_noop("Readmit %(name)s")),
}


def _membership_call(
    request: HttpRequest, action: str, target: Person, data: dict[str, Any]
) -> Any:
    scope = request_scope(request)
    actor = request_actor(request)
    if action == "transfer":
        to_unit = Organisation.objects.filter(pk=data["to_unit"]).first()
        if to_unit is None:  # any unit of the organisation may receive a transfer
            raise ServiceError(_("No such unit."), field="to_unit")
        return services.transfer_issue(
            person=target, to_unit=to_unit, on=data["on"], note=data["note"], actor=actor
        )
    if action == "readmit":
        try:
            unit = perms.access_organisation(scope, data["unit"], "manage", ROLL)
        except NotFoundOrForbidden as exc:
            raise ServiceError(exc.message, field="unit") from exc
        return services.membership_readmit(
            person=target,
            unit=unit,
            on=data["on"],
            field=data["field"],
            reason=data["reason"],
            actor=actor,
        )
    if action == "make-member":
        return services.membership_make_member(person=target, on=data["on"], actor=actor)
    if action == "change-field":
        return services.membership_change_field(
            person=target, field=data["field"], on=data["on"], actor=actor
        )
    return services.membership_end(
        person=target,
        on=data["on"],
        how=data["how"],
        reason=data["reason"],
        confirm=data["confirm"],
        actor=actor,
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in MEMBERSHIP_ACTIONS:
        raise Http404("no such action")
    target = _person_or_404(request_scope(request), pk, manage=True)
    form_class, title = MEMBERSHIP_ACTIONS[action]
    kwargs: dict[str, Any] = (
        {"language": current_language()}
        if form_class in (forms.ChangeFieldForm, forms.ReadmitForm)
        else {}
    )
    return form_flow(
        request,
        form_class(request.POST or None, **kwargs),
        title=_(title) % {"name": target.full_name},
        back=f"/person/{target.pk}/",
        write=lambda data: _membership_call(request, action, target, data),
        done=lambda _done: (_("Recorded."), redirect("register:person", pk=target.pk)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org_or_404(request_scope(request), pk, "manage", POSTS)
    return form_flow(
        request,
        forms.PostForm(request.POST or None, level=org.level, language=current_language()),
        title=_("New post in %(org)s") % {"org": org.name},
        back=f"/org/{org.pk}/",
        write=lambda data: services.post_create(
            organisation=org,
            kind=data["kind"],
            on=data["on"],
            seats=data["seats"],
            actor=request_actor(request),
        ),
        done=lambda _post: (_("Post created."), redirect("register:organisation", pk=org.pk)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def tenure_fill(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    try:
        post = perms.access_post(scope, pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    org = post.organisation
    # Only the bodies whose appointments the caller may record (the service checks it too).
    bodies = [(a.pk, a.name) for a in selectors.ancestors(org) if perms.can_manage(scope, a, POSTS)]
    form = forms.TenureForm(request.POST or None, bodies=bodies, initial={"version": post.version})
    kind = active_statute().post_kind(post.kind).name.get(current_language())
    return form_flow(
        request,
        form,
        title=_("Fill the post of %(kind)s, %(org)s") % {"kind": kind, "org": org.name},
        back=f"/org/{org.pk}/",
        write=lambda data: _tenure_call(request, post, data, dict(bodies)),
        done=lambda _done: (_("Recorded."), redirect("register:organisation", pk=org.pk)),
    )


def _tenure_call(
    request: HttpRequest, post: Any, data: dict[str, Any], bodies: dict[int, str]
) -> Any:
    scope = request_scope(request)
    try:
        holder = perms.access_person(scope, data["person"])
    except NotFoundOrForbidden as exc:
        raise ServiceError(exc.message, field="person") from exc
    common: dict[str, Any] = {
        "post": post,
        "person": holder,
        "on": data["on"],
        "actor": request_actor(request),
        "version": data["version"],
        "acknowledge_ineligible": data["acknowledge_ineligible"],
    }
    if data["filled_by"] == "elected":
        return services.tenure_elect(election_record=data["election_record"], **common)
    if data["filled_by"] == "coopted":
        return services.tenure_coopt(reason=data["reason"], **common)
    if data.get("appointed_by") not in bodies:
        raise ServiceError(_("Choose the body that appointed."), field="appointed_by")
    try:  # the same rule as the API: only someone who governs the appointing body records it
        perms.access_organisation(scope, data["appointed_by"], "manage", POSTS)
    except NotFoundOrForbidden as exc:
        raise ServiceError(
            _("Only that body's officers may record its appointments."), field="appointed_by"
        ) from exc
    if data.get("until") is None:
        raise ServiceError(_("An appointment needs an expiry date."), field="until")
    body = Organisation.objects.get(pk=data["appointed_by"])
    return services.tenure_appoint(
        appointed_by=body, reason=data["reason"], until=data["until"], **common
    )


@login_required
@require_http_methods(["GET", "POST"])
def tenure_end(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        tenure = perms.access_tenure(request_scope(request), pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    return form_flow(
        request,
        forms.TenureEndForm(request.POST or None),
        title=_("End the tenure of %(name)s") % {"name": tenure.person.full_name},
        back=f"/org/{tenure.post.organisation_id}/",
        write=lambda data: services.tenure_end(
            tenure=tenure, on=data["on"], reason=data["reason"], actor=request_actor(request)
        ),
        done=lambda _done: (
            _("Tenure ended."),
            redirect("register:organisation", pk=tenure.post.organisation_id),
        ),
    )


def _target_org(request: HttpRequest, pk: int, field: str) -> Organisation:
    """An organisation named by number in a form, which the caller must govern."""
    try:
        return perms.access_organisation(request_scope(request), pk, "manage", ROLL)
    except NotFoundOrForbidden as exc:
        raise ServiceError(exc.message, field=field) from exc


@login_required
@require_http_methods(["GET", "POST"])
def organisation_reparent(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org_or_404(request_scope(request), pk, "manage", ROLL)
    return form_flow(
        request,
        forms.ReparentForm(request.POST or None, initial={"version": org.version}),
        title=_("Move %(org)s under another organisation") % {"org": org.name},
        back=f"/org/{org.pk}/",
        write=lambda data: services.organisation_reparent(
            organisation=org,
            new_parent=_target_org(request, data["new_parent"], "new_parent"),
            on=data["on"],
            version=data["version"],
            actor=request_actor(request),
        ),
        done=lambda _done: (_("Moved."), redirect("register:organisation", pk=org.pk)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org_or_404(request_scope(request), pk, "manage", ROLL)
    return form_flow(
        request,
        forms.DissolveForm(request.POST or None, initial={"version": org.version}),
        title=_("Dissolve or merge %(org)s") % {"org": org.name},
        back=f"/org/{org.pk}/",
        write=lambda data: services.organisation_dissolve(
            organisation=org,
            on=data["on"],
            reason=data["reason"],
            version=data["version"],
            merged_into=_target_org(request, data["merged_into"], "merged_into")
            if data["merged_into"]
            else None,
            actor=request_actor(request),
        ),
        done=lambda _done: (_("Dissolved."), redirect("register:organisation", pk=org.pk)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a person without membership (a non-member drawn into the work)."""
    org = _org_or_404(request_scope(request), pk, "manage", ROLL)
    return form_flow(
        request,
        forms.PersonForm(request.POST or None, language=current_language()),
        title=_("Record a non-member in %(org)s") % {"org": org.name},
        back=f"/org/{org.pk}/",
        write=lambda data: services.person_create(home=org, actor=request_actor(request), **data),
        done=lambda created: (
            _("%(name)s recorded.") % {"name": created.full_name},
            redirect("register:person", pk=created.pk),
        ),
    )


# --- the unit's paperwork --------------------------------------------------------------------

ROLL_FILES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@login_required
@as_of_page
def roll_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The unit's roll as its page shows it (the date, the order), to print or to work on."""
    org = _org_or_404(request_scope(request), pk, "full")
    if fmt not in ROLL_FILES or org.level != active_statute().unit_level.code:
        raise Http404("no such file")
    day = _day(request)
    order = ROLL_SORTS.get(request.GET.get("sort", "name"), ROLL_SORTS["name"])
    rows = paperwork.roll_rows(org, day, order)
    if fmt == "pdf":
        body = paperwork.roll_pdf(org, day, rows)
    else:
        body = write_xlsx(rows) if fmt == "xlsx" else write_csv(rows)
    response = HttpResponse(body, content_type=ROLL_FILES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="roll-{org.pk}-{day.isoformat()}.{fmt}"'
    )
    response["Cache-Control"] = "no-store"  # personal data: not to be kept by a shared browser
    return response


@login_required
def membership_card(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's (or candidate's) card, for the unit's secretary to print, sign and hand over."""
    target = _person_or_404(request_scope(request), pk, manage=True)
    spell = (
        Membership.objects.filter(person=target, ended_on__isnull=True)
        .select_related("organisation")
        .first()
    )
    if spell is None:
        raise Http404("not a member or candidate")
    if request_scope(request).person_id != target.pk:
        record_read(person_id=target.pk, reader=request.user, via=RecordRead.Via.PAPER)
    body = paperwork.membership_card_pdf(target, spell, selectors.today())
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="card-{target.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
