"""What the worker runs for deliberation: moving questions from discussion to vote to decision
every minute."""

from __future__ import annotations

from orgburo.deliberation.services import questions_advance


def advance() -> dict[str, int]:
    return questions_advance()
