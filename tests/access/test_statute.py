"""The statute's [access] section: optional, with its limits checked and named."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgburo.access.statute import access_rules
from orgburo.statutes import load_bundled, load_statute
from tests.statutes.test_statute import VALID, keyed, problems_for, write

pytestmark = pytest.mark.pure


def test_a_statute_without_the_section_gets_the_defaults() -> None:
    assert access_rules(load_bundled("rcp-1923")).invitation_days == 14


def test_the_invitations_life_is_read(tmp_path: Path) -> None:
    statute = load_statute(write(tmp_path, VALID + "\n[access]\ninvitation_days = 3\n"))
    assert access_rules(statute).invitation_days == 3


@pytest.mark.parametrize("days", ["0", "91", '"a week"'])
def test_a_bad_life_names_the_key(tmp_path: Path, days: str) -> None:
    problems = keyed(problems_for(tmp_path, VALID + f"\n[access]\ninvitation_days = {days}\n"))
    assert list(problems) == ["access.invitation_days"]
