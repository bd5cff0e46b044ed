"""The section registry: apps' sections are discovered, validated with the rest, and reached
by name; a new section needs no edit to the statute package."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import pytest

from orgburo.deliberation.statute import deliberation_rules
from orgburo.elections.statute import ElectionRules, ElectionsSection, election_rules
from orgburo.line.statute import AuditRules, audit_rules
from orgburo.statutes import SectionModel, load_bundled, load_statute, statute_section
from orgburo.statutes.sections import SECTIONS, registered_sections
from orgburo.statutes.validation import CodeList, Count
from tests.statutes.test_statute import VALID, keyed, problems_for, write


@dataclass(frozen=True)
class ReportRules:
    deadline_days: int
    levels: tuple[str, ...]


class ReportsSection(SectionModel):
    deadline_days: Count
    levels: Annotated[
        tuple[str, ...], CodeList(known="levels", unknown="unknown level {code} (known: {known})")
    ] = ()

    def build(self) -> ReportRules:
        return ReportRules(self.deadline_days, self.levels)


@pytest.fixture
def registry() -> Iterator[None]:
    """Lets a test register sections of its own; the registry is as it was afterwards."""
    saved = dict(registered_sections())
    yield
    SECTIONS.clear()
    SECTIONS.update(saved)


def test_the_apps_sections_are_discovered() -> None:
    sections = registered_sections()
    assert list(sections) == [
        "absence",
        "access",
        "audit",
        "cadres",
        "conferences",
        "deliberation",
        "directives",
        "elections",
        "enterprises",
        "reports",
        "rights",
        "transfers",
    ]
    assert sections["elections"].model is ElectionsSection and sections["elections"].required
    assert not sections["audit"].required
    statute = load_bundled("rcp-1923")
    assert isinstance(statute.section("elections", ElectionRules), ElectionRules)
    assert election_rules(statute).default_method == "for-against"
    assert audit_rules(statute).schedule == "0 3 * * *"


def test_discovery_imports_no_django_and_the_package_no_app() -> None:
    code = (
        "import sys; import orgburo.statutes as s; "
        "print(sorted(m for m in sys.modules if m.startswith('orgburo.') and "
        "not m.startswith('orgburo.statutes'))); "
        "s.load_bundled('rcp-1923'); "
        "print('django' in sys.modules, 'orgburo.elections.statute' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path.cwd()
    )
    assert done.stdout.split("\n")[:2] == ["[]", "False True"]


def test_a_new_section_is_required_validated_and_reached_by_name(
    tmp_path: Path, registry: None
) -> None:
    statute_section("bulletins", required=True)(ReportsSection)
    assert keyed(problems_for(tmp_path, VALID)) == {"bulletins": "required key is missing"}

    text = VALID + '\n[bulletins]\ndeadline_days = true\nlevels = ["top", "centre"]\nevery = 1\n'
    assert keyed(problems_for(tmp_path, text)) == {
        "bulletins.deadline_days": "expected an integer, got a boolean",
        "bulletins.levels[1]": "unknown level 'centre' (known: top, cell)",
        "bulletins.every": "unknown key (allowed here: deadline_days, levels)",
    }
    assert keyed(problems_for(tmp_path, "bulletins = 3\n" + VALID)) == {
        "bulletins": "expected a table, got an integer"
    }

    ok = load_statute(
        write(tmp_path, VALID + '\n[bulletins]\ndeadline_days = 5\nlevels = ["cell"]\n')
    )
    assert ok.section("bulletins", ReportRules) == ReportRules(5, ("cell",))
    with pytest.raises(TypeError, match="holds ReportRules, not AuditRules"):
        ok.section("bulletins", AuditRules)
    with pytest.raises(KeyError, match="unknown section 'pensions'"):
        ok.section("pensions", ReportRules)


def test_an_optional_section_left_out_reads_as_an_empty_table(
    tmp_path: Path, registry: None
) -> None:
    @statute_section("press")
    class Press(SectionModel):
        quorum: Count = 0

        def build(self) -> int:
            return self.quorum

    assert load_statute(write(tmp_path, VALID, "ok.toml")).section("press", int) == 0
    with pytest.raises(TypeError, match="must accept an empty table"):
        statute_section("bulletins")(ReportsSection)


def test_two_sections_may_not_share_a_name(registry: None) -> None:
    class Elections(SectionModel):
        def build(self) -> None:
            return None

    with pytest.raises(RuntimeError, match="two statute sections registered as 'elections'"):
        statute_section("elections")(Elections)


def test_an_unknown_top_level_key_names_the_sections_too(tmp_path: Path) -> None:
    problems = keyed(problems_for(tmp_path, "bulltins = { deadline_days = 5 }\n" + VALID))
    assert problems == {
        "bulltins": "unknown key (allowed here: code, name, unit_minimum_members, gap_rule, "
        "levels, settings, fields, social_categories, literacy, education, admission_routes, "
        "post_kinds, absence, access, audit, cadres, conferences, deliberation, directives, "
        "elections, "
        "enterprises, reports, rights, transfers)"
    }


def test_the_deliberation_section_names_each_bad_key(tmp_path: Path) -> None:
    text = VALID + (
        '\n[deliberation]\ndefault_policy = "slow"\n'
        '[deliberation.policies.open]\nname = { en = "Open", ru = "Открытая" }\n'
        'method = "lottery"\ncontributions = 0\nquorum_percent = 120\n'
        '[deliberation.moderation_reasons]\ninsult = "insults"\n'
    )
    assert keyed(problems_for(tmp_path, text)) == {
        "deliberation.policies.open.method": "unknown method 'lottery' (known: for-against, "
        "plurality, two-round, approval, irv, stv, schulze)",
        "deliberation.policies.open.contributions": "1 to 1000 (got 0)",
        "deliberation.policies.open.quorum_percent": "a percentage, 0 to 100 (got 120)",
        "deliberation.default_policy": "'slow' is not a policy (known: open)",
        "deliberation.moderation_reasons.insult": "expected a label { en, ru }, got a string",
    }
    rules = deliberation_rules(load_bundled("rcp-1923"))
    assert rules.default_policy == "open" and set(rules.policies) == {"open", "press"}
    assert "factional" in rules.moderation_reasons
