"""Register services: each write checks the statute and its data, and either happens whole or not at all."""

import datetime as dt

import pytest

from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.models import AuditEvent
from orgburo.register import services
from orgburo.register.models import Membership, Organisation, OrganisationParent, Person, Tenure
from orgburo.register.selectors import children_as_of, parent_as_of, person_standing, roll_as_of
from tests.cadres import trained
from tests.conftest import SYSTEM, World

DAY = dt.date(2026, 3, 1)


def _new_person(world: World, name: str = "Novikov") -> Person:
    return services.person_create(
        family_name=name,
        given_name="Ivan",
        birth_date=dt.date(1990, 1, 1),
        home=world.orgs["A"],
        actor=SYSTEM,
    )


def _admit_worker(world: World, person: Person, on: dt.date) -> None:
    """Admit to unit A by the workers' route, with the two recommendations it needs."""
    services.membership_admit(
        person=person,
        unit=world.orgs["A"],
        on=on,
        social_category="worker",
        field="economic",
        recommenders=[world.persons["unit_secretary"], world.persons["centre"]],
        actor=SYSTEM,
    )


def test_worker_admission_needs_two_recommenders_of_a_years_standing(world: World) -> None:
    person = _new_person(world)
    with pytest.raises(ServiceError) as refused:
        services.membership_admit(
            person=person,
            unit=world.orgs["A"],
            on=DAY,
            social_category="worker",
            field="economic",
            recommenders=[world.persons["unit_secretary"]],
            actor=SYSTEM,
        )
    assert refused.value.field_errors == {
        "recommenders": ["the route “Workers at the bench” needs 2 recommendations; 1 given"]
    }
    # Chlenov joined in January 2024: two years' standing by March 2026, enough for a worker's route.
    spell = services.membership_admit(
        person=person,
        unit=world.orgs["A"],
        on=DAY,
        social_category="worker",
        field="economic",
        recommenders=[world.persons["unit_secretary"], world.persons["member"]],
        actor=SYSTEM,
    )
    assert spell.status == "candidate" and spell.admission_route == "worker"
    assert spell.recommendations.count() == 2


def test_peasant_route_is_harder(world: World) -> None:
    person = _new_person(world)
    with pytest.raises(ServiceError, match="3 recommendations"):
        services.membership_admit(
            person=person,
            unit=world.orgs["B"],
            on=DAY,
            social_category="peasant",
            field="soviet",
            recommenders=[world.persons["sibling"], world.persons["centre"]],
            actor=SYSTEM,
        )


def test_recommender_without_standing_is_refused(world: World) -> None:
    person = _new_person(world)
    junior = _new_person(world, "Molodoy")
    _admit_worker(world, junior, dt.date(2025, 1, 1))
    with pytest.raises(ServiceError) as refused:
        services.membership_admit(
            person=person,
            unit=world.orgs["A"],
            on=DAY,
            social_category="worker",
            field="economic",
            recommenders=[world.persons["unit_secretary"], junior],
            actor=SYSTEM,
        )
    assert "Molodoy" in refused.value.message and "need 1 years" in refused.value.message


def test_candidate_stage_must_be_served(world: World) -> None:
    person = _new_person(world)
    _admit_worker(world, person, dt.date(2025, 9, 1))
    with pytest.raises(ServiceError, match="5 months served"):
        services.membership_make_member(person=person, on=dt.date(2026, 2, 15), actor=SYSTEM)
    spell = services.membership_make_member(person=person, on=dt.date(2026, 3, 1), actor=SYSTEM)
    assert spell.status == "member" and spell.start_kind == "made_member"
    assert person_standing(person, dt.date(2026, 3, 31)).days == 30


def test_admission_in_the_future_or_to_a_committee_is_refused(world: World) -> None:
    person = _new_person(world)
    recs = [world.persons["unit_secretary"], world.persons["centre"]]
    with pytest.raises(ServiceError) as future:
        services.membership_admit(
            person=person,
            unit=world.orgs["A"],
            on=dt.date(2999, 1, 1),
            social_category="worker",
            field="economic",
            recommenders=recs,
            actor=SYSTEM,
        )
    assert list(future.value.field_errors) == ["on"]
    with pytest.raises(ServiceError) as committee:
        services.membership_admit(
            person=person,
            unit=world.orgs["U1"],
            on=DAY,
            social_category="worker",
            field="economic",
            recommenders=recs,
            actor=SYSTEM,
        )
    assert list(committee.value.field_errors) == ["unit"]
    assert not Membership.objects.filter(person=person).exists()


def test_admitting_twice_is_refused(world: World) -> None:
    with pytest.raises(ServiceError, match="already a member"):
        services.membership_admit(
            person=world.persons["member"],
            unit=world.orgs["A"],
            on=DAY,
            social_category="worker",
            field="economic",
            actor=SYSTEM,
        )


def test_new_person_and_admission_are_all_or_nothing(world: World) -> None:
    before = Person.objects.count()
    with pytest.raises(ServiceError):
        services.person_admit_new(
            unit=world.orgs["A"],
            on=DAY,
            social_category="worker",
            field="economic",
            recommenders=[],
            family_name="Pustoy",
            given_name="Pavel",
            birth_date=dt.date(1990, 1, 1),
            actor=SYSTEM,
        )
    assert Person.objects.count() == before


def test_the_same_person_recorded_twice_is_refused(world: World) -> None:
    _new_person(world)
    with pytest.raises(ServiceError, match="already on the register"):
        _new_person(world)


def test_move_keeps_history_and_changes_the_roll(world: World) -> None:
    member = world.persons["member"]
    services.membership_move(person=member, to_unit=world.orgs["B"], on=DAY, actor=SYSTEM)
    assert member not in [m.person for m in roll_as_of(world.orgs["A"], DAY)]
    assert member in [m.person for m in roll_as_of(world.orgs["A"], DAY - dt.timedelta(days=1))]
    assert member in [m.person for m in roll_as_of(world.orgs["B"], DAY)]
    assert Person.objects.get(pk=member.pk).home_id == world.orgs["B"].pk
    # A move neither adds nor loses standing.
    assert person_standing(member, DAY).days == (DAY - dt.date(2024, 1, 10)).days


def test_expulsion_needs_a_reason_ends_posts_and_resets_standing(world: World) -> None:
    secretary = world.persons["unit_secretary"]
    with pytest.raises(ServiceError) as refused:
        services.membership_end(person=secretary, on=DAY, how="expelled", reason=" ", actor=SYSTEM)
    assert list(refused.value.field_errors) == ["reason"]
    services.membership_end(
        person=secretary, on=DAY, how="expelled", reason="breach of discipline", actor=SYSTEM
    )
    assert Tenure.objects.get(person=secretary).ended_on == DAY
    with pytest.raises(ServiceError, match="was expelled; use readmission"):
        services.membership_admit(
            person=secretary,
            unit=world.orgs["A"],
            on=DAY,
            social_category="worker",
            field="economic",
            actor=SYSTEM,
        )
    services.membership_readmit(
        person=secretary,
        unit=world.orgs["A"],
        on=dt.date(2026, 4, 1),
        field="economic",
        actor=SYSTEM,
    )
    # rcp-1923: after an expulsion earlier years no longer count.
    assert person_standing(secretary, dt.date(2026, 5, 1)).days == 30


def test_election_of_an_ineligible_member_cites_the_rule(world: World) -> None:
    post = world.posts["unit_secretary"]
    tenure = Tenure.objects.get(post=post)
    services.tenure_end(tenure=tenure, on=DAY, reason="term over", actor=SYSTEM)
    newcomer = _new_person(world)
    _admit_worker(world, newcomer, dt.date(2024, 6, 1))
    services.membership_make_member(person=newcomer, on=dt.date(2025, 6, 1), actor=SYSTEM)
    with pytest.raises(ServiceError) as refused:
        services.tenure_elect(
            post=post, person=newcomer, on=DAY, election_record="meeting", actor=SYSTEM
        )
    message = refused.value.field_errors["person"][0]
    assert "9 months" in message and "1 year" in message
    # Recorded anyway when the secretary says so (the audit of the line will show it).
    tenure = services.tenure_elect(
        post=post,
        person=newcomer,
        on=DAY,
        election_record="meeting",
        actor=SYSTEM,
        acknowledge_ineligible=True,
    )
    event = AuditEvent.objects.filter(action="tenure.elected").latest("id")
    assert event.data["eligible"] is False and event.subject_id == tenure.pk


def test_appointment_records_body_reason_and_expiry(world: World) -> None:
    post = world.posts["unit_secretary"]
    services.tenure_end(
        tenure=Tenure.objects.get(post=post), on=DAY, reason="recalled", actor=SYSTEM
    )
    with pytest.raises(ServiceError) as refused:
        services.tenure_appoint(
            post=post,
            person=world.persons["centre"],
            on=DAY,
            appointed_by=world.orgs["B"],
            reason="no member with standing",
            until=dt.date(2026, 9, 1),
            actor=SYSTEM,
        )
    assert list(refused.value.field_errors) == ["appointed_by"]
    tenure = services.tenure_appoint(
        post=post,
        person=trained(world.persons["centre"]),
        on=DAY,
        appointed_by=world.orgs["G1"],
        reason="no member with standing",
        until=dt.date(2026, 9, 1),
        actor=SYSTEM,
    )
    assert (tenure.filled_by, tenure.appointed_by, tenure.appointed_until) == (
        "appointed",
        world.orgs["G1"],
        dt.date(2026, 9, 1),
    )


def test_a_filled_post_is_not_filled_twice(world: World) -> None:
    with pytest.raises(ServiceError, match="filled"):
        services.tenure_elect(
            post=world.posts["unit_secretary"],
            person=world.persons["member"],
            on=DAY,
            election_record="meeting",
            actor=SYSTEM,
            acknowledge_ineligible=True,
        )


def test_two_people_editing_the_same_post_the_second_gets_a_conflict(world: World) -> None:
    post = world.posts["unit_secretary"]
    tenure = Tenure.objects.get(post=post)
    seen_version = post.version  # both secretaries opened the form at this version
    services.tenure_end(tenure=tenure, on=DAY, reason="term over", actor=SYSTEM)
    with pytest.raises(ConflictError, match="someone else changed"):
        services.tenure_elect(
            post=post,
            person=world.persons["member"],
            on=DAY,
            election_record="meeting",
            actor=SYSTEM,
            version=seen_version,
            acknowledge_ineligible=True,
        )
    assert not Tenure.objects.filter(post=post, ended_on__isnull=True).exists()


def test_post_kind_must_belong_to_the_level(world: World) -> None:
    with pytest.raises(ServiceError) as refused:
        services.post_create(
            organisation=world.orgs["A"], kind="gubernia_secretary", on=DAY, actor=SYSTEM
        )
    assert "not of a Party unit" in refused.value.message


def test_organisations_are_founded_at_the_right_level(world: World) -> None:
    with pytest.raises(ServiceError, match="belongs directly under"):
        services.organisation_found(
            name="X",
            level="unit",
            parent=world.orgs["G1"],
            founded_on=DAY,
            setting="village",
            actor=SYSTEM,
        )
    with pytest.raises(ServiceError, match="unknown settings"):
        services.organisation_found(
            name="X",
            level="unit",
            parent=world.orgs["U1"],
            founded_on=DAY,
            setting="spaceship",
            actor=SYSTEM,
        )
    unit = services.organisation_found(
        name="Unit E",
        level="unit",
        parent=world.orgs["U1"],
        founded_on=DAY,
        setting="village",
        actor=SYSTEM,
    )
    assert unit.path.startswith(world.orgs["U1"].path) and unit.depth == 4


def test_reparenting_is_dated(world: World) -> None:
    services.organisation_reparent(
        organisation=world.orgs["U1"], new_parent=world.orgs["G2"], on=DAY, actor=SYSTEM
    )
    before, after = DAY - dt.timedelta(days=1), DAY
    assert parent_as_of(world.orgs["U1"], before) == world.orgs["G1"]
    assert parent_as_of(world.orgs["U1"], after) == world.orgs["G2"]
    assert list(children_as_of(world.orgs["G1"], before)) == [world.orgs["U1"]]
    assert list(children_as_of(world.orgs["G1"], after)) == []
    unit_a = Organisation.objects.get(pk=world.orgs["A"].pk)
    assert unit_a.path.startswith(Organisation.objects.get(pk=world.orgs["G2"].pk).path)
    assert OrganisationParent.objects.filter(organisation=world.orgs["U1"]).count() == 2


def test_merging_moves_members(world: World) -> None:
    services.organisation_dissolve(
        organisation=world.orgs["B"],
        on=DAY,
        reason="merged by uyezd committee",
        merged_into=world.orgs["A"],
        actor=SYSTEM,
    )
    assert world.persons["sibling"] in [m.person for m in roll_as_of(world.orgs["A"], DAY)]
    assert Organisation.objects.get(pk=world.orgs["B"].pk).dissolved_on == DAY


def test_dissolving_with_members_and_nowhere_to_put_them_is_refused(world: World) -> None:
    with pytest.raises(ServiceError, match="still has members"):
        services.organisation_dissolve(
            organisation=world.orgs["B"], on=DAY, reason="x", actor=SYSTEM
        )
