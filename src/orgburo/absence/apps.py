from django.apps import AppConfig


class AbsenceConfig(AppConfig):
    """Members' leave, and the units it weakens: more than the statute's share of a unit's
    members, or of its officers, away at once, shown on its page and its committees' before
    and during the absence."""

    name = "orgburo.absence"
    label = "absence"
    verbose_name = "absence"

    def ready(self) -> None:
        from orgburo.core.contributions import Panel, contribute

        contribute("organisation.panels", Panel("absence/_weakened.html", when="full"))
        contribute("person.panels", Panel("absence/_person_leave.html", when="can_manage"))
