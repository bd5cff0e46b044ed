"""Generate a realistic organisation under the rcp-1923 statute, deterministically from a seed.

The present is 2 December 1923, the day of the report. Everything the report describes
is seeded so later capabilities have something true to find, above all the Ukrainian
gubernia of 130 units where 80 unit secretaries were appointed by the gubernia committee:
in 40 of those units no member had a year's standing, in the other 40 eligible members existed.
The tables it draws from are in tables.py, its people in people.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from orgburo.demo.people import PeopleBuilder, _date_between, _pick, month_later
from orgburo.demo.tables import (
    GUBERNIAS,
    PRESENT,
    SCALES,
    SEEDED_APPOINTED_DESPITE_ELIGIBLE,
    SEEDED_APPOINTED_NO_STANDING,
    SEEDED_UNITS_PER_UYEZD,
    SEEDED_UYEZDS,
    SETTING_MIX,
    TRUSTS,
    UNIT_SIZE,
    WORK_NAMES,
    WORKS,
    Scale,
)
from orgburo.register.bulk import OrgRow, PostRow, RegisterBatch, TenureRow

__all__ = ["PRESENT", "SCALES", "DemoOrganisation", "Scale"]


class _Builder(PeopleBuilder):
    def __init__(self, scale: Scale, seed: int) -> None:
        super().__init__(seed)
        self.scale = scale
        self.personas: dict[str, int] = {}
        self.seeded_units: dict[str, list[int]] = {"no_standing": [], "despite_eligible": []}
        self.enterprise_names: set[tuple[str, str]] = set()

    def org(
        self,
        parent: int | None,
        name: str,
        level: str,
        depth: int,
        founded: dt.date,
        setting: str = "",
        enterprise: int | None = None,
    ) -> int:
        key = self.key()
        self.batch.organisations.append(
            OrgRow(key, parent, name, level, depth, founded, setting, enterprise)
        )
        return key

    def post(self, org: int, kind: str, created: dt.date, seats: int = 1) -> int:
        key = self.key()
        self.batch.posts.append(PostRow(key, org, kind, created, seats))
        return key

    def elected(self, post: int, person: int, day: dt.date, body: str) -> None:
        """A tenure by election, minuted by `body` on `day`."""
        self.batch.tenures.append(
            TenureRow(post, person, day, "elected", election_record=f"{body}, {day.isoformat()}")
        )

    def batches(self) -> Iterator[RegisterBatch]:
        """The centre first, then one gubernia at a time, so memory stays flat at any scale."""
        centre = self.org(None, "ЦК РКП(б)", "centre", 0, dt.date(1898, 3, 13))
        self.centre_post = self.post(centre, "centre_orgburo_member", dt.date(1919, 3, 25), seats=7)
        self.trust_keys = []
        for name in TRUSTS:
            key = self.key()
            self.batch.trusts.append((key, name, "industry"))
            self.trust_keys.append(key)
        yield self.batch
        for g in range(self.scale.gubernias):
            self.batch = RegisterBatch()
            stem, nationality = GUBERNIAS[g % len(GUBERNIAS)]
            suffix = "" if g < len(GUBERNIAS) else f" ({g // len(GUBERNIAS) + 1})"
            gub = self.org(centre, f"{stem} губком{suffix}", "gubernia", 1, dt.date(1917, 12, 1))
            self.gubernia(gub, nationality, seeded=g == 0)
            yield self.batch

    @property
    def seeded(self) -> dict[str, int]:
        """What was seeded in the report's gubernia (complete once every batch was taken)."""
        return {
            "units_in_seeded_gubernia": self.seeded_gubernia_units,
            "secretaries_appointed": len(self.seeded_units["no_standing"])
            + len(self.seeded_units["despite_eligible"]),
            "appointed_no_member_with_standing": len(self.seeded_units["no_standing"]),
            "appointed_although_eligible_members": len(self.seeded_units["despite_eligible"]),
        }

    def gubernia(self, gub: int, nationality: str, seeded: bool) -> None:
        rng = self.rng
        uyezds = SEEDED_UYEZDS if seeded else self.scale.uyezds_per_gubernia
        per_uyezd = SEEDED_UNITS_PER_UYEZD if seeded else self.scale.units_per_uyezd
        total_units = uyezds * per_uyezd
        plan = {
            "no_standing": SEEDED_APPOINTED_NO_STANDING,
            "despite_eligible": SEEDED_APPOINTED_DESPITE_ELIGIBLE,
        }
        kinds = [k for k, n in plan.items() for _ in range(n)] if seeded else []
        # Outside the seeded gubernia a few appointments happen too, for want of standing.
        kinds += ["elected"] * (total_units - 1 - len(kinds))
        rng.shuffle(kinds)
        kinds.insert(0, "elected")  # the apparatus unit, first of all
        towns = rng.sample(self.names.pools[nationality]["town"], uyezds)
        index = 0
        apparatus: int | None = None
        for town in towns:
            uyezd = self.org(gub, f"{town} уком", "uyezd", 2, dt.date(1918, 2, 1))
            if apparatus is None:
                apparatus = self.org(
                    uyezd,
                    f"Ячейка аппарата губкома, {town}",
                    "unit",
                    3,
                    dt.date(1917, 12, 1),
                    "institution",
                )
                self.apparatus = apparatus
                secretary = self.veteran(
                    apparatus, nationality, (dt.date(1905, 1, 1), dt.date(1916, 12, 1)), 1890
                )
                post = self.post(gub, "gubernia_secretary", dt.date(1917, 12, 1))
                self.elected(post, secretary, dt.date(1923, 3, 18), "Gubernia party conference")
                staff = [
                    self.veteran(
                        apparatus, nationality, (dt.date(1915, 1, 1), dt.date(1921, 1, 1)), 1895
                    )
                    for _ in range(6)
                ]
                self.unit_posts(
                    apparatus,
                    dt.date(1917, 12, 1),
                    staff,
                    "elected",
                    [],
                    dt.date(1923, 9, 3),
                    gub,
                    nationality,
                )
                index += 1
                if seeded:
                    self.personas["gubernia_secretary"] = secretary
                    centre = self.veteran(
                        apparatus, "ru", (dt.date(1903, 1, 1), dt.date(1910, 1, 1)), 1882
                    )
                    self.elected(
                        self.centre_post,
                        centre,
                        dt.date(1923, 4, 26),
                        "Plenum of the Central Committee",
                    )
                    self.personas["centre"] = centre
            usec = self.veteran(
                apparatus, nationality, (dt.date(1912, 1, 1), dt.date(1920, 6, 1)), 1893
            )
            post = self.post(uyezd, "uyezd_secretary", dt.date(1918, 2, 1))
            self.elected(post, usec, dt.date(1923, 5, 6), "Uyezd party conference")
            while index < total_units:
                self.unit(uyezd, town, nationality, kinds[index], gub)
                index += 1
                if index % per_uyezd == 0:
                    break
        if seeded:
            self.seeded_gubernia_units = total_units

    def unit_posts(
        self,
        unit: int,
        founded: dt.date,
        eligible: list[int],
        kind: str,
        members: list[int],
        day: dt.date,
        gub: int,
        nationality: str,
    ) -> None:
        """The unit's secretary: elected from the eligible members, or appointed by the gubernia committee."""
        rng = self.rng
        post = self.post(unit, "unit_secretary", founded)
        if len(members) + len(eligible) >= 20:
            self.post(unit, "unit_bureau_member", founded, seats=3)
        if kind == "elected" and not eligible:
            kind = "appointed_for_want_of_standing"
        if kind == "elected":
            holder = rng.choice(eligible)
            self.elected(post, holder, day, "Unit general meeting")
            return
        # The gubernia committee sends a secretary from its apparatus.
        sent = self.person(unit, nationality, born_before=1895)
        self.history(
            sent,
            unit,
            "institution",
            _date_between(rng, dt.date(1917, 3, 1), dt.date(1919, 6, 1)),
            came_from=self.apparatus,
            arrived=day - dt.timedelta(days=3),
        )
        reason = {
            "no_standing": "No member of the unit has the standing required; the unit asked for a secretary",
            "despite_eligible": "The unit consists of new members; the committee sends a trained comrade",
        }.get(kind, "No member of the unit has the standing required")
        self.batch.tenures.append(
            TenureRow(
                post,
                sent,
                day,
                "appointed",
                appointed_by_key=gub,
                reason=reason,
                appointed_until=month_later(day, 6),
            )
        )

    def unit(self, uyezd: int, town: str, nationality: str, kind: str, gub: int) -> int:
        rng = self.rng
        setting = _pick(rng, SETTING_MIX)
        enterprise = None
        if setting == "factory":
            works = f"{rng.choice(WORKS).capitalize()} {rng.choice(WORK_NAMES)}"
            while (works, town) in self.enterprise_names:
                works = f"{works.split(' №')[0]} № {rng.randint(2, 99)}"
            self.enterprise_names.add((works, town))
            enterprise = self.key()
            self.batch.enterprises.append(
                (enterprise, works, town, rng.choice(self.trust_keys), rng.randint(200, 4000))
            )
            name = f"Ячейка: {works}, {town}"
        elif setting == "village":
            name = f"Ячейка села {rng.choice(self.names.pools[nationality]['town'])}"
        elif setting == "army":
            name = f"Ячейка {rng.randint(1, 140)}-го стрелкового полка"
        elif setting == "institution":
            office = rng.choice(
                [
                    "уисполкома",
                    "упродкома",
                    "уземотдела",
                    "военкомата",
                    "наробраза",
                    "почтовой конторы",
                ]
            )
            name = f"Ячейка {office}, {town}"
        else:
            name = f"Территориальная ячейка {rng.randint(1, 12)}-го района, {town}"
        mean = UNIT_SIZE[setting] * self.scale.unit_size_factor
        size = max(3, int(rng.gauss(mean, mean / 3)))
        day = _date_between(rng, dt.date(1923, 6, 1), dt.date(1923, 11, 15))
        young = kind == "no_standing"
        founded = dt.date(1922, 11, 1) if young else dt.date(1917, 11, 20)
        unit = self.org(uyezd, name, "unit", 3, founded, setting, enterprise)
        year_before = dt.date(day.year - 1, day.month, min(day.day, 28))
        members: list[int] = []
        eligible: list[int] = []
        for n in range(size):
            person = self.person(unit, nationality)
            if young:
                # Everyone joined within the year before the appointment: nobody has a year's standing.
                joined = _date_between(
                    rng, max(founded, day - dt.timedelta(days=330)), day - dt.timedelta(days=20)
                )
            elif n == 0:
                joined = _date_between(
                    rng, dt.date(1917, 11, 20), dt.date(1919, 6, 1)
                )  # an old hand in every unit
            else:
                joined = max(self.joined_date(), founded)
            member_from = self.history(person, unit, setting, joined)
            members.append(person)
            if member_from is not None and member_from <= year_before:
                eligible.append(person)
        if not young:
            for _ in range(int(size * 0.45)):
                self.former_member(unit, setting, nationality)
        if kind == "no_standing":
            self.seeded_units["no_standing"].append(unit)
        elif kind == "despite_eligible":
            self.seeded_units["despite_eligible"].append(unit)
        self.unit_posts(unit, founded, eligible, kind, members, day, gub, nationality)
        if (
            "unit_secretary" not in self.personas
            and kind == "elected"
            and setting == "factory"
            and len(members) > 3
        ):
            holder = self.batch.tenures[-1].person_key
            self.personas["unit_secretary"] = holder
            self.personas["member"] = next(p for p in members if p != holder)
        return unit


class DemoOrganisation:
    """The demo organisation of a scale and seed: the same seed gives the same organisation.

    Iterate `batches()` to load it; `personas` and `seeded` are complete afterwards.
    """

    def __init__(self, scale: str, seed: int) -> None:
        self._builder = _Builder(SCALES[scale], seed)

    def batches(self) -> Iterator[RegisterBatch]:
        return self._builder.batches()

    @property
    def personas(self) -> dict[str, int]:  # persona -> person key (the outsider has none)
        return self._builder.personas

    @property
    def seeded(self) -> dict[str, int]:
        return self._builder.seeded
