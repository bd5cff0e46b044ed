"""What the worker runs for deliberation: telling a large reach of a question, and moving
questions from discussion to vote to decision every minute."""

from __future__ import annotations

from django.db import transaction

from orgburo.deliberation.models import Question
from orgburo.deliberation.services import question_announce, questions_advance


def announce(question_id: int) -> int:
    with transaction.atomic():
        return question_announce(
            Question.objects.select_related("organisation").get(pk=question_id)
        )


def advance() -> dict[str, int]:
    return questions_advance()
