"""Import applies whole or not at all and lists every bad row; export neutralises formulas."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from orgburo.core.scope import Scope, scope_for_user
from orgburo.core.spreadsheets import neutralise, write_csv, write_xlsx
from orgburo.register.models import Membership, Person
from orgburo.register.transfer import ImportRejected, export_rows, import_file
from tests.conftest import SYSTEM, World

HEADER = (
    "family_name,given_name,patronymic,birth_date,sex,unit,status,since,social_category,field\n"
)


def _csv(world: World, *rows: str) -> bytes:
    text = HEADER + "".join(
        row.format(A=world.orgs["A"].pk, B=world.orgs["B"].pk, D=world.orgs["D"].pk) + "\n"
        for row in rows
    )
    return text.encode("utf-8")


def test_a_clean_file_is_loaded(world: World) -> None:
    content = _csv(
        world,
        "Новикова,Мария,Петровна,1901-02-03,f,{A},candidate,2026-01-05,worker,economic",
        "Орлов,Пётр,,1899-12-31,m,{B},member,2020-06-01,peasant,soviet",
    )
    result = import_file(
        name="roll.csv", content=content, scope=Scope(user_id=None, superuser=True), actor=SYSTEM
    )
    assert result.totals["persons"] == 2
    novikova = Person.objects.get(family_name="Новикова")
    assert (
        novikova.home_id == world.orgs["A"].pk and novikova.search_name == "новикова мария петровна"
    )
    assert Membership.objects.get(person=novikova).status == "candidate"


def test_every_bad_row_is_listed_and_nothing_is_written(world: World) -> None:
    before = Person.objects.count()
    content = _csv(
        world,
        "Good,Row,,1901-01-01,m,{A},member,2020-01-01,worker,economic",
        "Future,Date,,1901-01-01,m,{A},member,2999-01-01,worker,economic",
        "Unknown,Unit,,1901-01-01,m,424242,member,2020-01-01,worker,economic",
        "Bad,Category,,1901-01-01,m,{A},member,2020-01-01,nobleman,economic",
        "Good,Row,,1901-01-01,m,{A},member,2020-01-01,worker,economic",
        "Not,Adate,,01/02/1901,m,{A},member,2020-01-01,worker,economic",
        ",Nameless,,1901-01-01,m,{A},member,2020-01-01,worker,economic",
        "Tsentrov,Pyotr,,1880-01-01,m,{A},member,2020-01-01,worker,economic",
    )
    with pytest.raises(ImportRejected) as rejected:
        import_file(
            name="roll.csv",
            content=content,
            scope=Scope(user_id=None, superuser=True),
            actor=SYSTEM,
        )
    reported = [(p.row, p.column) for p in rejected.value.problems]
    assert reported == [
        (3, "since"),
        (4, "unit"),
        (5, "social_category"),
        (6, "family_name"),
        (7, "birth_date"),
        (8, "family_name"),
        (9, "family_name"),
    ]
    assert "the same person as row 2" in str(rejected.value.problems[3])
    assert "already on the register" in str(rejected.value.problems[6])
    assert Person.objects.count() == before


def test_missing_columns_and_wrong_encoding(world: World) -> None:
    scope = Scope(user_id=None, superuser=True)
    with pytest.raises(ImportRejected, match="problem") as missing:
        import_file(
            name="x.csv", content=b"family_name,given_name\nA,B\n", scope=scope, actor=SYSTEM
        )
    assert "missing column(s): field, since, social_category, status, unit" in str(
        missing.value.problems[0]
    )
    with pytest.raises(ImportRejected) as encoding:
        import_file(
            name="x.csv",
            content=HEADER.encode() + "Ёлкин".encode("cp1251") + b",x\n",
            scope=scope,
            actor=SYSTEM,
        )
    assert "not UTF-8" in str(encoding.value.problems[0])
    with pytest.raises(ImportRejected, match="problem"):
        import_file(name="x.txt", content=b"", scope=scope, actor=SYSTEM)


def test_a_unit_outside_the_callers_scope_is_unknown(world: World) -> None:
    scope = scope_for_user(world.users["unit_secretary"])
    content = _csv(world, "Dalny,Ivan,,1901-01-01,m,{D},member,2020-01-01,peasant,military")
    with pytest.raises(ImportRejected) as rejected:
        import_file(
            name="roll.csv", content=content, scope=scope, actor=world.users["unit_secretary"]
        )
    assert "in your scope" in str(rejected.value.problems[0])


def test_xlsx_round_trip(world: World) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(
        [
            "Xlsxov",
            "Ivan",
            "",
            "1900-05-05",
            "m",
            world.orgs["A"].pk,
            "member",
            "2021-01-01",
            "worker",
            "party",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    result = import_file(
        name="roll.xlsx",
        content=out.getvalue(),
        scope=Scope(user_id=None, superuser=True),
        actor=SYSTEM,
    )
    assert result.totals["persons"] == 1
    with pytest.raises(ImportRejected, match="problem"):
        import_file(
            name="broken.xlsx",
            content=b"not a zip",
            scope=Scope(user_id=None, superuser=True),
            actor=SYSTEM,
        )


def test_export_neutralises_formulas(world: World) -> None:
    Person.objects.filter(pk=world.persons["member"].pk).update(
        family_name='=HYPERLINK("http://x")'
    )
    data = write_csv(export_rows(world.orgs["A"], world.orgs["A"].founded_on.replace(year=2026)))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r[1] for r in rows if r[1].startswith("'")] == ['\'=HYPERLINK("http://x")']
    book = load_workbook(io.BytesIO(write_xlsx([["=1+1", "+7", "-3", "@x", "plain"]])))
    values = [c.value for c in next(book.active.iter_rows())]
    assert values == ["'=1+1", "'+7", "'-3", "'@x", "plain"]
    assert neutralise("Ivanov") == "Ivanov"


def test_export_is_the_subtree_only(world: World) -> None:
    rows = list(export_rows(world.orgs["U1"], world.orgs["A"].founded_on.replace(year=2026)))
    names = {r[1] for r in rows[1:]}
    assert "Dalnev" not in names and {"Chlenov", "Sosedov"} <= names


def test_an_import_names_what_it_added_in_the_audit_log(world: World) -> None:
    from orgburo.core.models import AuditEvent

    content = _csv(world, "Записев,Иван,,1901-02-03,m,{A},member,2020-01-05,worker,economic")
    import_file(
        name="roll.csv", content=content, scope=Scope(user_id=None, superuser=True), actor=SYSTEM
    )
    event = AuditEvent.objects.filter(action="register.load").latest("id")
    first, last = event.data["id_ranges"]["person"]
    assert Person.objects.get(family_name="Записев").pk == first == last
