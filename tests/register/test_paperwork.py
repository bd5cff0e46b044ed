"""The unit's paperwork: the roll as a file (PDF, CSV, XLSX) as its page shows it, and a card."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from orgburo.core import clock
from orgburo.register import paperwork
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_the_roll_as_csv_follows_the_date_and_the_order_shown(world: World) -> None:
    client = world.client("unit_secretary")
    unit = world.orgs["A"]
    response = client.get(f"/org/{unit.pk}/roll.csv", {"sort": "since", "page": "2"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["No.", "Name", "Born", "Status"]
    names = [row[1] for row in rows[1:]]
    # By date of joining, the oldest first: the whole roll, whatever page the screen was on.
    assert names == ["Tsentrov Pyotr", "Gubkina Anna", "Sekretarev Ivan", "Chlenov Semyon"]
    assert rows[1][5:] == ["Worker", "Party work"]
    past = client.get(f"/org/{unit.pk}/roll.csv", {"on": "1915-01-01"})  # as of that day
    assert [r[1] for r in csv.reader(io.StringIO(past.content.decode("utf-8-sig")))][1:] == [
        "Gubkina Anna",
        "Tsentrov Pyotr",
    ]


def test_the_roll_in_russian_and_as_a_workbook(world: World) -> None:
    client = world.client("unit_secretary")
    client.cookies["django_language"] = "ru"
    response = client.get(f"/org/{world.orgs['A'].pk}/roll.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in next(sheet.iter_rows())]
    assert header[1] == "Имя"
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert len(values) == 4 and values[0][5] == "Рабочий"


def test_the_roll_prints_on_as_many_pages_as_it_needs(world: World) -> None:
    unit = world.orgs["A"]
    header = paperwork.roll_rows(unit, clock.today(), ("person__family_name",))[0]
    long_name = "Konstantinopolsky-Dobrovolsky Aleksandr Aleksandrovich"
    body = [
        [str(n), long_name, "1900-01-01", "member", "1920-01-01", "Worker", "Party work"]
        for n in range(1, 101)
    ]
    per_page = int((paperwork.ROLL_BOTTOM - paperwork.ROLL_TOP) / paperwork.ROLL_LINE)
    assert pages(paperwork.roll_pdf(unit, clock.today(), [header, *body])) == -(-100 // per_page)
    assert pages(paperwork.roll_pdf(unit, clock.today(), [header])) == 1  # an empty roll: a page


def test_only_those_who_see_the_roll_get_it(world: World) -> None:
    unit = world.orgs["A"]
    assert world.client("member").get(f"/org/{unit.pk}/roll.pdf").status_code == 404
    assert (
        world.client("unit_secretary").get(f"/org/{world.orgs['B'].pk}/roll.csv").status_code == 404
    )
    assert (
        world.client("gubernia_secretary").get(f"/org/{world.orgs['U1'].pk}/roll.csv").status_code
        == 404
    )
    assert world.client("unit_secretary").get(f"/org/{unit.pk}/roll.doc").status_code == 404
    pdf = world.client("gubernia_secretary").get(f"/org/{unit.pk}/roll.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pages(pdf.content) == 1


def test_a_members_card_is_printed_by_whoever_keeps_the_roll(world: World) -> None:
    member = world.persons["member"]
    card = world.client("unit_secretary").get(f"/person/{member.pk}/card.pdf")
    assert card.status_code == 200 and card.content.startswith(b"%PDF")
    assert card["Content-Disposition"] == f'attachment; filename="card-{member.pk}.pdf"'
    assert world.client("member").get(f"/person/{member.pk}/card.pdf").status_code == 404
    other = world.persons["other_branch"]
    assert world.client("unit_secretary").get(f"/person/{other.pk}/card.pdf").status_code == 404


def test_the_roll_sorts_ukrainian_names_in_the_alphabets_order(world: World) -> None:
    from orgburo.register.services import person_update

    # Give unit A's four the names of a Ukrainian unit (the roll is ordered by them).
    for key, family in zip(
        ("centre", "gubernia_secretary", "unit_secretary", "member"),
        ("Єрмак", "Іваненко", "Андрієнко", "Ґудзь"),
        strict=True,
    ):
        person = world.persons[key]
        person_update(
            person=person, changes={"family_name": family}, version=person.version, actor=SYSTEM
        )
    rows = list(
        csv.reader(
            io.StringIO(
                world.client("unit_secretary")
                .get(f"/org/{world.orgs['A'].pk}/roll.csv")
                .content.decode("utf-8-sig")
            )
        )
    )
    assert [r[1].split()[0] for r in rows[1:]] == ["Андрієнко", "Ґудзь", "Єрмак", "Іваненко"]
