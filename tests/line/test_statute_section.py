"""The line's own statute section, [audit]: read, and every mistake named with its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgburo.line.statute import audit_rules
from orgburo.statutes import load_statute
from tests.statutes.test_statute import VALID, keyed, problems_for, replace, write

AUDIT = """
[audit]
schedule = "0 3 * * *"

[audit.rules.unit_without_secretary]
title = { en = "No secretary", ru = "Нет секретаря" }
source = "Rules"
levels = ["cell"]
severity = "medium"
params = { grace_days = 30 }
"""


def test_an_audit_section_is_read(tmp_path: Path) -> None:
    statute = load_statute(write(tmp_path, VALID + AUDIT, "ok.toml"))
    assert audit_rules(statute).schedule == "0 3 * * *"
    rule = audit_rules(statute).rule("unit_without_secretary")
    assert rule.levels == ("cell",) and rule.severity == "medium" and rule.enabled
    assert rule.params == {"grace_days": 30}
    assert rule.source.en == rule.source.ru == "Rules"  # one text serves both languages
    assert audit_rules(load_statute(write(tmp_path, VALID, "none.toml"))).rules == ()
    both = AUDIT.replace('source = "Rules"', 'source = { en = "Rules", ru = "Устав" }')
    named = audit_rules(load_statute(write(tmp_path, VALID + both, "both.toml")))
    assert named.rule("unit_without_secretary").source.get("ru") == "Устав"


@pytest.mark.parametrize(
    ("old", "new", "key", "reason"),
    [
        (
            'levels = ["cell"]',
            'levels = ["cel"]',
            "audit.rules.unit_without_secretary.levels[0]",
            "unknown level 'cel'",
        ),
        (
            'severity = "medium"',
            'severity = "grave"',
            "audit.rules.unit_without_secretary.severity",
            "unknown severity 'grave'",
        ),
        (
            'schedule = "0 3 * * *"',
            'schedule = "daily"',
            "audit.schedule",
            "a cron expression of five fields",
        ),
        (
            "params = { grace_days = 30 }",
            "params = { grace_days = [30] }",
            "audit.rules.unit_without_secretary.params.grace_days",
            "a parameter is a string, number",
        ),
        (
            'source = "Rules"\n',
            "",
            "audit.rules.unit_without_secretary.source",
            "required key is missing",
        ),
    ],
)
def test_audit_section_mistakes_name_the_key(
    tmp_path: Path, old: str, new: str, key: str, reason: str
) -> None:
    found = keyed(problems_for(tmp_path, VALID + replace(old, new, AUDIT)))
    assert key in found, found
    assert reason in found[key]


def test_an_impossible_schedule_is_refused(tmp_path: Path) -> None:
    found = keyed(problems_for(tmp_path, VALID + replace("0 3 * * *", "0 25 * * *", AUDIT)))
    assert "a cron expression" in found["audit.schedule"]
