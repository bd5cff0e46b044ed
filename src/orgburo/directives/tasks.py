"""What the worker runs for directives: the delivery of one sent to many."""

from __future__ import annotations

from orgburo.directives.services import directive_deliver


def deliver(directive_id: int) -> int:
    return directive_deliver(directive_id)
