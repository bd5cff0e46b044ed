"""Child process of bench/deliberation.py, run with orgburo's settings on the benchmark's database.

    python bench/deliberation_setup.py setup CONTRIBUTIONS WRITERS OUT.json
    python bench/deliberation_setup.py reach GUBERNIAS UYEZDS UNITS CONTRIBUTIONS OUT.json

Loads a small tree (bench/directives_setup.py's, 4 gubernias x 5 uyezds x 10 units, with 2,000
members in the first uyezd's units), raises the centre's question to the whole organisation
through the service, and gives it CONTRIBUTIONS contributions from those members in bulk (one in
fifty removed, a third on its proposal): the longest discussion the page must draw. Then
sessions for a reader and for WRITERS members who have not spoken yet.

`reach` loads a tree of the 1986 shape (bench/directives_setup.py's, a secretary in each
organisation), opens the centre's question to the whole organisation through the service, timed
(everyone it reaches told), and gives it CONTRIBUTIONS contributions from units all over the
tree; sessions for the centre's secretary, a gubernia's and a member.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orgburo.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # `bench`

from django.core.management import call_command

from bench.directives_setup import _tree
from bench.signed_in import signed_in
from orgburo.core.auditlog import SystemActor
from orgburo.core.clock import now
from orgburo.deliberation.models import Contribution, Moderation, Proposal
from orgburo.deliberation.services import question_raise
from orgburo.register.bulk import register_load
from orgburo.register.models import Membership, Organisation, Person, Tenure

ACTOR = SystemActor("bench")
MEMBERS = 2000


def setup(contributions: int, writers: int, out: str) -> None:
    call_command("migrate", verbosity=0)
    register_load(batch=_tree(4, 5, 10, MEMBERS), actor=ACTOR, source="bench")
    centre = Organisation.objects.get(depth=1)
    members = list(
        Person.objects.filter(family_name__startswith="Voter")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    raiser = Person.objects.filter(family_name__startswith="Secretary").order_by("pk").first()
    assert raiser is not None
    question = question_raise(
        organisation=centre,
        person=raiser,
        title="On internal democracy",
        text="The Central Committee opens the question to the whole organisation.",
        proposal="Secretaries are elected.",
        reach="subtree",
        actor=ACTOR,
    )
    proposal = Proposal.objects.get(question=question)
    rng = random.Random(15)
    speakers, quiet = members[: MEMBERS - writers], members[MEMBERS - writers :]
    where = dict(
        Membership.objects.filter(person_id__in=speakers).values_list(
            "person_id", "organisation__path"
        )
    )
    started = time.perf_counter()
    moment = now()
    authors = [rng.choice(speakers) for _n in range(contributions)]
    rows = [
        Contribution(
            question=question,
            proposal=proposal if n % 3 == 0 else None,
            author_id=author,
            capacity="personal",
            text=f"Contribution {n}: " + "the units must elect their secretaries. " * 8,
            created_at=moment,
            removed=n % 50 == 0,
            unit_path=where.get(author, ""),
        )
        for n, author in enumerate(authors)
    ]
    Contribution.objects.bulk_create(rows, batch_size=2000)
    Moderation.objects.bulk_create(
        [
            Moderation(contribution=c, body=centre, reason="insult", moderated_at=moment)
            for c in Contribution.objects.filter(question=question, removed=True)
        ],
        batch_size=2000,
    )
    load_s = time.perf_counter() - started
    sessions = signed_in([*quiet, speakers[0]])
    with open(out, "w") as f:
        json.dump(
            {
                "question": question.pk,
                "contributions": Contribution.objects.filter(question=question).count(),
                "first_contribution": Contribution.objects.filter(question=question)
                .order_by("pk")
                .values_list("pk", flat=True)[0],
                "writers": [sessions[pk] for pk in quiet],
                "reader": sessions[speakers[0]],
                "load_s": load_s,
            },
            f,
        )


def _secretary(org: Organisation) -> int:
    return Tenure.objects.filter(post__organisation=org).values_list("person_id", flat=True)[0]


def reach(gubernias: int, uyezds: int, units: int, contributions: int, out: str) -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    register_load(batch=_tree(gubernias, uyezds, units, MEMBERS), actor=ACTOR, source="bench")
    load_s = time.perf_counter() - started
    centre = Organisation.objects.get(depth=1)
    gubernia = Organisation.objects.filter(level="gubernia").order_by("path")[0]
    member = Person.objects.filter(family_name__startswith="Voter").order_by("pk")[0]
    started = time.perf_counter()
    question = question_raise(
        organisation=centre,
        person=Person.objects.get(pk=_secretary(centre)),
        title="On internal democracy",
        text="The Central Committee opens the question to the whole organisation.",
        proposal="Secretaries are elected.",
        capacity="body",
        body=centre,
        body_decision="Central Committee, 5 December",
        reach="subtree",
        actor=ACTOR,
    )
    open_s = time.perf_counter() - started
    unit_paths = list(Organisation.objects.filter(level="unit").values_list("path", flat=True))
    authors = list(Person.objects.values_list("pk", flat=True)[:50_000])
    rng = random.Random(1986)
    moment = now()
    started = time.perf_counter()
    Contribution.objects.bulk_create(
        (
            Contribution(
                question=question,
                author_id=rng.choice(authors),
                capacity="personal",
                text=f"Contribution {n}: the units must elect their secretaries.",
                created_at=moment,
                unit_path=rng.choice(unit_paths),
            )
            for n in range(contributions)
        ),
        batch_size=5000,
    )
    contributions_s = time.perf_counter() - started
    centre_secretary, gubernia_secretary = _secretary(centre), _secretary(gubernia)
    sessions = signed_in([centre_secretary, gubernia_secretary, member.pk])
    with open(out, "w") as f:
        json.dump(
            {
                "question": question.pk,
                "organisations": Organisation.objects.count(),
                "units": len(unit_paths),
                "contributions": contributions,
                "gubernia": gubernia.pk,
                "centre_session": sessions[centre_secretary],
                "gubernia_session": sessions[gubernia_secretary],
                "member_session": sessions[member.pk],
                "load_s": load_s,
                "open_s": open_s,
                "contributions_s": contributions_s,
            },
            f,
        )


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "reach":
        reach(*(int(a) for a in sys.argv[2:6]), sys.argv[6])
    else:
        raise SystemExit(f"unknown step {sys.argv[1]!r}")
