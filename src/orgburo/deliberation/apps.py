from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    """Discussion with limits: questions raised in a personal capacity or by a body, discussed
    under a policy's window and limits, proposals open to comments, amendments and
    counter-proposals, removals only for a statute reason and open to appeal, a vote and a
    decision whose assignments follow."""

    name = "orgburo.deliberation"
    label = "deliberation"
    verbose_name = "deliberation"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from orgburo.core.contributions import Link, contribute, record_page
        from orgburo.core.daily import scheduled_task
        from orgburo.core.notifications import notification_kind
        from orgburo.core.tree import on_subtree_moved
        from orgburo.deliberation.selectors import where_moved

        # Told to all the members a question reaches: by e-mail only to those who ask.
        notification_kind("deliberation.question", _("Questions for discussion"), by_email=False)
        notification_kind("deliberation.removed", _("Removals of your contributions"))
        notification_kind("deliberation.appeal", _("Appeals against removals"))
        record_page("deliberation.question", "deliberation:question")
        on_subtree_moved(where_moved)
        contribute("organisation.posts", Link(_("Questions"), "deliberation:list"))
        contribute("organisation.posts", Link(_("General meetings"), "deliberation:meetings"))
        # The vote follows the discussion's close, and the decision the vote's, within a minute.
        scheduled_task(
            "orgburo: questions advance", "orgburo.deliberation.tasks.advance", "* * * * *"
        )
