"""Child process of bench/cadres.py, run with orgburo's settings on the benchmark's database.

    python bench/cadres_setup.py run GUBERNIAS UYEZDS UNITS VACANCIES CANDIDATES OUT.json

Loads a tree of the 1986 shape with a secretary in every organisation (as
bench/directives_setup.py does), then takes the secretary off VACANCIES units spread over the
tree (their posts stand empty) and adds CANDIDATES members of long standing, trained in the
political literacy school and willing to move: five to a unit in units that can spare some, and
one in every fourth vacant unit (to be elected there). Then, timed:

1. the optimiser's run under the centre through the service, from the database to stored
   proposals (`proposals_run`), and its parts (vacancies, candidates, the graph, the solve);
2. the transfer round's graph without the units' minimum, solved by our min-cost flow and by
   SciPy's sparse matching (each vacancy given a dummy candidate at a high cost, so a full
   matching exists; OR-Tools' linear assignment wants a perfect matching of a square graph,
   which this one is not): the same objective, side by side;
3. a member's own view (their page, the cadres API) in the same process, p95 of 100 each, and
   the cost of logging a read of a record (1,000 inserts).
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

import numpy as np  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.common import summary_ms  # noqa: E402
from bench.directives_setup import _tree  # noqa: E402
from orgburo.cadres.matching import match  # noqa: E402
from orgburo.cadres.models import CadreTransfer, Signal, SkillRecord, Willingness  # noqa: E402
from orgburo.cadres.selectors.vacancies import candidates, vacancies  # noqa: E402
from orgburo.cadres.services.proposals import _Graph, proposals_run  # noqa: E402
from orgburo.core.auditlog import SystemActor  # noqa: E402
from orgburo.core.clock import today  # noqa: E402
from orgburo.core.models import RecordRead  # noqa: E402
from orgburo.core.reads import record_read  # noqa: E402
from orgburo.register.bulk import PersonRow, SpellRow, register_load  # noqa: E402
from orgburo.register.models import Organisation, Person, Tenure  # noqa: E402

ACTOR = SystemActor("bench")
SINCE = dt.date(1960, 1, 1)
PER_UNIT = 5
REQUESTS = 100
READS = 1000


def _load(gubernias: int, uyezds: int, units: int, vacant: int, wanted: int) -> dict[str, int]:
    batch = _tree(gubernias, uyezds, units, 0)
    unit_keys = [o.key for o in batch.organisations if o.level == "unit"]
    step = max(1, len(unit_keys) // vacant)
    vacant_keys = set(unit_keys[::step][:vacant])
    # The vacant units' secretaries hold no post: their tenures are not loaded.
    posts = {p.key: p.org_key for p in batch.posts}
    batch.tenures = [t for t in batch.tenures if posts[t.post_key] not in vacant_keys]
    others = [k for k in unit_keys if k not in vacant_keys]
    inside = list(vacant_keys)[::4]
    outside = wanted - len(inside)
    spread = max(1, len(others) // max(1, outside // PER_UNIT))
    homes = [*inside]
    for unit in others[::spread]:
        homes.extend([unit] * PER_UNIT)
        if len(homes) >= wanted:
            break
    person = 20_000_000
    for n, unit in enumerate(homes[:wanted]):
        person += 1
        batch.persons.append(PersonRow(person, f"Candidate{n:06d}", "Pavel", "", unit))
        batch.spells.append(
            SpellRow(person, unit, "member", SINCE, "admitted_member", "worker", "party", "worker")
        )
    started = time.perf_counter()
    register_load(batch=batch, actor=ACTOR, source="bench")
    return {"load_s": time.perf_counter() - started, "candidates": len(homes[:wanted])}


def _train_and_ask() -> None:
    ids = list(
        Person.objects.filter(family_name__startswith="Candidate").values_list("pk", flat=True)
    )
    moment = timezone.now()
    SkillRecord.objects.bulk_create(
        [
            SkillRecord(
                person_id=pk,
                skill="political_literacy",
                state="studied",
                finished_on=dt.date(1970, 6, 1),
                recorded_at=moment,
            )
            for pk in ids
        ],
        batch_size=5000,
    )
    Willingness.objects.bulk_create(
        [Willingness(person_id=pk, willing=True, said_at=moment) for pk in ids], batch_size=5000
    )


def _round_two_graph(centre: Organisation) -> dict[str, object]:
    """The transfer round's arcs as the service builds them, for the solvers side by side."""
    day = today()
    found = vacancies(centre, day)
    people = candidates(centre, day, {v.organisation_id for v in found})
    graph = _Graph(people, 50)
    arcs = [a for i, v in enumerate(found) for a in graph.arcs(i, v, within=False)]
    used = sorted({a.candidate for a in arcs})
    local = {c: i for i, c in enumerate(used)}
    return {
        "vacancies": len(found),
        "candidates": len(used),
        "cand": np.array([local[a.candidate] for a in arcs], dtype=np.int64),
        "vac": np.array([a.vacancy for a in arcs], dtype=np.int64),
        "cost": np.array([a.cost for a in arcs], dtype=np.int64),
    }


def _solvers(g: dict[str, object]) -> dict[str, object]:
    import scipy.sparse as sp
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    n_v, n_c = int(g["vacancies"]), int(g["candidates"])  # type: ignore[call-overload]
    cand, vac, cost = g["cand"], g["vac"], g["cost"]
    out: dict[str, object] = {"arcs": len(cost)}  # type: ignore[arg-type]
    started = time.perf_counter()
    ours = match(candidates=n_c, vacancies=n_v, arc_candidate=cand, arc_vacancy=vac, arc_cost=cost)  # type: ignore[arg-type]
    out["min_cost_flow_s"] = time.perf_counter() - started
    out["filled"], out["objective"] = ours.filled, ours.objective
    # A dummy candidate per vacancy at a cost above any real matching's difference: a full
    # matching exists, and the real arcs chosen are those of a maximum matching of least cost.
    big = int(cost.max() + 1) * (n_v + 1)  # type: ignore[union-attr]
    rows = np.concatenate([vac, np.arange(n_v)])  # type: ignore[list-item]
    cols = np.concatenate([cand, n_c + np.arange(n_v)])  # type: ignore[list-item]
    weights = np.concatenate([cost, np.full(n_v, big)]).astype(np.float64)  # type: ignore[list-item]
    started = time.perf_counter()
    matrix = sp.csr_matrix((weights + 1, (rows, cols)), shape=(n_v, n_c + n_v))
    row, col = min_weight_full_bipartite_matching(matrix)
    out["scipy_s"] = time.perf_counter() - started
    real = col < n_c
    chosen = matrix[row[real], col[real]]
    out["scipy_filled"] = int(real.sum())
    out["scipy_objective"] = int(np.asarray(chosen).sum() - real.sum())
    return out


def _own_view(centre: Organisation) -> dict[str, object]:
    person = Person.objects.filter(family_name__startswith="Candidate").order_by("pk").first()
    assert person is not None
    users = get_user_model()
    user = users.objects.create(username="bench-member")
    user.set_unusable_password()
    user.save()
    Person.objects.filter(pk=person.pk).update(user=user)
    reader = users.objects.create(username="bench-reader")
    unit = Organisation.objects.get(pk=person.home_id)
    day = today()
    for n, code in enumerate(("member_attendance", "officer_without_skills", "roll_churn")):
        Signal.objects.create(
            key=f"{code}:{unit.pk}:{person.pk}",
            code=code,
            organisation=unit,
            person=person if n < 2 else None,
            value=10.0,
            median=60.0,
            mad=10.0,
            compared_with="peers",
            peers=12,
            details={"asked": 10, "came": 1, "post_kind": "unit_secretary", "lacking": []},
            first_seen_on=day,
            last_seen_on=day,
        )
    other = Organisation.objects.filter(level="unit").exclude(pk=unit.pk).order_by("path").first()
    CadreTransfer.objects.create(
        person=person,
        from_unit=unit,
        to_unit=other,
        reason="bench",
        proposed_at=timezone.now(),
    )
    reads = []
    for _ in range(READS):
        started = time.perf_counter()
        record_read(person_id=person.pk, reader=reader, via="bench")
        reads.append(time.perf_counter() - started)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    found: dict[str, object] = {
        "record_read": summary_ms(reads),
        "reads_kept": RecordRead.objects.count(),
    }
    for key, path in (
        ("own_page", f"/person/{person.pk}/"),
        ("own_api", f"/api/persons/{person.pk}/cadres"),
    ):
        samples, statuses = [], set()
        for _ in range(REQUESTS):
            started = time.perf_counter()
            response = client.get(path)
            samples.append(time.perf_counter() - started)
            statuses.add(response.status_code)
        found[key] = {"path": path, "ms": summary_ms(samples), "statuses": sorted(statuses)}
    return found


def run(gubernias: int, uyezds: int, units: int, vacant: int, wanted: int, out: str) -> None:
    call_command("migrate", verbosity=0)
    loaded = _load(gubernias, uyezds, units, vacant, wanted)
    _train_and_ask()
    centre = Organisation.objects.get(depth=1)
    day = today()
    started = time.perf_counter()
    found = vacancies(centre, day)
    vacancies_s = time.perf_counter() - started
    started = time.perf_counter()
    people = candidates(centre, day, {v.organisation_id for v in found})
    candidates_s = time.perf_counter() - started
    started = time.perf_counter()
    proposal_run = proposals_run(committee=centre, day=day, actor=ACTOR)
    run_s = time.perf_counter() - started
    solvers = _solvers(_round_two_graph(centre))
    own = _own_view(centre)
    with open(out, "w") as f:
        json.dump(
            {
                **loaded,
                "organisations": Organisation.objects.count(),
                "vacancies": proposal_run.vacancies,
                "candidates_read": len(people),
                "arcs": proposal_run.arcs,
                "filled": proposal_run.filled,
                "objective": proposal_run.objective,
                "within": proposal_run.proposals.filter(
                    person__isnull=False, explanation__round="within"
                ).count(),
                "transfers": proposal_run.proposals.filter(
                    person__isnull=False, explanation__round="transfer"
                ).count(),
                "vacancies_s": vacancies_s,
                "candidates_s": candidates_s,
                "run_s": run_s,
                "tenures_left": Tenure.objects.count(),
                "solvers": solvers,
                "own_view": own,
            },
            f,
        )


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command != "run":
        raise SystemExit("usage: cadres_setup.py run G U N VACANCIES CANDIDATES OUT.json")
    run(*(int(a) for a in args[:5]), args[5])
