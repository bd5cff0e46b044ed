"""Writes to the tree of organisations: trusts and enterprises, and founding, moving and
dissolving organisations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, auditlog_record
from orgburo.core.errors import ServiceError
from orgburo.core.i18n import current_language
from orgburo.core.locking import version_bump
from orgburo.core.text import fold
from orgburo.core.tree import subtree_moved, subtree_q
from orgburo.register.counters import counters_move_subtree, counters_organisation
from orgburo.register.models import (
    Enterprise,
    Membership,
    Organisation,
    OrganisationParent,
    Post,
    Tenure,
    Trust,
)
from orgburo.register.services._checks import (
    _choice,
    _not_in_future,
    _readable,
    _statute_entry,
)
from orgburo.register.services.memberships import _membership_next
from orgburo.register.services.tenures import end_open_tenures


def _recorded(
    action: str, organisation: Organisation, actor: Actor, data: dict[str, Any]
) -> Organisation:
    """Audit-log a write to an organisation, under the organisation; returns it."""
    auditlog_record(
        actor=actor,
        action=action,
        subject=organisation,
        organisation_id=organisation.pk,
        data=data,
    )
    return organisation


@transaction.atomic
def trust_create(*, name: str, industry: str = "", actor: Actor) -> Trust:
    """Register a trust."""
    if Trust.objects.filter(name=name).exists():
        raise ServiceError(f"a trust named {name!r} already exists", field="name")
    trust = Trust.objects.create(name=name, industry=industry)
    auditlog_record(actor=actor, action="trust.create", subject=trust, data={"name": name})
    return trust


@transaction.atomic
def enterprise_create(
    *, name: str, town: str = "", trust: Trust | None = None, workers: int = 0, actor: Actor
) -> Enterprise:
    """Register an enterprise (a factory, mine, works) and the trust that runs it."""
    if Enterprise.objects.filter(name=name, town=town).exists():
        raise ServiceError(
            f"an enterprise named {name!r} in {town or 'no town'} already exists", field="name"
        )
    enterprise = Enterprise.objects.create(name=name, town=town, trust=trust, workers=workers)
    auditlog_record(
        actor=actor, action="enterprise.create", subject=enterprise, data={"name": name}
    )
    return enterprise


@transaction.atomic
def organisation_found(
    *,
    name: str,
    level: str,
    parent: Organisation | None,
    founded_on: dt.date,
    setting: str = "",
    enterprise: Enterprise | None = None,
    actor: Actor,
) -> Organisation:
    """Found an organisation at a statute level under its parent (none for the centre)."""
    statute = active_statute()
    lvl = _statute_entry(statute.level, level, "level")
    _readable({"name": name})
    if not name.strip():
        raise ServiceError(_("the organisation needs a name"), field="name")
    _not_in_future(founded_on, "founded_on")
    if parent is None:
        if lvl.depth != 0 or Organisation.objects.get_root_nodes().exists():
            raise ServiceError(
                _("only the centre has no parent, and there is one centre"), field="parent"
            )
    else:
        parent_level = statute.level(parent.level)
        if lvl.depth != parent_level.depth + 1:
            raise ServiceError(
                _(
                    "a %(level)s belongs directly under a level-%(depth)s organisation, not under a %(parent)s"
                )
                % {
                    "level": lvl.name.get(current_language()),
                    "depth": lvl.depth - 1,
                    "parent": parent_level.name.get(current_language()),
                },
                field="parent",
            )
        if not parent.is_active_on(founded_on):
            raise ServiceError(
                _("%(org)s was not active on %(day)s") % {"org": parent.name, "day": founded_on},
                field="parent",
            )
    if lvl.code == statute.unit_level.code:
        if not setting:
            raise ServiceError(_("a unit needs a setting (factory, village, …)"), field="setting")
        _choice("settings", setting, "setting")
    elif setting:
        raise ServiceError(_("only units have a setting"), field="setting")
    if enterprise is not None and setting != "factory":
        raise ServiceError(_("only factory units are linked to an enterprise"), field="enterprise")
    if (
        parent is not None
        and Organisation.objects.filter(
            subtree_q(parent.path), depth=parent.depth + 1, name=name, dissolved_on__isnull=True
        ).exists()
    ):
        raise ServiceError(
            _("%(parent)s already has an organisation named “%(name)s”")
            % {"parent": parent.name, "name": name},
            field="name",
        )
    fields: dict[str, Any] = {
        "name": name,
        "search_name": fold(name),
        "level": level,
        "setting": setting,
        "enterprise": enterprise,
        "founded_on": founded_on,
    }
    if parent is None:
        org = Organisation.objects.add_root(fields)
    else:
        # treebeard rewrites the parent's child count; refetch so a stale instance is harmless.
        org = Organisation.objects.add_child(Organisation.objects.get(pk=parent.pk), fields)
    OrganisationParent.objects.create(organisation=org, parent=parent, valid_from=founded_on)
    counters_organisation(org, +1)
    parent_id = parent.pk if parent else None
    data = {"name": name, "level": level, "parent": parent_id, "on": founded_on}
    return _recorded("organisation.found", org, actor, data)


@transaction.atomic
def organisation_reparent(
    *,
    organisation: Organisation,
    new_parent: Organisation,
    on: dt.date,
    actor: Actor,
    version: int | None = None,
) -> Organisation:
    """Move an organisation (and its subtree) under another parent from a date."""
    statute = active_statute()
    _not_in_future(on, "on")
    org = Organisation.objects.get(pk=organisation.pk)
    target = Organisation.objects.get(pk=new_parent.pk)
    if statute.level(target.level).depth != statute.level(org.level).depth - 1:
        raise ServiceError(_("the new parent must be one level above"), field="new_parent")
    if target.path.startswith(org.path):
        raise ServiceError(_("an organisation cannot be moved under itself"), field="new_parent")
    if not target.is_active_on(on):
        raise ServiceError(
            _("%(org)s was not active on %(day)s") % {"org": target.name, "day": on},
            field="new_parent",
        )
    current = OrganisationParent.objects.select_for_update().get(
        organisation=org, valid_to__isnull=True
    )
    if current.parent_id == target.pk:
        raise ServiceError(
            _("%(org)s is already under %(parent)s") % {"org": org.name, "parent": target.name},
            field="new_parent",
        )
    if on < current.valid_from:
        raise ServiceError(
            _("must be on or after %(day)s, the last change") % {"day": current.valid_from},
            field="on",
        )
    version_bump(Organisation, org.pk, version)
    current.valid_to = on
    current.save(update_fields=["valid_to"])
    OrganisationParent.objects.create(organisation=org, parent=target, valid_from=on)
    old_parent_id = current.parent_id
    old_path = org.path
    Organisation.objects.move(org, target, pos="last-child")
    moved = Organisation.objects.get(pk=org.pk)
    counters_move_subtree(moved, old_path, moved.path, on)
    subtree_moved(moved.pk, old_path, moved.path)
    _recorded(
        "organisation.reparent", org, actor, {"from": old_parent_id, "to": target.pk, "on": on}
    )
    return Organisation.objects.get(pk=org.pk)


@transaction.atomic
def organisation_dissolve(
    *,
    organisation: Organisation,
    on: dt.date,
    reason: str,
    actor: Actor,
    merged_into: Organisation | None = None,
    version: int | None = None,
) -> Organisation:
    """Dissolve an organisation; with `merged_into`, its members and sub-organisations move there."""
    _not_in_future(on, "on")
    org = Organisation.objects.get(pk=organisation.pk)
    if org.dissolved_on is not None:
        raise ServiceError(
            _("%(org)s was already dissolved on %(day)s")
            % {"org": org.name, "day": org.dissolved_on},
            field="organisation",
        )
    if on < org.founded_on:
        raise ServiceError(_("cannot be dissolved before it was founded"), field="on")
    if not reason.strip():
        raise ServiceError(_("give the reason (the decision that dissolved it)"), field="reason")
    children = list(Organisation.objects.get_children(org).filter(dissolved_on__isnull=True))
    open_spells = Membership.objects.filter(organisation=org, ended_on__isnull=True)
    if merged_into is None and (children or open_spells.exists()):
        raise ServiceError(
            _(
                "it still has members or sub-organisations: move them first, or merge it into another"
            ),
            field="merged_into",
        )
    version_bump(Organisation, org.pk, version)
    if merged_into is not None:
        target = Organisation.objects.get(pk=merged_into.pk)
        if target.level != org.level or target.pk == org.pk or not target.is_active_on(on):
            raise ServiceError(
                _("merge into an active organisation of the same level"), field="merged_into"
            )
        for spell in open_spells.select_for_update():
            _membership_next(spell, on, "moved", organisation=target)
        for child in children:
            organisation_reparent(organisation=child, new_parent=target, on=on, actor=actor)
        org.merged_into = target
    end_open_tenures(
        Tenure.objects.filter(post__organisation=org), on, "organisation dissolved", actor
    )
    for post in Post.objects.filter(organisation=org, abolished_on__isnull=True):
        post.abolished_on = max(on, post.created_on)
        post.save(update_fields=["abolished_on"])
        version_bump(Post, post.pk)
    org.dissolved_on = on
    org.save(update_fields=["dissolved_on", "merged_into"])
    counters_organisation(Organisation.objects.get(pk=org.pk), -1)
    action = "organisation.merge" if merged_into else "organisation.dissolve"
    data = {"on": on, "reason": reason, "merged_into": merged_into.pk if merged_into else None}
    return _recorded(action, org, actor, data)
