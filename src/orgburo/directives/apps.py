from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    """Direction down the tree: bulletins (to read) and directives (to carry out, with an
    execution report from each addressee by a deadline) sent by a committee to part of its
    subtree; delivery, read receipts and acknowledgements rolled up by branch, reminders, and
    what the members of an addressed organisation see of it."""

    name = "orgburo.directives"
    label = "directives"
    verbose_name = "directives"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from orgburo.core.contributions import Link, Panel, contribute, record_page
        from orgburo.core.daily import daily_notices
        from orgburo.core.notifications import notification_kind
        from orgburo.core.tree import on_subtree_moved
        from orgburo.directives.counts import counts_move
        from orgburo.directives.services import NOT_SENT, RECEIVED, REMINDER, directives_remind

        notification_kind(RECEIVED, _("A bulletin or directive reached my organisation"))
        notification_kind(REMINDER, _("A directive still to acknowledge"))
        notification_kind(NOT_SENT, _("A directive of my committee could not be sent"))
        daily_notices("directives", directives_remind)
        on_subtree_moved(counts_move)
        contribute("organisation.actions", Link(_("Directives"), "directives:list", when="full"))
        contribute("organisation.posts", Panel("directives/_member_link.html"))
        contribute("finding.panels", Panel("directives/_finding_remedy.html"))
        record_page("directives.directive", "directives:directive")
