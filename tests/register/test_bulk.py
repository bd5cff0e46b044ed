"""Bulk loads are all or nothing, including the references the loader checks set-based."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError

from orgburo.register.bulk import OrgRow, PersonRow, RegisterBatch, SpellRow, register_load
from orgburo.register.models import Membership, Organisation, Person
from tests.conftest import SYSTEM

# Committed for real: SQLite checks deferred references at COMMIT, as PostgreSQL would.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_load_that_refers_to_a_missing_record_writes_nothing() -> None:
    batch = RegisterBatch(
        organisations=[OrgRow(1, None, "Centre", "centre", 0, dt.date(1900, 1, 1), "")],
        persons=[PersonRow(10, "Ivanov", "Ivan", "", 1)],
        # person key 11 was never given: the loader passes it through as an id, which is missing
        spells=[
            SpellRow(
                11, 1, "member", dt.date(1910, 1, 1), "admitted_member", "worker", "party", "worker"
            )
        ],
    )
    with pytest.raises(IntegrityError):
        register_load(batch=batch, actor=SYSTEM, source="broken")
    assert not Organisation.objects.exists()
    assert not Person.objects.exists() and not Membership.objects.exists()
