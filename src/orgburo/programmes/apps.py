from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    """Programmes of measures: a committee gives one assignment to every organisation below it
    where the audit of the line found a distortion, and follows them until the findings clear;
    a finding's page shows the measures taken about it."""

    name = "orgburo.programmes"
    label = "programmes"
    verbose_name = "programmes of measures"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from orgburo.core.contributions import Link, Panel, contribute, record_page

        contribute(
            "organisation.actions",
            Link(_("Programmes of measures"), "programmes:list", when="full"),
        )
        contribute("finding.panels", Panel("programmes/_finding_measures.html"))
        record_page("programmes.programme", "programmes:programme")
