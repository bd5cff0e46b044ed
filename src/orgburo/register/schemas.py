"""API shapes for the register. Inputs are strict: unknown fields and wrong types are 422s."""

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from orgburo.core.api import StrictIn
from orgburo.core.clock import today
from orgburo.register.models import Person, Transfer


class OrganisationOut(Schema):
    id: int
    name: str
    level: str
    setting: str
    founded_on: dt.date
    dissolved_on: dt.date | None
    parent_id: int | None = None
    enterprise: str | None = None
    version: int


class CountsOut(Schema):
    members: int
    candidates: int
    by_category: dict[str, int]
    by_field: dict[str, int]
    organisations_by_level: dict[str, int]


class HolderOut(Schema):
    tenure_id: int
    person_id: int
    name: str
    started_on: dt.date
    filled_by: str
    election_record: str
    appointed_by: str | None
    reason: str
    appointed_until: dt.date | None


class PostOut(Schema):
    id: int
    kind: str
    seats: int
    version: int
    holders: list[HolderOut]


class OrganisationDetailOut(Schema):
    organisation: OrganisationOut
    ancestors: list[OrganisationOut]
    counts: CountsOut
    posts: list[PostOut]
    full_access: bool


class ChildOut(Schema):
    organisation: OrganisationOut
    people: int


class RollEntryOut(Schema):
    person_id: int
    name: str
    status: str
    since: dt.date
    social_category: str
    field: str


class DynamicsOut(Schema):
    day: dt.date
    total: int
    by_value: dict[str, int]


class OrganisationIn(StrictIn):
    name: str = Field(min_length=1, max_length=200)
    level: str
    parent_id: int
    founded_on: dt.date
    setting: str = ""
    enterprise_id: int | None = None


class ReparentIn(StrictIn):
    new_parent_id: int
    on: dt.date
    version: int | None = None


class DissolveIn(StrictIn):
    on: dt.date
    reason: str = Field(min_length=1, max_length=2000)
    merged_into_id: int | None = None
    version: int | None = None


class PersonListOut(Schema):
    id: int
    name: str
    birth_date: dt.date | None
    home: str

    @staticmethod
    def resolve_name(person: Person) -> str:
        return person.full_name

    @staticmethod
    def resolve_home(person: Person) -> str:
        return person.home.name


class SpellOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    status: str
    started_on: dt.date
    ended_on: dt.date | None
    start_kind: str
    end_kind: str
    end_reason: str
    social_category: str
    field: str
    recommenders: list[int]


class TenureOut(Schema):
    id: int
    post_id: int
    kind: str
    organisation_id: int
    organisation: str
    started_on: dt.date
    ended_on: dt.date | None
    filled_by: str
    election_record: str
    appointed_by: str | None
    reason: str
    appointed_until: dt.date | None


class EligibilityOut(Schema):
    post_kind: str
    eligible: bool  # by standing
    rule: str
    reason: str
    # what other apps ask of the holder and the person lacks (the skills a post needs)
    requirements_unmet: list[str] = []


class StandingOut(Schema):
    days: int
    since: dt.date | None
    described: str
    is_member: bool
    is_candidate: bool


class PersonOut(Schema):
    id: int
    family_name: str
    given_name: str
    patronymic: str
    birth_date: dt.date | None
    sex: str
    nationality: str
    literacy: str
    education: str
    email: str
    home_id: int
    version: int


class PersonDetailOut(Schema):
    person: PersonOut
    as_of: dt.date
    standing: StandingOut
    history: list[SpellOut]
    tenures: list[TenureOut]
    eligibility: list[EligibilityOut]


class PersonIn(StrictIn):
    family_name: str = Field(min_length=1, max_length=100)
    given_name: str = Field(min_length=1, max_length=100)
    patronymic: str = Field(default="", max_length=100)
    birth_date: dt.date | None = None
    sex: Literal["", "f", "m"] = ""
    nationality: str = Field(default="", max_length=60)
    literacy: str = ""
    education: str = ""
    email: str = Field(default="", max_length=254)
    home_id: int


class PersonPatch(StrictIn):
    family_name: str | None = Field(default=None, min_length=1, max_length=100)
    given_name: str | None = Field(default=None, min_length=1, max_length=100)
    patronymic: str | None = Field(default=None, max_length=100)
    birth_date: dt.date | None = None
    sex: Literal["", "f", "m"] | None = None
    nationality: str | None = Field(default=None, max_length=60)
    literacy: str | None = None
    education: str | None = None
    email: str | None = Field(default=None, max_length=254)
    version: int


class AdmitIn(StrictIn):
    unit_id: int
    on: dt.date
    social_category: str
    field: str
    recommender_ids: list[int] = []
    as_member: bool = False


class DateIn(StrictIn):
    on: dt.date


class MoveIn(StrictIn):
    to_unit_id: int
    on: dt.date
    confirm: bool = False  # it contradicts later records (the refusal names them), and stands


class EndIn(StrictIn):
    on: dt.date
    how: Literal["dropped_out", "expelled", "died"]
    reason: str = ""
    confirm: bool = False  # it contradicts later records (the refusal names them), and stands


class TransferIn(StrictIn):
    to_unit_id: int  # any open unit of the organisation
    on: dt.date
    note: str = ""


class ArrivalIn(StrictIn):
    on: dt.date
    confirm: bool = False


class TransferCancelIn(StrictIn):
    reason: str


class TransferOut(Schema):
    id: int
    person_id: int
    person: str = Field(alias="person.full_name")
    from_unit_id: int
    from_unit: str = Field(alias="from_unit.name")
    to_unit_id: int
    to_unit: str = Field(alias="to_unit.name")
    issued_on: dt.date
    due_by: dt.date
    status: Literal["in_transit", "arrived", "cancelled"]
    overdue: bool
    arrived_on: dt.date | None
    note: str
    cancel_reason: str

    @staticmethod
    def resolve_overdue(transfer: Transfer) -> bool:
        return transfer.is_overdue(today())


class ReadmitIn(StrictIn):
    unit_id: int
    on: dt.date
    field: str
    reason: str = ""


class ChangeFieldIn(StrictIn):
    field: str
    on: dt.date


class PostIn(StrictIn):
    kind: str
    on: dt.date
    seats: int = Field(default=1, ge=1, le=200)


class TenureIn(StrictIn):
    person_id: int
    on: dt.date
    filled_by: Literal["elected", "appointed", "coopted"]
    election_record: str = Field(default="", max_length=200)
    appointed_by_id: int | None = None
    reason: str = Field(default="", max_length=2000)
    until: dt.date | None = None
    version: int | None = None
    acknowledge_ineligible: bool = False


class TenureEndIn(StrictIn):
    on: dt.date
    reason: str = Field(min_length=1, max_length=200)


class MeOut(Schema):
    username: str
    person_id: int | None
    officer_of: list[int]
    member_of: int | None
