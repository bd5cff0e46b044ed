from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "orgburo.elections"
    label = "elections"
    verbose_name = "elections"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from orgburo.core.contributions import Link, Panel, contribute, record_page
        from orgburo.core.daily import daily_notices
        from orgburo.core.later_records import later_records_finder
        from orgburo.core.middleware import allow_large_body
        from orgburo.core.notifications import notification_kind
        from orgburo.elections.pickers import register_pickers
        from orgburo.elections.selectors import rolls_later_records
        from orgburo.elections.services import elections_daily_notify

        register_pickers()
        later_records_finder(rolls_later_records)
        notification_kind("elections.nominated", _("I am nominated in an election"))
        notification_kind("elections.vote_opened", _("A vote I am on the roll of opens"))
        notification_kind("elections.counted", _("An election I voted in is counted"))
        notification_kind(
            "elections.closing_tomorrow", _("A vote I have not voted in closes tomorrow")
        )
        notification_kind(
            "elections.falling_due", _("A post in my organisation falls due for election")
        )
        daily_notices("elections", elections_daily_notify)

        contribute("organisation.posts", Link(_("Elections"), "elections:election_list"))
        contribute("person.panels", Panel("elections/_person_panel.html"))
        contribute("finding.panels", Panel("elections/_finding_remedy.html"))
        record_page("elections.election", "elections:election")
        # The count takes a whole ballot file as text in its JSON (ballots_file, up to 50 MB).
        allow_large_body(r"^/api/elections/\d+/count$")
