"""One database's half of the tree benchmark: `python -m bench.treebench --database URL`.

Runs in its own process because Django can be configured only once per process, and
bench/tree_choice.py wants SQLite and PostgreSQL in one run. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import django
from django.conf import settings

SHAPES = {
    # centre -> regions -> districts -> units, as orgburo's 1986 preset (150 x 30 x 98)
    "full": (150, 30, 98),
    "tenth": (15, 30, 98),
    "tiny": (3, 4, 5),
}
LEVELS = ("centre", "region", "district", "unit")
BATCH = 5000


def configure(database_url: str) -> None:
    if database_url.startswith("sqlite:///"):
        database: dict[str, Any] = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": database_url.removeprefix("sqlite:///"),
            # orgburo's own pragmas (src/orgburo/env.py), so the figures transfer
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
        }
    else:
        import dj_database_url

        database = dict(dj_database_url.parse(database_url))
        database["ENGINE"] = "django.db.backends.postgresql"
    settings.configure(
        INSTALLED_APPS=["treebeard", "tree_queries", "bench.treebench"],
        DATABASES={"default": database},
        USE_TZ=True,
    )
    django.setup()


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the shape ------------------------------------------------------------------------------


class Shape:
    """A regular tree; ids are breadth-first (1 is the centre), the same for every library."""

    def __init__(self, fanout: Sequence[int]) -> None:
        self.fanout = tuple(fanout)
        counts = [1]
        for n in self.fanout:
            counts.append(counts[-1] * n)
        self.counts = counts  # nodes per depth (0-based)
        self.first_id = [1 + sum(counts[:d]) for d in range(len(counts))]
        # nodes in the subtree of a node at each depth (for nested-set lft/rgt)
        sizes = [1] * len(counts)
        for d in range(len(counts) - 2, -1, -1):
            sizes[d] = 1 + self.fanout[d] * sizes[d + 1]
        self.sizes = sizes

    @property
    def total(self) -> int:
        return sum(self.counts)

    def ids_at(self, depth: int) -> range:
        return range(self.first_id[depth], self.first_id[depth] + self.counts[depth])

    def nodes(self) -> Iterator[tuple[int, int | None, int, tuple[int, ...]]]:
        """(id, parent id, depth, position of each step from the root, 0-based) breadth-first."""
        yield 1, None, 0, ()
        for depth in range(1, len(self.counts)):
            per_parent = self.fanout[depth - 1]
            for i in range(self.counts[depth]):
                parent_index, k = divmod(i, per_parent)
                yield (
                    self.first_id[depth] + i,
                    self.first_id[depth - 1] + parent_index,
                    depth,
                    (*self._steps(depth - 1, parent_index), k),
                )

    def _steps(self, depth: int, index: int) -> tuple[int, ...]:
        steps: list[int] = []
        for d in range(depth, 0, -1):
            index, k = divmod(index, self.fanout[d - 1])
            steps.append(k)
        return tuple(reversed(steps))


# --- building each library's table ------------------------------------------------------------


def _bulk(model: Any, rows: Iterator[Any]) -> None:
    chunk: list[Any] = []
    for obj in rows:
        chunk.append(obj)
        if len(chunk) == BATCH:
            model.objects.bulk_create(chunk)
            chunk = []
    if chunk:
        model.objects.bulk_create(chunk)


def build_mp(shape: Shape) -> None:
    """Paths computed here (treebeard's add_child is one query per node: hours at 440k)."""
    from bench.treebench.models import MPNode

    def rows() -> Iterator[Any]:
        for pk, _parent, depth, steps in shape.nodes():
            path = ""
            for d, k in enumerate((0, *steps)):
                path = MPNode._get_path(path, d + 1, k + 1)
            numchild = shape.fanout[depth] if depth < len(shape.fanout) else 0
            yield MPNode(
                pk=pk,
                path=path,
                depth=depth + 1,
                numchild=numchild,
                name=f"{LEVELS[depth]} {pk}",
                level=LEVELS[depth],
            )

    _bulk(MPNode, rows())


def build_ns(shape: Shape) -> None:
    """lft/rgt in closed form: a node's lft is its parent's lft + 1 + 2 x (earlier siblings' sizes)."""
    from bench.treebench.models import NSNode

    def rows() -> Iterator[Any]:
        for pk, _parent, depth, steps in shape.nodes():
            lft = 1
            for d, k in enumerate(steps):
                lft += 1 + 2 * k * shape.sizes[d + 1]
            yield NSNode(
                pk=pk,
                lft=lft,
                rgt=lft + 2 * shape.sizes[depth] - 1,
                tree_id=1,
                depth=depth + 1,
                name=f"{LEVELS[depth]} {pk}",
                level=LEVELS[depth],
            )

    _bulk(NSNode, rows())


def build_tq(shape: Shape) -> None:
    from bench.treebench.models import TQNode

    _bulk(
        TQNode,
        (
            TQNode(pk=pk, parent_id=parent, name=f"{LEVELS[depth]} {pk}", level=LEVELS[depth])
            for pk, parent, depth, _steps in shape.nodes()
        ),
    )


# --- the questions, per library ---------------------------------------------------------------


class Library:
    """How one library answers the benchmark's questions, through its own public API."""

    key = ""
    label = ""
    shares = ""  # the key of the library whose table (and moves) this one reuses

    def model(self) -> Any:
        raise NotImplementedError

    def build(self, shape: Shape) -> None:
        raise NotImplementedError

    def node(self, pk: int) -> Any:
        return self.model().objects.get(pk=pk)

    def count_descendants(self, node: Any) -> int:
        # A query, not treebeard's NS arithmetic: the real question joins the subtree to members.
        return int(self.model().objects.get_descendants(node).count())

    def descendants(self, node: Any) -> list[Any]:
        return list(self.model().objects.get_descendants(node))

    def ancestors(self, node: Any) -> list[Any]:
        return list(self.model().objects.get_ancestors(node))

    def move(self, node: Any, target: Any) -> None:
        self.model().objects.move(node, target, "last-child")


class MaterialisedPath(Library):
    key = "mp"
    label = "treebeard MP_Node (materialised path)"

    def model(self) -> Any:
        from bench.treebench.models import MPNode

        return MPNode

    def build(self, shape: Shape) -> None:
        build_mp(shape)


class MaterialisedPathRange(MaterialisedPath):
    """The same table as MaterialisedPath, with the subtree asked as a path range.

    treebeard asks `path LIKE 'prefix%'`; SQLite's LIKE is case-insensitive, so it cannot
    use the path index and scans it whole. `prefix <= path < prefix + '~'` is the same set
    for an alphabet of digits and capitals, and both databases answer it from the index.
    """

    key = "mp_range"
    label = "treebeard MP_Node, subtree as a path range"
    shares = "mp"

    def build(self, shape: Shape) -> None:
        return None

    def _subtree(self, node: Any) -> Any:
        return self.model().objects.filter(
            path__gte=node.path, path__lt=node.path + "~", depth__gt=node.depth
        )

    def count_descendants(self, node: Any) -> int:
        return int(self._subtree(node).count())

    def descendants(self, node: Any) -> list[Any]:
        return list(self._subtree(node).order_by("path"))


class NestedSets(Library):
    key = "ns"
    label = "treebeard NS_Node (nested sets)"

    def model(self) -> Any:
        from bench.treebench.models import NSNode

        return NSNode

    def build(self, shape: Shape) -> None:
        build_ns(shape)


class TreeQueries(Library):
    key = "tq"
    label = "django-tree-queries TreeNode (adjacency list, recursive CTE)"

    def model(self) -> Any:
        from bench.treebench.models import TQNode

        return TQNode

    def build(self, shape: Shape) -> None:
        build_tq(shape)

    def count_descendants(self, node: Any) -> int:
        return int(node.descendants().count())

    def descendants(self, node: Any) -> list[Any]:
        return list(node.descendants())

    def ancestors(self, node: Any) -> list[Any]:
        return list(node.ancestors())

    def move(self, node: Any, target: Any) -> None:
        node.parent = target
        node.clean()  # the library's loop check: a service would run it before saving
        node.save(update_fields=["parent"])


class HandCTE(TreeQueries):
    """tree-queries' table, queried with a recursive CTE that starts at the node.

    tree-queries starts its CTE at the roots and walks the whole tree on every call; this
    row shows what the same adjacency list costs when the walk starts where it should.
    """

    key = "cte"
    label = "adjacency list, hand-written recursive CTE from the node"
    shares = "tq"

    def build(self, shape: Shape) -> None:
        return None  # shares tree-queries' table

    def _sql(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        from django.db import connection

        table = self.model()._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(sql.format(t=table), params)
            return list(cursor.fetchall())

    SUBTREE = (
        "WITH RECURSIVE sub(id) AS (SELECT id FROM {t} WHERE parent_id = %s "
        "UNION ALL SELECT c.id FROM {t} c JOIN sub ON c.parent_id = sub.id) "
    )

    def count_descendants(self, node: Any) -> int:
        return int(self._sql(self.SUBTREE + "SELECT count(*) FROM sub", [node.pk])[0][0])

    def _raw(self, sql: str, params: Sequence[Any]) -> list[Any]:
        # Model instances through raw(), as the ORM rows of the other libraries are.
        model = self.model()
        return list(model.objects.raw(sql.format(t=model._meta.db_table), params))

    def descendants(self, node: Any) -> list[Any]:
        return self._raw(
            self.SUBTREE
            + "SELECT n.id, n.parent_id, n.name, n.level FROM sub JOIN {t} n USING (id)",
            [node.pk],
        )

    def ancestors(self, node: Any) -> list[Any]:
        return self._raw(
            "WITH RECURSIVE up(id, parent_id, n) AS (SELECT id, parent_id, 0 FROM {t} WHERE id = %s "
            "UNION ALL SELECT p.id, p.parent_id, up.n + 1 FROM {t} p JOIN up ON p.id = up.parent_id) "
            "SELECT a.id, a.parent_id, a.name, a.level FROM up JOIN {t} a USING (id) WHERE up.n > 0 "
            "ORDER BY up.n DESC",
            [node.pk],
        )

    def move(self, node: Any, target: Any) -> None:
        # The loop check from the target upwards, then one UPDATE: nothing else changes.
        if any(row.pk == node.pk for row in self.ancestors(target)) or target.pk == node.pk:
            raise ValueError("a node cannot move under itself")
        self.model().objects.filter(pk=node.pk).update(parent_id=target.pk)


LIBRARIES: list[Library] = [
    MaterialisedPath(),
    MaterialisedPathRange(),
    NestedSets(),
    TreeQueries(),
    HandCTE(),
]


# --- measuring --------------------------------------------------------------------------------


def timed(
    picks: Sequence[int], ask: Callable[[int], Any], budget_s: float
) -> tuple[list[float], Any]:
    """Time `ask` on each pick (after two warm-up calls), stopping early once the budget is spent."""
    for pk in picks[:2]:
        ask(pk)
    samples: list[float] = []
    answer: Any = None
    spent_from = time.perf_counter()
    for pk in picks:
        started = time.perf_counter()
        answer = ask(pk)
        samples.append(time.perf_counter() - started)
        if time.perf_counter() - spent_from > budget_s:
            break
    return samples, answer


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]

    return {
        "n": len(ordered),
        "p50_ms": pct(50) * 1000,
        "p95_ms": pct(95) * 1000,
        "max_ms": ordered[-1] * 1000,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.treebench")
    parser.add_argument("--database", required=True, help="sqlite:///PATH or postgres://…")
    parser.add_argument("--size", choices=sorted(SHAPES), default="full")
    parser.add_argument("--picks", type=int, default=200)
    parser.add_argument("--moves", type=int, default=5)
    parser.add_argument("--budget", type=float, default=30.0, help="seconds per question")
    parser.add_argument("--only", default="", help="comma-separated: mp,mp_range,ns,tq,cte")
    args = parser.parse_args(argv)
    configure(args.database)

    from django.db import connection, transaction

    shape = Shape(SHAPES[args.size])
    rng = random.Random(1986)
    regions = [rng.choice(shape.ids_at(1)) for _ in range(args.picks)]
    districts = [rng.choice(shape.ids_at(2)) for _ in range(args.picks)]
    units = [rng.choice(shape.ids_at(3)) for _ in range(args.picks)]
    moves = [(rng.choice(shape.ids_at(2)), rng.choice(shape.ids_at(1))) for _ in range(args.moves)]
    wanted = set(args.only.split(",")) if args.only else {lib.key for lib in LIBRARIES}
    wanted |= {lib.shares for lib in LIBRARIES if lib.key in wanted and lib.shares}
    libraries = [lib for lib in LIBRARIES if lib.key in wanted]

    with connection.schema_editor() as editor:
        for model in {lib.model() for lib in libraries}:
            editor.create_model(model)
    results: dict[str, Any] = {
        "database": connection.vendor,
        "nodes": shape.total,
        "shape": shape.fanout,
        "libraries": {},
    }
    for lib in libraries:
        entry: dict[str, Any] = {"label": lib.label, "shares": lib.shares}
        if not lib.shares:
            log(f"[{connection.vendor}] building {lib.label} ({shape.total:,} nodes)")
            started = time.perf_counter()
            with transaction.atomic():
                lib.build(shape)
            entry["build_s"] = time.perf_counter() - started
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {lib.model()._meta.db_table}")
            entry["analyze_s"] = time.perf_counter() - started
        results["libraries"][lib.key] = entry

    expected_units = shape.fanout[-1]
    expected_region = shape.sizes[1] - 1
    for lib in libraries:
        entry = results["libraries"][lib.key]
        log(f"[{connection.vendor}] questions for {lib.label}")
        # Nodes are fetched outside the clock: a page has the organisation in hand already.
        cache: dict[int, Any] = {}

        def node(pk: int, lib: Library = lib, cache: dict[int, Any] = cache) -> Any:
            if pk not in cache:
                cache[pk] = lib.node(pk)
            return cache[pk]

        for pk in {*regions, *districts, *units}:
            node(pk)
        samples, answer = timed(
            regions, lambda pk, lib=lib: lib.count_descendants(node(pk)), args.budget
        )
        assert answer == expected_region, (lib.key, answer)
        entry["count_region"] = summary(samples)
        samples, answer = timed(
            districts, lambda pk, lib=lib: lib.descendants(node(pk)), args.budget
        )
        assert len(answer) == expected_units, (lib.key, len(answer))
        entry["units_under_district"] = summary(samples)
        samples, answer = timed(units, lambda pk, lib=lib: lib.ancestors(node(pk)), args.budget)
        assert len(answer) == len(shape.fanout), (lib.key, len(answer))
        entry["ancestors_of_unit"] = summary(samples)

    # Moves last, after every library's questions: the hand CTE shares tree-queries' table.
    for lib in libraries:
        entry = results["libraries"][lib.key]
        if lib.key == "mp_range":
            continue  # moving is the same treebeard call as MP's
        log(f"[{connection.vendor}] moving districts, {lib.label}")
        move_samples: list[float] = []
        for district_pk, region_pk in moves:
            # Fresh instances: treebeard's nodes go stale after a move changes paths or lft/rgt.
            district, region = lib.node(district_pk), lib.node(region_pk)
            started = time.perf_counter()
            with transaction.atomic():
                lib.move(district, region)
            move_samples.append(time.perf_counter() - started)
            moved = lib.node(district_pk)
            assert lib.count_descendants(moved) == expected_units, lib.key
        entry["move_district"] = summary(move_samples)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
