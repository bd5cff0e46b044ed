from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Information from below: report forms of the statute, submission, reporting rates and
    the roll-up up the tree; field events that climb until a committee acknowledges them."""

    name = "orgburo.reports"
    label = "reports"
    verbose_name = "reports"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from orgburo.core.contributions import Link, Panel, contribute
        from orgburo.core.daily import daily_notices, scheduled_task
        from orgburo.core.notifications import notification_kind
        from orgburo.core.tree import on_subtree_moved
        from orgburo.reports.services import DUE_TOMORROW, OVERDUE, RETURNED, reports_daily_notify
        from orgburo.reports.services.events import ACKNOWLEDGED, ESCALATED, EVENT_REPORTED
        from orgburo.reports.tallies import tallies_move
        from orgburo.reports.tasks import ESCALATION, ESCALATION_CRON, ESCALATION_TASK

        notification_kind(RETURNED, _("A report of my organisation returned for correction"))
        notification_kind(DUE_TOMORROW, _("A report of my organisation due tomorrow"))
        notification_kind(OVERDUE, _("A report overdue, in my organisation or the one below"))
        daily_notices("reports", reports_daily_notify)
        notification_kind(EVENT_REPORTED, _("A field event reported from below"))
        notification_kind(ESCALATED, _("A field event not acknowledged below, climbing to us"))
        notification_kind(ACKNOWLEDGED, _("A field event of my organisation acknowledged"))
        scheduled_task(ESCALATION, ESCALATION_TASK, ESCALATION_CRON)
        on_subtree_moved(tallies_move)
        contribute("organisation.actions", Link(_("Reports"), "reports:reports", when="full"))
        contribute("organisation.actions", Link(_("Field events"), "reports:events", when="full"))
        contribute("organisation.posts", Panel("reports/_report_event.html"))
