"""The audit's rules on the test organisation, and the run that records them.

The test organisation lives in today's time (the real clock): its posts were filled on
2025-03-01 by election, so every term has run out; units B and D have no secretary.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from orgburo.core.clock import today
from orgburo.core.errors import ServiceError
from orgburo.core.models import AuditEvent
from orgburo.elections.services import election_call
from orgburo.line.models import AuditRun, Finding, RunCount
from orgburo.line.registry import RULES, Context, Found, RuleDataError, rule_params
from orgburo.line.services import audit_run
from orgburo.register.models import Membership, Organisation, Person, Post, Tenure
from orgburo.register.services import (
    membership_admit,
    person_create,
    post_create,
    tenure_appoint,
    tenure_elect,
)
from tests.cadres import trained
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db


def open_findings(rule: str) -> list[Finding]:
    return list(
        Finding.objects.filter(rule=rule, cleared_run__isnull=True)
        .select_related("organisation")
        .order_by("organisation__path")
    )


def names(findings: list[Finding]) -> list[str]:
    return [f.organisation.name for f in findings]


def newcomer(world: World, key: str, unit: str, since: dt.date) -> Person:
    """A candidate of `unit` since `since`."""
    person = person_create(
        family_name=f"Novikov{key}", given_name="Pavel", home=world.orgs[unit], actor=SYSTEM
    )
    membership_admit(
        person=person,
        unit=world.orgs[unit],
        on=since,
        social_category="worker",
        field="party",
        recommenders=[world.persons["centre"], world.persons["gubernia_secretary"]],
        actor=SYSTEM,
    )
    return person


def test_units_without_a_secretary_are_found_and_clear_when_one_is_elected(world: World) -> None:
    first = audit_run(organisation=None, actor=SYSTEM)
    found = open_findings("unit_without_secretary")
    assert names(found) == ["Unit B", "Unit D"]
    assert {f.cause for f in found} == {"never_had"}
    assert found[0].evidence[0]["kind"] == "organisation"

    post = post_create(
        organisation=world.orgs["B"], kind="unit_secretary", on=today(), actor=SYSTEM
    )
    tenure_elect(
        post=post,
        person=trained(world.persons["sibling"]),
        on=today(),
        election_record="General meeting",
        actor=SYSTEM,
    )
    second = audit_run(organisation=None, actor=SYSTEM)
    assert names(open_findings("unit_without_secretary")) == ["Unit D"]
    cleared = Finding.objects.get(rule="unit_without_secretary", organisation=world.orgs["B"])
    assert cleared.cleared_run == second and cleared.first_run == first  # history kept
    still = Finding.objects.get(rule="unit_without_secretary", organisation=world.orgs["D"])
    assert still.first_run == first and still.last_run == second and still.cleared_run is None
    assert second.cleared >= 1 and second.totals["unit_without_secretary"] == 1


def test_an_appointment_is_found_with_its_cause(world: World) -> None:
    # Unit B: Sosedov has had a year's standing since 2019; a newcomer is appointed anyway.
    post_b = post_create(
        organisation=world.orgs["B"], kind="unit_secretary", on=today(), actor=SYSTEM
    )
    sent = newcomer(world, "B", "B", today() - dt.timedelta(days=40))
    tenure_appoint(
        post=post_b,
        person=sent,
        on=today(),
        appointed_by=world.orgs["U1"],
        reason="The committee sends a trained comrade",
        until=today() + dt.timedelta(days=180),
        actor=SYSTEM,
        acknowledge_ineligible=True,
    )
    # Unit D: its only member joined recently, so nobody has the standing: a real obstacle.
    Membership.objects.filter(person=world.persons["other_branch"]).update(
        started_on=today() - dt.timedelta(days=100)
    )
    post_d = post_create(
        organisation=world.orgs["D"], kind="unit_secretary", on=today(), actor=SYSTEM
    )
    tenure_appoint(
        post=post_d,
        person=world.persons["other_branch"],
        on=today(),
        appointed_by=world.orgs["U2"],
        reason="No member has a year's standing",
        until=today() + dt.timedelta(days=180),
        actor=SYSTEM,
        acknowledge_ineligible=True,
    )
    audit_run(organisation=None, actor=SYSTEM)
    found = {f.organisation.name: f for f in open_findings("appointed_not_elected")}
    assert set(found) == {"Unit B", "Unit D"}
    assert found["Unit B"].cause == "preferred_appointment"
    assert found["Unit B"].severity == "high"  # the statute's
    assert found["Unit B"].facts["eligible"] == 1
    assert [e["id"] for e in found["Unit B"].evidence if e["kind"] == "person"] == [
        world.persons["sibling"].pk
    ]
    assert found["Unit D"].cause == "cadre_shortage"
    assert found["Unit D"].severity == "low"  # the statute's obstacle_severity
    assert "No member has a year's standing" in found["Unit D"].evidence[0]["text"]
    # Both appointees lacked the standing when they took office.
    assert names(open_findings("official_without_standing")) == ["Unit B", "Unit D"]
    # Every evidence line is kept in Russian too, for the Russian pages.
    appointment, member = found["Unit B"].evidence
    assert (
        "назначен" in appointment["text_ru"] and "комитетом «Uyezd one»" in appointment["text_ru"]
    )
    assert "The committee sends a trained comrade" in appointment["text_ru"]
    assert member["text_ru"].startswith(world.persons["sibling"].full_name.split()[0])
    assert "в организации с" in member["text_ru"] and "member since" in member["text"]
    lacking = open_findings("official_without_standing")[0].evidence[1]
    assert lacking["text_ru"].startswith("на ") and "требуется" in lacking["text_ru"]


def test_expired_appointments_and_overdue_elections(world: World) -> None:
    post = post_create(
        organisation=world.orgs["B"],
        kind="unit_secretary",
        on=today() - dt.timedelta(days=365),
        actor=SYSTEM,
    )
    tenure_appoint(
        post=post,
        person=trained(world.persons["sibling"]),
        on=today() - dt.timedelta(days=200),
        appointed_by=world.orgs["U1"],
        reason="Until the general meeting",
        until=today() - dt.timedelta(days=20),
        actor=SYSTEM,
    )
    audit_run(organisation=None, actor=SYSTEM)
    expired = open_findings("appointment_expired")
    assert (
        names(expired) == ["Unit B"]
        and expired[0].facts["expired_on"] == (today() - dt.timedelta(days=20)).isoformat()
    )
    # Elected on 2025-03-01 for 6 or 12 months: every term has run out.
    overdue = open_findings("election_overdue")
    assert names(overdue) == ["Centre", "Gubernia one", "Unit A"]
    # Calling the election for Unit A's secretary clears its finding at the next audit.
    now = dt.datetime.now(dt.UTC)
    election_call(
        organisation=world.orgs["A"],
        called_by=world.orgs["A"],
        kind="post",
        post=world.posts["unit_secretary"],
        title="Secretary",
        seats=1,
        method="plurality",
        mode="online",
        roll_date=today(),
        nominations_close=now + dt.timedelta(hours=1),
        voting_opens=now + dt.timedelta(hours=1),
        voting_closes=now + dt.timedelta(hours=2),
        actor=SYSTEM,
    )
    audit_run(organisation=None, actor=SYSTEM)
    assert names(open_findings("election_overdue")) == ["Centre", "Gubernia one"]


def test_a_subtree_audit_touches_only_the_subtree(world: World) -> None:
    audit_run(organisation=None, actor=SYSTEM)
    before = {f.pk: f.last_run_id for f in Finding.objects.all()}
    run = audit_run(organisation=world.orgs["U1"], actor=SYSTEM)
    assert run.scope_path == world.orgs["U1"].path
    for finding in Finding.objects.select_related("organisation"):
        inside = finding.organisation.path.startswith(world.orgs["U1"].path)
        assert (finding.last_run_id == run.pk) == inside, finding.organisation.name
        assert finding.cleared_run_id is None  # nothing outside was cleared
    assert len(before) == Finding.objects.count()
    assert set(run.totals) == set(run.rules)
    assert RunCount.objects.filter(run=run).exists()


def test_a_failing_rule_keeps_its_findings_and_the_others_go_on(world: World) -> None:
    audit_run(organisation=None, actor=SYSTEM)
    kept = open_findings("unit_without_secretary")
    spec = RULES["unit_without_secretary"]

    def broken(ctx: Context) -> list[Found]:
        raise RuleDataError("organisation 999: no level")

    RULES["unit_without_secretary"] = spec.__class__(
        spec.id, broken, spec.params, spec.causes, spec.remedy
    )
    try:
        run = audit_run(organisation=None, actor=SYSTEM)
    finally:
        RULES["unit_without_secretary"] = spec
    assert run.failures == {
        "unit_without_secretary": "unit_without_secretary: organisation 999: no level"
    }
    assert [f.pk for f in open_findings("unit_without_secretary")] == [f.pk for f in kept]
    assert open_findings("election_overdue")  # the other rules were recorded
    assert Finding.objects.filter(last_run=run, rule="election_overdue").exists()


def test_data_a_rule_does_not_expect_is_named(world: World) -> None:
    # Each written behind the services' back, as a broken import or a hand edit would.
    post = world.posts["unit_secretary"]
    Post.objects.filter(pk=post.pk).update(kind="ghost_secretary")
    run = audit_run(organisation=None, actor=SYSTEM)
    assert run.failures["election_overdue"] == (
        f"election_overdue: post {post.pk} (organisation {world.orgs['A'].pk}): "
        "its kind 'ghost_secretary' is not in the statute"
    )
    Post.objects.filter(pk=post.pk).update(kind="unit_secretary")
    tenure = Tenure.objects.get(post=post)
    Tenure.objects.filter(pk=tenure.pk).update(started_on=today() + dt.timedelta(days=3))
    run = audit_run(organisation=None, actor=SYSTEM, rule_ids=["official_without_standing"])
    assert run.failures["official_without_standing"].startswith(
        f"official_without_standing: tenure {tenure.pk}: starts on "
    )
    Organisation.objects.filter(pk=world.orgs["B"].pk).update(level="")
    run = audit_run(organisation=None, actor=SYSTEM, rule_ids=["unit_without_secretary"])
    assert run.failures["unit_without_secretary"] == (
        f"unit_without_secretary: organisation {world.orgs['B'].pk} (Unit B): level '' is not "
        "in the statute (levels are: centre, gubernia, uyezd, unit)"
    )


def test_a_run_is_written_whole_or_not_at_all(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(RunCount.objects, "bulk_create", fail)
    events = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        audit_run(organisation=None, actor=SYSTEM)
    assert AuditRun.objects.count() == 0 and Finding.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_run_overtaken_by_a_later_one_records_nothing(world: World) -> None:
    later = audit_run(organisation=world.orgs["U1"], actor=SYSTEM)
    AuditRun.objects.filter(pk=later.pk).update(
        started_at=later.started_at + dt.timedelta(hours=1)  # began after the next one below
    )
    with pytest.raises(ServiceError, match="a later audit of this subtree finished first"):
        audit_run(organisation=world.orgs["A"], actor=SYSTEM)
    assert AuditRun.objects.count() == 1
    audit_run(organisation=world.orgs["D"], actor=SYSTEM)  # another branch: not overtaken


def test_a_run_is_audit_logged_with_its_actor(world: World) -> None:
    run = audit_run(organisation=world.orgs["G1"], actor=world.users["gubernia_secretary"])
    event = AuditEvent.objects.filter(action="audit.run").get()
    assert event.actor_label == "gubernia_secretary" and event.subject_id == run.pk
    assert event.organisation_id == world.orgs["G1"].pk


def test_re_auditing_one_organisation_costs_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    world: World, django_assert_max_num_queries
) -> None:
    audit_run(organisation=None, actor=SYSTEM)
    # About two queries a rule (twenty-two now) and the run's own bookkeeping, whatever the size.
    with django_assert_max_num_queries(52):
        audit_run(organisation=world.orgs["A"], actor=SYSTEM)


def test_rule_parameters_come_from_the_statute_with_defaults(world: World) -> None:
    from orgburo.core.active_statute import active_statute
    from orgburo.line.statute import audit_rules

    config = audit_rules(active_statute()).rule("unit_without_secretary")
    assert rule_params(config) == {"grace_days": 30}
    assert rule_params(audit_rules(active_statute()).rule("soviet_non_members_below_minimum")) == {
        "min_percent": None
    }
    assert connection.vendor in ("sqlite", "postgresql")
