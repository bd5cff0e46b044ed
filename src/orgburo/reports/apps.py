from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Information from below: report forms of the statute, submission, reporting rates and
    the roll-up up the tree."""

    name = "orgburo.reports"
    label = "reports"
    verbose_name = "reports"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from orgburo.core.contributions import Link, contribute
        from orgburo.core.daily import daily_notices
        from orgburo.core.notifications import notification_kind
        from orgburo.reports.services import DUE_TOMORROW, OVERDUE, RETURNED, reports_daily_notify

        notification_kind(RETURNED, _("A report of my organisation returned for correction"))
        notification_kind(DUE_TOMORROW, _("A report of my organisation due tomorrow"))
        notification_kind(OVERDUE, _("A report overdue, in my organisation or the one below"))
        daily_notices("reports", reports_daily_notify)
        contribute("organisation.actions", Link(_("Reports"), "reports:reports", when="full"))
