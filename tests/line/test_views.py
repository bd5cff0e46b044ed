"""The register of distortions: pages, exports, the API and `orgburo audit`, with query counts."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.html import escape
from openpyxl import load_workbook

from orgburo.line import selectors
from orgburo.line.models import AuditRun, Finding
from orgburo.line.services import audit_run
from orgburo.line.templatetags.line import severity_label
from tests.baselines import query_counts
from tests.conftest import SYSTEM, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def audited(world: World) -> World:
    audit_run(organisation=None, actor=SYSTEM)
    audit_run(organisation=None, actor=SYSTEM)  # two runs: the trend has two bars
    return world


def test_the_gubernia_secretary_sees_the_register_of_their_subtree(audited: World) -> None:
    client = audited.client("gubernia_secretary")
    page = client.get(f"/org/{audited.orgs['G1'].pk}/distortions/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Unit without a secretary" in text and "Election overdue" in text
    assert "Unit B" in text and "Unit D" not in text  # another branch's finding stays hidden
    assert "<svg" in text  # the trend
    drill = client.get(f"/org/{audited.orgs['U1'].pk}/distortions/?rule=unit_without_secretary")
    listed = drill.content.decode().split('id="findings"')[1]
    assert "Unit B" in listed and "Unit A" not in listed


def test_a_unit_sees_its_own_findings_with_what_would_clear_them(audited: World) -> None:
    page = audited.client("unit_secretary").get(f"/org/{audited.orgs['A'].pk}/distortions/")
    text = page.content.decode()
    assert "This organisation&#x27;s own findings" in text or "This organisation's own" in text
    assert "Call the election: the term ran out on 2025-09-01." in text
    finding = Finding.objects.get(organisation=audited.orgs["A"], rule="election_overdue")
    detail = audited.client("unit_secretary").get(f"/finding/{finding.pk}/")
    assert "Sekretarev Ivan" in detail.content.decode()
    assert "Party Rules of 1922" in detail.content.decode()  # the rule's source


def test_the_register_exports_as_csv_and_xlsx(audited: World) -> None:
    client = audited.client("centre")
    org = audited.orgs["C"]
    csv = client.get(f"/org/{org.pk}/distortions.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("rule,title,organisation")
    assert csv.count("unit_without_secretary") == 2
    book = load_workbook(io.BytesIO(client.get(f"/org/{org.pk}/distortions.xlsx").content))
    rows = list(book.active.values)
    assert rows[0][0] == "rule" and len(rows) == len(csv.splitlines())


def test_auditing_from_the_page_records_a_run(world: World) -> None:
    client = world.client("unit_secretary")
    done = client.post(f"/org/{world.orgs['A'].pk}/distortions/audit/")
    assert done.status_code == 302
    run = AuditRun.objects.get()
    assert run.organisation == world.orgs["A"] and run.trigger == "page"
    assert run.actor_label == "unit_secretary"


BASELINES = query_counts("line")["pages"]


def test_register_pages_query_counts_do_not_grow(audited: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = audited.client("centre")
    finding = Finding.objects.first()
    assert finding is not None
    pages = {
        "register": f"/org/{audited.orgs['C'].pk}/distortions/",
        "finding": f"/finding/{finding.pk}/",
    }
    for name, url in pages.items():
        with django_assert_num_queries(BASELINES[name]):
            assert client.get(url).status_code == 200, name


def test_the_api_runs_an_audit_and_reports_like_the_command(world: World) -> None:
    client = world.client("centre")
    response = client.post(
        "/api/audit/runs",
        {"organisation_id": world.orgs["G1"].pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    report = response.json()
    assert set(report) >= {"run", "findings", "totals"}
    assert report["totals"]["unit_without_secretary"] == 1
    finding = next(f for f in report["findings"] if f["rule"] == "unit_without_secretary")
    assert finding["organisation"]["name"] == "Unit B"
    assert finding["cause"] == "never_had" and finding["severity"] == "medium"
    assert finding["evidence"][0]["kind"] == "organisation"
    again = client.get(f"/api/audit/runs/{report['run']['id']}").json()
    assert again["findings"] == report["findings"]
    refused = client.post(
        "/api/audit/runs",
        {"organisation_id": world.orgs["G1"].pk, "rules": ["no_such_rule"]},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "rules" in refused.json()["errors"]
    register = client.get(f"/api/organisations/{world.orgs['C'].pk}/distortions").json()
    assert register["totals"]["unit_without_secretary"] == 1  # only G1 was audited
    assert [b["organisation"]["name"] for b in register["branches"]] == [
        "Gubernia one",
        "Gubernia two",
    ]
    listing = client.get(
        f"/api/organisations/{world.orgs['C'].pk}/findings?rule=unit_without_secretary"
    )
    assert listing.json()["count"] == 1


def test_the_command_prints_the_run_as_json(world: World, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("audit", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["run"]["complete"] is True
    assert report["totals"]["unit_without_secretary"] == 2
    rules = {f["rule"] for f in report["findings"]}
    # The centre and the two gubernias have no conference of responsible workers of every field.
    assert rules == {
        "unit_without_secretary",
        "election_overdue",
        "cross_field_conference_missing",
        "officer_without_skills",  # unit A's secretary has not studied political literacy
    }
    assert report["totals"]["cross_field_conference_missing"] == 3
    call_command("audit", "--org", "Centre/Gubernia two/Uyezd two")
    out = capsys.readouterr().out
    assert "Unit D" in out and "Unit B" not in out
    with pytest.raises(CommandError, match="no organisation named 'Nowhere'"):
        call_command("audit", "--org", "Centre/Nowhere")
    with pytest.raises(CommandError, match="only the operator"):
        call_command("audit", "--user", "gubernia_secretary")


def test_a_partial_audit_is_not_a_point_of_the_trend(world: World) -> None:
    """A subtree officer's run of no rule, or of one, must not show the subtree clean."""
    audit_run(organisation=world.orgs["U1"], actor=SYSTEM)
    before = selectors.trend(world.orgs["U1"])
    assert len(before) == 1 and sum(before[0][1].values()) > 0
    client = world.client("gubernia_secretary")
    for rules in ([], ["unit_without_secretary"]):
        response = client.post(
            "/api/audit/runs",
            json.dumps({"organisation_id": world.orgs["U1"].pk, "rules": rules}),
            content_type="application/json",
        )
        assert response.status_code == 201
    assert selectors.trend(world.orgs["U1"]) == before
    assert not AuditRun.objects.order_by("-id")[0].all_rules
    body = client.get(f"/api/organisations/{world.orgs['U1'].pk}/distortions").json()
    assert len(body["trend"]) == 1 and body["trend_leaves_out"] == 2
    page = client.get(f"/org/{world.orgs['U1'].pk}/distortions/").content.decode()
    assert "2 audits of only some rules are not shown" in page


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_findings_cause_and_severity_are_shown_in_words_never_as_codes(
    audited: World, language: str
) -> None:
    client = audited.client("gubernia_secretary")
    client.cookies["django_language"] = language
    page = client.get(f"/org/{audited.orgs['U1'].pk}/distortions/?rule=unit_without_secretary")
    listed = page.content.decode().split('id="findings"')[1]
    finding = Finding.objects.filter(rule="unit_without_secretary", cause="never_had").first()
    assert finding is not None
    assert "never_had" not in listed
    with translation.override(language):
        assert escape(selectors.cause_text(finding)) in listed
        assert f">{severity_label(finding.severity)}<" in listed
    if language == "ru":
        assert f">{finding.severity}<" not in listed
    shown = client.get(f"/finding/{finding.pk}/").content.decode()
    source = "Устав партии 1922 года" if language == "ru" else "Party Rules of 1922"
    assert source in shown  # the rule's source, in the page's language


def test_a_finding_names_a_few_members_with_the_standing_and_counts_the_rest(
    audited: World,
) -> None:
    finding = Finding.objects.filter(organisation=audited.orgs["A"]).first()
    assert finding is not None
    people = [audited.persons["member"], audited.persons["centre"]]
    Finding.objects.filter(pk=finding.pk).update(
        evidence=[{"kind": "person", "id": p.pk, "text": p.full_name} for p in people],
        facts={"eligible": 52},
    )
    page = audited.client("unit_secretary").get(f"/finding/{finding.pk}/").content.decode()
    more = page.split('id="more-eligible"')[1].split("</li>")[0]
    assert "and 50 more members with the standing" in more
    assert f'href="/org/{audited.orgs["A"].pk}/"' in more


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_findings_evidence_reads_in_the_pages_language(audited: World, language: str) -> None:
    client = audited.client("gubernia_secretary")
    client.cookies["django_language"] = language
    vacant = Finding.objects.filter(rule="unit_without_secretary", cause="never_had").first()
    assert vacant is not None
    said = {"en": "recorded since it was founded on", "ru": "не занималась с основания"}[language]
    page = client.get(f"/finding/{vacant.pk}/").content.decode()
    assert escape(said) in page.split("<ul>")[1].split("</ul>")[0]
    listed = client.get(f"/org/{audited.orgs['U1'].pk}/distortions/?rule=unit_without_secretary")
    assert escape(said) in listed.content.decode().split('id="findings"')[1]
    # The API keeps English in "text" and gives the Russian beside it.
    line = client.get(f"/api/findings/{vacant.pk}").json()["evidence"][0]
    assert said in (line["text"] if language == "en" else line["text_ru"])


def test_evidence_stored_in_english_only_still_reads_in_russian_pages(audited: World) -> None:
    finding = Finding.objects.filter(rule="unit_without_secretary").first()
    assert finding is not None
    Finding.objects.filter(pk=finding.pk).update(
        evidence=[{"kind": "organisation", "id": finding.organisation_id, "text": "as of old"}]
    )
    client = audited.client("gubernia_secretary")
    client.cookies["django_language"] = "ru"
    assert "as of old" in client.get(f"/finding/{finding.pk}/").content.decode()
