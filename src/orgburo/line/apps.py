from django.apps import AppConfig


class LineConfig(AppConfig):
    """The line and practice: the audit engine and the register of distortions."""

    name = "orgburo.line"
    label = "line"
    verbose_name = "the line and practice"

    def ready(self) -> None:
        # Register the rules, then hold the statute's [audit] entries against them: an unknown
        # rule or a parameter of the wrong type stops the start, naming the file and the key.
        from orgburo.core.active_statute import active_statute
        from orgburo.line import rules  # noqa: F401
        from orgburo.line.registry import check_rules

        check_rules(active_statute())

        from django.utils.translation import gettext_lazy as _

        from orgburo.core.contributions import Link, Panel, contribute
        from orgburo.core.daily import daily_notices
        from orgburo.core.notifications import notification_kind
        from orgburo.line.services import FINDINGS_CHANGED, findings_daily_notify

        notification_kind(FINDINGS_CHANGED, _("Findings opened or cleared where I am an officer"))
        daily_notices("line", findings_daily_notify)

        contribute(
            "organisation.actions",
            Link(_("Register of distortions"), "line:distortions", primary=True, when="full"),
        )
        # A person's own record says which open findings name them.
        contribute("person.panels", Panel("line/_person_findings.html", when="is_self"))
