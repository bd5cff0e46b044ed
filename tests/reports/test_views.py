"""The report pages as a unit secretary and a committee use them, in both languages: the form
pre-filled from the register, refusals on their element, drafts, corrections, accept and
return, the committee's rates, chase list and roll-up; fixed query counts."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from orgburo.reports.models import Report
from tests.baselines import query_counts
from tests.conftest import World
from tests.reports.helpers import GOOD, last_month, month_before, submit

pytestmark = pytest.mark.django_db


def _url(world: World, key: str = "A") -> str:
    return f"/org/{world.orgs[key].pk}/reports/unit_monthly/{last_month()}/"


def _typed(**changes: object) -> dict[str, str]:
    values = {**GOOD, **changes}
    data = {}
    for code, value in values.items():
        if value is None:
            continue
        data[f"values.{code}"] = (
            ("yes" if value else "no") if isinstance(value, bool) else str(value)
        )
    return data


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_form_is_prefilled_from_the_register(world: World, language: str) -> None:
    client = world.client("unit_secretary")
    client.cookies["django_language"] = language
    page = client.get(_url(world)).content.decode()
    assert 'name="values.members" value="4"' in page
    said = "the register says 4" if language == "en" else "по учёту: 4"
    assert said in page
    label = "General meetings held" if language == "en" else "Проведено общих собраний"
    assert label in page


def test_a_refused_report_keeps_what_was_typed_and_names_the_element(world: World) -> None:
    client = world.client("unit_secretary")
    response = client.post(_url(world), _typed(attendance=9, questions="many"))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="many"' in page and 'value="9"' in page
    assert escape("Average attendance cannot be more than") in page
    assert "a whole number is needed" in page
    assert not Report.objects.exists()


def test_draft_then_submit_then_correct(world: World) -> None:
    client = world.client("unit_secretary")
    response = client.post(_url(world), {**_typed(questions="many"), "draft": "1"})
    assert response.status_code == 302
    assert Report.objects.get().status == Report.Status.DRAFT
    assert client.post(_url(world), _typed()).status_code == 302
    assert Report.objects.get().status == Report.Status.SUBMITTED
    refused = client.post(_url(world), _typed(questions=8))
    assert (
        refused.status_code == 400
        and "say why the submitted report is corrected" in refused.content.decode()
    )
    done = client.post(_url(world), {**_typed(questions=8), "reason": "recounted"})
    assert done.status_code == 302
    page = client.get(_url(world)).content.decode()
    assert 'id="versions"' in page and "recounted" in page


def test_the_committee_returns_and_accepts(world: World) -> None:
    report = submit(world.orgs["A"])
    unit = world.client("unit_secretary")
    assert 'id="decide"' not in unit.get(_url(world)).content.decode()
    committee = world.client("gubernia_secretary")
    assert 'id="decide"' in committee.get(_url(world)).content.decode()
    committee.post(
        f"/report/{report.pk}/return/", {"comment": "Attendance?", "version": report.version}
    )
    assert Report.objects.get().status == Report.Status.RETURNED
    assert "Attendance?" in unit.get(_url(world)).content.decode()
    unit.post(_url(world), {**_typed(attendance=2), "reason": "fixed"})
    report.refresh_from_db()
    committee.post(f"/report/{report.pk}/accept/", {"version": report.version})
    assert Report.objects.get().status == Report.Status.ACCEPTED
    assert 'id="entry"' not in unit.get(_url(world)).content.decode()  # locked


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_committee_sees_its_rates_chase_list_and_rollup(world: World, language: str) -> None:
    submit(world.orgs["A"])
    client = world.client("gubernia_secretary")
    client.cookies["django_language"] = language
    page = client.get(
        f"/org/{world.orgs['G1'].pk}/reports/", {"period": last_month()}
    ).content.decode()
    assert 'id="rates-by-child"' in page and "Uyezd one" in page
    summary = page.split('id="rates-summary"')[1].split("</p>")[0]
    assert ("1 of 2 submitted" if language == "en" else "1 из 2") in summary
    chase = page.split('id="chase"')[1].split("</table>")[0]
    assert "Unit B" in chase and "Unit A" not in chase
    assert ("never" if language == "en" else "никогда") in chase


def test_a_committee_sees_its_reports_over_the_last_periods(world: World) -> None:
    month = last_month()
    submit(world.orgs["A"], period=month_before(month, 2), values={"members": 7})
    submit(world.orgs["A"], values={"members": 5})
    submit(world.orgs["B"], values={"members": 3})
    page = world.client("gubernia_secretary").get(
        f"/org/{world.orgs['G1'].pk}/reports/", {"period": month}
    )
    over = page.content.decode().split('id="over-periods"')[1].split("</section>")[0]
    assert "<svg" in over and "reports received in each period" in over
    table = over.split('id="rollup-over-periods"')[1]
    header = table.split("</thead>")[0]
    assert month in header and month_before(month, 2) in header
    received = table.split("</tr>")[1]  # the first row of the body: reports received
    cells = [c.split("<")[0] for c in received.split('<td class="num">')[1:]]
    assert cells[-3:] == ["1", "0", "2"]  # two months ago, last month but one, last month


def test_pages_query_counts_do_not_grow(world: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    counts = query_counts("reports")["pages"]
    submit(world.orgs["A"])
    client = world.client("centre")
    client.get("/api/persons")
    with django_assert_num_queries(counts["reports"]):
        client.get(f"/org/{world.orgs['C'].pk}/reports/", {"period": last_month()})
    with django_assert_num_queries(counts["report"]):
        client.get(_url(world))
