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

        from orgburo.core.contributions import Link, contribute

        contribute(
            "organisation.actions",
            Link(_("Register of distortions"), "line:distortions", primary=True, when="full"),
        )
