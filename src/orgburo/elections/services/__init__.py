"""Every write of an election: call, nominate, answer, open the vote, vote, close and count,
enter a meeting's count. Each runs in one transaction with an audit event. The checks they
make before writing (who may stand, the slate, receipts) are reads, in selectors.py.

Services trust that the caller may act (views and the API check permissions first) but check
everything about the election itself, and raise ServiceError naming the field and the rule.
One module per stage: calling (call, nominate, answers, open the vote), voting, closing (close,
count, cancel, a meeting's count, the daily notices); every public service is importable here.
"""

from __future__ import annotations

from orgburo.elections.services._common import ONE_CHOICE, RANKED
from orgburo.elections.services.calling import (
    Opened,
    candidacy_answer,
    candidacy_nominate,
    candidacy_record_answer,
    election_call,
    election_open_voting,
)
from orgburo.elections.services.closing import (
    election_cancel,
    election_close,
    election_enter_count,
    elections_daily_notify,
)
from orgburo.elections.services.voting import ballot_cast

__all__ = [
    "ONE_CHOICE",
    "RANKED",
    "Opened",
    "ballot_cast",
    "candidacy_answer",
    "candidacy_nominate",
    "candidacy_record_answer",
    "election_call",
    "election_cancel",
    "election_close",
    "election_enter_count",
    "election_open_voting",
    "elections_daily_notify",
]
