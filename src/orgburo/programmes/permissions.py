"""Who may launch a programme and see it.

A committee's officers with the `programmes` right launch one below it. A programme is seen by
those who see its committee in full (its officers and those above), and by the officers of any
organisation below it that the programme asked (for their part of the tree). An out-of-scope
number answers as a missing one.
"""

from __future__ import annotations

from orgburo.core.errors import NotFoundOrForbidden
from orgburo.core.scope import Scope, can_manage, can_see_full
from orgburo.core.tree import subtree_q
from orgburo.programmes.models import Programme, ProgrammeFinding
from orgburo.programmes.statute import PROGRAMMES
from orgburo.register.models import Organisation


def can_launch(scope: Scope, org: Organisation) -> bool:
    return org.numchild > 0 and can_manage(scope, org, PROGRAMMES)


def access_to_launch(scope: Scope, pk: int) -> Organisation:
    org = Organisation.objects.filter(pk=pk).first()
    if org is None or not can_launch(scope, org):
        raise NotFoundOrForbidden("no such organisation in your scope", field="organisation")
    return org


def own_part(scope: Scope, programme: Programme) -> Organisation | None:
    """The organisation below the committee whose part the caller sees: their own, where the
    programme asked something of it or of an organisation below it."""
    for path in scope.officer_paths:
        if not path.startswith(programme.committee.path) or path == programme.committee.path:
            continue
        if ProgrammeFinding.objects.filter(
            subtree_q(path, "organisation__path"), programme=programme
        ).exists():
            return Organisation.objects.filter(path=path).first()
    return None


def access_programme(scope: Scope, pk: int) -> Programme:
    programme = Programme.objects.select_related("committee").filter(pk=pk).first()
    if programme is None or not (
        can_see_full(scope, programme.committee) or own_part(scope, programme) is not None
    ):
        raise NotFoundOrForbidden("no such programme")
    return programme
