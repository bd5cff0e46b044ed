from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    """Enterprise information: an enterprise's director and its trust's officers tell the
    factory units linked to it about its plan, output, wages and disputes; each unit confirms
    its copy and may answer."""

    name = "orgburo.enterprises"
    label = "enterprises"
    verbose_name = "enterprise information"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from orgburo.core.contributions import Panel, contribute, record_page
        from orgburo.core.notifications import notification_kind

        contribute("organisation.panels", Panel("enterprises/_unit_enterprise.html"))
        record_page("enterprises.notice", "enterprises:notice")
        record_page("register.enterprise", "enterprises:enterprise")
        notification_kind("enterprises.informed", _("Information from an enterprise"))
        # A director who holds no post starts at their own record, which names the enterprise.
        contribute("person.panels", Panel("enterprises/_person_speaks_for.html"))
