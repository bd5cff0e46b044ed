"""Logins' rows of the permission table (tests/permissions.py): invitations are issued by those
who manage the person or the roll; one's account is one's own; an invitation's page is for
whoever holds the code (anyone may open it: without a code it shows only the code form)."""

from __future__ import annotations

from tests.permissions import ORG_TARGETS, PEOPLE, Route

OPEN = {"anonymous": 200}  # pages for those not signed in yet


def _anyone(persona: str, target: str) -> bool:
    return True


def _nobody(persona: str, target: str) -> bool:
    return False


ROWS: dict[str, Route] = {
    "access:issue_login": Route("get", "person", "manage", 200, PEOPLE),
    "access:revoke_invitation": Route("post", "person", "manage", 302, PEOPLE),
    "access:issue_logins": Route("get", "org", "manage", 200, ORG_TARGETS),
    "access:account": Route("get", "", "login", 200),
    "access:password_change": Route("get", "", "login", 200),
    "access:end_other_sessions": Route("post", "", "login", 302),
    # someone else's token, or none: 404 for everyone (one's own are tested in test_tokens.py)
    "access:revoke_token": Route("post", "", _nobody, 404, path="999999", path_kwarg="pk"),
    "access:invitation": Route("get", "", _anyone, 200, status_for=OPEN),
    "access:invitation_link": Route(
        "get", "", _anyone, 302, path="ABCDEFGHJKMNPQRS", path_kwarg="code"
    ),
    "access:password_reset": Route("get", "", _anyone, 200, status_for=OPEN),
    "access:login": Route("get", "", _anyone, 200, status_for=OPEN),
    "access:unlock_signin": Route("post", "person", "manage", 302, PEOPLE),
}

ROWS |= {
    "access:reset_two_factor": Route("post", "person", "manage", 302, PEOPLE),
    "access:two_factor": Route("get", "", "login", 200),
    # without a code: back to the two-factor page with a message
    "access:two_factor_confirm": Route("post", "", "login", 302),
    # with no password step behind it: back to the sign-in page, for everyone
    "access:signin_code": Route("get", "", _anyone, 302, status_for={"anonymous": 302}),
}
