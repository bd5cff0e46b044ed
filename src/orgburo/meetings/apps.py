from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Meetings, built once for every body that meets: called by an organisation with an
    agenda and the persons asked to come; held, with who came (by field of work), the minutes
    and the decisions, each decision an assignment to the organisations that carry it out."""

    name = "orgburo.meetings"
    label = "meetings"
    verbose_name = "meetings"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from orgburo.core.contributions import record_page
        from orgburo.core.notifications import notification_kind

        record_page("meetings.meeting", "meetings:meeting")
        notification_kind("meetings.called", _("A meeting you are asked to attend"))
