from django.apps import AppConfig


class CadresConfig(AppConfig):
    """C2 cadres and C7 a member's own view of them: skills and courses, signals and their
    contests, vacancies and the optimiser's proposals, transfers of cadres and campaigns, the
    cadre pipeline."""

    name = "orgburo.cadres"
    label = "cadres"
    verbose_name = "cadres"

    def ready(self) -> None:
        from orgburo.cadres.selectors.skills import skills_unmet
        from orgburo.core.requirements import post_requirement

        post_requirement(skills_unmet)
