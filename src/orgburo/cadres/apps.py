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
        from orgburo.core.contributions import Link, Panel, contribute
        from orgburo.core.requirements import post_requirement

        post_requirement(skills_unmet)
        contribute("person.panels", Panel("cadres/_person_cadres.html"))
        contribute("organisation.actions", Link(_("Cadres"), "cadres:desk", when="full"))
