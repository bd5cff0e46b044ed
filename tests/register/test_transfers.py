"""Transfers between units, as a transfer card works: the sending unit issues it to any unit,
the member is in transit (and counted so) until the receiving unit registers the arrival; and a
backdated move or end that contradicts later records is refused unless confirmed."""

from __future__ import annotations

import datetime as dt

import pytest

from orgburo.core.clock import today
from orgburo.core.errors import ServiceError
from orgburo.core.models import AuditEvent, Notification
from orgburo.register.models import Membership, Transfer
from orgburo.register.selectors import transfer_counts
from orgburo.register.services import (
    membership_admit,
    membership_end,
    membership_move,
    transfer_cancel,
    transfer_issue,
    transfer_register_arrival,
)
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db


def _unit_of(world: World, key: str) -> int:
    spell = Membership.objects.get(person=world.persons[key], ended_on__isnull=True)
    return spell.organisation_id


def test_the_unit_secretary_transfers_a_member_to_a_unit_outside_their_scope(
    world: World,
) -> None:
    secretary = world.client("unit_secretary")
    page = secretary.get(f"/person/{world.persons['member'].pk}/")
    assert "/membership/transfer/" in page.content.decode()
    # The picker offers the far unit by name, though its page is closed to her.
    options = secretary.get(
        "/pick/organisation/",
        {"field": "to_unit", "to_unit__text": "Unit D", "level": "unit", "reach": "all"},
    )
    assert "Unit D" in options.content.decode()
    # A member, who keeps no roll, learns no unit's name that way.
    asked = world.client("member").get(
        "/pick/organisation/",
        {"field": "to_unit", "to_unit__text": "Unit", "level": "unit", "reach": "all"},
    )
    assert "Unit D" not in asked.content.decode() and "Unit A" not in asked.content.decode()
    assert secretary.get(f"/org/{world.orgs['D'].pk}/").status_code == 404
    posted = secretary.post(
        f"/person/{world.persons['member'].pk}/membership/transfer/",
        {"on": today().isoformat(), "to_unit": world.orgs["D"].pk, "note": "Called up"},
    )
    assert posted.status_code == 302, posted.content.decode()
    transfer = Transfer.objects.get(person=world.persons["member"])
    assert transfer.status == "in_transit" and transfer.to_unit == world.orgs["D"]
    assert transfer.due_by == today() + dt.timedelta(days=30)  # rcp-1923 [transfers]
    # Still on the sending unit's roll, marked in transit, and counted so above.
    assert _unit_of(world, "member") == world.orgs["A"].pk
    unit_page = secretary.get(f"/org/{world.orgs['A'].pk}/").content.decode()
    assert "in transit" in unit_page and "1 in transit out" in unit_page
    counts = transfer_counts(world.orgs["G1"], today())
    assert (counts.leaving, counts.arriving, counts.within) == (1, 0, 0)
    assert transfer_counts(world.orgs["G2"], today()).arriving == 1
    assert transfer_counts(world.orgs["C"], today()).within == 1
    # She may not register it in a unit she does not keep; the centre, which keeps D's, does.
    assert secretary.get(f"/transfer/{transfer.pk}/arrive/").status_code == 404
    centre = world.client("centre")
    arrived = centre.post(f"/transfer/{transfer.pk}/arrive/", {"on": today().isoformat()})
    assert arrived.status_code == 302, arrived.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == "arrived" and transfer.arrived_on == today()
    assert _unit_of(world, "member") == world.orgs["D"].pk
    moved = Membership.objects.get(person=world.persons["member"], ended_on__isnull=True)
    assert moved.start_kind == "moved_in" and moved.started_on == today()
    actions = list(
        AuditEvent.objects.filter(
            subject_id=str(transfer.pk), action__startswith="transfer."
        ).values_list("action", flat=True)
    )
    assert sorted(actions) == ["transfer.arrive"] * 2 + ["transfer.issue"] * 2


def test_the_receiving_unit_and_the_member_are_told_and_both_sides_see_the_card(
    world: World,
) -> None:
    transfer = transfer_issue(
        person=world.persons["sibling"], to_unit=world.orgs["A"], on=today(), actor=SYSTEM
    )
    told = set(
        Notification.objects.filter(kind="register.transfer_arriving").values_list(
            "person_id", flat=True
        )
    )
    assert told == {world.persons["unit_secretary"].pk, world.persons["sibling"].pk}
    note = Notification.objects.get(person_id=world.persons["unit_secretary"].pk)
    assert note.params["to"] == "Unit A" and note.url == f"/transfer/{transfer.pk}/"
    for persona in ("unit_secretary", "gubernia_secretary", "centre"):
        page = world.client(persona).get(f"/transfer/{transfer.pk}/")
        assert page.status_code == 200 and "Sosedov" in page.content.decode()
    assert world.client("member").get(f"/transfer/{transfer.pk}/").status_code == 404
    listed = world.client("unit_secretary").get(f"/org/{world.orgs['A'].pk}/transfers/")
    assert "Sosedov" in listed.content.decode()


def test_an_overdue_transfer_is_shown_as_such(world: World) -> None:
    issued = today() - dt.timedelta(days=45)
    transfer_issue(person=world.persons["member"], to_unit=world.orgs["B"], on=issued, actor=SYSTEM)
    assert transfer_counts(world.orgs["U1"], today()).overdue == 1
    page = world.client("gubernia_secretary").get(
        f"/org/{world.orgs['U1'].pk}/transfers/", {"show": "overdue"}
    )
    assert "Chlenov" in page.content.decode() and "overdue" in page.content.decode()
    person = world.client("unit_secretary").get(f"/person/{world.persons['member'].pk}/")
    assert 'id="in-transit"' in person.content.decode()


def test_what_a_transfer_refuses(world: World) -> None:
    member = world.persons["member"]
    with pytest.raises(ServiceError, match="already in Unit A"):
        transfer_issue(person=member, to_unit=world.orgs["A"], on=today(), actor=SYSTEM)
    with pytest.raises(ServiceError, match="not a unit"):
        transfer_issue(person=member, to_unit=world.orgs["U1"], on=today(), actor=SYSTEM)
    transfer = transfer_issue(person=member, to_unit=world.orgs["B"], on=today(), actor=SYSTEM)
    with pytest.raises(ServiceError, match="already in transit"):
        transfer_issue(person=member, to_unit=world.orgs["D"], on=today(), actor=SYSTEM)
    with pytest.raises(ServiceError, match="in transit to Unit B"):
        membership_move(person=member, to_unit=world.orgs["D"], on=today(), actor=SYSTEM)
    with pytest.raises(ServiceError, match="when the transfer was issued"):
        transfer_register_arrival(
            transfer=transfer, on=today() - dt.timedelta(days=1), actor=SYSTEM
        )
    with pytest.raises(ServiceError, match="say why"):
        transfer_cancel(transfer=transfer, reason=" ", actor=SYSTEM)
    transfer_cancel(transfer=transfer, reason="He stays at the works", actor=SYSTEM)
    with pytest.raises(ServiceError, match="this transfer is cancelled"):
        transfer_register_arrival(transfer=transfer, on=today(), actor=SYSTEM)
    assert _unit_of(world, "member") == world.orgs["A"].pk


def test_an_end_of_membership_cancels_the_transfer_under_way(world: World) -> None:
    member = world.persons["member"]
    transfer = transfer_issue(person=member, to_unit=world.orgs["B"], on=today(), actor=SYSTEM)
    membership_end(person=member, on=today(), how="died", actor=SYSTEM)
    transfer.refresh_from_db()
    assert transfer.status == "cancelled" and transfer.cancel_reason == "membership ended (died)"


def test_a_backdated_end_that_contradicts_later_records_names_them_and_needs_confirming(
    world: World,
) -> None:
    secretary = world.persons["unit_secretary"]  # secretary of A since 2025-03-01
    newcomer = world.persons["sibling"]
    membership_end(person=newcomer, on=dt.date(2025, 6, 1), how="dropped_out", actor=SYSTEM)
    membership_admit(
        person=newcomer,
        unit=world.orgs["A"],
        on=dt.date(2025, 7, 1),
        social_category="worker",
        field="economic",
        recommenders=[secretary, world.persons["centre"], world.persons["gubernia_secretary"]],
        actor=SYSTEM,
    )
    with pytest.raises(ServiceError) as refused:
        membership_end(person=secretary, on=dt.date(2025, 1, 1), how="dropped_out", actor=SYSTEM)
    message = refused.value.field_errors["confirm"][0]
    assert "taken up on 2025-03-01" in message and "Unit A" in message
    assert "recommended Sosedov Fyodor for admission on 2025-07-01" in message
    assert Membership.objects.get(person=secretary, ended_on__isnull=True)  # nothing written
    membership_end(
        person=secretary, on=dt.date(2025, 1, 1), how="dropped_out", confirm=True, actor=SYSTEM
    )
    event = AuditEvent.objects.get(action="membership.dropped_out", person_id=secretary.pk)
    assert len(event.data["confirmed_conflicts"]) == 2
    tenure = secretary.tenures.get()
    assert tenure.ended_on == tenure.started_on == dt.date(2025, 3, 1)


def test_a_backdated_move_that_contradicts_a_frozen_roll_names_the_election(
    world: World,
) -> None:
    from tests.elections.conftest import call

    call(world, roll_date=today())  # unit A's election: the member is on its roll
    member = world.persons["member"]
    with pytest.raises(ServiceError, match="on the roll of “Unit secretary”, frozen as of"):
        membership_move(
            person=member, to_unit=world.orgs["B"], on=today() - dt.timedelta(days=3), actor=SYSTEM
        )
    # A move within the same organisation as the election's would not contradict it; a move
    # after the roll's day does not either.
    membership_move(
        person=member,
        to_unit=world.orgs["B"],
        on=today() - dt.timedelta(days=3),
        confirm=True,
        actor=SYSTEM,
    )
    assert AuditEvent.objects.get(action="membership.move").data["confirmed_conflicts"]


def test_the_end_form_shows_the_conflicts_and_the_box_to_confirm(world: World) -> None:
    secretary = world.persons["unit_secretary"]
    client = world.client("gubernia_secretary")
    url = f"/person/{secretary.pk}/membership/end/"
    refused = client.post(url, {"on": "2025-01-01", "how": "dropped_out", "reason": ""})
    page = refused.content.decode()
    assert refused.status_code == 400 and "taken up on 2025-03-01" in page
    assert 'name="confirm"' in page
    confirmed = client.post(
        url, {"on": "2025-01-01", "how": "dropped_out", "reason": "", "confirm": "on"}
    )
    assert confirmed.status_code == 302


def test_the_api_issues_registers_and_lists_transfers(world: World) -> None:
    centre = world.client("centre")
    member = world.persons["member"]
    issued = centre.post(
        f"/api/persons/{member.pk}/transfers",
        {"to_unit_id": world.orgs["D"].pk, "on": today().isoformat()},
        content_type="application/json",
    )
    assert issued.status_code == 201, issued.content
    body = issued.json()
    assert body["status"] == "in_transit" and body["to_unit"] == "Unit D" and not body["overdue"]
    listed = centre.get(f"/api/organisations/{world.orgs['G2'].pk}/transfers").json()
    assert [t["person"] for t in listed["items"]] == [member.full_name]
    gone = world.client("unit_secretary").post(
        f"/api/transfers/{body['id']}/arrive",
        {"on": today().isoformat()},
        content_type="application/json",
    )
    assert gone.status_code == 404
    arrived = centre.post(
        f"/api/transfers/{body['id']}/arrive",
        {"on": today().isoformat()},
        content_type="application/json",
    )
    assert arrived.status_code == 201 and arrived.json()["organisation"] == "Unit D"
    assert centre.get(f"/api/transfers/{body['id']}").json()["status"] == "arrived"


def test_a_refusal_is_given_in_the_readers_language(world: World) -> None:
    client = world.client("unit_secretary")
    client.cookies["django_language"] = "ru"
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    refused = client.post(
        f"/person/{world.persons['member'].pk}/membership/transfer/",
        {"on": tomorrow, "to_unit": world.orgs["D"].pk, "note": ""},
    )
    page = refused.content.decode()
    assert refused.status_code == 400 and f"{tomorrow} ещё не наступило" in page
    assert not Transfer.objects.exists()
