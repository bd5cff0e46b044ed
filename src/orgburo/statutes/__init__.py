"""Statutes: the TOML files that configure an organisation, and their loader.

A statute names the levels of the organisation tree, the closed lists used by the register
(unit settings, fields of work, social categories, literacy, education), the admission routes,
the kinds of post with their standing requirements and terms, and the rule by which standing is
counted; each capability app adds its own section (`[elections]`, `[audit]`, ...).

- `schema.py`: the loaded statute, frozen dataclasses (`Statute`, `Level`, `PostKind`, ...);
- `validation.py`: the pydantic pieces schemas are built from, and their messages;
- `model.py`: the schema of the statute's own keys;
- `sections.py`: the registry where each app declares its section (`@statute_section`);
- `reader.py`: reading a file and reporting every problem (`load_statute`, `check_statute`);
- `bundled.py`: the statutes shipped here (`load_bundled("rcp-1923")`).

Pure Python (no Django), so the CLI and the tests can use it without settings; the engine takes
the statute's values through protocols of its own and never imports it.
`docs/statute.md` describes the file format.
"""

from orgburo.statutes.bundled import bundled_codes, bundled_statute_path, load_bundled
from orgburo.statutes.reader import check_statute, load_statute
from orgburo.statutes.schema import (
    CHOICE_LISTS,
    AdmissionRoute,
    Choice,
    GapRule,
    Label,
    Level,
    PostKind,
    StandingRequirement,
    Statute,
    StatuteError,
    StatuteProblem,
)
from orgburo.statutes.sections import SectionModel, statute_section

__all__ = [
    "CHOICE_LISTS",
    "AdmissionRoute",
    "Choice",
    "GapRule",
    "Label",
    "Level",
    "PostKind",
    "SectionModel",
    "StandingRequirement",
    "Statute",
    "StatuteError",
    "StatuteProblem",
    "bundled_codes",
    "bundled_statute_path",
    "check_statute",
    "load_bundled",
    "load_statute",
    "statute_section",
]
