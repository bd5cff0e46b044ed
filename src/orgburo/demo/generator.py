"""Generate a realistic organisation under the rcp-1923 statute, deterministically from a seed.

The present is 2 December 1923, the day of the report. Everything the report describes
is seeded so later capabilities have something true to find, above all the Ukrainian
gubernia of 130 units where 80 unit secretaries were appointed by the gubernia committee:
in 40 of those units no member had a year's standing, in the other 40 eligible members existed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from faker import Faker

from orgburo.register.bulk import OrgRow, PersonRow, PostRow, RegisterBatch, SpellRow, TenureRow

PRESENT = dt.date(1923, 12, 2)
OCTOBER = dt.date(1917, 11, 7)
CANDIDATE_STAGE_INTRODUCED = dt.date(1919, 12, 1)  # the Eighth Conference


@dataclass(frozen=True)
class Scale:
    name: str
    gubernias: int
    uyezds_per_gubernia: int
    units_per_uyezd: int
    unit_size_factor: float = 1.0  # 1986 units were about twice the size of 1923 ones


SCALES = {
    # one gubernia: the Ukrainian one of the report, 130 units
    "gubernia": Scale("gubernia", 1, 10, 13),
    # the 1923 party: ~20,000 units, ~400,000 members and candidates
    "1923": Scale("1923", 62, 12, 27),
    # the 1986 party: ~440,000 units, ~19 million members
    "1986": Scale("1986", 150, 30, 98, unit_size_factor=2.2),
}

# The report's gubernia: Ukrainian, 130 units (10 uyezds x 13 units) at every scale, 80 secretaries
# appointed.
SEEDED_UYEZDS, SEEDED_UNITS_PER_UYEZD = 10, 13
SEEDED_GUBERNIA = "Екатеринославский губком"
SEEDED_APPOINTED_NO_STANDING = 40
SEEDED_APPOINTED_DESPITE_ELIGIBLE = 40

GUBERNIAS = [
    ("Екатеринославский", "uk"),
    ("Московский", "ru"),
    ("Петроградский", "ru"),
    ("Харьковский", "uk"),
    ("Киевский", "uk"),
    ("Донецкий", "uk"),
    ("Одесский", "uk"),
    ("Полтавский", "uk"),
    ("Черниговский", "uk"),
    ("Подольский", "uk"),
    ("Волынский", "uk"),
    ("Николаевский", "uk"),
    ("Тульский", "ru"),
    ("Тверской", "ru"),
    ("Ярославский", "ru"),
    ("Владимирский", "ru"),
    ("Иваново-Вознесенский", "ru"),
    ("Нижегородский", "ru"),
    ("Рязанский", "ru"),
    ("Калужский", "ru"),
    ("Смоленский", "ru"),
    ("Брянский", "ru"),
    ("Орловский", "ru"),
    ("Курский", "ru"),
    ("Воронежский", "ru"),
    ("Тамбовский", "ru"),
    ("Пензенский", "ru"),
    ("Саратовский", "ru"),
    ("Самарский", "ru"),
    ("Симбирский", "ru"),
    ("Казанский", "ru"),
    ("Вятский", "ru"),
    ("Пермский", "ru"),
    ("Екатеринбургский", "ru"),
    ("Уфимский", "ru"),
    ("Оренбургский", "ru"),
    ("Астраханский", "ru"),
    ("Царицынский", "ru"),
    ("Донской", "ru"),
    ("Кубано-Черноморский", "ru"),
    ("Ставропольский", "ru"),
    ("Терский", "ru"),
    ("Северо-Двинский", "ru"),
    ("Вологодский", "ru"),
    ("Архангельский", "ru"),
    ("Костромской", "ru"),
    ("Новгородский", "ru"),
    ("Псковский", "ru"),
    ("Череповецкий", "ru"),
    ("Гомельский", "ru"),
    ("Витебский", "ru"),
    ("Омский", "ru"),
    ("Томский", "ru"),
    ("Новониколаевский", "ru"),
    ("Алтайский", "ru"),
    ("Енисейский", "ru"),
    ("Иркутский", "ru"),
    ("Тюменский", "ru"),
    ("Челябинский", "ru"),
    ("Мурманский", "ru"),
    ("Олонецкий", "ru"),
    ("Марийский", "ru"),
]
TRUSTS = [
    "Югосталь",
    "Донуголь",
    "Химуголь",
    "Моссукно",
    "Ленмашстрой",
    "Уралмет",
    "Льнотрест",
    "Сахаротрест",
    "Гомза",
    "Машинотрест",
    "Резинотрест",
    "Кожтрест",
]
WORKS = ["завод", "фабрика", "рудник", "шахта", "мастерские", "депо"]
WORK_NAMES = [
    "им. Петровского",
    "им. Ленина",
    "«Красный Профинтерн»",
    "«Серп и молот»",
    "им. Артёма",
    "«Пролетарий»",
    "«Красный Октябрь»",
    "им. Коминтерна",
    "«Большевик»",
    "им. Свердлова",
    "Брянский",
    "Гантке",
    "Ландау",
    "«Днепровский»",
    "«Новая жизнь»",
]
PURGE_REASONS = [
    "passivity (purge of 1921)",
    "careerism (purge of 1921)",
    "drunkenness",
    "alien element, joined for advantage (purge of 1921)",
    "observing religious rites",
    "breach of party discipline",
]

SETTING_MIX = [
    ("factory", 0.27),
    ("village", 0.48),
    ("army", 0.08),
    ("institution", 0.12),
    ("territorial", 0.05),
]
UNIT_SIZE = {"factory": 38, "village": 9, "army": 22, "institution": 16, "territorial": 12}
CATEGORY_MIX = {
    "factory": [("worker", 0.86), ("employee", 0.1), ("other", 0.04)],
    "village": [("peasant", 0.8), ("worker", 0.08), ("employee", 0.1), ("other", 0.02)],
    "army": [("peasant", 0.5), ("worker", 0.35), ("employee", 0.12), ("other", 0.03)],
    "institution": [("employee", 0.62), ("worker", 0.28), ("other", 0.1)],
    "territorial": [("worker", 0.4), ("employee", 0.35), ("peasant", 0.15), ("other", 0.1)],
}
FIELD_MIX = {
    "factory": [("economic", 0.7), ("trade_union", 0.15), ("party", 0.1), ("soviet", 0.05)],
    "village": [("soviet", 0.4), ("economic", 0.4), ("party", 0.2)],
    "army": [("military", 0.95), ("party", 0.05)],
    "institution": [("soviet", 0.6), ("economic", 0.25), ("party", 0.15)],
    "territorial": [("party", 0.4), ("soviet", 0.3), ("economic", 0.3)],
}
ROUTE = {
    "worker": ("worker", 6),
    "peasant": ("peasant", 12),
    "employee": ("other", 24),
    "other": ("other", 24),
}


def _pick(rng: random.Random, mix: list[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in mix], weights=[w for _, w in mix])[0]


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max((end - start).days, 1)))


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    return dt.date(year, month % 12 + 1, min(day.day, 28))


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


class _Builder:
    def __init__(self, scale: Scale, seed: int) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.names = Names.build(seed)
        self.batch = RegisterBatch()
        self.next_key = 1
        self.personas: dict[str, int] = {}
        self.seeded_units: dict[str, list[int]] = {"no_standing": [], "despite_eligible": []}
        self.enterprise_names: set[tuple[str, str]] = set()

    def key(self) -> int:
        self.next_key += 1
        return self.next_key

    # -- people --------------------------------------------------------------------------------

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
            member_from = _add_months(joined, months + rng.randint(0, 4))
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

    # -- organisation --------------------------------------------------------------------------

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
                self.batch.tenures.append(
                    TenureRow(
                        post,
                        secretary,
                        dt.date(1923, 3, 18),
                        "elected",
                        election_record="Gubernia party conference, 1923-03-18",
                    )
                )
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
                    self.batch.tenures.append(
                        TenureRow(
                            self.centre_post,
                            centre,
                            dt.date(1923, 4, 26),
                            "elected",
                            election_record="Plenum of the Central Committee, 1923-04-26",
                        )
                    )
                    self.personas["centre"] = centre
            usec = self.veteran(
                apparatus, nationality, (dt.date(1912, 1, 1), dt.date(1920, 6, 1)), 1893
            )
            post = self.post(uyezd, "uyezd_secretary", dt.date(1918, 2, 1))
            self.batch.tenures.append(
                TenureRow(
                    post,
                    usec,
                    dt.date(1923, 5, 6),
                    "elected",
                    election_record="Uyezd party conference, 1923-05-06",
                )
            )
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
            self.batch.tenures.append(
                TenureRow(
                    post,
                    holder,
                    day,
                    "elected",
                    election_record=f"Unit general meeting, {day.isoformat()}",
                )
            )
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
                appointed_until=_add_months(day, 6),
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
