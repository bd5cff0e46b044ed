from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    """Assignments: something an organisation or a person must do by a deadline and report on
    (what a directive asks of each addressee; later what a meeting's decision gives to whom),
    with execution reports, their rate up the tree, escalation when overdue, and comments from
    the members below on whether it was done."""

    name = "orgburo.assignments"
    label = "assignments"
    verbose_name = "assignments"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from orgburo.assignments.counts import counts_move
        from orgburo.assignments.services import ESCALATED, assignments_escalate
        from orgburo.core.daily import daily_notices
        from orgburo.core.notifications import notification_kind
        from orgburo.core.tree import on_subtree_moved

        on_subtree_moved(counts_move)
        notification_kind(
            ESCALATED, _("An assignment overdue, in my organisation or the one below")
        )
        daily_notices("assignments", assignments_escalate)
