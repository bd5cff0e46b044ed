from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "orgburo.access"
    label = "access"
    verbose_name = "access"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from orgburo.core.contributions import Link, Panel, contribute

        # An officer sees on a person's record whether they have a login, and issues one there;
        # on a unit's page, logins for its whole roll.
        contribute("person.panels", Panel("access/_person_login.html", when="can_manage"))
        contribute(
            "organisation.actions",
            Link(_("Issue logins"), "access:issue_logins", when="manage_roll"),
        )
        contribute("navigation", Panel("access/_navigation.html"))
