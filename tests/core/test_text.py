"""Folding for search: the per-part cached form must equal folding the whole name."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from orgburo.core.text import fold, search_name

name_part = st.text(
    alphabet=st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяЁЙÉé IiAa-\u0301\u0308\t")),
    max_size=12,
)


def test_fold_ignores_case_accents_and_spacing() -> None:
    assert fold("  Ёлкин\tИВАН ") == fold("елкин иван") == "елкин иван"
    assert fold("Élkin") == "elkin"
    assert fold("Йошкин") == fold("иошкин")


@given(name_part, name_part, name_part)
def test_search_name_equals_folding_the_joined_name(
    family: str, given_: str, patronymic: str
) -> None:
    whole = fold(" ".join(part for part in (family, given_, patronymic) if part))
    assert search_name(family, given_, patronymic) == whole


def test_names_sort_in_the_alphabets_own_order() -> None:
    from orgburo.core.text import alphabet_key

    names = [
        "Яковенко",
        "Іваненко",
        "Єрмак",
        "Ґудзь",
        "Гончар",
        "андрієнко",
        "Ёлкин",
        "Ефимов",
        "Жук",
    ]
    ordered = sorted(names, key=lambda n: alphabet_key(n))
    assert ordered == [
        "андрієнко",
        "Гончар",
        "Ґудзь",
        "Ефимов",
        "Ёлкин",
        "Єрмак",
        "Жук",
        "Іваненко",
        "Яковенко",
    ]
    assert sorted(names) != ordered  # by code point, Є, І and Ґ stand before А or after я
