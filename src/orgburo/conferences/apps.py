from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    """Standing conferences under the committees: of the responsible workers of every field
    (party, economic, trade-union, military, soviet) under the Central and gubernia committees,
    and the economic conferences of each trust's factory units; their sessions are meetings."""

    name = "orgburo.conferences"
    label = "conferences"
    verbose_name = "conferences"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from orgburo.core.contributions import Link, Panel, contribute, record_page
        from orgburo.core.notifications import notification_kind

        contribute("organisation.actions", Link(_("Conferences"), "conferences:list", when="full"))
        contribute("organisation.panels", Panel("conferences/_unit_invitations.html", when="full"))
        record_page("conferences.conference", "conferences:conference")
        notification_kind(
            "conferences.invited", _("My unit is asked to send a delegate to a conference")
        )
