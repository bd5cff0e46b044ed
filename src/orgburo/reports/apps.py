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
        from orgburo.core.notifications import notification_kind
        from orgburo.reports.services import RETURNED

        notification_kind(RETURNED, _("A report of my organisation returned for correction"))
        contribute("organisation.actions", Link(_("Reports"), "reports:reports", when="full"))
