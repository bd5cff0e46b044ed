"""The statute's [reports]: the bundled forms, and errors that name the file's key."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgburo.reports.statute import report_rules
from orgburo.statutes import StatuteError, load_statute
from orgburo.statutes.bundled import bundled_statute_path as bundled_path


def test_the_bundled_statutes_declare_their_forms() -> None:
    rcp = report_rules(load_statute(bundled_path("rcp-1923")))
    assert rcp.codes == ("unit_monthly", "gubernia_quarterly")
    monthly = rcp.form("unit_monthly")
    assert monthly.submitted_by("unit", "village") and not monthly.submitted_by("uyezd", "")
    assert monthly.element("attendance").roll_up == "average"
    assert monthly.element("members").register == "members"
    assert monthly.element("enterprise_informed").roll_up == "count_yes"
    union = report_rules(load_statute(bundled_path("trade-union")))
    assert union.codes == ("workplace_monthly", "branch_quarterly")


BROKEN = [
    (
        'type = "boolean"\nrequired = false',
        'type = "boolean"\nprefill = "admitted"\nrequired = false',
        "reports.forms.unit_monthly.elements.enterprise_informed",
        "a register figure is a whole number",
    ),
    (
        'right = ["members", "candidates"]',
        'right = ["members", "voters"]',
        "reports.forms.unit_monthly.checks[0]",
        "unknown element 'voters'",
    ),
    (
        'period = "monthly"',
        'period = "weekly"',
        "reports.forms.unit_monthly.period",
        "unknown period 'weekly'",
    ),
    (
        'roll_up = "average"',
        'roll_up = "median"',
        "reports.forms.unit_monthly.elements.attendance.roll_up",
        "unknown roll_up",
    ),
    (
        'levels = ["unit"]',
        'levels = ["cell"]',
        "reports.forms.unit_monthly.levels[0]",
        "unknown level 'cell'",
    ),
]


@pytest.mark.parametrize(("old", "new", "key", "reason"), BROKEN)
def test_a_broken_form_is_named_by_file_and_key(
    tmp_path: Path, old: str, new: str, key: str, reason: str
) -> None:
    text = bundled_path("rcp-1923").read_text(encoding="utf-8")
    at = text.index("[reports.forms.unit_monthly]")
    text = text[:at] + text[at:].replace(old, new, 1)
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StatuteError) as caught:
        load_statute(path)
    message = str(caught.value)
    assert "broken.toml" in message and key in message and reason in message, message
