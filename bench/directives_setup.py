"""Child process of bench/directives.py, run with orgburo's settings on the benchmark's database.

    python bench/directives_setup.py setup GUBERNIAS UYEZDS UNITS VOTERS OUT.json
    python bench/directives_setup.py fanout OUT.json     # the centre sends to every unit; deliver

`setup` loads a tree of the 1986 shape (1 + G gubernias x U uyezds x N units; 150 x 30 x 98 is
445,651 organisations), one secretary on each (their post and tenure: whom a directive's
notices go to), and VOTERS more members in the first uyezd's units, with an election of that
uyezd open for voting; sessions for the voters, the centre's secretary and 300 unit
secretaries (made in bulk, as bench/ballots_setup.py does: no password hashing measured).

`fanout` sends a directive from the centre to every unit through the service, then delivers
it as the worker would (`directive_deliver`), timed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orgburo.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # `bench`

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.signed_in import signed_in  # noqa: E402
from orgburo.core.auditlog import SystemActor  # noqa: E402
from orgburo.core.clock import today  # noqa: E402
from orgburo.directives.addressing import Addressing  # noqa: E402
from orgburo.directives.models import Delivery, Directive  # noqa: E402
from orgburo.directives.services import directive_deliver, directive_send  # noqa: E402
from orgburo.elections.services import (  # noqa: E402
    candidacy_answer,
    candidacy_nominate,
    election_call,
    election_open_voting,
)
from orgburo.register.bulk import (  # noqa: E402
    OrgRow,
    PersonRow,
    PostRow,
    RegisterBatch,
    SpellRow,
    TenureRow,
    register_load,
)
from orgburo.register.models import Organisation, Person  # noqa: E402

ACTOR = SystemActor("bench")
SINCE = dt.date(1960, 1, 1)
FOUNDED = dt.date(1917, 1, 1)
SETTINGS = ("factory", "village", "army", "institution", "territorial")
FIELDS = ("party", "economic", "trade_union", "military", "soviet")
KINDS = {
    "centre": "centre_secretary",
    "gubernia": "gubernia_secretary",
    "uyezd": "uyezd_secretary",
    "unit": "unit_secretary",
}
ACKNOWLEDGERS = 300


def _tree(gubernias: int, uyezds: int, units: int, voters: int) -> RegisterBatch:
    batch = RegisterBatch()
    key = 0

    def org(parent: int | None, name: str, level: str, depth: int, setting: str = "") -> int:
        nonlocal key
        key += 1
        batch.organisations.append(OrgRow(key, parent, name, level, depth, FOUNDED, setting))
        return key

    officers: list[tuple[int, str, int]] = []  # (organisation, level, the unit on whose roll)
    centre = org(None, "Centre", "centre", 0)
    first_unit_of: dict[int, int] = {}
    voter_units: list[int] = []
    for g in range(gubernias):
        gubernia = org(centre, f"Gubernia {g}", "gubernia", 1)
        for u in range(uyezds):
            uyezd = org(gubernia, f"Uyezd {g}.{u}", "uyezd", 2)
            for n in range(units):
                unit = org(uyezd, f"Unit {g}.{u}.{n}", "unit", 3, SETTINGS[n % len(SETTINGS)])
                first_unit_of.setdefault(uyezd, unit)
                first_unit_of.setdefault(gubernia, unit)
                first_unit_of.setdefault(centre, unit)
                officers.append((unit, "unit", unit))
                if g == 0 and u == 0:
                    voter_units.append(unit)
            officers.append((uyezd, "uyezd", first_unit_of[uyezd]))
        officers.append((gubernia, "gubernia", first_unit_of[gubernia]))
    officers.append((centre, "centre", first_unit_of[centre]))
    person = 10_000_000
    for n, (organisation, level, roll_unit) in enumerate(officers):
        person += 1
        batch.persons.append(PersonRow(person, f"Secretary{n:07d}", "Ivan", "", roll_unit))
        batch.spells.append(
            SpellRow(
                person,
                roll_unit,
                "member",
                SINCE,
                "admitted_member",
                "worker",
                FIELDS[n % len(FIELDS)],
                "worker",
            )
        )
        batch.posts.append(PostRow(person, organisation, KINDS[level], FOUNDED))
        batch.tenures.append(TenureRow(person, person, dt.date(2020, 1, 1), "elected", "Meeting"))
    for n in range(voters):
        person += 1
        unit = voter_units[n % len(voter_units)]
        batch.persons.append(PersonRow(person, f"Voter{n:06d}", "Pyotr", "", unit))
        batch.spells.append(
            SpellRow(person, unit, "member", SINCE, "admitted_member", "worker", "party", "worker")
        )
    return batch


def setup(gubernias: int, uyezds: int, units: int, voters: int, out: str) -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    register_load(batch=_tree(gubernias, uyezds, units, voters), actor=ACTOR, source="bench")
    load_s = time.perf_counter() - started
    centre = Organisation.objects.get(depth=1)
    uyezd = Organisation.objects.filter(level="uyezd").order_by("path").first()
    assert uyezd is not None
    secretary_of = dict(
        Person.objects.filter(family_name__startswith="Secretary")
        .filter(tenures__post__organisation__level__in=["centre", "unit"])
        .values_list("tenures__post__organisation_id", "pk")
    )
    unit_ids = sorted(pk for pk in secretary_of if pk != centre.pk)
    step = max(1, len(unit_ids) // ACKNOWLEDGERS)
    acknowledgers = [(u, secretary_of[u]) for u in unit_ids[::step][:ACKNOWLEDGERS]]
    voter_ids = list(
        Person.objects.filter(family_name__startswith="Voter")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sessions = signed_in([secretary_of[centre.pk], *(p for _u, p in acknowledgers), *voter_ids])
    now = timezone.now()
    election = election_call(
        organisation=uyezd,
        called_by=uyezd,
        kind="delegation",
        title="Delegation to the gubernia conference",
        seats=3,
        method="stv",
        mode="online",
        roll_date=timezone.localdate(),
        nominations_close=now + dt.timedelta(seconds=15),
        voting_opens=now + dt.timedelta(seconds=15),
        voting_closes=now + dt.timedelta(hours=4),
        actor=ACTOR,
    )
    for person in Person.objects.filter(pk__in=voter_ids[:6]):
        candidacy = candidacy_nominate(
            election=election, person=person, body="Conference", actor=ACTOR
        )
        candidacy_answer(candidacy=candidacy, accept=True, actor=ACTOR)
    time.sleep(max(0.0, (election.nominations_close - timezone.now()).total_seconds()) + 0.1)
    election_open_voting(election=election, actor=ACTOR)
    election.refresh_from_db()
    with open(out, "w") as f:
        json.dump(
            {
                "load_s": load_s,
                "organisations": Organisation.objects.count(),
                "units": Organisation.objects.filter(level="unit").count(),
                "centre": centre.pk,
                "gubernia": Organisation.objects.filter(level="gubernia").order_by("path")[0].pk,
                "centre_session": sessions[secretary_of[centre.pk]],
                "acknowledgers": [[u, sessions[p]] for u, p in acknowledgers],
                "election": election.pk,
                "candidates": election.lot_order,
                "voter_sessions": [sessions[p] for p in voter_ids],
            },
            f,
        )


def fanout(out: str) -> None:
    centre = Organisation.objects.get(depth=1)
    started = time.perf_counter()
    directive = directive_send(
        sender=centre,
        kind=Directive.Kind.DIRECTIVE,
        texts={"en": ("On internal democracy", "Hold an open meeting of every unit.")},
        addressing=Addressing(levels=("unit",)),
        deadline=today() + dt.timedelta(days=30),
        actor=ACTOR,
    )
    sent_s = time.perf_counter() - started
    started = time.perf_counter()
    delivered = directive_deliver(directive.pk)
    deliver_s = time.perf_counter() - started
    directive.refresh_from_db()
    from orgburo.assignments.models import Assignment
    from orgburo.core.models import Notification

    with open(out, "w") as f:
        json.dump(
            {
                "directive": directive.pk,
                "status": directive.status,
                "delivered": delivered,
                "deliveries": Delivery.objects.filter(directive=directive).count(),
                "assignments": Assignment.objects.filter(source_id=directive.pk).count(),
                "notifications": Notification.objects.filter(kind="directives.received").count(),
                "send_s": sent_s,
                "deliver_s": deliver_s,
            },
            f,
        )


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup(*(int(a) for a in sys.argv[2:6]), sys.argv[6])
    else:
        fanout(sys.argv[2])
