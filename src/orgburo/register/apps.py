from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "orgburo.register"
    label = "register"
    verbose_name = "register"

    def ready(self) -> None:
        # The register keeps persons and posts, so it tells the kernel what a user's scope is.
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from orgburo.core.contributions import Panel, contribute, start_page
        from orgburo.core.daily import daily_notices
        from orgburo.core.later_records import later_records_finder
        from orgburo.core.notifications import (
            notification_kind,
            provide_addresses,
            provide_audience,
        )
        from orgburo.core.scope import Scope, provide_scope_facts
        from orgburo.register.pickers import register_pickers
        from orgburo.register.selectors import (
            email_addresses,
            members_within,
            membership_later_records,
            scope_facts,
        )
        from orgburo.register.services.transfers import transfers_overdue_notify

        provide_scope_facts(scope_facts)
        provide_addresses(email_addresses)
        provide_audience(members_within)
        register_pickers()
        later_records_finder(membership_later_records)
        notification_kind(
            "register.transfer_arriving", _("A member is transferred to my unit, or I am")
        )
        notification_kind("register.transfer_overdue", _("A transfer of my unit is overdue"))
        notification_kind(
            "register.correction_asked", _("A member of my unit asks to correct their record")
        )
        notification_kind(
            "register.correction_answered", _("My request to correct my record is answered")
        )
        daily_notices("register", transfers_overdue_notify)

        def home(scope: Scope) -> str | None:
            # Officers start at the tree of what they govern; a member at their own record.
            if scope.is_officer:
                return reverse("register:tree")
            if scope.person_id is not None:
                return reverse("register:person", args=[scope.person_id])
            return None

        start_page(home)
        contribute("navigation", Panel("register/_navigation.html"))
