"""The e-mails that carry invitations (Django's mail backend: the console unless SMTP is set)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from orgburo.access.services import Issued

log = logging.getLogger(__name__)


def invitation_link(code: str) -> str:
    return f"{settings.ORGBURO_BASE_URL}/invite/{code}/"


def entry_page() -> str:
    """Where a code from a slip is typed in."""
    return f"{settings.ORGBURO_BASE_URL}/invite/"


def send_invitations(issued: Sequence[Issued]) -> int:
    """Mail each invitation its link; a failure is logged by the invitation's number alone (no
    address, no name, no code) and the others go on. How many were sent."""
    sent = 0
    for item in issued:
        context = {
            "person": item.person,
            "link": invitation_link(item.code),
            "entry": entry_page(),
            "code": item.shown_code,
            "expires": item.invitation.expires_at,
            "first": item.person.user_id is None,
        }
        try:
            send_mail(
                _("Your sign-in to orgburo"),
                render_to_string("access/invitation_mail.txt", context),
                None,
                [item.person.email],
            )
        except Exception as exc:  # an unreachable server must not lose the rest
            log.warning("invitation %s: mail not sent (%s)", item.invitation.pk, type(exc).__name__)
        else:
            sent += 1
    return sent
