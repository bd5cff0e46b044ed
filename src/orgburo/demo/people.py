"""The demo's people: names drawn from Faker's Cyrillic locales, and each person's record and
history of membership (admission, candidate stage, moves, leaving, readmission)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from faker import Faker

from orgburo.core.dates import add_months
from orgburo.demo.tables import (
    CANDIDATE_STAGE_INTRODUCED,
    CATEGORY_MIX,
    FIELD_MIX,
    OCTOBER,
    PRESENT,
    PURGE_REASONS,
    ROUTE,
)
from orgburo.register.bulk import PersonRow, RegisterBatch, SpellRow


def _pick(rng: random.Random, mix: list[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in mix], weights=[w for _, w in mix])[0]


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max((end - start).days, 1)))


def month_later(day: dt.date, months: int) -> dt.date:
    """`months` after `day`, on the 28th at the latest (as the demo has always drawn its dates)."""
    return add_months(day.replace(day=min(day.day, 28)), months)


@dataclass
class Names:
    """Pools of names per nationality, drawn once from Faker's Cyrillic locales."""

    pools: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    @classmethod
    def build(cls, seed: int) -> Names:
        pools = {}
        for code, locale in (("ru", "ru_RU"), ("uk", "uk_UA")):
            fake = Faker(locale)
            fake.seed_instance(seed)
            pools[code] = {
                "last_m": sorted({fake.last_name_male() for _ in range(400)}),
                "last_f": sorted({fake.last_name_female() for _ in range(400)}),
                "first_m": sorted({fake.first_name_male() for _ in range(250)}),
                "first_f": sorted({fake.first_name_female() for _ in range(250)}),
                "mid_m": sorted({fake.middle_name_male() for _ in range(200)}),
                "mid_f": sorted({fake.middle_name_female() for _ in range(200)}),
                "town": sorted({fake.city_name() for _ in range(300)}),
            }
        return cls(pools)

    def person(self, rng: random.Random, nationality: str, sex: str) -> tuple[str, str, str]:
        pool = self.pools[nationality]
        suffix = "m" if sex == "m" else "f"
        return (
            rng.choice(pool[f"last_{suffix}"]),
            rng.choice(pool[f"first_{suffix}"]),
            rng.choice(pool[f"mid_{suffix}"]),
        )


class PeopleBuilder:
    """The part of the demo's builder that makes people; the organisation's part extends it."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names = Names.build(seed)
        self.batch = RegisterBatch()
        self.next_key = 1

    def key(self) -> int:
        self.next_key += 1
        return self.next_key

    def person(self, home: int, nationality: str, born_before: int = 1900) -> int:
        rng = self.rng
        sex = "m" if rng.random() < 0.88 else "f"
        family, given, middle = self.names.person(rng, nationality, sex)
        key = self.key()
        literate = rng.random() < (0.55 if nationality == "uk" else 0.65)
        self.batch.persons.append(
            PersonRow(
                key=key,
                family_name=family,
                given_name=given,
                patronymic=middle,
                home_key=home,
                birth_date=dt.date(
                    rng.randint(born_before - 35, born_before),
                    rng.randint(1, 12),
                    rng.randint(1, 28),
                ),
                sex=sex,
                nationality={"ru": "русский", "uk": "украинец"}[nationality]
                if sex == "m"
                else {"ru": "русская", "uk": "украинка"}[nationality],
                literacy="literate" if literate else rng.choice(["semi_literate", "illiterate"]),
                education=rng.choice(["primary", "primary", "none", "secondary"])
                if literate
                else "none",
            )
        )
        return key

    def history(
        self,
        person: int,
        unit: int,
        setting: str,
        joined: dt.date,
        came_from: int | None = None,
        arrived: dt.date | None = None,
    ) -> dt.date | None:
        """Spells from admission to the present; returns the day they became a full member (None: candidate).

        With `came_from`, the person served first in that unit and moved here on `arrived`.
        """
        rng = self.rng
        category = _pick(rng, CATEGORY_MIX[setting])
        work = _pick(rng, FIELD_MIX[setting])
        route, months = ROUTE[category]
        spells = self.batch.spells
        first_unit = came_from if came_from is not None else unit
        if joined < CANDIDATE_STAGE_INTRODUCED:
            member_from = joined
            spells.append(
                SpellRow(
                    person, first_unit, "member", joined, "admitted_member", category, work, route
                )
            )
        else:
            member_from = month_later(joined, months + rng.randint(0, 4))
            if member_from >= (arrived or PRESENT):
                spells.append(
                    SpellRow(person, unit, "candidate", joined, "admitted", category, work, route)
                )
                return None
            spells.append(
                SpellRow(
                    person,
                    first_unit,
                    "candidate",
                    joined,
                    "admitted",
                    category,
                    work,
                    route,
                    ended_on=member_from,
                    end_kind="made_member",
                )
            )
            spells.append(
                SpellRow(
                    person, first_unit, "member", member_from, "made_member", category, work, route
                )
            )
        if came_from is not None and arrived is not None:
            spells[-1].ended_on, spells[-1].end_kind = arrived, "moved"
            spells.append(
                SpellRow(person, unit, "member", arrived, "moved_in", category, work, route)
            )
        return member_from

    def joined_date(self) -> dt.date:
        roll = self.rng.random()
        if roll < 0.07:
            return _date_between(self.rng, dt.date(1903, 1, 1), OCTOBER - dt.timedelta(days=10))
        if roll < 0.35:
            return _date_between(self.rng, OCTOBER, dt.date(1919, 12, 31))
        if roll < 0.72:
            return _date_between(self.rng, dt.date(1920, 1, 1), dt.date(1921, 12, 31))
        return _date_between(self.rng, dt.date(1922, 1, 1), PRESENT - dt.timedelta(days=7))

    def former_member(self, unit: int, setting: str, nationality: str) -> None:
        """Someone who left: the 1921 purge, a drop-out, a death; a few were readmitted."""
        rng = self.rng
        person = self.person(unit, nationality)
        category = _pick(rng, CATEGORY_MIX[setting])
        work = _pick(rng, FIELD_MIX[setting])
        route = ROUTE[category][0]
        joined = _date_between(rng, dt.date(1917, 3, 1), dt.date(1920, 12, 31))
        roll = rng.random()
        if roll < 0.55:
            left, how, why = (
                _date_between(rng, dt.date(1921, 8, 1), dt.date(1922, 3, 1)),
                "expelled",
                rng.choice(PURGE_REASONS),
            )
        elif roll < 0.93:
            left, how, why = (
                _date_between(rng, dt.date(1920, 1, 1), dt.date(1923, 6, 1)),
                "dropped_out",
                "",
            )
        else:
            left, how, why = (
                _date_between(rng, dt.date(1919, 1, 1), dt.date(1923, 6, 1)),
                "died",
                "",
            )
        left = max(left, joined + dt.timedelta(days=60))
        self.batch.spells.append(
            SpellRow(
                person,
                unit,
                "member",
                joined,
                "admitted_member",
                category,
                work,
                route,
                ended_on=left,
                end_kind=how,
                end_reason=why,
            )
        )
        if how == "dropped_out" and rng.random() < 0.1:
            back = _date_between(rng, left + dt.timedelta(days=90), PRESENT)
            if back < PRESENT:
                self.batch.spells.append(
                    SpellRow(person, unit, "member", back, "readmitted", category, work, route)
                )

    def veteran(
        self, unit: int, nationality: str, since: tuple[dt.date, dt.date], born_before: int
    ) -> int:
        """A responsible worker with long standing, on the roll of the apparatus unit."""
        person = self.person(unit, nationality, born_before=born_before)
        self.batch.spells.append(
            SpellRow(
                person,
                unit,
                "member",
                _date_between(self.rng, *since),
                "admitted_member",
                "worker",
                "party",
                "worker",
            )
        )
        return person
