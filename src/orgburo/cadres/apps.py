from django.apps import AppConfig


class CadresConfig(AppConfig):
    """C2 cadres and C7 a member's own view of them: skills and courses, signals and their
    contests, vacancies and the optimiser's proposals, transfers of cadres and campaigns, the
    cadre pipeline."""

    name = "orgburo.cadres"
    label = "cadres"
    verbose_name = "cadres"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from orgburo.cadres.selectors.skills import skills_unmet
        from orgburo.cadres.services.signals import SIGNAL_ABOUT_YOU, signals_daily
        from orgburo.core.contributions import Link, Panel, contribute
        from orgburo.core.daily import daily_notices
        from orgburo.core.notifications import notification_kind
        from orgburo.core.requirements import post_requirement

        post_requirement(skills_unmet)
        notification_kind(SIGNAL_ABOUT_YOU, _("A signal about me (which I may contest)"))
        daily_notices("cadres", signals_daily)
        contribute("person.panels", Panel("cadres/_person_cadres.html"))
        contribute("organisation.actions", Link(_("Cadres"), "cadres:desk", when="full"))
