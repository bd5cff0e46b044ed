"""A person's e-mail address: kept where given, refused with its field named where malformed."""

import json

import pytest

from orgburo.core.errors import ServiceError
from orgburo.core.scope import Scope
from orgburo.register import services
from orgburo.register.models import Person
from orgburo.register.transfer import ImportRejected, import_file
from tests.conftest import SYSTEM, World


def test_an_address_is_kept_and_its_domain_folded(world: World) -> None:
    person = services.person_create(
        family_name="Pochtova",
        given_name="Anna",
        email=" anna.P@Example.ORG ",
        home=world.orgs["A"],
        actor=SYSTEM,
    )
    assert Person.objects.get(pk=person.pk).email == "anna.P@example.org"
    services.person_update(person=person, changes={"email": ""}, actor=SYSTEM)
    assert Person.objects.get(pk=person.pk).email == ""


@pytest.mark.parametrize("bad", ["anna", "anna@", "@example.org", "a b@example.org"])
def test_a_malformed_address_is_refused_with_its_field(world: World, bad: str) -> None:
    with pytest.raises(ServiceError) as refused:
        services.person_create(
            family_name="Pochtova", given_name="Anna", email=bad, home=world.orgs["A"], actor=SYSTEM
        )
    assert list(refused.value.field_errors) == ["email"]
    assert not Person.objects.filter(family_name="Pochtova").exists()


def test_the_api_refuses_a_malformed_address_and_changes_nothing(world: World) -> None:
    person = world.persons["member"]
    response = world.client("unit_secretary").patch(
        f"/api/persons/{person.pk}",
        json.dumps({"email": "not-an-address", "version": person.version}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "email" in response.json()["errors"]
    assert Person.objects.get(pk=person.pk).email == ""


def test_the_form_keeps_an_address_and_refuses_a_bad_one(world: World) -> None:
    person = world.persons["member"]
    client = world.client("unit_secretary")
    page = client.get(f"/person/{person.pk}/edit/")
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["email"] = "nope"
    refused = client.post(f"/person/{person.pk}/edit/", data)
    assert refused.status_code == 400 and refused.context["form"].errors["email"]
    data["email"] = "member@example.org"
    assert client.post(f"/person/{person.pk}/edit/", data).status_code == 302
    assert Person.objects.get(pk=person.pk).email == "member@example.org"


def test_an_import_lists_a_bad_address_and_loads_a_good_one(world: World) -> None:
    header = "family_name,given_name,birth_date,email,unit,status,since,social_category,field\n"
    unit = world.orgs["A"].pk
    bad = header + f"Pochtov,Ivan,1900-01-01,ivan@,{unit},member,2020-01-01,worker,economic\n"
    with pytest.raises(ImportRejected) as rejected:
        import_file(
            name="roll.csv",
            content=bad.encode(),
            scope=Scope(user_id=None, superuser=True),
            actor=SYSTEM,
        )
    assert [(p.row, p.column) for p in rejected.value.problems] == [(2, "email")]
    good = (
        header
        + f"Pochtov,Ivan,1900-01-01,ivan@example.org,{unit},member,2020-01-01,worker,economic\n"
    )
    import_file(
        name="roll.csv",
        content=good.encode(),
        scope=Scope(user_id=None, superuser=True),
        actor=SYSTEM,
    )
    assert Person.objects.get(family_name="Pochtov").email == "ivan@example.org"
