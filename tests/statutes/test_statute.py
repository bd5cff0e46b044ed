"""The statute loader: the bundled statutes load, and every kind of mistake is reported."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from orgburo.elections.statute import election_rules
from orgburo.statutes import (
    CHOICE_LISTS,
    Label,
    StandingRequirement,
    Statute,
    StatuteError,
    StatuteProblem,
    bundled_statute_path,
    check_statute,
    load_bundled,
    load_statute,
)

# A small valid statute; tests break one piece of it at a time.
VALID = """\
code = "mini"
name = { en = "Mini", ru = "Мини" }
unit_minimum_members = 3

[gap_rule]
mode = "continuous"
grace_days = 30
candidate_stage_counts = false
expulsion_resets = true

[elections]
candidates_vote = false
self_nomination = true
default_method = "plurality"
nomination_days = 7
voting_days = 2
soviet_min_non_member_percent = 30

[levels.top]
depth = 0
name = { en = "Top", ru = "Верх" }

[levels.cell]
depth = 1
name = { en = "Cell", ru = "Ячейка" }

[settings]
factory = { en = "Factory", ru = "Завод" }

[fields]
party = { en = "Party", ru = "Партийная" }

[social_categories]
worker = { en = "Worker", ru = "Рабочий" }
other = { en = "Other", ru = "Прочие" }

[literacy]
literate = { en = "Literate", ru = "Грамотный" }

[education]
none = { en = "None", ru = "Нет" }

[admission_routes.worker]
name = { en = "Workers", ru = "Рабочие" }
categories = ["worker"]
recommendations = 2
recommender_standing_years = 1
candidate_months = 6

[admission_routes.other]
name = { en = "Others", ru = "Прочие" }
categories = ["other"]
recommendations = 5
recommender_standing_years = 5
candidate_months = 24

[post_kinds.top_secretary]
name = { en = "Top secretary", ru = "Секретарь" }
level = "top"
secretary = true
term_months = 12
standing = { member_since_before = 1917-11-07 }

[post_kinds.cell_secretary]
name = { en = "Cell secretary", ru = "Секретарь ячейки" }
level = "cell"
secretary = true
term_months = 6
standing = { years = 1 }

[post_kinds.cell_agitprop]
name = { en = "Agitprop", ru = "Агитпроп" }
level = "cell"
secretary = false
term_months = 6
"""


def write(tmp_path: Path, text: str, name: str = "broken.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_for(tmp_path: Path, text: str) -> list[StatuteProblem]:
    path = write(tmp_path, text)
    problems = check_statute(path)
    assert problems, "expected the statute to be rejected"
    for p in problems:
        assert p.file == str(path)
        assert p.reason
    with pytest.raises(StatuteError) as info:
        load_statute(path)
    assert info.value.problems == problems
    return problems


def keyed(problems: list[StatuteProblem]) -> dict[str, str]:
    return {p.key: p.reason for p in problems}


def replace(old: str, new: str, text: str = VALID) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# --------------------------------------------------------------------------- bundled


@pytest.mark.parametrize("code", ["rcp-1923", "trade-union"])
def test_bundled_statutes_load_and_are_valid(code: str) -> None:
    path = bundled_statute_path(code)
    assert check_statute(path) == []
    statute = load_bundled(code)
    assert statute.code == code
    assert statute.source == str(path)
    assert statute.unit_level.depth == len(statute.levels) - 1
    assert [lv.depth for lv in statute.levels] == list(range(len(statute.levels)))
    for category in statute.choice_codes("social_categories"):
        assert category in statute.route_for_category(category).categories
    for level in statute.levels:
        assert sum(k.secretary for k in statute.post_kinds_for_level(level.code)) == 1
    assert any(not k.secretary for k in statute.post_kinds)
    for list_name in CHOICE_LISTS:
        assert statute.choice_codes(list_name)


def test_load_bundled_is_cached() -> None:
    assert load_bundled("rcp-1923") is load_bundled("rcp-1923")


def test_rcp_1923_contents() -> None:
    s = load_bundled("rcp-1923")
    assert [lv.code for lv in s.levels] == ["centre", "gubernia", "uyezd", "unit"]
    assert s.unit_level.code == "unit"
    assert s.unit_level.name.get("ru") == "Ячейка"
    assert s.choice_codes("settings") == (
        "factory",
        "village",
        "army",
        "institution",
        "territorial",
    )
    assert s.choice_codes("fields") == ("party", "economic", "trade_union", "military", "soviet")
    assert s.choice_codes("social_categories") == ("worker", "peasant", "employee", "other")
    assert "party_school" in s.choice_codes("education")

    worker, peasant = s.route_for_category("worker"), s.route_for_category("peasant")
    employee = s.route_for_category("employee")
    # Admission is easiest for workers at the bench.
    assert worker.recommendations < peasant.recommendations < employee.recommendations
    assert worker.candidate_months < peasant.candidate_months < employee.candidate_months
    assert (worker.recommendations, worker.recommender_standing_years) == (2, 1)
    assert s.route_for_category("other") == employee

    assert s.post_kind("unit_secretary").standing == StandingRequirement(years=1)
    assert s.post_kind("uyezd_secretary").standing == StandingRequirement(years=3)
    assert s.post_kind("gubernia_secretary").standing.member_since_before == date(1917, 11, 7)
    assert s.post_kind("unit_secretary").term_months == 6
    assert s.post_kind("uyezd_secretary").term_months == 12
    assert s.secretary_post_kind("unit") == s.post_kind("unit_secretary")
    assert s.gap_rule.mode == "cumulative"
    assert not s.gap_rule.candidate_stage_counts
    assert s.gap_rule.expulsion_resets
    assert s.unit_minimum_members == 3


def test_trade_union_contents() -> None:
    s = load_bundled("trade-union")
    assert [lv.code for lv in s.levels] == ["national", "region", "branch", "workplace"]
    assert len(s.admission_routes) == 1
    route = s.admission_routes[0]
    assert (route.recommendations, route.candidate_months) == (0, 0)
    assert s.gap_rule.mode == "continuous" and s.gap_rule.grace_days == 90
    assert s.secretary_post_kind("workplace") == s.post_kind("workplace_rep")
    assert s.post_kind("workplace_rep").standing.years == 2
    assert s.post_kind("health_safety_rep").standing.is_empty
    assert all(k.term_months == 24 for k in s.post_kinds)


def test_unknown_bundled_code_lists_known_codes() -> None:
    with pytest.raises(StatuteError) as info:
        bundled_statute_path("rcp-1917")
    assert "rcp-1923" in str(info.value) and "trade-union" in str(info.value)


# --------------------------------------------------------------------------- lookups


def test_lookups_raise_clear_key_errors() -> None:
    s = load_bundled("rcp-1923")
    with pytest.raises(KeyError, match=r"unknown level 'oblast'.*gubernia"):
        s.level("oblast")
    with pytest.raises(KeyError, match="unknown post kind 'tsar'"):
        s.post_kind("tsar")
    with pytest.raises(KeyError, match="unknown social category 'kulak'"):
        s.route_for_category("kulak")
    with pytest.raises(KeyError, match="unknown choice list 'colours'"):
        s.choice_codes("colours")
    with pytest.raises(KeyError):
        s.post_kinds_for_level("oblast")
    assert {k.code for k in s.post_kinds_for_level("uyezd")} == {
        "uyezd_secretary",
        "uyezd_bureau_member",
    }
    assert s.level("uyezd").depth == 2


def test_label_get() -> None:
    label = Label(en="Unit", ru="Ячейка")
    assert label.get("ru") == "Ячейка"
    assert label.get("ru-RU") == "Ячейка"
    assert label.get("en") == "Unit"
    assert label.get("de") == "Unit"


def test_standing_requirement_describe() -> None:
    assert StandingRequirement(years=3).describe() == "at least 3 years of standing"
    assert StandingRequirement(years=1).describe() == "at least 1 year of standing"
    assert StandingRequirement(years=3).describe("ru") == "стаж не менее 3 лет"
    assert StandingRequirement(years=1).describe("ru") == "стаж не менее 1 года"
    assert StandingRequirement(years=21).describe("ru") == "стаж не менее 21 года"
    assert StandingRequirement(years=11).describe("ru") == "стаж не менее 11 лет"
    since = StandingRequirement(member_since_before=date(1917, 11, 7))
    assert since.describe() == "member since before 1917-11-07"
    assert "1917-11-07" in since.describe("ru")
    assert StandingRequirement().describe() == "no standing requirement"


def test_problem_str_format() -> None:
    p = StatuteProblem("rcp-1923.toml", "post_kinds.x.level", "unknown level 'foo'")
    assert str(p) == "rcp-1923.toml: post_kinds.x.level: unknown level 'foo'"


# --------------------------------------------------------------------------- validation


def test_valid_fixture_loads(tmp_path: Path) -> None:
    s = load_statute(write(tmp_path, VALID, "mini.toml"))
    assert isinstance(s, Statute)
    assert [lv.code for lv in s.levels] == ["top", "cell"]


def test_levels_are_ordered_by_depth_not_file_order(tmp_path: Path) -> None:
    text = (
        replace('[levels.top]\ndepth = 0\nname = { en = "Top", ru = "Верх" }\n\n', "")
        + '\n[levels.top]\ndepth = 0\nname = { en = "Top", ru = "Верх" }\n'
    )
    s = load_statute(write(tmp_path, text))
    assert [lv.code for lv in s.levels] == ["top", "cell"]


def test_toml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    (p,) = problems_for(tmp_path, VALID + "\n[levels.bad\n")
    assert p.key == ""
    assert "TOML syntax error" in p.reason
    assert re.search(r"line \d+, column \d+", p.reason)


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    (p,) = check_statute(missing)
    assert p.file == str(missing) and "cannot read" in p.reason
    with pytest.raises(StatuteError):
        load_statute(missing)

    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(VALID.replace("Мини", "Mïni").encode("latin-1", errors="replace"))
    (p,) = check_statute(latin1)
    assert "UTF-8" in p.reason


def test_missing_required_keys(tmp_path: Path) -> None:
    text = replace("unit_minimum_members = 3\n", "")
    text = replace("candidate_months = 6\n", "", text)
    text = replace("term_months = 6\nstanding = { years = 1 }", "standing = { years = 1 }", text)
    problems = keyed(problems_for(tmp_path, text))
    assert problems == {
        "unit_minimum_members": "required key is missing",
        "admission_routes.worker.candidate_months": "required key is missing",
        "post_kinds.cell_secretary.term_months": "required key is missing",
    }


def test_missing_whole_sections(tmp_path: Path) -> None:
    text = replace('[literacy]\nliterate = { en = "Literate", ru = "Грамотный" }\n', "")
    problems = keyed(problems_for(tmp_path, text))
    assert problems == {"literacy": "required key is missing"}


def test_wrong_types(tmp_path: Path) -> None:
    text = replace("recommendations = 2", 'recommendations = "two"')
    text = replace("term_months = 12", "term_months = 12.5", text)
    text = replace('mode = "continuous"', "mode = 1", text)
    text = replace("secretary = false", 'secretary = "no"', text)
    text = replace('categories = ["other"]', 'categories = "other"', text)
    text = replace("member_since_before = 1917-11-07", 'member_since_before = "1917-11-07"', text)
    problems = keyed(problems_for(tmp_path, text))
    assert problems["admission_routes.worker.recommendations"] == (
        "expected an integer, got a string"
    )
    assert problems["post_kinds.top_secretary.term_months"] == "expected an integer, got a float"
    assert problems["gap_rule.mode"] == "expected a string, got an integer"
    assert problems["post_kinds.cell_agitprop.secretary"] == (
        "expected true or false, got a string"
    )
    assert problems["admission_routes.other.categories"].startswith("expected an array")
    assert "unquoted" in problems["post_kinds.top_secretary.standing.member_since_before"]
    assert len(problems) == 6


def test_bool_is_not_an_integer(tmp_path: Path) -> None:
    text = replace("standing = { years = 1 }", "standing = { years = true }")
    problems = keyed(problems_for(tmp_path, text))
    assert problems == {
        "post_kinds.cell_secretary.standing.years": "expected an integer, got a boolean"
    }


def test_datetime_is_not_a_date(tmp_path: Path) -> None:
    text = replace("member_since_before = 1917-11-07", "member_since_before = 1917-11-07T10:00:00")
    problems = keyed(problems_for(tmp_path, text))
    assert problems == {
        "post_kinds.top_secretary.standing.member_since_before": "expected a date, got a date-time"
    }


def test_unknown_keys_are_typos(tmp_path: Path) -> None:
    text = replace("term_months = 6\nstanding", "term_month = 6\nterm_months = 6\nstanding")
    text = replace("unit_minimum_members = 3", "unit_minimum_members = 3\nunit_minimum = 3", text)
    text = replace("expulsion_resets = true", "expulsion_resets = true\ngrace = 1", text)
    text = replace(
        'name = { en = "Mini", ru = "Мини" }', 'name = { en = "Mini", ru = "Мини", de = "M" }', text
    )
    problems = keyed(problems_for(tmp_path, text))
    assert set(problems) == {
        "post_kinds.cell_secretary.term_month",
        "unit_minimum",
        "gap_rule.grace",
        "name.de",
    }
    assert "term_months" in problems["post_kinds.cell_secretary.term_month"]
    assert all(r.startswith("unknown key") for r in problems.values())


def test_duplicate_codes(tmp_path: Path) -> None:
    # TOML itself forbids defining [levels.cell] twice: that is a syntax error.
    again = '\n[levels.cell]\ndepth = 2\nname = { en = "x", ru = "y" }\n'
    (p,) = problems_for(tmp_path, VALID + again)
    assert "TOML syntax error" in p.reason
    # Duplicate codes in an array and duplicate depths are checked by the loader.
    text = replace('categories = ["worker"]', 'categories = ["worker", "worker"]')
    text = replace("depth = 1", "depth = 0", text)
    problems = keyed(problems_for(tmp_path, text))
    assert problems["admission_routes.worker.categories[1]"] == "duplicate code 'worker'"
    assert "already used by level 'top'" in problems["levels.cell.depth"]


def test_category_in_two_routes(tmp_path: Path) -> None:
    text = replace('categories = ["other"]', 'categories = ["other", "worker"]')
    problems = keyed(problems_for(tmp_path, text))
    assert "already has the route 'worker'" in problems["admission_routes.other.categories"]


def test_unknown_level_reference(tmp_path: Path) -> None:
    text = replace('level = "cell"\nsecretary = false', 'level = "foo"\nsecretary = false')
    problems = problems_for(tmp_path, text)
    assert keyed(problems) == {
        "post_kinds.cell_agitprop.level": "unknown level 'foo' (levels are: top, cell)"
    }
    assert str(problems[0]).endswith(
        "broken.toml: post_kinds.cell_agitprop.level: unknown level 'foo' (levels are: top, cell)"
    )


def test_unknown_category_reference(tmp_path: Path) -> None:
    text = replace('categories = ["other"]', 'categories = ["other", "kulak"]')
    problems = keyed(problems_for(tmp_path, text))
    assert problems == {
        "admission_routes.other.categories[1]": (
            "unknown social category 'kulak' (social categories are: worker, other)"
        )
    }


def test_category_with_no_admission_route(tmp_path: Path) -> None:
    text = replace(
        'other = { en = "Other", ru = "Прочие" }',
        'other = { en = "Other", ru = "Прочие" }\npeasant = { en = "P", ru = "К" }',
    )
    problems = keyed(problems_for(tmp_path, text))
    assert list(problems) == ["social_categories.peasant"]
    assert "no admission route" in problems["social_categories.peasant"]


def test_negative_numbers(tmp_path: Path) -> None:
    text = replace("unit_minimum_members = 3", "unit_minimum_members = -1")
    text = replace("grace_days = 30", "grace_days = -30", text)
    text = replace("standing = { years = 1 }", "standing = { years = -1 }", text)
    problems = keyed(problems_for(tmp_path, text))
    assert problems == {
        "unit_minimum_members": "must not be negative (got -1)",
        "gap_rule.grace_days": "must not be negative (got -30)",
        "post_kinds.cell_secretary.standing.years": "must not be negative (got -1)",
    }


def test_empty_levels(tmp_path: Path) -> None:
    text = re.sub(r"\[levels\.\w+\]\ndepth = \d\nname = .*\n", "", VALID)
    text = replace("[settings]", "[levels]\n\n[settings]", text)
    problems = keyed(problems_for(tmp_path, text))
    assert problems["levels"] == "must have at least one entry"
    # The post kinds' levels cannot be checked against nothing; no noise about them.
    assert not any(k.endswith(".level") for k in problems)


def test_depth_gaps(tmp_path: Path) -> None:
    text = replace("depth = 1", "depth = 2")
    problems = keyed(problems_for(tmp_path, text))
    assert problems == {"levels": "depths must run 0, 1, 2, ... without gaps (found: 0, 2)"}


def test_two_secretaries_on_one_level(tmp_path: Path) -> None:
    text = replace("secretary = false", "secretary = true")
    problems = keyed(problems_for(tmp_path, text))
    assert list(problems) == ["post_kinds.cell_agitprop.secretary"]
    assert (
        "already has a secretary post ('cell_secretary')"
        in problems["post_kinds.cell_agitprop.secretary"]
    )


def test_labels_missing_en_or_ru(tmp_path: Path) -> None:
    text = replace('name = { en = "Cell", ru = "Ячейка" }', 'name = { en = "Cell" }')
    text = replace('factory = { en = "Factory", ru = "Завод" }', 'factory = { ru = "Завод" }', text)
    text = replace('name = { en = "Agitprop", ru = "Агитпроп" }', 'name = "Agitprop"', text)
    text = replace(
        'name = { en = "Workers", ru = "Рабочие" }', 'name = { en = "", ru = "Рабочие" }', text
    )
    problems = keyed(problems_for(tmp_path, text))
    assert problems == {
        "levels.cell.name.ru": "required key is missing",
        "settings.factory.en": "required key is missing",
        "post_kinds.cell_agitprop.name": "expected a table, got a string",
        "admission_routes.worker.name.en": "must not be empty",
    }


def test_bad_codes(tmp_path: Path) -> None:
    text = replace("[post_kinds.cell_agitprop]", "[post_kinds.Cell-Agitprop]")
    text = replace("party = {", '"party work" = {', text)
    problems = keyed(problems_for(tmp_path, text))
    assert set(problems) == {"post_kinds.Cell-Agitprop", 'fields."party work"'}


def test_gap_rule_mode_and_cumulative_default(tmp_path: Path) -> None:
    text = replace('mode = "continuous"', 'mode = "sometimes"')
    problems = keyed(problems_for(tmp_path, text))
    assert problems == {
        "gap_rule.mode": "unknown mode 'sometimes' (modes are: cumulative, continuous)"
    }
    # grace_days may be left out of a cumulative rule, but not a continuous one.
    text = replace('mode = "continuous"\ngrace_days = 30\n', 'mode = "cumulative"\n')
    assert load_statute(write(tmp_path, text, "ok.toml")).gap_rule.grace_days == 0
    text = replace("grace_days = 30\n", "")
    assert keyed(problems_for(tmp_path, text)) == {"gap_rule.grace_days": "required key is missing"}


def test_election_rules_are_read_and_checked(tmp_path: Path) -> None:
    rules = election_rules(load_statute(write(tmp_path, VALID, "ok.toml")))
    assert (rules.candidates_vote, rules.default_method, rules.soviet_min_non_member_percent) == (
        False,
        "plurality",
        30,
    )
    text = replace('default_method = "plurality"', 'default_method = "borda"')
    text = replace("voting_days = 2", "voting_days = 0", text)
    text = replace(
        "soviet_min_non_member_percent = 30", "soviet_min_non_member_percent = 130", text
    )
    text = replace("self_nomination = true", 'self_nomination = "yes"', text)
    problems = keyed(problems_for(tmp_path, text))
    assert problems == {
        "elections.default_method": "unknown method 'borda' (methods: for-against, plurality, "
        "two-round, approval, irv, stv, schulze)",
        "elections.voting_days": "must be at least 1",
        "elections.soviet_min_non_member_percent": "a percentage: 0 to 100 (got 130)",
        "elections.self_nomination": "expected true or false, got a string",
    }


def test_many_errors_are_all_reported(tmp_path: Path) -> None:
    text = replace("unit_minimum_members = 3", 'unit_minimum_members = "3"')
    text = replace('level = "cell"\nsecretary = false', 'level = "cel"\nsecretary = false', text)
    text = replace("recommendations = 5", "recommendations = -5", text)
    text = replace('name = { en = "Top", ru = "Верх" }', 'name = { en = "Top" }', text)
    text = replace("candidate_stage_counts = false", "candidate_stage_count = false", text)
    text = replace('categories = ["other"]', 'categories = ["othr"]', text)
    problems = problems_for(tmp_path, text)
    assert set(keyed(problems)) == {
        "unit_minimum_members",
        "post_kinds.cell_agitprop.level",
        "admission_routes.other.recommendations",
        "levels.top.name.ru",
        "gap_rule.candidate_stage_count",
        "gap_rule.candidate_stage_counts",
        "admission_routes.other.categories[0]",
        "social_categories.other",
    }
    message = str(StatuteError(problems))
    assert message.count("broken.toml: ") == len(problems) == 8
