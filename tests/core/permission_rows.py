"""The kernel's rows of the permission table (tests/permissions.py)."""

from tests.permissions import Route

ROWS = {
    # a login with no record gets a page saying so; everyone else is sent to their work
    # the API's schema and docs page: for signed-in users (anonymous: to the sign-in page)
    "api:openapi-json": Route("get", "", "login", 200, status_for={"anonymous": 302}),
    "api:openapi-view": Route("get", "", "login", 200, status_for={"anonymous": 302}),
    "home": Route("get", "", "login", 302, status_for={"outsider": 200}),
    # the inbox is a person's: a login with no record has none
    "inbox": Route("get", "", "login", 200, status_for={"outsider": 404}),
    "inbox_choices": Route("get", "", "login", 200, status_for={"outsider": 404}),
    "inbox_count": Route("get", "", "login", 200),
    # a picker's search with nothing typed: an empty list for anyone signed in
    "pick": Route("get", "", "login", 200, path="person", path_kwarg="source"),
}
