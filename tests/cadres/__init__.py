"""Tests of the cadres app; `trained` gives a person a skill for the tests of other apps that
fill posts the bundled statute's `[cadres.posts]` asks a skill for."""

from __future__ import annotations

from orgburo.cadres.services.skills import skill_record
from orgburo.register.models import Person
from tests.conftest import SYSTEM


def trained(person: Person, skill: str = "political_literacy") -> Person:
    skill_record(person=person, skill=skill, state="studied", evidence="test", actor=SYSTEM)
    return person
