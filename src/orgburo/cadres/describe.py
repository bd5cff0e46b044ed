"""Signals, vacancies and proposals in words: a title for each kind, and the why with its
numbers, in the reader's language (the pages and the API say the same)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgburo.cadres.models import Proposal, Signal
from orgburo.cadres.selectors.skills import skill_name
from orgburo.core.active_statute import active_statute
from orgburo.core.i18n import current_language

SIGNAL_TITLES = {
    "reports_late": gettext_lazy("Reports late"),
    "assignments_overdue": gettext_lazy("Assignments overdue"),
    "meeting_attendance": gettext_lazy("Meetings poorly attended"),
    "roll_churn": gettext_lazy("A roll that churns"),
    "member_attendance": gettext_lazy("Absent from the unit's meetings"),
    "officer_without_skills": gettext_lazy("An officer without the skills of the post"),
    "unit_stripped": gettext_lazy("A unit stripped below its minimum"),
}

REASONS = {
    "no_standing": gettext_lazy("nobody under this committee has the standing the post needs"),
    "no_skills": gettext_lazy("those with the standing have not studied what the post needs"),
    "none_willing": gettext_lazy(
        "nobody qualified is within the unit, and no qualified member elsewhere is willing to move"
    ),
    "units_at_minimum": gettext_lazy(
        "the qualified and willing members' units cannot spare them without falling below "
        "their minimum"
    ),
    "taken": gettext_lazy("the qualified members were proposed for nearer or cheaper vacancies"),
    "none_within": gettext_lazy(
        "no member of the unit qualifies for election yet: the appointment stands"
    ),
}

WHY_NOT = {
    "taken": gettext_lazy("proposed for another vacancy"),
    "unit_at_minimum": gettext_lazy("their unit can spare nobody more"),
    "costs_more": gettext_lazy("a worse fit"),
    "tie": gettext_lazy("as good a fit: the solver chose between equals"),
}


def _post_name(code: str) -> str:
    try:
        return active_statute().post_kind(code).name.get(current_language())
    except KeyError:
        return code


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"


def signal_title(code: str) -> str:
    return str(SIGNAL_TITLES.get(code, code))


def signal_why(signal: Signal) -> str:
    """Where and why, with the numbers: what the figure was, what it was compared with."""
    d: dict[str, Any] = {**signal.details, "value": _number(signal.value)}
    d["median"] = _number(signal.median)
    d["peers"] = signal.peers
    if signal.code == "officer_without_skills":
        language = current_language()
        lacking = ", ".join(skill_name(code, language) for code in d.get("lacking", []))
        return _("holds the post of %(post)s without: %(lacking)s") % {
            "post": _post_name(d.get("post_kind", "")),
            "lacking": lacking,
        }
    if signal.code == "unit_stripped":
        return (
            _(
                "%(members)s members left after %(transferred_out)s transferred out in the window: "
                "below the minimum of %(minimum)s"
            )
            % d
        )
    said = {
        "reports_late": _(
            "%(value)s %% of its reports came late or not at all (%(late)s of %(due)s)"
        ),
        "assignments_overdue": _(
            "%(value)s %% of its assignments were not reported on by the deadline "
            "(%(overdue)s of %(given)s)"
        ),
        "meeting_attendance": _(
            "its meetings were %(value)s %% attended (%(came)s of %(asked)s places at "
            "%(meetings)s meetings)"
        ),
        "roll_churn": _(
            "%(value)s %% of its roll changed (%(joined)s joined, %(left)s left, of %(members)s)"
        ),
        "member_attendance": _("came to %(came)s of %(asked)s meetings (%(value)s %%)"),
    }.get(signal.code, "%(value)s")
    compared = (
        _("against its own median of %(median)s %% over the %(peers)s windows before")
        if signal.compared_with == "history"
        else _("against a median of %(median)s %% among %(peers)s peers")
    ) % d
    return f"{said % d}; {compared}"


def vacancy_label(kind: str) -> str:
    return str(Proposal.Vacancy(kind).label) if kind in Proposal.Vacancy.values else kind


def unfilled_reason(explanation: dict[str, Any]) -> str:
    return str(REASONS.get(explanation.get("reason", ""), explanation.get("reason", "")))


def why_not(code: str) -> str:
    return str(WHY_NOT.get(code, code))
