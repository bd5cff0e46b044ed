"""Reads for the elections pages and API: lists, the candidates and who may stand, the slate's
share of non-members, receipts, results, and which posts are due for election."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from orgburo.core.active_statute import active_statute
from orgburo.core.clock import now, today
from orgburo.core.dates import add_months, latest_start
from orgburo.core.errors import ServiceError
from orgburo.core.i18n import current_language
from orgburo.core.later_records import MembershipChange
from orgburo.core.pdf import NoFont
from orgburo.core.tree import ancestor_paths, subtree_q
from orgburo.elections.models import Ballot, Candidacy, Election, VoteCast, Voter
from orgburo.elections.paper import paper_ballots
from orgburo.engine.ballots import BallotFileError, Profile, read_blt, read_csv
from orgburo.register.models import Membership, Organisation, Person, Post, Tenure
from orgburo.register.selectors import paths_left, person_eligibility

OPEN_STATUSES = (Election.Status.NOMINATION, Election.Status.VOTING)
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed


def elections_of(org: Organisation) -> QuerySet[Election]:
    return (
        Election.objects.filter(organisation=org)
        .select_related("organisation", "post")
        .order_by("-voting_closes", "-pk")
    )


def candidates(election: Election) -> QuerySet[Candidacy]:
    return (
        Candidacy.objects.filter(election=election)
        .select_related("person", "nominated_by")
        .order_by("person__sort_name", "pk")
    )


def ballot_names(election: Election) -> list[str]:
    """The candidates standing, as the ballot and the count name them, in alphabetical order."""
    names = candidate_names(election)
    return sorted(names.values())


def paper_ballots_pdf(election: Election, copies: int | None = None) -> bytes:
    """The paper ballots of a paper vote (as many as the roll by default), once the list of
    candidates is fixed; ServiceError otherwise."""
    if election.mode != Election.Mode.PAPER or election.status != Election.Status.VOTING:
        raise ServiceError(
            "paper ballots are printed for a paper vote, once its candidates are fixed",
            field="copies",
        )
    try:
        return paper_ballots(election, ballot_names(election), copies or election.roll_size)
    except NoFont as exc:
        raise ServiceError(str(exc), field="copies") from None


def is_counted(election: Election) -> bool:
    """Results exist only after the vote closes; nothing about the count shows before."""
    return election.result is not None


def receipts(election: Election) -> QuerySet[Ballot]:
    """The public list of receipts, after the count (in receipt order: no other order exists)."""
    if not is_counted(election):
        return Ballot.objects.none()
    return Ballot.objects.filter(election=election).order_by("receipt")


def has_voted(election: Election, person_id: int | None) -> bool:
    return (
        person_id is not None
        and VoteCast.objects.filter(election=election, person_id=person_id).exists()
    )


def turnout(election: Election) -> int:
    """How many have voted so far (never how): what the organiser watches during the vote."""
    return VoteCast.objects.filter(election=election).count()


def may_close(election: Election, voted: int, early_close: bool) -> bool:
    """Whether closing the online vote now would be accepted (so the button is offered):
    its time is up, or the whole roll has voted, or the statute allows an early close."""
    moment = now()
    if election.status != Election.Status.VOTING or moment < election.voting_opens:
        return False
    return moment >= election.voting_closes or voted >= election.roll_size or early_close


# --- who may stand, and the slate ---------------------------------------------------------


def nominee_check(
    election: Election, person: Person, language: str = "en"
) -> tuple[bool, str, bool]:
    """Whether the person may stand: (eligible, the rule and numbers, is a member). The reason
    a nominee may stand is in `language`; a refusal, raised by the service, is in English."""
    spell = (
        Membership.objects.filter(person=person, ended_on__isnull=True)
        .select_related("organisation")
        .first()
    )
    is_member = spell is not None and spell.status == "member"
    organisation = election.organisation
    if not person.home.path.startswith(organisation.path) and not (
        spell is not None and spell.organisation.path.startswith(organisation.path)
    ):
        # Also what keeps a nomination from putting a stranger's name on a public list.
        return False, f"{person.full_name} does not belong to {organisation.name}", is_member
    if election.kind == Election.Kind.SOVIET:
        with translation.override(language):
            if is_member:
                why = _("%(name)s is a member; a slate to a soviet may include both")
            else:
                why = _(
                    "%(name)s is not a member (non-party); a slate to a soviet may include both"
                )
        return True, why % {"name": person.full_name}, is_member
    if spell is None or not is_member:
        status = "a candidate for membership" if spell is not None else "not a member"
        return False, f"{person.full_name} is {status}; only full members may stand", False
    if not spell.organisation.path.startswith(election.organisation.path):
        return (
            False,
            f"{person.full_name} is a member of {spell.organisation.name}, "
            f"outside {election.organisation.name}",
            True,
        )
    if not election.post_kind:
        with translation.override(language):
            why = _("%(name)s is a full member of the organisation")
        return True, why % {"name": person.full_name}, True
    eligibility = person_eligibility(person, election.post_kind, election.held_on, language)
    return eligibility.eligible, eligibility.reason, True


@dataclass(frozen=True)
class NonMemberShare:
    """How many of a slate (or of those elected) are not party members, against a minimum."""

    non_members: int
    of: int

    @property
    def percent(self) -> float:
        return 100 * self.non_members / self.of if self.of else 0.0

    def meets(self, minimum_percent: float) -> bool:
        return self.percent >= minimum_percent


def non_member_share(is_member: Iterable[bool]) -> NonMemberShare:
    """The share of non-members among people given by whether each is a member."""
    flags = list(is_member)
    return NonMemberShare(non_members=sum(1 for member in flags if not member), of=len(flags))


def slate_warnings(election: Election, candidacies: Sequence[Candidacy]) -> list[str]:
    """The statute's minimum share of non-members on a slate to a soviet, before the vote."""
    if election.kind != Election.Kind.SOVIET or not election.min_non_member_percent:
        return []
    standing = [c for c in candidacies if c.status == Candidacy.Status.ACCEPTED]
    if not standing:
        return []
    share = non_member_share(c.is_member for c in standing)
    minimum = election.min_non_member_percent
    if share.meets(minimum):
        return []
    return [
        f"the slate has {share.non_members} non-member(s) of {share.of} candidates "
        f"({share.percent:.0f} %); the statute asks for at least {minimum} %"
    ]


def elected_non_member_check(election: Election, winners: Sequence[int]) -> dict[str, Any]:
    """After a vote to a soviet: the share of non-members elected against the statute's minimum
    (the report: "far fewer non-party people are being elected")."""
    share = non_member_share(
        Candidacy.objects.filter(pk__in=winners).values_list("is_member", flat=True)
    )
    return {
        "elected": share.of,
        "non_members": share.non_members,
        "percent": round(share.percent, 1),
        "minimum_percent": election.min_non_member_percent,
        "met": share.meets(election.min_non_member_percent),
    }


# --- receipts, ballot files and names ----------------------------------------------------


def receipt_check(election_id: int, body: str) -> str:
    """The two check letters of a receipt's first ten (keyed, so a receipt cannot be made up)."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{election_id}:{body}".encode(), hashlib.sha256
    ).digest()
    return RECEIPT_ALPHABET[digest[0] % 32] + RECEIPT_ALPHABET[digest[1] % 32]


def receipt_new(election_id: int) -> str:
    """A fresh receipt: ten random letters and digits, then their two check letters."""
    body = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    return body + receipt_check(election_id, body)


def receipt_normalise(election_id: int, text: str) -> str:
    """The receipt as stored, or ServiceError if it is not one this election could have issued."""
    code = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(code) != 12 or any(ch not in RECEIPT_ALPHABET for ch in code):
        raise ServiceError(
            "a receipt is 12 letters and digits, e.g. ABCD-EFGH-JK23", field="receipt"
        )
    if not hmac.compare_digest(code[10:], receipt_check(election_id, code[:10])):
        raise ServiceError(
            "this is not a receipt of this election (mistyped or altered)", field="receipt"
        )
    return code


def profile_from_file(text: str, file_name: str, candidates: list[str]) -> Profile:
    """The ballots of an uploaded BLT or CSV file, for a count entered by hand; ServiceError
    naming the problem if the file is not this election's ballots."""
    try:
        if file_name.lower().endswith(".blt"):
            profile = read_blt(text, file_name)
            if sorted(profile.candidates) != sorted(candidates):
                raise ServiceError(
                    "the file's candidates are not this election's: "
                    + ", ".join(sorted(set(profile.candidates) ^ set(candidates))),
                    field="ballots_file",
                )
            return profile
        return read_csv(text, file_name, candidates)
    except BallotFileError as exc:
        raise ServiceError(str(exc), field="ballots_file") from None


def candidate_names(election: Election) -> dict[int, str]:
    """Candidacy id -> the name the count uses (unique, so namesakes stay apart)."""
    rows = Candidacy.objects.filter(pk__in=election.lot_order).select_related("person")
    names: dict[int, str] = {}
    taken: set[str] = set()
    for c in sorted(rows, key=lambda c: c.pk):
        name = c.person.full_name
        if name in taken:
            name = f"{name} ({c.pk})"
        taken.add(name)
        names[c.pk] = name
    return names


# --- what is due -------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """A post whose holder's term has run out (or whose appointment has expired)."""

    post: Post
    tenure: Tenure
    due_on: dt.date
    why: str


def election_in_progress(post: str = "post_id") -> Exists:
    """An election called for the post (`post`: the lookup to its id) and not yet decided."""
    return Exists(Election.objects.filter(post_id=OuterRef(post), status__in=OPEN_STATUSES))


def tenure_due_on(
    *, filled_by: str, started_on: dt.date, appointed_until: dt.date | None, term_months: int | None
) -> dt.date:
    """The day a tenure's post falls due for election, due from that day on: the day an
    appointment runs to, or for any other holder the day the statute's term runs out
    (`term_months` of the post kind after the start). `due_q` says the same in SQL."""
    if filled_by == Tenure.FilledBy.APPOINTED and appointed_until is not None:
        return appointed_until
    if term_months is None:
        raise ValueError("a tenure that is not an appointment with an end needs its term")
    return add_months(started_on, term_months)


def due_q(
    on: dt.date,
    terms: Mapping[str, int],
    *,
    terms_by: dt.date | None = None,
    appointments_by: dt.date | None = None,
) -> Q:
    """Tenures whose post is due for election, the days being `tenure_due_on`'s: held on `on`,
    on a post not abolished, with no election for it under way, and a term that ran out by
    `terms_by` or an appointment that ran out by `appointments_by` (None: not those).
    `terms` maps a post kind to its term in months; posts of other kinds are not due by term."""
    appointed = Q(filled_by=Tenure.FilledBy.APPOINTED, appointed_until__isnull=False)
    due = Q(pk__in=[])
    if appointments_by is not None:
        due |= appointed & Q(appointed_until__lte=appointments_by)
    if terms_by is not None:
        ran_out = Q(pk__in=[])
        for kind, months in terms.items():
            ran_out |= Q(post__kind=kind, started_on__lte=latest_start(terms_by, months))
        due |= ~appointed & ran_out
    held = Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    return held & Q(post__abolished_on__isnull=True) & due & Q(~election_in_progress())


def elections_due(org: Organisation, on: dt.date | None = None) -> list[Due]:
    """Posts in the subtree whose election is due or overdue and not yet called: an elected
    holder past the statute's term, or an appointment past its expiry."""
    on = on or today()
    terms = {kind.code: kind.term_months for kind in active_statute().post_kinds}
    tenures = (
        Tenure.objects.filter(subtree_q(org.path, "post__organisation__path"))
        .filter(due_q(on, terms, terms_by=on, appointments_by=on))
        .select_related("post__organisation", "person")
        .order_by("post__organisation__path", "post__kind")
    )
    due = []
    for tenure in tenures:
        months = terms.get(tenure.post.kind)
        due_on = tenure_due_on(
            filled_by=tenure.filled_by,
            started_on=tenure.started_on,
            appointed_until=tenure.appointed_until,
            term_months=months,
        )
        if tenure.filled_by == Tenure.FilledBy.APPOINTED and tenure.appointed_until:
            due.append(Due(tenure.post, tenure, due_on, "the appointment has expired"))
        else:
            due.append(Due(tenure.post, tenure, due_on, f"the {months}-month term has run out"))
    return due


@dataclass(frozen=True)
class Standing:
    election: Election
    eligible: bool
    reason: str


def person_elections(person: Person) -> dict[str, Any]:
    """A member's own view: elections they may vote in now, and open nominations they may
    (or may not, with the reason) stand in."""
    rolls = Voter.objects.filter(person=person, election__status=Election.Status.VOTING)
    voting = [
        (v.election, has_voted(v.election, person.pk))
        for v in rolls.select_related("election__organisation").order_by("election__voting_closes")
    ]
    home = person.home
    above = Q(organisation__path__in=ancestor_paths(home.path))
    standing = [
        Standing(election, *nominee_check(election, person, current_language())[:2])
        for election in Election.objects.filter(above, status=Election.Status.NOMINATION)
        .select_related("organisation")
        .order_by("nominations_close")[:20]
    ]
    return {"voting": voting, "standing": standing}


def rolls_later_records(change: MembershipChange) -> list[str]:
    """Rolls frozen as of the day of a backdated move or end, or later, with the person on
    them, in organisations they would no longer be under."""
    frozen = (
        Voter.objects.filter(
            person_id=change.person_id,
            election__roll_date__gte=change.on,
            election__organisation__path__in=paths_left(change),
        )
        .exclude(election__status=Election.Status.CANCELLED)
        .select_related("election")
        .order_by("election__roll_date", "election_id")
    )
    return [
        _("on the roll of “%(title)s”, frozen as of %(day)s")
        % {"title": voter.election.shown_title, "day": voter.election.roll_date.isoformat()}
        for voter in frozen
    ]
