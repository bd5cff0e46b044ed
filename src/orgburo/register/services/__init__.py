"""Every write to the register. Each service runs in one transaction and records an audit event.

Services trust that the caller may act (views, API and CLI check permissions first) but
check everything about the data itself and raise ServiceError with the field and reason.
One module per subject: organisations (and trusts, enterprises), memberships, tenures (and
posts), persons (and logins), corrections a person asks for, transfers; every public service is importable from here.
"""

from __future__ import annotations

from orgburo.register.services.corrections import correction_ask, correction_decide
from orgburo.register.services.memberships import (
    membership_admit,
    membership_change_field,
    membership_end,
    membership_make_member,
    membership_move,
    membership_readmit,
)
from orgburo.register.services.organisations import (
    enterprise_create,
    organisation_dissolve,
    organisation_found,
    organisation_reparent,
    trust_create,
)
from orgburo.register.services.persons import (
    person_admit_new,
    person_create,
    person_grant_login,
    person_update,
)
from orgburo.register.services.tenures import (
    end_open_tenures,
    post_create,
    tenure_appoint,
    tenure_coopt,
    tenure_elect,
    tenure_end,
)
from orgburo.register.services.transfers import (
    transfer_cancel,
    transfer_issue,
    transfer_register_arrival,
)

__all__ = [
    "correction_ask",
    "correction_decide",
    "end_open_tenures",
    "enterprise_create",
    "membership_admit",
    "membership_change_field",
    "membership_end",
    "membership_make_member",
    "membership_move",
    "membership_readmit",
    "organisation_dissolve",
    "organisation_found",
    "organisation_reparent",
    "person_admit_new",
    "person_create",
    "person_grant_login",
    "person_update",
    "post_create",
    "tenure_appoint",
    "tenure_coopt",
    "tenure_elect",
    "tenure_end",
    "transfer_cancel",
    "transfer_issue",
    "transfer_register_arrival",
    "trust_create",
]
