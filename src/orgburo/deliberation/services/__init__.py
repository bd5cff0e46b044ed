"""Every write of deliberation. Each service runs in one transaction and records an audit event.

Services trust that the caller may act (views and the API check permissions first) but check
everything about the question itself and raise ServiceError with the field and reason. One
module per subject: questions (raise, announce, report an urgent decision), discussion
(contributions and proposals within the limits), moderation (removal, appeal, decision),
voting (the vote, the count and the decision's assignments).
"""

from __future__ import annotations

from orgburo.deliberation.services.discussion import (
    contribution_post,
    proposal_add,
    proposal_ballot,
    proposal_withdraw,
)
from orgburo.deliberation.services.meetings import KIND as MEETING_KIND
from orgburo.deliberation.services.meetings import general_meeting_call, meeting_roll
from orgburo.deliberation.services.moderation import (
    contribution_remove,
    moderation_appeal,
    moderation_decide,
)
from orgburo.deliberation.services.questions import (
    question_announce,
    question_raise,
    question_report_urgent,
)
from orgburo.deliberation.services.voting import (
    AGAINST,
    SOURCE,
    ballot_of,
    decision_assign,
    question_count,
    question_open_vote,
    questions_advance,
    vote_cast,
)

__all__ = [
    "AGAINST",
    "MEETING_KIND",
    "SOURCE",
    "ballot_of",
    "contribution_post",
    "contribution_remove",
    "decision_assign",
    "general_meeting_call",
    "meeting_roll",
    "moderation_appeal",
    "moderation_decide",
    "proposal_add",
    "proposal_ballot",
    "proposal_withdraw",
    "question_announce",
    "question_count",
    "question_open_vote",
    "question_raise",
    "question_report_urgent",
    "questions_advance",
    "vote_cast",
]
