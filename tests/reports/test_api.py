"""The reports API as other systems call it: PUT and GET a report, a batch, accept and return,
reporting rates and the roll-up; refusals name the element; fixed query counts."""

from __future__ import annotations

import json

import pytest

from orgburo.core.clock import today
from orgburo.reports import selectors
from orgburo.reports.models import Report
from tests.baselines import query_counts
from tests.conftest import SYSTEM, World
from tests.reports.helpers import GOOD, last_month, submit

pytestmark = pytest.mark.django_db


def _put(client, org_id: int, body: dict, period: str | None = None):  # type: ignore[no-untyped-def]
    return client.put(
        f"/api/organisations/{org_id}/reports/unit_monthly/{period or last_month()}",
        json.dumps(body),
        content_type="application/json",
    )


def test_put_submits_then_corrects_and_get_reads_it(world: World) -> None:
    client = world.client("unit_secretary")
    unit = world.orgs["A"].pk
    first = _put(client, unit, {"values": GOOD})
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["status"] == "submitted" and body["period"] == last_month()
    assert body["register_values"]["members"] == 4
    again = _put(
        client,
        unit,
        {"values": {**GOOD, "questions": 9}, "reason": "recounted", "version": body["version"]},
    )
    assert again.status_code == 200 and again.json()["earlier_versions"] == 1
    read = client.get(f"/api/organisations/{unit}/reports/unit_monthly/{last_month()}").json()
    assert read["values"]["questions"] == 9


def test_refusals_name_the_element_and_save_nothing(world: World) -> None:
    client = world.client("unit_secretary")
    unit = world.orgs["A"].pk
    wrong = _put(client, unit, {"values": {**GOOD, "attendance": "all of them", "members": 1.5}})
    assert wrong.status_code == 400
    assert set(wrong.json()["errors"]) == {"values.attendance", "values.members"}
    assert _put(client, unit, {"values": GOOD}, period="2026-14").json()["errors"] == {
        "period": ["'2026-14': a month is 01 to 12"]
    }
    assert _put(client, unit, {"values": GOOD, "colour": "red"}).status_code == 422
    assert not Report.objects.exists()


def test_another_branchs_unit_answers_like_a_missing_one(world: World) -> None:
    client = world.client("gubernia_secretary")
    outside = _put(client, world.orgs["D"].pk, {"values": GOOD})
    missing = _put(client, 999_999, {"values": GOOD})
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    batch = client.post(
        "/api/reports/batch",
        json.dumps(
            {
                "reports": [
                    {
                        "organisation_id": world.orgs["D"].pk,
                        "form": "unit_monthly",
                        "period": last_month(),
                        "values": GOOD,
                    }
                ]
            }
        ),
        content_type="application/json",
    )
    assert batch.status_code == 404 and not Report.objects.exists()


def test_only_the_committee_above_enters_a_paper_report(world: World) -> None:
    body = {"values": GOOD, "received_on": last_month() + "-28"}
    refused = _put(world.client("unit_secretary"), world.orgs["A"].pk, body)
    assert refused.status_code == 400 and "received_on" in refused.json()["errors"]
    entered = _put(world.client("gubernia_secretary"), world.orgs["A"].pk, body)
    assert entered.status_code == 200 and entered.json()["on_paper"] is True


def test_a_batch_and_the_rates_of_the_subtree(world: World) -> None:
    client = world.client("centre")
    items = [
        {
            "organisation_id": world.orgs[k].pk,
            "form": "unit_monthly",
            "period": last_month(),
            "values": GOOD,
        }
        for k in ("A", "D")
    ]
    response = client.post(
        "/api/reports/batch", json.dumps({"reports": items}), content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["submitted"] == 2
    rates = client.get(
        f"/api/organisations/{world.orgs['C'].pk}/reporting-rates",
        {"form": "unit_monthly", "period": last_month()},
    ).json()
    assert (rates["expected"], rates["submitted"], rates["missing"]) == (3, 2, [world.orgs["B"].pk])
    assert {c["organisation"] for c in rates["by_child"]} == {
        world.orgs["G1"].pk,
        world.orgs["G2"].pk,
    }
    # Without form and period: the first form below, the period to watch.
    unasked = client.get(f"/api/organisations/{world.orgs['C'].pk}/reporting-rates").json()
    assert (unasked["form"], unasked["period"]) == (
        "unit_monthly",
        selectors.period_to_watch(selectors.form_or_none("unit_monthly"), today()).key,  # type: ignore[arg-type]
    )
    rollup = client.get(
        f"/api/organisations/{world.orgs['U1'].pk}/rollup", {"period": last_month()}
    ).json()
    assert rollup["total"]["reports"] == 1 and rollup["total"]["values"]["members"] == 4


def test_accept_and_return_through_the_api(world: World) -> None:
    report = submit(world.orgs["A"])
    own = world.client("unit_secretary").post(
        f"/api/reports/{report.pk}/accept", "{}", content_type="application/json"
    )
    assert own.status_code == 404  # a unit does not accept its own report
    above = world.client("gubernia_secretary")
    returned = above.post(
        f"/api/reports/{report.pk}/return",
        json.dumps({"comment": ""}),
        content_type="application/json",
    )
    assert returned.status_code == 400 and "comment" in returned.json()["errors"]
    accepted = above.post(f"/api/reports/{report.pk}/accept", "{}", content_type="application/json")
    assert accepted.json()["status"] == "accepted"
    locked = _put(
        world.client("unit_secretary"), world.orgs["A"].pk, {"values": GOOD, "reason": "late fix"}
    )
    assert locked.status_code == 409


def test_query_counts_do_not_grow(world: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    counts = query_counts("reports")["api"]
    submit(world.orgs["A"])
    client = world.client("centre")
    client.get("/api/persons")  # the session's first request reads the login once
    rates = f"/api/organisations/{world.orgs['C'].pk}/reporting-rates"
    with django_assert_num_queries(counts["rates"]):
        client.get(rates)  # who is expected and missing counted from the tree
    with django_assert_num_queries(counts["rates_again"]):
        client.get(rates)  # and kept: the tallies and the reports since are read
    with django_assert_num_queries(counts["report_get"]):
        client.get(f"/api/organisations/{world.orgs['A'].pk}/reports/unit_monthly/{last_month()}")
    with django_assert_num_queries(counts["report_put"]):
        _put(client, world.orgs["B"].pk, {"values": GOOD})


def test_the_command_prints_what_the_api_answers(world: World) -> None:
    import io

    from django.core.management import CommandError, call_command

    submit(world.orgs["A"])
    out = io.StringIO()
    centre = world.orgs["C"].pk
    month = ["--period", last_month()]
    call_command("reports", "rates", "--org", str(centre), *month, "--json", stdout=out)
    api = (
        world.client("centre")
        .get(f"/api/organisations/{centre}/reporting-rates", {"period": last_month()})
        .json()
    )
    printed = json.loads(out.getvalue())
    assert printed["missing"] == api["missing"] and printed["expected"] == api["expected"] == 3
    words = io.StringIO()
    call_command("reports", "rates", "--org", str(centre), *month, stdout=words)
    assert "1 of 3 submitted" in words.getvalue()
    with pytest.raises(CommandError, match="no such organisation in your scope"):
        call_command(
            "reports", "rates", "--org", str(world.orgs["D"].pk), "--user", "unit_secretary"
        )


def test_a_file_is_submitted_whole_or_not_at_all_with_every_bad_row(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import io

    from django.core.management import CommandError, call_command

    columns = ["organisation", "form", "period", *GOOD]

    def line(org: int, **changes: object) -> str:
        values = {**GOOD, **changes}
        cells = [str(org), "unit_monthly", last_month()] + [
            ("yes" if values[c] else "no") if isinstance(values[c], bool) else str(values[c])
            for c in GOOD
        ]
        return ",".join(cells)

    bad = tmp_path / "month.csv"
    bad.write_text(
        "\n".join(
            [
                ",".join(columns),
                line(world.orgs["A"].pk),
                line(world.orgs["B"].pk, attendance=99),
                line(999999),
            ]
        ),
        encoding="utf-8",
    )
    errors = io.StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("reports", "import", str(bad), stderr=errors)
    said = errors.getvalue()
    assert "row 3, column attendance" in said and "row 4, column organisation" in said
    assert not Report.objects.exists()
    (tmp_path / "latin1.csv").write_bytes(",".join(columns).encode() + "\nä".encode("latin-1"))
    with pytest.raises(CommandError):
        call_command("reports", "import", str(tmp_path / "latin1.csv"), stderr=io.StringIO())
    good = tmp_path / "good.csv"
    good.write_text(
        "\n".join([",".join(columns), line(world.orgs["A"].pk), line(world.orgs["B"].pk)]),
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("reports", "import", str(good), stdout=out)
    assert "submitted 2 report(s)" in out.getvalue() and Report.objects.count() == 2


def test_the_upload_page_lists_every_bad_row(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = world.client("gubernia_secretary")
    upload = SimpleUploadedFile("month.csv", b"organisation,form,colour\n1,unit_monthly,red\n")
    response = client.post(f"/org/{world.orgs['U1'].pk}/reports/upload/", {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "missing column(s): period" in page and "unknown column(s): colour" in page


def test_a_number_too_large_for_an_id_is_refused_not_a_crash(world: World) -> None:
    body = {
        "reports": [
            {
                "organisation_id": -4833195559226718552064,
                "form": "unit_monthly",
                "period": last_month(),
                "values": GOOD,
            }
        ]
    }
    response = world.client("centre").post(
        "/api/reports/batch", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422 and "reports.0.organisation_id" in response.json()["errors"]


def test_a_committee_watches_the_latest_period_whose_due_day_has_passed(world: World) -> None:
    import datetime as dt

    from orgburo.core.clock import calendar_set

    form = selectors.form_or_none("unit_monthly")
    assert form is not None and form.due_days == 10
    client = world.client("centre")
    url = f"/api/organisations/{world.orgs['C'].pk}/reporting-rates"
    # On 5 December November's reports are not due yet: October is the month to chase.
    calendar_set(day=dt.date(2026, 12, 5), actor=SYSTEM)
    assert client.get(url).json()["period"] == "2026-10"
    calendar_set(day=dt.date(2026, 12, 11), actor=SYSTEM)
    assert client.get(url).json()["period"] == "2026-11"
