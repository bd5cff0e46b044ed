"""Every write of the directives app (services/directives.py)."""

from orgburo.directives.services.directives import (
    NOT_SENT,
    RECEIVED,
    REMINDER,
    SOURCE,
    directive_acknowledge,
    directive_deliver,
    directive_discard,
    directive_read,
    directive_send,
    directives_remind,
)

__all__ = [
    "NOT_SENT",
    "RECEIVED",
    "REMINDER",
    "SOURCE",
    "directive_acknowledge",
    "directive_deliver",
    "directive_discard",
    "directive_read",
    "directive_send",
    "directives_remind",
]
