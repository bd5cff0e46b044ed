from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "orgburo.elections"
    label = "elections"
    verbose_name = "elections"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from orgburo.core.contributions import Link, Panel, contribute, record_page

        contribute("organisation.posts", Link(_("Elections"), "elections:election_list"))
        contribute("person.panels", Panel("elections/_person_panel.html"))
        record_page("elections.election", "elections:election")
