"""Enterprise information: the director of unit A's works informs its factory units; the unit
confirms once and answers; the line finds a factory unit its enterprise has told nothing; bad
input is refused on its field; the pages in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.notifications import inbox_of
from orgburo.enterprises import selectors
from orgburo.enterprises.models import Manager, Receipt
from orgburo.enterprises.services import (
    manager_end,
    manager_record,
    notice_post,
    receipt_answer,
    receipt_confirm,
)
from orgburo.line.models import Finding
from orgburo.line.services import audit_run
from orgburo.register.models import Enterprise
from tests.conftest import SYSTEM, World
from tests.enterprises.factories import a_notice, petrovsky_works

pytestmark = pytest.mark.django_db


def test_the_director_informs_the_unit_which_confirms_once_and_answers(world: World) -> None:
    notice = a_notice(world)
    receipt = Receipt.objects.get(notice=notice)
    assert receipt.unit_id == world.orgs["A"].pk
    # The unit's secretary (its officer) is told; the director who wrote it is not.
    assert inbox_of(world.persons["unit_secretary"].pk).filter(kind="enterprises.informed").exists()
    receipt_confirm(receipt=receipt, actor=world.users["unit_secretary"])
    with pytest.raises(ConflictError):
        receipt_confirm(receipt=receipt, actor=world.users["unit_secretary"])
    receipt_answer(
        receipt=receipt,
        text="Why is the wage fund not raised?",
        actor=world.users["unit_secretary"],
    )
    assert inbox_of(world.persons["member"].pk).filter(kind="enterprises.informed").count() == 1
    notices = list(selectors.notices_of(notice.enterprise))
    assert [(n.units, n.confirmed) for n in notices] == [(1, 1)]


def test_bad_input_is_refused_on_its_field(world: World) -> None:
    enterprise = petrovsky_works(world)
    for topic, title, text, field in [
        ("weather", "A", "B", "topic"),
        ("plan", " ", "B", "title"),
        ("plan", "A", "", "text"),
        ("plan", "A" * 201, "B", "title"),
    ]:
        with pytest.raises(ServiceError) as refused:
            notice_post(
                enterprise=enterprise,
                author=world.persons["member"],
                topic=topic,
                title=title,
                text=text,
                actor=SYSTEM,
            )
        assert field in refused.value.field_errors, (topic, title, text)
    lonely = Enterprise.objects.create(name="A mine with no unit", town="Yuzovka")
    with pytest.raises(ServiceError) as refused:
        notice_post(
            enterprise=lonely,
            author=world.persons["member"],
            topic="plan",
            title="A",
            text="B",
            actor=SYSTEM,
        )
    assert "enterprise" in refused.value.field_errors
    with pytest.raises(ConflictError):  # one director at a time
        manager_record(
            person=world.persons["sibling"],
            role=Manager.Role.DIRECTOR,
            enterprise=enterprise,
            started_on=dt.date(2024, 1, 1),
            actor=SYSTEM,
        )


def test_the_line_finds_a_factory_unit_left_uninformed(world: World) -> None:
    petrovsky_works(world)
    audit_run(organisation=None, actor=SYSTEM)
    found = Finding.objects.get(rule="enterprise_uninformed", cleared_at__isnull=True)
    assert found.organisation_id == world.orgs["A"].pk and found.cause == "never"
    a_notice(world)
    audit_run(organisation=None, actor=SYSTEM)
    assert not Finding.objects.filter(rule="enterprise_uninformed", cleared_at__isnull=True)


def test_a_director_who_leaves_can_no_longer_post(world: World) -> None:
    enterprise = petrovsky_works(world)
    client = world.client("member")
    assert client.get(f"/enterprise/{enterprise.pk}/inform/").status_code == 200
    manager_end(
        manager=Manager.objects.get(person=world.persons["member"]),
        ended_on=dt.date.today(),
        actor=SYSTEM,
    )
    assert client.get(f"/enterprise/{enterprise.pk}/inform/").status_code == 404


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_pages(world: World, language: str) -> None:
    notice = a_notice(world)
    director = world.client("member")
    director.cookies["django_language"] = language
    page = director.get(f"/enterprise/{notice.enterprise_id}/").content.decode()
    assert "The December plan" in page
    assert ("Inform the units" if language == "en" else "Сообщить ячейкам") in page
    response = director.post(
        f"/enterprise/{notice.enterprise_id}/inform/",
        {"topic": "wages", "title": "", "text": "Wages are paid on the 5th."},
    )
    assert response.status_code == 400  # the title is missing: said on its field, nothing sent
    assert selectors.notices_of(notice.enterprise).count() == 1
    secretary = world.client("unit_secretary")
    secretary.cookies["django_language"] = language
    unit_page = secretary.get(f"/org/{world.orgs['A'].pk}/").content.decode()
    assert "Petrovsky works" in unit_page and "The December plan" in unit_page
    page = secretary.get(f"/enterprise/notice/{notice.pk}/").content.decode()
    receipt = Receipt.objects.get(notice=notice)
    assert f"/enterprise/receipt/{receipt.pk}/confirm/" in page
    assert secretary.post(f"/enterprise/receipt/{receipt.pk}/confirm/").status_code == 302
    receipt.refresh_from_db()
    assert receipt.confirmed_at is not None
    person_page = director.get(f"/person/{world.persons['member'].pk}/").content.decode()
    assert "Petrovsky works" in person_page  # the director finds the enterprise from their record
