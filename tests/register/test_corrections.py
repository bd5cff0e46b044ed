"""A member asks for their own record to be corrected; the secretary of their unit accepts (the
record changes) or refuses with a reason; the member is told. Only the person asks, only one who
keeps the roll answers, never their own request; bad input is refused on its field."""

from __future__ import annotations

import datetime as dt

import pytest

from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.notifications import inbox_of
from orgburo.register.models import Correction, Person
from orgburo.register.services import correction_ask, correction_decide
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db


def _ask(world: World, **kwargs: object) -> Correction:
    member = world.persons["member"]
    arguments = {
        "person": member,
        "by": member,
        "field": "birth_date",
        "proposed": "1898-03-14",
        "reason": "The unit wrote my brother's date.",
        "actor": SYSTEM,
        **kwargs,
    }
    return correction_ask(**arguments)  # type: ignore[arg-type]


def test_a_correction_accepted_changes_the_record(world: World) -> None:
    asked = _ask(world)
    assert asked.current == "1883-01-01" and asked.status == "pending"
    secretary = world.persons["unit_secretary"].pk
    assert inbox_of(secretary).filter(kind="register.correction_asked").count() == 1
    with pytest.raises(ConflictError):
        _ask(world, proposed="1898-03-15")  # one request for a field at a time
    done = correction_decide(correction=asked, accept=True, answer="", actor=SYSTEM)
    assert done.status == "accepted"
    assert Person.objects.get(pk=world.persons["member"].pk).birth_date == dt.date(1898, 3, 14)
    assert inbox_of(world.persons["member"].pk).filter(kind="register.correction_answered").exists()
    with pytest.raises(ConflictError):
        correction_decide(correction=asked, accept=False, answer="No.", actor=SYSTEM)


def test_a_refusal_needs_a_reason_and_changes_nothing(world: World) -> None:
    asked = _ask(world, field="family_name", proposed="Chlenova")
    with pytest.raises(ServiceError) as refused:
        correction_decide(correction=asked, accept=False, answer=" ", actor=SYSTEM)
    assert set(refused.value.field_errors) == {"answer"}
    correction_decide(
        correction=asked, accept=False, answer="The passport says Chlenov.", actor=SYSTEM
    )
    assert Person.objects.get(pk=world.persons["member"].pk).family_name == "Chlenov"


def test_bad_requests_are_refused_on_their_field(world: World) -> None:
    cases = [
        ({"by": world.persons["centre"]}, "person"),  # someone else's record
        ({"field": "home"}, "field"),
        ({"reason": ""}, "reason"),
        ({"proposed": "14.03.1898"}, "proposed"),
        ({"proposed": "2999-01-01"}, "proposed"),
        ({"field": "given_name", "proposed": ""}, "proposed"),
        ({"field": "literacy", "proposed": "fluent in Latin"}, "proposed"),
        ({"field": "email", "proposed": "not-an-address"}, "proposed"),
        ({"field": "family_name", "proposed": "Chlenov"}, "proposed"),  # what it says already
    ]
    for kwargs, field in cases:
        with pytest.raises(ServiceError) as refused:
            _ask(world, **kwargs)
        assert set(refused.value.field_errors) == {field}, kwargs
    assert not Correction.objects.exists()


def test_the_pages_for_the_member_and_the_secretary(world: World) -> None:
    member = world.persons["member"]
    own = world.client("member")
    assert "/corrections/new/" in own.get(f"/person/{member.pk}/").content.decode()
    response = own.post(
        f"/person/{member.pk}/corrections/new/",
        {"field": "literacy", "proposed": "", "reason": "I read and write."},
    )
    assert response.status_code == 400  # what the record says already ("" → "")
    literacy = world.client("member").get(f"/person/{member.pk}/corrections/new/").content.decode()
    assert "What is wrong" in literacy
    response = own.post(
        f"/person/{member.pk}/corrections/new/",
        {"field": "patronymic", "proposed": "Ivanovich", "reason": "It was left out."},
    )
    assert response.status_code == 302
    asked = Correction.objects.get()
    centre = world.client("centre")
    assert (
        world.client("member")
        .get(f"/person/{world.persons['centre'].pk}/corrections/new/")
        .status_code
        == 404
    )
    assert own.get(f"/correction/{asked.pk}/answer/").status_code == 404  # not one's own
    secretary = world.client("unit_secretary")
    page = secretary.get(f"/person/{member.pk}/").content.decode()
    assert f"/correction/{asked.pk}/answer/?accept=1" in page
    refused = secretary.post(f"/correction/{asked.pk}/answer/", {"accept": "0", "answer": ""})
    assert refused.status_code == 400
    done = secretary.post(f"/correction/{asked.pk}/answer/", {"accept": "1", "answer": ""})
    assert done.status_code == 302
    assert Person.objects.get(pk=member.pk).patronymic == "Ivanovich"
    assert centre.get(f"/person/{member.pk}/").status_code == 200


def test_the_api_of_ones_own_view(world: World) -> None:
    member = world.persons["member"]
    world.client("centre").get(f"/person/{member.pk}/")
    own = world.client("member")
    (read,) = own.get(f"/api/persons/{member.pk}/reads").json()
    assert read["reader"] == "Tsentrov Pyotr"
    assert world.client("centre").get(f"/api/persons/{member.pk}/reads").status_code == 404
    asked = own.post(
        f"/api/persons/{member.pk}/corrections",
        {"field": "birth_date", "proposed": "14.03.1898", "reason": "Wrong."},
        content_type="application/json",
    )
    assert asked.status_code == 400 and "proposed" in asked.json()["errors"]
    asked = own.post(
        f"/api/persons/{member.pk}/corrections",
        {"field": "birth_date", "proposed": "1898-03-14", "reason": "Wrong."},
        content_type="application/json",
    )
    assert asked.status_code == 201, asked.content
    pk = asked.json()["id"]
    secretary = world.client("unit_secretary")
    assert [c["id"] for c in secretary.get(f"/api/persons/{member.pk}/corrections").json()] == [pk]
    refused = secretary.post(
        f"/api/corrections/{pk}/decision", {"accept": False}, content_type="application/json"
    )
    assert refused.status_code == 400 and "answer" in refused.json()["errors"]
    done = secretary.post(
        f"/api/corrections/{pk}/decision", {"accept": True}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "accepted"


def test_too_long_or_stale_corrections_are_refused(world: World) -> None:
    with pytest.raises(ServiceError) as refused:
        _ask(world, field="family_name", proposed="Ch" * 60)  # the record holds 100
    assert set(refused.value.field_errors) == {"proposed"}
    asked = _ask(world, field="nationality", proposed="Russian")
    Person.objects.filter(pk=world.persons["member"].pk).update(nationality="Ukrainian")
    with pytest.raises(ConflictError):
        correction_decide(correction=asked, accept=True, answer="", actor=SYSTEM)
    assert Person.objects.get(pk=world.persons["member"].pk).nationality == "Ukrainian"
