"""What the demo organisation is drawn from: its day, its scales, and the names, places and
mixes of people of 1923 (gubernias, trusts, works, settings, social categories, routes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
