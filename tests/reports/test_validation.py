"""A report's values against its form: types, ranges, checks; the same for a form, the API
and a file."""

from __future__ import annotations

from orgburo.core.active_statute import active_statute
from orgburo.reports.statute import report_rules
from orgburo.reports.validation import check_values
from tests.reports.helpers import GOOD


def _form():  # type: ignore[no-untyped-def]
    return report_rules(active_statute()).form("unit_monthly")


def _problems(**values: object) -> dict[str, tuple[str, str]]:
    checked = check_values(_form(), {**GOOD, **values})
    return {p.element: (p.severity, p.message) for p in checked.problems}


def test_good_values_pass_and_are_read_as_their_types() -> None:
    checked = check_values(
        _form(), {**GOOD, "meetings": "3", "enterprise_informed": "да", "mood": "calm"}
    )
    assert checked.problems == ()
    assert checked.values["meetings"] == 3 and checked.values["enterprise_informed"] is True


def test_each_wrong_value_is_named_with_why() -> None:
    found = _problems(
        meetings="many", members=-1, enterprise_informed=3, mood="angry", questions=True
    )
    assert found["meetings"] == ("error", "a whole number is needed, got “many”")
    assert found["members"] == ("error", "at least 0 (got -1)")
    assert found["enterprise_informed"][1].startswith("yes or no is needed")
    assert found["mood"][1].startswith("one of calm, discontent, strike is needed")
    assert found["questions"][1] == "a whole number, not true or false"


def test_required_unknown_and_decimal_comma() -> None:
    values = {k: v for k, v in GOOD.items() if k != "questions"}
    checked = check_values(_form(), {**values, "voters": 3})
    found = {p.element: p.message for p in checked.problems}
    assert found["questions"] == "a value is required"
    assert found["voters"].startswith("unknown element voters")


def test_a_decimal_takes_a_comma_as_russian_writes_it() -> None:
    from orgburo.statutes import load_bundled

    union = report_rules(load_bundled("trade-union")).form("workplace_monthly")
    values = {
        "members": 10,
        "joined": 1,
        "left": 0,
        "meetings": 1,
        "grievances_raised": 2,
        "grievances_resolved": 1,
        "dispute": "no",
    }
    assert (
        check_values(union, {**values, "dues_collected": "1 250,50"}).values["dues_collected"]
        == 1250.5
    )
    wrong = check_values(union, {**values, "dues_collected": "12,5,0"}).problems
    assert [p.element for p in wrong] == ["dues_collected"]


def test_checks_between_values() -> None:
    found = _problems(attendance=9, members=4, candidates=1)
    assert found["attendance"][0] == "error"
    assert "cannot be more than the members and candidates" in found["attendance"][1]
    found = _problems(tasks_given=2, tasks_done=3)
    assert found["tasks_done"] == (
        "error",
        "Party tasks carried out (3) should be ≤ Party tasks given to members (2)",
    )
    found = _problems(tasks_given=None, tasks_done=3)
    assert found["tasks_given"][0] == "error" and "together" in found["tasks_given"][1]
    # Warnings: no meeting, more on leave than on the roll.
    found = _problems(meetings=0, on_leave=9)
    assert found["meetings"][0] == "warning" and found["on_leave"][0] == "warning"


def test_a_wrong_value_does_not_also_break_the_checks_it_is_in() -> None:
    found = _problems(attendance="lots")
    assert list(found) == ["attendance"]
