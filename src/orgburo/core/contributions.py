"""Pages that several apps share (an organisation's page, a person's page) are extended, not
edited: an app adds its buttons and panels here, from its AppConfig.ready(), and the page's
template renders whatever was added at each of its slots (`{% contributions "slot" obj %}`).

An app also names the page of each kind of record it owns (`record_page("elections.election",
"elections:election")`), so another app's page can link to a record it refers to by a foreign
key without naming that app's routes: `{% record_url "elections.election" tenure.election_id %}`.

The slots:
- ``navigation``: links in every page's header, for a logged-in user (a Panel: no object);
- ``organisation.actions``: buttons at the top of an organisation's page, for those who see it
  in full;
- ``organisation.posts``: buttons above its table of posts, for everyone who sees the page;
- ``organisation.panels``: notices near the top of an organisation's page (a unit weakened by
  absence);
- ``person.panels``: sections of a person's page, after their eligibility;
- ``finding.panels``: sections of a finding's page (the line's), after what would clear it: what
  was done about it, and the remedies an officer may start from there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

SLOTS = (
    "navigation",
    "organisation.actions",
    "organisation.posts",
    "organisation.panels",
    "person.panels",
    "finding.panels",
)


@dataclass(frozen=True)
class Link:
    """A button to one of the app's pages about the object (`url_name` takes its pk)."""

    label: str | Promise  # gettext_lazy: translated when the page is drawn
    url_name: str
    primary: bool = False  # a main action, or a secondary one
    when: str = ""  # the name of a page variable that must be true ("full"); "" for always


@dataclass(frozen=True)
class Panel:
    """A section the app draws itself: `template` is included with the page's context."""

    template: str
    when: str = ""


Contribution = Link | Panel
_registry: dict[str, list[Contribution]] = {slot: [] for slot in SLOTS}


def contribute(slot: str, item: Contribution) -> None:
    """Add a button or a panel to a shared page (once, from the app's ready())."""
    if slot not in _registry:
        raise KeyError(f"no page slot {slot!r} (slots are: {', '.join(SLOTS)})")
    if item not in _registry[slot]:
        _registry[slot].append(item)


def contributions(slot: str, context: dict[str, Any]) -> list[Contribution]:
    """What the apps added to a slot, as far as this page's context allows."""
    return [item for item in _registry[slot] if not item.when or context.get(item.when)]


_record_pages: dict[str, str] = {}


def record_page(label: str, url_name: str) -> None:
    """Name the page of a kind of record (`app_label.model`; the URL takes its pk)."""
    _record_pages[label] = url_name


def record_page_name(label: str) -> str:
    """The URL name of a kind of record's page; "" where no installed app shows it."""
    return _record_pages.get(label, "")


# Where a logged-in user starts: each app may offer a start page for a scope (the URL, or None);
# the first that offers one wins, in the order of INSTALLED_APPS.
StartPage = Callable[[Any], str | None]
_start_pages: list[StartPage] = []


def start_page(offer: StartPage) -> None:
    """Offer a start page for a scope (from the app's ready())."""
    if offer not in _start_pages:
        _start_pages.append(offer)


def start_page_for(scope: Any) -> str | None:
    """The first start page an app offers this scope; None when none does."""
    for offer in _start_pages:
        url = offer(scope)
        if url is not None:
            return url
    return None
