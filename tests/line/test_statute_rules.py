"""The statute's rules held against the registered rule modules: unknown ids, unknown or
mistyped parameters are refused with the file and the key, at start-up and by `statute check`."""

from __future__ import annotations

import subprocess
from pathlib import Path

from orgburo.line.registry import rule_problems
from orgburo.statutes import bundled_statute_path, load_statute
from tests.line.test_statute_section import AUDIT
from tests.statutes.test_statute import VALID, replace, write


def test_the_bundled_statutes_name_only_known_rules_with_good_parameters() -> None:
    for code in ("rcp-1923", "trade-union"):
        assert rule_problems(load_statute(bundled_statute_path(code))) == []


def test_an_unknown_rule_and_a_mistyped_parameter_are_named(tmp_path: Path) -> None:
    text = VALID + replace(
        "params = { grace_days = 30 }", 'params = { grace_days = "30", colour = 1 }', AUDIT
    )
    text += '\n[audit.rules.secret_police]\ntitle = { en = "X", ru = "Х" }\nsource = "none"\nseverity = "low"\n'
    path = write(tmp_path, text)
    problems = {p.key: p.reason for p in rule_problems(load_statute(path))}
    assert problems["audit.rules.secret_police"].startswith("no such rule (rules are: ")
    assert problems["audit.rules.unit_without_secretary.params.grace_days"] == (
        "expected int, got str '30'"
    )
    assert problems["audit.rules.unit_without_secretary.params.colour"] == (
        "unknown parameter (this rule takes: grace_days)"
    )
    assert all(p.file == str(path) for p in rule_problems(load_statute(path)))


def test_a_parameter_out_of_range_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + replace("grace_days = 30", "grace_days = -1", AUDIT))
    problems = {p.key: p.reason for p in rule_problems(load_statute(path))}
    assert problems == {
        "audit.rules.unit_without_secretary.params.grace_days": "must be from 0 to 3650 (got -1)"
    }


def test_statute_check_on_the_command_line_checks_the_rules_too(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + replace("grace_days = 30", "grace_days = 1.5", AUDIT))
    done = subprocess.run(
        [str(Path(".venv/bin/orgburo").resolve()), "statute", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert (
        f"{path}: audit.rules.unit_without_secretary.params.grace_days: expected int" in done.stderr
    )
