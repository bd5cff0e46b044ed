"""The kernel's rows of the permission table (tests/permissions.py)."""

from tests.permissions import Route

ROWS = {
    # a login with no record gets a page saying so; everyone else is sent to their work
    "home": Route("get", "", "login", 302, status_for={"outsider": 200}),
}
