"""Deliberation's pages, one module per subject: questions (the list, raising one, a question's
page, speaking, proposing, the ballot and the vote), moderation (removals, appeals, the public
log) and decisions (assignments and their reports, general meetings, urgent decisions
reported), and participation (who took part, organisation by organisation)."""

from orgburo.deliberation.views.decisions import (
    assign,
    comment,
    meeting_new,
    meetings,
    report,
    report_urgent,
)
from orgburo.deliberation.views.moderation import appeal, appeals, decide, removals, remove
from orgburo.deliberation.views.participation import participation
from orgburo.deliberation.views.questions import (
    ballot,
    contribute,
    propose,
    question,
    question_new,
    questions,
    vote,
    withdraw,
)

__all__ = [
    "appeal",
    "appeals",
    "assign",
    "ballot",
    "comment",
    "contribute",
    "decide",
    "meeting_new",
    "meetings",
    "participation",
    "propose",
    "question",
    "question_new",
    "questions",
    "removals",
    "remove",
    "report",
    "report_urgent",
    "vote",
    "withdraw",
]
