"""A member's limits under concurrent requests, with real threads on a real database: of many
contributions sent at once only what the policy allows is written."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from orgburo.core.errors import ConflictError
from orgburo.deliberation.models import Allowance, Contribution
from orgburo.deliberation.services import contribution_post
from tests.conftest import SYSTEM, build_world, skip_unless_file_database
from tests.deliberation.factories import member_question, time_passes

THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_contributions_never_exceed_the_limits() -> None:
    skip_unless_file_database()
    world = build_world()
    question = member_question(world)
    member = world.persons["member"]

    def burst() -> tuple[int, list[str]]:
        start = threading.Barrier(THREADS)
        refused: list[str] = []
        unexpected: list[str] = []

        def send(n: int) -> None:
            try:
                start.wait()
                contribution_post(
                    question=question, person=member, text=f"Point {n}.", actor=SYSTEM
                )
            except ConflictError as exc:
                refused.append(exc.message)
            except Exception as exc:
                unexpected.append(repr(exc))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=send, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return THREADS - len(refused) - len(unexpected), unexpected

    for _round in range(4):
        written, unexpected = burst()
        assert not unexpected, unexpected
        # The wait between contributions lets one through a burst, until all three are used.
        assert written == (1 if _round < 3 else 0)
        time_passes(question, 31)
    assert Contribution.objects.filter(question=question).count() == 3
    assert Allowance.objects.get(question=question, person=member).used == 3
