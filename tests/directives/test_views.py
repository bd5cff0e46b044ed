"""The directive pages as the centre, a gubernia secretary, a unit secretary and a member use
them, in both languages: sending (refusals on their fields), reading and acknowledging, the
execution report, a member's word, the rates by branch with drill-down, files; pages outside
one's scope answer 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from orgburo.assignments.models import Assignment, AssignmentComment
from orgburo.core.clock import today
from orgburo.directives.addressing import Addressing
from orgburo.directives.models import Delivery, Directive
from orgburo.directives.services import directive_send
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% plan\n"


def _form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "directive",
        "title_en": "On internal democracy",
        "body_en": "Hold an **open** meeting of the unit.",
        "title_ru": "О внутрипартийной демократии",
        "body_ru": "Провести открытое собрание ячейки.",
        "deadline": (today() + dt.timedelta(days=20)).isoformat(),
        "levels": ["unit"],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _sent(world: World, **changes: Any) -> Directive:
    options: dict[str, Any] = {
        "sender": world.orgs["C"],
        "kind": "directive",
        "texts": {
            "en": ("On internal democracy", "Hold an open meeting."),
            "ru": ("О демократии", "Собрание."),
        },
        "addressing": Addressing(levels=("unit",)),
        "deadline": today() + dt.timedelta(days=20),
        "actor": SYSTEM,
        **changes,
    }
    return directive_send(**options)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_centre_sends_a_directive_with_a_file(world: World, language: str) -> None:
    client = world.client("centre")
    client.cookies["django_language"] = language
    url = f"/org/{world.orgs['C'].pk}/directives/new/"
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert ("Red Army" if language == "en" else "Красноармейская") in page
    response = client.post(url, {**_form(), "attachments": SimpleUploadedFile("plan.pdf", PDF)})
    assert response.status_code == 302
    directive = Directive.objects.get()
    assert response["Location"] == f"/directive/{directive.pk}/"
    assert directive.status == Directive.Status.SENT
    assert Delivery.objects.filter(directive=directive).count() == 3
    page = client.get(response["Location"]).content.decode()
    title = "On internal democracy" if language == "en" else "О внутрипартийной демократии"
    assert title in page
    assert "<strong>open</strong>" in page or "открытое" in page
    assert 'id="rates-by-child"' in page
    assert "Gubernia one" in page
    assert page.count('id="rates-by-child"') == 1 and 'id="execution-summary"' in page
    (file,) = directive.attachments.all()
    download = client.get(f"/directive/file/{file.pk}/")
    assert download.content == PDF
    assert download["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("changes", "field", "said"),
    [
        (
            {"title_en": "", "title_ru": "", "body_en": "", "body_ru": ""},
            "title_en",
            "give it a title",
        ),
        ({"deadline": "yesterday"}, "deadline", "must not be in the past"),
        ({"deadline": ""}, "deadline", "needs a deadline"),
        ({"levels": ["centre"]}, "levels", "is not one of"),
    ],
)
def test_a_refused_directive_says_which_field_and_keeps_the_text(
    world: World, changes: dict[str, Any], field: str, said: str
) -> None:
    client = world.client("centre")
    if changes.get("deadline") == "yesterday":  # the day is read when the test runs
        changes = {"deadline": (today() - dt.timedelta(days=1)).isoformat()}
    response = client.post(f"/org/{world.orgs['C'].pk}/directives/new/", _form(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert said in page
    assert not Directive.objects.exists()
    if changes.get("title_en") != "":
        assert "Hold an **open** meeting of the unit." in page


def test_a_file_of_the_wrong_kind_is_refused(world: World) -> None:
    client = world.client("centre")
    response = client.post(
        f"/org/{world.orgs['C'].pk}/directives/new/",
        {**_form(), "attachments": SimpleUploadedFile("plan.pdf", b"MZ not a pdf")},
    )
    assert response.status_code == 400
    assert "is not a .pdf file inside" in response.content.decode()
    assert not Directive.objects.exists()


def test_the_unit_reads_acknowledges_and_reports(world: World) -> None:
    directive = _sent(world)
    client = world.client("unit_secretary")
    listed = client.get(f"/org/{world.orgs['A'].pk}/directives/").content.decode()
    assert "On internal democracy" in listed and "not read" in listed
    page = client.get(f"/directive/{directive.pk}/").content.decode()
    assert "Acknowledge" in page
    delivery = Delivery.objects.get(directive=directive, organisation=world.orgs["A"])
    assert delivery.read_at is not None
    answer = client.post(
        f"/directive/{directive.pk}/acknowledge/", {"organisation": world.orgs["A"].pk}
    )
    assert answer.status_code == 302
    delivery.refresh_from_db()
    assert delivery.acknowledged_at is not None
    again = client.post(
        f"/directive/{directive.pk}/acknowledge/", {"organisation": world.orgs["A"].pk}, follow=True
    )
    assert "acknowledged already" in again.content.decode()
    assignment = Assignment.objects.get(source_id=directive.pk, organisation=world.orgs["A"])
    report_url = f"/directive/assignment/{assignment.pk}/report/"
    bad = client.post(
        report_url, {"outcome": "done", "text": "Held.", "figures": "meetings held two"}
    )
    assert bad.status_code == 400 and "line 1" in bad.content.decode()
    done = client.post(
        report_url,
        {"outcome": "partly", "text": "Held in two shops of three.", "figures": "meetings held: 2"},
    )
    assert done.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.outcome, assignment.on_time) == ("partly", True)
    centre = world.client("centre").get(f"/directive/{directive.pk}/").content.decode()
    assert "1 of 3 reported" in centre


def test_a_member_sees_it_and_says_whether_it_was_done(world: World) -> None:
    directive = _sent(world)
    restricted = _sent(world, restricted=True)
    client = world.client("member")
    org_page = client.get(f"/org/{world.orgs['A'].pk}/").content.decode()
    assert f"/org/{world.orgs['A'].pk}/directives/" in org_page
    listed = client.get(f"/org/{world.orgs['A'].pk}/directives/").content.decode()
    assert f"/directive/{directive.pk}/" in listed
    assert f"/directive/{restricted.pk}/" not in listed
    assert client.get(f"/directive/{restricted.pk}/").status_code == 404
    page = client.get(f"/directive/{directive.pk}/").content.decode()
    assert "Acknowledge" not in page and 'id="rates"' not in page
    assert 'name="verdict"' in page and "No member has said anything yet." in page
    assignment = Assignment.objects.get(source_id=directive.pk, organisation=world.orgs["A"])
    said = client.post(
        f"/directive/assignment/{assignment.pk}/comment/",
        {"verdict": "not_done", "text": "No meeting was called."},
    )
    assert said.status_code == 302
    assert AssignmentComment.objects.get().person_id == world.persons["member"].pk
    # a member cannot report on its execution
    assert client.get(f"/directive/assignment/{assignment.pk}/report/").status_code == 404


def test_pages_outside_the_scope_answer_404(world: World) -> None:
    directive = _sent(world)
    outsider = world.client("outsider")
    assert outsider.get(f"/directive/{directive.pk}/").status_code == 404
    gubernia = world.client("gubernia_secretary")
    page = gubernia.get(f"/directive/{directive.pk}/").content.decode()
    assert "Below Gubernia one" in page  # her part of the tree, by default
    assert (
        gubernia.get(f"/directive/{directive.pk}/?within={world.orgs['U2'].pk}").status_code == 404
    )
    assert (
        gubernia.get(f"/directive/{directive.pk}/?within={world.orgs['U1'].pk}").status_code == 200
    )
    assert gubernia.get(f"/org/{world.orgs['G1'].pk}/directives/new/").status_code == 200
    assert (
        world.client("unit_secretary").get(f"/org/{world.orgs['A'].pk}/directives/new/").status_code
        == 404
    )
    assert gubernia.get(f"/org/{world.orgs['G2'].pk}/directives/").status_code == 404
    from orgburo.core.uploads import Upload

    restricted = _sent(world, restricted=True, attachments=[Upload("plan.pdf", PDF)])
    (file,) = restricted.attachments.all()
    assert world.client("member").get(f"/directive/file/{file.pk}/").status_code == 404
    assert world.client("unit_secretary").get(f"/directive/file/{file.pk}/").status_code == 200
